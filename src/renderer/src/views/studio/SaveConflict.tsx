import { openSavedVersion, saveOpen } from '../../store/scenarios/actions'

/**
 * The save was refused because the file changed (or went) elsewhere since it was opened: the
 * editor still has the user's text. Either it goes over the file as it is now, or the file as
 * saved comes into the editor (the user's text kept for Undo, as Discard does).
 */
export function SaveConflict({ message }: { message: string }) {
  return (
    <div className="banner banner-warn" role="alert" data-testid="scenario-conflict">
      <span>{message}. Your text is still in the editor.</span>
      <button type="button" className="primary" onClick={() => void saveOpen({ over: true })} data-testid="scenario-conflict-overwrite">
        Save mine over it
      </button>
      <button type="button" onClick={() => void openSavedVersion()} data-testid="scenario-conflict-theirs">
        Open the saved version
      </button>
    </div>
  )
}
