import type { Result } from '../../../../shared/result'
import { inUiWords } from '../../api/engine-words'
import { useHookbench } from '../app-store'

/**
 * Calls the engine; a failure becomes a notice (in the UI's words) and `undefined`, never a crash.
 * Whether the engine answered also tells the status bar whether it is reachable.
 */
export async function call<T>(request: Promise<Result<T>>): Promise<T | undefined> {
  const result = await request
  const store = useHookbench.getState()
  if (result.ok) {
    store.setReachable()
    return result.data
  }
  if (result.error.code === 'unavailable') store.setUnreachable(result.error.message)
  store.addNotice('error', inUiWords(result.error.message))
  return undefined
}

/** The engine refused a write because of what is there now (a name taken, a file changed since it was read). */
export class Conflict {
  constructor(readonly message: string) {}
}

/**
 * As `call`, but a conflict is returned for the caller to show next to what caused it (a form's
 * field, the editor), instead of as a notice.
 */
export async function callOrConflict<T>(request: Promise<Result<T>>): Promise<T | Conflict | undefined> {
  const result = await request
  if (!result.ok && result.error.code === 'conflict') return new Conflict(result.error.message)
  return call(Promise.resolve(result))
}
