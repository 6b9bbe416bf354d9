import { isDeepStrictEqual } from 'node:util'
import { readPath } from '../../shared/core/json-path'
import type { CaptureSummary } from '../../shared/schemas/receiver'
import type { Delivery } from '../../shared/schemas/delivery'
import type { Expectation } from '../../shared/schemas/scenario'
import { formatDuration } from '../../shared/core/duration'

export interface Verdict {
  passed: boolean
  message: string
}

/** GETs (or HEADs, POSTs…) a URL for an `http:` expectation; never throws (an abort is an answer too). */
export type HttpProbe = (request: { url: string; method: string; timeoutMs: number; signal?: AbortSignal }) => Promise<{ status: number; body: string } | { error: string }>

const excerpt = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text)

/** `rollout-failed to http://…: failed (HTTP 500 …)`: how a delivery ended, for messages. */
export function describeEnd(delivery: Delivery): string {
  const last = delivery.attempts.at(-1)
  const answer = last?.response ? `HTTP ${last.response.status}${last.response.body ? ` ${excerpt(last.response.body)}` : ''}` : last?.error ? `${last.error.class}: ${last.error.message}` : 'no attempt'
  return `${delivery.event} to ${delivery.url}: ${delivery.status} (${answer})`
}

/** `delivered: all`: every delivery so far succeeded, and there was at least one. */
export function deliveredAll(count: number, failed: Delivery[]): Verdict {
  if (count === 0) return { passed: false, message: 'no delivery was made, so none was delivered: did every fire reach no subscription?' }
  if (failed.length === 0) return { passed: true, message: `${count} deliver${count === 1 ? 'y' : 'ies'}, all delivered` }
  return { passed: false, message: `${failed.length} of ${count} not delivered: ${failed.map(describeEnd).join('; ')}` }
}

/**
 * The time from the event to the answer of its last attempt, in story time: the retry waits as
 * the schedule has them plus the time each request took.
 */
export function storyDuration(delivery: Delivery): number {
  const series = delivery.attempts.filter((a) => a.series === delivery.series)
  return series.reduce((total, attempt, i) => total + attempt.durationMs + (i < series.length - 1 ? (attempt.retryInMs ?? 0) : 0), 0)
}

/** `delivery:` the deliveries of one fire step ended with the status asked for (or succeeded), in time. */
export function deliveryMatches(expectation: Extract<Expectation, { delivery: unknown }>, deliveries: Delivery[] | undefined): Verdict {
  const { status, within } = expectation.delivery
  if (!deliveries) return { passed: false, message: 'no fire step before this expectation sent anything' }
  if (deliveries.length === 0) return { passed: false, message: 'the fire step made no delivery (dropped, or no subscription matched)' }
  const problems = deliveries.flatMap((delivery) => {
    const last = delivery.attempts.at(-1)?.response?.status
    const wrongStatus = status === undefined ? delivery.status !== 'delivered' : last !== status
    const took = storyDuration(delivery)
    return [
      ...(wrongStatus ? [`${describeEnd(delivery)}${status !== undefined ? `, expected HTTP ${status}` : ''}`] : []),
      ...(within !== undefined && took > within ? [`${delivery.event} took ${formatDuration(took)}, more than ${formatDuration(within)}`] : []),
    ]
  })
  if (problems.length > 0) return { passed: false, message: problems.join('; ') }
  return { passed: true, message: `${deliveries.length} deliver${deliveries.length === 1 ? 'y' : 'ies'} as expected` }
}

/**
 * `received:` the built-in receiver captured `count` requests at the endpoint (`inRun`: its name in
 * this run): the run's own, and ones from outside Hookbench (the app under test), not another run's.
 */
export function receivedCount(expectation: Extract<Expectation, { received: unknown }>, deliveries: Array<Pick<Delivery, 'id' | 'event'>>, captures: CaptureSummary[], inRun: string): Verdict {
  const { endpoint = 'inbox', event, count } = expectation.received
  const events = new Map(deliveries.map((d) => [d.id, d.event]))
  const ours = (c: CaptureSummary) => {
    if (c.deliveryId === undefined) return !event
    const sent = events.get(c.deliveryId)
    return sent !== undefined && (!event || sent === event)
  }
  const matching = captures.filter((c) => c.endpoint === inRun && ours(c))
  const what = `${event ?? 'request'}(s) at ${endpoint}`
  return matching.length === count
    ? { passed: true, message: `${count} ${what}` }
    : { passed: false, message: `expected ${count} ${what}, the receiver captured ${matching.length}` }
}

