import { runEventId } from '../../../delivery/fire'
import type { Run } from '../../../../shared/schemas/run'
import type { Plan } from '../../compile'
import type { RunSession } from '../session'

/** Each fire's own seed: the run's id, its action and its place in the group (the same after a resume, new every run). */
export const messageSeedOf = (run: Pick<Run, 'id'>, actionIndex: number | string, fireIndex: number | string) => `${run.id}:${actionIndex}:${fireIndex}`

/** The latest fire step with this `id` before the action at `before`, in plan order. */
export function latestFireWithId(plan: Plan, id: string, before: number): number | undefined {
  for (let index = Math.min(before, plan.actions.length) - 1; index >= 0; index--) {
    const action = plan.actions[index]!
    if (action.kind === 'fire' && action.fires.some((fire) => fire.step.id === id)) return index
  }
  return undefined
}

/**
 * The deliveries the fire action at `index` made; with a step `id`, only those of its fires with
 * that id (a delayed or reordered fire shares its action with the rest of its group).
 */
export function deliveriesOfFire(session: RunSession, index: number, id?: string): string[] {
  const { run, plan, host } = session
  const ids = run.steps[index]?.deliveryIds ?? []
  const action = plan.actions[index]
  if (id === undefined || action?.kind !== 'fire') return ids
  const events = new Set(action.fires.flatMap((fire, i) => (fire.step.id === id ? [runEventId(run.id, messageSeedOf(run, index, i))] : [])))
  return ids.filter((deliveryId) => events.has(host.summary(deliveryId)?.eventId ?? ''))
}
