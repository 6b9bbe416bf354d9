import type { ApiOutput } from '../../../../shared/api/contract'
import type { FirePreview } from './fire-request'
import { TargetList } from './TargetList'

/** Who receives the fire (ticked on purpose), the Fire button, why it cannot send, and what the last fire queued. */
export function FireTargets(props: {
  preview: FirePreview | undefined
  isChosen: (id: string) => boolean
  onToggle: (id: string) => void
  chosen: number
  firing: boolean
  /** False until Fire can send (the catalog is still being read). */
  ready: boolean
  onFire: () => void
  blocked: string | undefined
  result: ApiOutput<'fireEvent'> | undefined
  onOpenTimeline: () => void
}) {
  return (
    <section className="fire-side" aria-labelledby="fire-targets-title">
      <h2 id="fire-targets-title">Subscriptions</h2>
      <TargetList preview={props.preview} isChosen={props.isChosen} onToggle={props.onToggle} />
      <div className="fire-actions">
        <button className="primary" type="button" onClick={props.onFire} disabled={props.firing || !props.ready} data-testid="fire-submit">
          Fire{props.chosen > 0 ? ` to ${props.chosen}` : ''}
        </button>
        <span className="muted">Ctrl/⌘+Enter</span>
      </div>
      {props.blocked && (
        <p className="error" role="alert" data-testid="fire-blocked">
          {props.blocked}
        </p>
      )}
      {props.result && <FireResult result={props.result} onOpenTimeline={props.onOpenTimeline} />}
    </section>
  )
}

function FireResult({ result, onOpenTimeline }: { result: ApiOutput<'fireEvent'>; onOpenTimeline: () => void }) {
  return (
    <div className="result" data-testid="fire-result" role="status">
      <strong>
        {result.deliveries.length} deliver{result.deliveries.length === 1 ? 'y' : 'ies'} queued
      </strong>
      <ul>
        {result.deliveries.map((d) => (
          <li key={d.id}>
            {d.subscriptionName} → <span className="mono">{d.url}</span>
          </li>
        ))}
        {result.skipped.map((s) => (
          <li key={s.subscriptionId} className="muted">
            {s.subscriptionName} skipped: {s.reason}
          </li>
        ))}
      </ul>
      <button type="button" onClick={onOpenTimeline} data-testid="fire-open-timeline">
        Open the Timeline
      </button>
    </div>
  )
}
