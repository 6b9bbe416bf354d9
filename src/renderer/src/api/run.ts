import type { Result } from '../../../shared/result'
import { addNotice, setReachable, setUnreachable } from '../store/store'
import { inUiWords } from './engine-words'


/**
 * Calls the engine; a failure becomes a notice (in the UI's words) and `undefined`, never a crash.
 * Whether the engine answered also tells the status bar whether it is reachable.
 */
export async function run<T>(call: Promise<Result<T>>): Promise<T | undefined> {
  const result = await call
  if (result.ok) {
    setReachable()
    return result.data
  }
  if (result.error.code === 'unavailable') setUnreachable(result.error.message)
  addNotice('error', inUiWords(result.error.message))
  return undefined
}
