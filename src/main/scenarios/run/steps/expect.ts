import type { Delivery, DeliverySummary } from '../../../../shared/schemas/delivery'
import type { Expectation, Scenario } from '../../../../shared/schemas/scenario'
import { ScriptedResponse } from '../../../../shared/schemas/receiver'
import { setLongTimeout } from '../../../core/long-timeout'
import { acknowledgedCount, deliveredAll, deliveryMatches, probeUntil, receivedCount } from '../../expectations'
import type { Cursor, RunSession } from '../session'
import { endpointInRun } from '../targets'
import { deliveriesOfFire, latestFireWithId } from './deliveries-of'
import type { Outcome, StepContext, StepHandler } from './step'

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
async function deliveredAllOf({ session, cursor }: StepContext<'expect'>): Promise<Outcome> {
  const settled = await settledDeliveries(session, cursor)
  const failed = await cursor.park(Promise.all(settled.filter((d) => d.status !== 'delivered').map((d) => session.host.whenFinal(d.id))))
  return deliveredAll(settled.length, failed)
}

/** `expect`: judged once what it looks at has settled; `http:` polls the app in real time. */
export const expect: StepHandler<'expect'> = async (context) => {
  const { expectation } = context.action
  if ('http' in expectation) return probe(context, expectation)
  if ('delivered' in expectation) return deliveredAllOf(context)
  if ('delivery' in expectation) return delivery(context, expectation)
  return received(context, expectation)
}

/**
 * `delivery:` the named fire step's deliveries (else the previous fire's). The deliveries it judges
 * are the step's: one with the status it asks for is what the story expected, not a failure.
 */
async function delivery({ session, cursor, action }: StepContext<'expect'>, expectation: Of<'delivery'>): Promise<Outcome> {
  const stepId = expectation.delivery.step
  const index = stepId !== undefined ? latestFireWithId(session.plan, stepId, action.index) : action.previousFire
  if (index === undefined) return { ...deliveryMatches(expectation, undefined), deliveryIds: [] }
  const ids = deliveriesOfFire(session, index, stepId)
  const deliveries = await cursor.park(Promise.all(ids.map((id) => session.host.whenFinal(id))))
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

/** `http:` polls the integrator's app every 250 real ms until it answers as expected or the (real) timeout passes. */
function probe({ session }: StepContext<'expect'>, expectation: Of<'http'>): Promise<Outcome> {
  const { host, signal } = session
  const timer = host.realTimer ?? setLongTimeout
  const wait = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason as Error)
      const onAbort = () => {
        cancel()
        reject(signal.reason as Error)
      }
      const cancel = timer(() => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      signal.addEventListener('abort', onAbort, { once: true })
    })
  return probeUntil(expectation, host.probe, wait, () => host.clock.now(), signal)
}
