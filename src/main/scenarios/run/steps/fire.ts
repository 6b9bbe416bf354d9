import { type ProviderId, platformOf } from '../../../../shared/platforms'
import type { GenerateContext } from '../../../../shared/platforms/context'
import type { Attempt } from '../../../../shared/schemas/delivery'
import type { FireRequest, FireResult } from '../../../../shared/schemas/fire'
import type { HeaderPair } from '../../../../shared/schemas/http'
import type { StepOf } from '../../../../shared/schemas/scenario'
import { type DeliveryFault, SIGNATURE_FAULT_TEXT, SIGNATURE_TOLERANCE_SEC } from '../../../../shared/schemas/signature-fault'
import { formatDuration } from '../../../../shared/core/duration'
import { type Answered, judgeAccepted, judgeRejected } from '../../../check/judge'
import type { SendResult } from '../../../delivery/http-sender'
import type { FirePlan } from '../../../delivery/fire'
import { FAULT_SCHEMES, alterBody } from '../../../signing/faults'
import type { PlannedFire } from '../../compile'
import type { Cursor, RunSession } from '../session'
import { deliveryExchange, keepValues, resolveValues, savesAnswer } from '../values'
import { messageSeedOf } from './deliveries-of'
import { type StepHandler, plural } from './step'

type GenericTemplate = NonNullable<FireRequest['definition']>['template']

/** What a fire says about the event: the file's fire step, or the heartbeat failure the run's controller caused. */
export interface StoryEvent {
  provider: ProviderId
  event: string
  context?: GenerateContext
  /** The facts of the included files the step is in, under its own context. */
  baseContext?: GenerateContext
  set?: Record<string, unknown>
  headers?: HeaderPair[]
  /** A generic event's own body (JSON, with the template's placeholders). */
  body?: GenericTemplate
}

/**
 * One event as the engine takes it: the story's facts, this message's own seed, the story clock's
 * time. The platform's story rule (a rollout's start, Divshot's versions…) moves on with it.
 */
export function storyFireRequest(session: RunSession, what: StoryEvent, messageSeed: string, nowMs = session.clock.now()): FireRequest {
  const { run, scenario } = session
  const explicit = { ...what.baseContext, ...what.context }
  const base: GenerateContext = { ...scenario?.context, ...explicit }
  const rule = platformOf(what.provider).story
  const story = rule ? rule(run.story[what.provider] ?? {}, { event: what.event, context: base, explicit, nowMs }) : { context: base, state: {} }
  if (rule) run.story[what.provider] = story.state
  return {
    provider: what.provider,
    event: what.event,
    seed: run.seed,
    messageSeed,
    context: story.context,
    set: what.set ?? {},
    headers: what.headers ?? [],
    allowInvalid: false,
    occurredAt: session.storyIso(nowMs),
    runId: run.id,
    ...(what.body !== undefined && { definition: { name: what.event, template: what.body, headers: [] } }),
    ...(run.subscriptionIds.length > 0 && { subscriptionIds: run.subscriptionIds }),
  }
}

/** Why the subscriptions did not take an event: `name: reason` for each. */
export const describeSkipped = (sent: FireResult) =>
  sent.skipped.length === 0 ? 'there is no subscription' : sent.skipped.map((s) => `${s.subscriptionName}: ${s.reason}`).join('; ')

/** A fire of the group with its values that flow filled in, and what the engine will send for it. */
interface Ready {
  step: StepOf<'fire'>
  plan: FirePlan
}

/**
 * `fire` (a group: a reorder, a delayed fire and the one it waits for): every event happens now in
 * story order; they are queued in the group's send order. A fire that reaches no subscription fails
 * the step, naming the filters that stopped it, unless it says `filteredOut: true`. A tampered fire
 * is judged as `hookbench check` judges its case; a fire that saves values keeps them for later steps.
 */
