import type { EngineEvent } from '../../../shared/api/events'
import type { HookbenchState } from './app-store'

/** A part of the configuration that changed and must be re-read. */
export type ConfigPart = Extract<EngineEvent, { type: 'config' }>['what']

/**
 * Applies a batch of engine events to the app store through its slices' actions; returns the
 * configuration parts that must be re-read. Deliveries, captures, runs and checks go to their
 * own stores (sync.ts).
 */
export function applyEvents(store: HookbenchState, events: EngineEvent[]): Set<ConfigPart> {
  const stale = new Set<ConfigPart>()
  for (const event of events) {
    if (event.type === 'status') store.setStatus(event.status)
    if (event.type === 'notice') store.addNotice(event.level, event.message)
    if (event.type === 'config') stale.add(event.what)
    if (event.type === 'progress') store.trackProgress(event)
    if (event.type === 'heartbeat') store.putCluster(event.cluster)
  }
  return stale
}
