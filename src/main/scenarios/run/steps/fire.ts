import { type ProviderId, platformOf } from '../../../../shared/platforms'
import type { GenerateContext } from '../../../../shared/platforms/context'
import type { FireRequest, FireResult } from '../../../../shared/schemas/fire'
import type { HeaderPair } from '../../../../shared/schemas/http'
import type { Run } from '../../../../shared/schemas/run'
import type { RunSession } from '../session'
import { type StepHandler, plural } from './step'

/** Each fire's own seed: the run's id, its action and its place in the group (the same after a resume, new every run). */
export const messageSeedOf = (run: Pick<Run, 'id'>, actionIndex: number | string, fireIndex: number | string) => `${run.id}:${actionIndex}:${fireIndex}`

/** What a fire says about the event: the file's fire step, or the heartbeat failure the run's controller caused. */
export interface StoryEvent {
  provider: ProviderId
  event: string
  context?: GenerateContext
  set?: Record<string, unknown>
  headers?: HeaderPair[]
}

/**
 * One event as the engine takes it: the story's facts, this message's own seed, the story clock's
 * time. The platform's story rule (a rollout's start, Divshot's versions…) moves on with it.
 */
export function storyFireRequest(session: RunSession, what: StoryEvent, messageSeed: string): FireRequest {
  const { run, scenario } = session
  const explicit = what.context ?? {}
  const base: GenerateContext = { ...scenario?.context, ...explicit }
  const nowMs = session.clock.now()
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
    ...(run.subscriptionIds.length > 0 && { subscriptionIds: run.subscriptionIds }),
  }
}

/** Why the subscriptions did not take an event: `name: reason` for each. */
export const describeSkipped = (sent: FireResult) =>
  sent.skipped.length === 0 ? 'there is no subscription' : sent.skipped.map((s) => `${s.subscriptionName}: ${s.reason}`).join('; ')

/**
 * `fire` (a group: a reorder, a delayed fire and the one it waits for): every event happens now in
 * story order; they are queued in the group's send order. A fire that reaches no subscription fails
 * the step, naming the filters that stopped it, unless it says `filteredOut: true`.
 */
export const fire: StepHandler<'fire'> = async ({ session, cursor, action }) => {
  const plans = action.fires.map((planned, i) => {
    const { fire: event, context, set, headers } = planned.step
    const request = storyFireRequest(session, { provider: planned.provider, event, context, set, headers }, messageSeedOf(session.run, action.index, i))
    return { planned, plan: session.host.plan(request) }
  })
  const ids: string[] = []
  const notes: string[] = []
  const problems: string[] = []
  for (const position of action.order) {
    const { planned, plan } = plans[position]!
    const { step } = planned
    if (step.drop) {
      notes.push(`${step.fire} dropped: the platform never sent it`)
      continue
    }
    const sent = await session.host.send(plan)
    const made = sent.deliveries.map((d) => d.id)
    session.addDeliveries(made)
    ids.push(...made)
    if (made.length === 0 && !step.filteredOut) problems.push(`${step.fire} reached no subscription (${describeSkipped(sent)}); if the story means it to, say filteredOut: true`)
    else if (made.length === 0) notes.push(`${step.fire} filtered out, as expected (${describeSkipped(sent)})`)
    else if (step.filteredOut) problems.push(`${step.fire} was expected to be filtered out, but reached ${sent.deliveries.map((d) => d.subscriptionName).join(', ')}`)
    // A delayed fire waits until the one it was held behind has been delivered.
    if (action.oneAfterAnother) await cursor.park(Promise.all(made.map((id) => session.host.whenFinal(id))))
  }
  const message = [`${plural(ids.length, 'delivery', 'deliveries')} queued`, ...notes, ...problems].join('; ')
  return { passed: problems.length === 0, message, deliveryIds: ids }
}
