import type { Delivery } from '../../../shared/schemas/delivery'
import type { RunFailure } from '../../../shared/schemas/run'
import { describeEnd } from '../expectations'
import type { RunSession } from './session'
import { plural } from './steps/step'

/**
 * The deliveries the story accounted for: those an expectation judged by a status it named (a
 * 401 the story expects is a pass, not a failed delivery), those of a tampered fire (its step
 * judged them), and every request of an exact replay (each step judges its own).
 */
function claimedDeliveries(session: RunSession): Set<string> {
  const { run, plan } = session
  if (run.replayOf?.mode === 'exact') return new Set(session.deliveryIds())
  const claimed = forgedDeliveries(session)
  for (const action of plan.actions) {
    if (action.kind !== 'expect' || !('delivery' in action.expectation) || action.expectation.delivery.status === undefined) continue
    for (const id of run.steps[action.index]?.deliveryIds ?? []) claimed.add(id)
  }
  return claimed
}

/** The deliveries of tampered fires: each is judged by its step (a forged request is meant to be refused). */
export function forgedDeliveries({ run, plan }: Pick<RunSession, 'run' | 'plan'>): Set<string> {
  const forged = new Set<string>()
  for (const action of plan.actions) {
    if (action.kind !== 'fire' || !action.fires.some((fire) => fire.step.tamper !== undefined)) continue
    for (const id of run.steps[action.index]?.deliveryIds ?? []) forged.add(id)
  }
  return forged
}

/**
 * The run's verdict, once its steps are done and its deliveries final: it passes when every step
 * passed (or could not be judged, and said so) and every delivery succeeded or was expected to
 * fail. Each failed delivery nobody expected is recorded as a failure of its own.
 */
export async function judgeRun(session: RunSession): Promise<void> {
  const { run, host } = session
  const claimed = claimedDeliveries(session)
  const failedIds = session.deliveryIds().filter((id) => host.summary(id)?.status === 'failed' && !claimed.has(id))
  const failed = (await Promise.all(failedIds.map((id) => host.delivery(id)))).filter((d): d is Delivery => d !== undefined)
  const stepOf = (id: string) => run.steps.find((s) => s.kind !== 'expect' && s.deliveryIds.includes(id))?.index
  run.failures = failed.map((d): RunFailure => {
    const stepIndex = stepOf(d.id)
    return { deliveryId: d.id, event: d.event, subscriptionName: d.subscriptionName, ...(stepIndex !== undefined && { stepIndex }), message: describeEnd(d) }
  })
  const failedSteps = run.steps.filter((s) => s.status === 'failed').length
  run.status = failedSteps + run.failures.length === 0 ? 'passed' : 'failed'
  run.reason =
    run.status === 'passed'
      ? `${plural(run.steps.length, 'step')}, ${plural(run.deliveryCount ?? 0, 'delivery', 'deliveries')}, all as expected`
      : [
          failedSteps > 0 && `${plural(failedSteps, 'step')} failed`,
          run.failures.length > 0 && `${plural(run.failures.length, 'delivery', 'deliveries')} failed that no expectation asked for`,
        ]
          .filter(Boolean)
          .join(', ')
}
