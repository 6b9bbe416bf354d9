import type { Delivery, DeliverySummary } from '../../../../shared/schemas/delivery'
import type { Expectation, Scenario } from '../../../../shared/schemas/scenario'
import { ScriptedResponse } from '../../../../shared/schemas/receiver'
import { PROBE_INTERVAL_MS, acknowledgedCount, deliveredAll, deliveryMatches, probeStays, probeUntil, receivedCount } from '../../expectations'
import { resolveValues } from '../values'
import type { Cursor, RunSession } from '../session'
import { endpointInRun } from '../targets'
import { forgedDeliveries } from '../verdict'
import { deliveriesOfFire, latestFireWithId } from './deliveries-of'
import { type Outcome, type StepContext, type StepHandler, plural } from './step'

type Of<K extends string> = Extract<Expectation, Record<K, unknown>>

/** Every delivery the run has made so far, once each is final (retries on the story clock included). */
const finalDeliveries = (session: RunSession, cursor: Cursor): Promise<Delivery[]> =>
  cursor.park(Promise.all(session.deliveryIds().map((id) => session.host.whenFinal(id))))

/**
 * The same as summaries, read from memory: a story with an expectation after every fire judges
 * each delivery many times, so reading whole records would cost the square of the run.
 */
const settledDeliveries = (session: RunSession, cursor: Cursor): Promise<DeliverySummary[]> =>
  cursor.park(Promise.all(session.deliveryIds().map((id) => session.host.whenSettled(id))))

/** `delivered: all`: whole records are read only for the deliveries that did not succeed (to say how they ended). */
async function deliveredAllOf({ session, cursor }: StepContext<'expect'>, subscription: string | undefined): Promise<Outcome> {
  // A forged delivery refused is what its tampered step asked for, not a delivery that failed.
  const forged = forgedDeliveries(session)
  const settled = ofSubscription(session, await settledDeliveries(session, cursor), subscription).filter((d) => !forged.has(d.id))
  const failed = await cursor.park(Promise.all(settled.filter((d) => d.status !== 'delivered').map((d) => session.host.whenFinal(d.id))))
  return deliveredAll(settled.length, failed)
}

/** `expect`: judged once what it looks at has settled; `http:` polls the app in real time. */
export const expect: StepHandler<'expect'> = async (context) => {
  const { session, cursor, action } = context
  const resolved = await resolveValues(session, cursor, action.index, action.expectation)
  if (!resolved.ok) return { passed: false, message: resolved.message }
  const expectation = resolved.value
  if ('http' in expectation) return probe(context, expectation)
  if ('delivered' in expectation) return deliveredAllOf(context, expectation.subscription)
  if ('delivery' in expectation) return delivery(context, expectation)
  return received(context, expectation)
}

/** The deliveries to one of the file's subscriptions (by its name in the file); all of them when none is named. */
export function ofSubscription<T extends { subscriptionId: string }>(session: RunSession, deliveries: T[], name: string | undefined): T[] {
  if (name === undefined) return deliveries
  return deliveries.filter((d) => session.run.routes[d.subscriptionId]?.name === name)
}

/**
 * `delivery:` the named fire step's deliveries (else the previous fire's). The deliveries it judges
 * are the step's: one with the status it asks for is what the story expected, not a failure.
 */
async function delivery({ session, cursor, action }: StepContext<'expect'>, expectation: Of<'delivery'>): Promise<Outcome> {
  const stepId = expectation.delivery.step
  const index = stepId !== undefined ? latestFireWithId(session.plan, stepId, action.index) : action.previousFire
  if (index === undefined) return { ...deliveryMatches(expectation, undefined), deliveryIds: [] }
  const all = deliveriesOfFire(session, index, stepId)
  const named = expectation.delivery.subscription
  const ids = named === undefined ? all : all.filter((id) => session.run.routes[session.host.summary(id)?.subscriptionId ?? '']?.name === named)
  const deliveries = await cursor.park(Promise.all(ids.map((id) => session.host.whenFinal(id))))
  if (named !== undefined && ids.length === 0 && all.length > 0) return { passed: false, message: `the fire step made no delivery to "${named}" (it reached ${plural(all.length, 'other delivery', 'other deliveries')})`, deliveryIds: [] }
  return { ...deliveryMatches(expectation, deliveries), deliveryIds: ids }
}

