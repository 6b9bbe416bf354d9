import { api } from '../../api/transport'
import { useHookbench } from '../app-store'
import { Conflict, call, callOrConflict } from '../engine/call'
import { freshRead } from '../fresh-read'

export const loadHeartbeats = freshRead(
  () => call(api.listHeartbeats({})),
  (heartbeats) => useHookbench.getState().setHeartbeats(heartbeats),
).load

/**
 * Adds a simulated controller that beats a third of its timeout apart (at most every 30 s): `added`,
 * `taken` when the cluster already has one (which stays as it is), or `failed` (a notice says why).
 */
export async function addController(clusterId: string, timeoutSec: number): Promise<'added' | 'taken' | 'failed'> {
  const timeoutMs = timeoutSec * 1000
  const answer = await callOrConflict(api.createController({ clusterId, timeoutMs, intervalMs: Math.min(30_000, timeoutMs / 3) }))
  if (answer instanceof Conflict) return 'taken'
  return answer === undefined ? 'failed' : 'added'
}

/** Starts or stops a controller's heartbeat. */
export async function setControllerRunning(clusterId: string, running: boolean) {
  await call(api.updateController({ clusterId, changes: { running } }))
}

export async function removeController(clusterId: string) {
  await call(api.removeController({ clusterId }))
}