export const fire: StepHandler<'fire'> = async ({ session, cursor, action }) => {
  const ready: Ready[] = []
  const problems: string[] = []
  for (const [i, planned] of action.fires.entries()) {
    const made = await prepare(session, cursor, action.index, i, planned)
    if (!made.ok) return { passed: false, message: made.message }
    problems.push(...made.problems)
    ready.push(made.ready)
  }
  const ids: string[] = []
  const notes: string[] = []
  const sentBy = new Map<number, string[]>()
  for (const position of action.order) {
    const { step, plan } = ready[position]!
    if (step.drop) {
      notes.push(`${step.fire} dropped: the platform never sent it`)
      continue
    }
    const sent = await session.host.send(plan)
    const made = sent.deliveries.map((d) => d.id)
    session.addDeliveries(made)
    ids.push(...made)
    sentBy.set(position, made)
    if (made.length === 0 && !step.filteredOut) problems.push(`${step.fire} reached no subscription (${describeSkipped(sent)}); if the story means it to, say filteredOut: true`)
    else if (made.length === 0) notes.push(`${step.fire} filtered out, as expected (${describeSkipped(sent)})`)
    else if (step.filteredOut) problems.push(`${step.fire} was expected to be filtered out, but reached ${sent.deliveries.map((d) => d.subscriptionName).join(', ')}`)
    // A delayed fire waits until the one it was held behind has been delivered.
    if (action.oneAfterAnother) await cursor.park(Promise.all(made.map((id) => session.host.whenFinal(id))))
  }
  for (const [position, { step }] of ready.entries()) {
    const made = sentBy.get(position) ?? []
    if (step.tamper) problems.push(...(await judgeTampered(session, cursor, step, made, notes)))
    if (step.save && made.length > 0) {
      const delivery = savesAnswer(step.save) ? await cursor.park(session.host.whenFinal(made[0]!)) : await session.host.delivery(made[0]!)
      const unsaved = delivery ? keepValues(session, step.save, deliveryExchange(delivery)) : `save: the delivery of ${step.fire} is no longer in history`
      if (unsaved) problems.push(unsaved)
    } else if (step.save && !step.drop) problems.push(`save: ${step.fire} made no delivery, so there is nothing to save`)
  }
  const message = [`${plural(ids.length, 'delivery', 'deliveries')} queued`, ...notes, ...problems].join('; ')
  return { passed: problems.length === 0, message, deliveryIds: ids }
}

/** One fire of the group: its values filled in, its payload planned, forged as `tamper:` says. */
async function prepare(session: RunSession, cursor: Cursor, index: number, position: number, planned: PlannedFire) {
  const { fire: event, context, set, headers, body } = planned.step
  const resolved = await resolveValues(session, cursor, index, { context, set, headers, body })
  if (!resolved.ok) return { ok: false as const, message: resolved.message }
  const step = { ...planned.step, ...resolved.value }
  const request = storyFireRequest(session, { provider: planned.provider, event, context: step.context, baseContext: planned.context, set: step.set, headers: step.headers, body: step.body }, messageSeedOf(session.run, index, position))
  const plan = session.host.plan(request)
  if (!step.tamper) return { ok: true as const, ready: { step, plan }, problems: [] }
  const forged = withFault(plan, { case: step.tamper, ...(step.by !== undefined && { byMs: step.by }) })
  return { ok: true as const, ready: { step, plan: forged.plan }, problems: forged.problems }
}

/**
 * The deliveries of a tampered fire: each forged as the fault says, sent once (a forged request is
 * not the platform's to retry). A subscription whose scheme cannot carry the fault gets nothing,
 * and the step says so.
 */
