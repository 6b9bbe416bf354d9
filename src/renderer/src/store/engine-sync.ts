import { api } from '../api/transport'
import { applyEngineEvents, setStatus, setUnreachable } from './store'

/**
 * The one place engine events enter the store: subscribe to the stream, then load the current
 * state. Returns the unsubscribe function.
 */
export function startEngineSync(): () => void {
  const unsubscribe = api.subscribe(applyEngineEvents)
  void refreshStatus()
  return unsubscribe
}

export async function refreshStatus() {
  const result = await api.getStatus({})
  if (result.ok) setStatus(result.data)
  else setUnreachable(result.error.message)
}