/**
 * `received:` what the built-in receiver captured at the endpoint; where the story's deliveries to
 * it went to `--to` targets instead, what each target acknowledged, or, for an endpoint whose
 * script (failures, checks) the targets do not play, not judged, and said so.
 */
async function received({ session, cursor }: StepContext<'expect'>, expectation: Of<'received'>): Promise<Outcome> {
  const { run, host, scenario } = session
  const endpoint = expectation.received.endpoint ?? 'inbox'
  const redirected = Object.entries(run.routes).filter(([, route]) => route.endpoint === endpoint && route.target !== undefined)
  if (redirected.length === 0) {
    const settled = await settledDeliveries(session, cursor)
    await cursor.park(host.receiverIdle())
    return receivedCount(expectation, settled, host.capturesSince(Date.parse(run.startedAt)), endpointInRun(run, endpoint))
  }
  const deliveries = await finalDeliveries(session, cursor)
  const targets = [...new Set(redirected.map(([, route]) => route.target!))]
  if (isScripted(scenario, endpoint)) {
    const where = targets.length === 1 ? `the --to target ${targets[0]}` : `the --to targets (${targets.join(', ')})`
    return { passed: true, skipped: true, message: `not judged: the story's requests to ${endpoint} went to ${where}, which answers as it does, not as ${endpoint}'s script says` }
  }
  const byTarget = new Map<string, Delivery[]>(targets.map((target) => [target, []]))
  const targetOf = new Map(redirected.map(([subscriptionId, route]) => [subscriptionId, route.target!]))
  for (const d of deliveries) {
    const target = targetOf.get(d.subscriptionId)
    if (target !== undefined) byTarget.get(target)!.push(d)
  }
  return acknowledgedCount(expectation, byTarget)
}

const PLAIN_RESPONSE = JSON.stringify(ScriptedResponse.parse({}))

/** An endpoint the story declares with behaviour of its own (failures, delays, checks): a target does not play it. */
function isScripted(scenario: Scenario | undefined, name: string): boolean {
  const endpoint = scenario?.endpoints.find((e) => e.name === name)
  if (!endpoint) return false
  const { headers, ...response } = endpoint.response
  return JSON.stringify(ScriptedResponse.parse(response)) !== PLAIN_RESPONSE || headers.length > 0 || endpoint.verify !== undefined || endpoint.dedupe || endpoint.forward !== undefined || endpoint.maxBodyBytes !== undefined
}

/**
 * `http:` polls the integrator's app every 250 real ms until it answers as expected or the (real)
 * `become` time passes; `stay` checks it keeps answering so while story time passes.
 */
async function probe({ session, cursor }: StepContext<'expect'>, expectation: Of<'http'>): Promise<Outcome> {
  const { host, signal } = session
  const { stay, become, timeout } = expectation.http
  if (stay === undefined) return probeUntil(expectation.http, become ?? timeout ?? 10_000, host.probe, session.realSleep, () => host.clock.now(), signal)
  const ends = session.clock.now() + stay
  let ended = false
  const end = cursor.sleepUntil(ends).then(() => (ended = true))
  // Awaited below; a stop while a poll is in flight must not count as unhandled meanwhile.
  end.catch(() => undefined)
  // The clock moves while the app is polled: the story's events during the stay happen.
  const next = async (): Promise<'poll' | 'ended'> => {
    if (!ended) await Promise.race([end, session.realSleep(PROBE_INTERVAL_MS)])
    return ended ? 'ended' : 'poll'
  }
  try {
    return await probeStays(expectation.http, stay, host.probe, next, signal)
  } finally {
    // A stay that failed early still lets story time reach its end before the next step: the step takes its time.
    if (!ended) await end
  }
}