/**
 * `received:` judged where the story's deliveries went instead (`--to`): the requests each target
 * acknowledged (answered 2xx), per event, every target on its own.
 */
export function acknowledgedCount(expectation: Extract<Expectation, { received: unknown }>, byTarget: Map<string, Delivery[]>): Verdict {
  const { endpoint = 'inbox', event, count } = expectation.received
  const what = `${event ?? 'request'}(s) meant for ${endpoint}`
  const wrong: string[] = []
  for (const [target, deliveries] of byTarget) {
    const acknowledged = deliveries
      .filter((d) => !event || d.event === event)
      .flatMap((d) => d.attempts)
      .filter((a) => a.response !== undefined && a.response.status >= 200 && a.response.status < 300).length
    if (acknowledged !== count) wrong.push(`${target} acknowledged ${acknowledged}`)
  }
  const targets = [...byTarget.keys()].join(', ')
  return wrong.length === 0
    ? { passed: true, message: `${count} ${what}, acknowledged by ${targets}` }
    : { passed: false, message: `expected ${count} ${what} to be acknowledged; ${wrong.join('; ')}` }
}

/** Between two polls of the app, in real time whatever the run's time scale: the app runs in real time. */
export const PROBE_INTERVAL_MS = 250

/**
 * Polls until the app answers the status and JSON values asked for, or the (real) timeout passes.
 * `wait` and `now` are real time; `signal` stops it at once (the probe in flight is aborted).
 */
export async function probeUntil(
  expectation: Extract<Expectation, { http: unknown }>,
  probe: HttpProbe,
  wait: (ms: number) => Promise<void>,
  now: () => number,
  signal?: AbortSignal,
): Promise<Verdict> {
  const { url, method, status, json = {}, timeout } = expectation.http
  const deadline = now() + timeout
  for (;;) {
    const answer = await probe({ url, method, timeoutMs: Math.max(100, Math.min(5000, deadline - now())), ...(signal && { signal }) })
    if (signal?.aborted) throw signal.reason
    const mismatch = 'error' in answer ? answer.error : compare(answer, status, json)
    if (mismatch === undefined) return { passed: true, message: `${method} ${url} answered ${status}${Object.keys(json).length ? ' with the expected values' : ''}` }
    if (now() >= deadline) return { passed: false, message: `${method} ${url} after ${formatDuration(timeout)}: ${mismatch}` }
    await wait(Math.min(PROBE_INTERVAL_MS, Math.max(0, deadline - now())))
  }
}

function compare(answer: { status: number; body: string }, status: number, json: Record<string, unknown>): string | undefined {
  if (answer.status !== status) return `HTTP ${answer.status}, expected ${status}${answer.body ? ` (${excerpt(answer.body)})` : ''}`
  if (Object.keys(json).length === 0) return undefined
  let body: unknown
  try {
    body = JSON.parse(answer.body)
  } catch {
    return `the body is not JSON: ${excerpt(answer.body)}`
  }
  for (const [path, expected] of Object.entries(json)) {
    const actual = readPath(body, path)
    if (!actual.found) return `${path} is missing`
    if (!isDeepStrictEqual(actual.value, expected)) return `${path} is ${JSON.stringify(actual.value)}, expected ${JSON.stringify(expected)}`
  }
  return undefined
}

/** The default probe: fetch with a timeout; any failure is an answer, not a throw. */
export const fetchProbe: HttpProbe = async ({ url, method, timeoutMs, signal }) => {
  try {
    const timeout = AbortSignal.timeout(timeoutMs)
    const response = await fetch(url, { method, signal: signal ? AbortSignal.any([timeout, signal]) : timeout, redirect: 'manual' })
    return { status: response.status, body: method === 'HEAD' ? '' : (await response.text()).slice(0, 64 * 1024) }
  } catch (error) {
    return { error: error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error) }
  }
}
