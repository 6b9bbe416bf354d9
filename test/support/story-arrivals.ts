import type { Action } from '../../src/main/scenarios/compile'
import { runEventId } from '../../src/main/delivery/fire'
import { OCEAN_CD_HEARTBEAT_EVENT } from '../../src/shared/platforms/ocean-cd/payload'
import { DEFAULT_HEARTBEAT_TIMEOUT_MS } from '../../src/shared/schemas/heartbeat'
import type { Scenario } from '../../src/shared/schemas/scenario'

/**
 * One request the receiver should accept, derived from a compiled plan. `key` names the fire it
 * comes from (`<action>:<fire>`, as the runner seeds it), so a duplicate repeats its fire's key.
 * `burst` numbers the stretch of sends with no wait, expectation or heartbeat step between them:
 * on a subscription that is not `ordered`, the sends of one burst are in flight together, so
 * their arrival order is not promised; `strict` marks a burst whose order is (a `delay` group).
 */
export interface ExpectedArrival {
  key: string
  event: string
  burst: number
}

export interface StoryArrivals {
  arrivals: ExpectedArrival[]
  /** Bursts whose arrival order is scripted even on an unordered subscription. */
  strictBursts: Set<number>
  /** Fires the story tells but the platform never sends. */
  dropped: string[]
}

/** The key the runner's message seed gives a fire: its action index and its place in the group. */
export const fireKey = (action: number, fire: number) => `${action}:${fire}`

/** The event id a run's fire gets: from the run and its message seed (`<run id>:<action>:<fire>`). */
export const eventIdOf = (runId: string, key: string) => runEventId(runId, `${runId}:${key}`)

/**
 * What should arrive, in order: every fire that is not dropped, in the order its group sends it;
 * the fire a duplicate names again; Ocean CD's heartbeat failure once a stopped controller has been
 * silent for the timeout (to clusters a subscription watches).
 */
export function storyArrivals(scenario: Scenario, actions: Action[]): StoryArrivals {
  const arrivals: ExpectedArrival[] = []
  const strictBursts = new Set<number>()
  const dropped: string[] = []
  let burst = 0
  let storyMs = 0
  const silentSince = new Map<string, number>()
  const outageFired = new Set<string>()
  const watched = (cluster: string) =>
    scenario.subscriptions.some((s) => {
      if (s.provider !== 'ocean-cd' && s.provider !== 'any') return false
      const clusters = (s.options as { heartbeatClusters?: string[] }).heartbeatClusters ?? []
      return clusters.length === 0 || clusters.includes(cluster)
    })

  const sendsOf = (action: Extract<Action, { kind: 'fire' }>, id?: string) =>
    action.order.flatMap((i) => {
      const fire = action.fires[i]!
      return fire.step.drop || (id !== undefined && fire.step.id !== id) ? [] : [{ key: fireKey(action.index, i), event: fire.step.fire }]
    })

  for (const action of actions) {
    switch (action.kind) {
      case 'fire': {
        for (const fire of action.fires) if (fire.step.drop) dropped.push(fire.step.fire)
        if (action.oneAfterAnother) {
          // The held fires go out only once the later one is delivered: an order of its own.
          burst++
          strictBursts.add(burst)
          for (const send of sendsOf(action)) arrivals.push({ ...send, burst })
          burst++
        } else {
          for (const send of sendsOf(action)) arrivals.push({ ...send, burst })
        }
        break
      }
      case 'duplicate': {
        const original = actions
          .slice(0, action.index)
          .reverse()
          .find((a): a is Extract<Action, { kind: 'fire' }> => a.kind === 'fire' && a.fires.some((f) => f.step.id === action.ref))
        // Only the fire with that id goes again, not the rest of its group.
        if (original) for (const send of sendsOf(original, action.ref)) arrivals.push({ ...send, burst })
        break
      }
      case 'wait': {
        burst++
        storyMs += action.ms ?? 0
        for (const [cluster, since] of silentSince) {
          if (outageFired.has(cluster) || storyMs - since < DEFAULT_HEARTBEAT_TIMEOUT_MS) continue
          outageFired.add(cluster)
          if (watched(cluster)) arrivals.push({ key: `heartbeat:${cluster}`, event: OCEAN_CD_HEARTBEAT_EVENT, burst })
        }
        burst++
        break
      }
      case 'heartbeat':
        burst++
        if (action.action === 'stop') silentSince.set(action.cluster, storyMs)
        else {
          silentSince.delete(action.cluster)
          outageFired.delete(action.cluster)
        }
        break
      case 'expect':
        burst++
        break
    }
  }
  return { arrivals, strictBursts, dropped }
}

/**
 * Puts both lists in a canonical order: within each burst that may arrive in any order, keys are
 * sorted; elsewhere the order is kept. `actual` is cut into the same bursts by position, so a
 * missing or extra arrival still shows up as a difference.
 */
export function canonicalOrder(expected: ExpectedArrival[], actual: string[], strict: (burst: number) => boolean): { expected: string[]; actual: string[] } {
  const out = { expected: [] as string[], actual: [] as string[] }
  let at = 0
  while (at < expected.length) {
    const burst = expected[at]!.burst
    let end = at
    while (end < expected.length && expected[end]!.burst === burst) end++
    const want = expected.slice(at, end).map((a) => a.key)
    const got = actual.slice(at, end)
    out.expected.push(...(strict(burst) ? want : [...want].sort()))
    out.actual.push(...(strict(burst) ? got : [...got].sort()))
    at = end
  }
  out.actual.push(...actual.slice(at))
  return out
}