function withFault(plan: FirePlan, fault: DeliveryFault): { plan: FirePlan; problems: string[] } {
  const problems: string[] = []
  const { applies, needs } = FAULT_SCHEMES[fault.case]
  const drafts = plan.drafts.flatMap((draft) => {
    if (!applies(draft.signing.scheme)) {
      problems.push(`${fault.case} needs ${needs}; "${draft.subscriptionName}" signs with ${draft.signing.scheme}, so nothing was sent to it`)
      return []
    }
    const altered = fault.case === 'body-altered' ? { body: alterBody(draft.body), fault: { ...fault, signedBody: draft.body } } : { fault }
    return [{ ...draft, ...altered, retry: { preset: 'none' as const } }]
  })
  return { plan: { ...plan, drafts }, problems }
}

/**
 * A tampered fire's verdict, as the check's case judges it: a forged or stale request must be
 * refused with a 4xx. A replay (the same delivery again, `by` later) must be accepted both times
 * (and acted on once), unless its copy is dated past the tolerance of a scheme that signs a
 * timestamp: an old webhook replayed must then be refused.
 */
async function judgeTampered(session: RunSession, cursor: Cursor, step: StepOf<'fire'>, ids: string[], notes: string[]): Promise<string[]> {
  const fault = step.tamper!
  const first = await cursor.park(Promise.all(ids.map((id) => session.host.whenFinal(id))))
  if (fault !== 'replay') {
    return first.flatMap((delivery) => {
      const judged = judgeRejected(answered(delivery.attempts.at(-1)), SIGNATURE_FAULT_TEXT[fault], '')
      const to = `${fault} to ${delivery.subscriptionName}`
      if (judged.verdict === 'pass') notes.push(`${to}: ${judged.reason} (${judged.got})`)
      return judged.verdict === 'pass' ? [] : [`${to}: ${judged.reason} (${judged.got})${judged.fix ? `. ${judged.fix}` : ''}`]
    })
  }
  if (step.by !== undefined) await cursor.sleepUntil(session.clock.now() + step.by)
  for (const id of ids) await session.host.redeliver(id)
  const again = await cursor.park(Promise.all(ids.map((id) => session.host.whenFinal(id))))
  return again.flatMap((delivery) => {
    const last = (series: number) => answered(delivery.attempts.filter((a) => a.series === series).at(-1))
    const one = judgeAccepted(last(0), 'the delivery', delivery.timeoutMs)
    const to = `replay to ${delivery.subscriptionName}`
    const stale = FAULT_SCHEMES['timestamp-stale'].applies(delivery.signing.scheme) && (step.by ?? 0) > SIGNATURE_TOLERANCE_SEC * 1000
    if (stale) {
      const two = judgeRejected(last(1), `the same delivery replayed ${formatDuration(step.by!)} later, its timestamp past the tolerance`, '')
      if (one.verdict === 'pass' && two.verdict === 'pass') {
        notes.push(`${to}: accepted it (${one.got}), then refused it replayed ${formatDuration(step.by!)} later (${two.got})`)
        return []
      }
      return [`${to}: answered ${one.got}, then ${two.got} to the copy dated ${formatDuration(step.by!)} earlier; an old webhook replayed must be refused (4xx) by its timestamp, a fresh one accepted`]
    }
    const two = judgeAccepted(last(1), 'the same delivery', delivery.timeoutMs)
    if (one.verdict === 'pass' && two.verdict === 'pass') {
      notes.push(`${to}: accepted both times (${one.got}, then ${two.got})`)
      return []
    }
    return [`${to}: answered ${one.got}, then ${two.got}; a delivery sent again with the same id must be accepted both times (and acted on once)`]
  })
}

/** An attempt's answer as the check's judges read it. */
function answered(attempt: Attempt | undefined): Answered {
  if (!attempt) return { result: { kind: 'error', errorClass: 'network', message: 'no attempt was made', durationMs: 0 } }
  const result: SendResult = attempt.response
    ? { kind: 'response', response: attempt.response, durationMs: attempt.durationMs }
    : { kind: 'error', errorClass: attempt.error?.class ?? 'network', message: attempt.error?.message ?? 'no answer', durationMs: attempt.durationMs }
  return { result }
}

