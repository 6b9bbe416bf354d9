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

/** GETs (or HEADs, POSTs…) a URL for an `http:` expectation; never throws. */
export type HttpProbe = (request: { url: string; method: string; timeoutMs: number }) => Promise<{ status: number; body: string } | { error: string }>

/** What an expectation looks at, gathered by the runner once the deliveries it depends on are final. */
export interface ExpectationContext {
  /** Every delivery of the run so far (dropped fires made none). */
  deliveries: Delivery[]
  /** The deliveries of the fire step the expectation names (or the previous fire). */
  stepDeliveries: Delivery[] | undefined
  /** Captures of the built-in receiver since the run started, newest first. */
  captures: CaptureSummary[]
}

const excerpt = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text)

function describeEnd(delivery: Delivery): string {
  const last = delivery.attempts.at(-1)
  const answer = last?.response ? `HTTP ${last.response.status}${last.response.body ? ` ${excerpt(last.response.body)}` : ''}` : last?.error ? `${last.error.class}: ${last.error.message}` : 'no attempt'
  return `${delivery.event} to ${delivery.url}: ${delivery.status} (${answer})`
}

export function deliveredAll(context: ExpectationContext): Verdict {
  const failed = context.deliveries.filter((d) => d.status !== 'delivered')
  if (failed.length === 0) return { passed: true, message: `${context.deliveries.length} deliveries, all delivered` }
  return { passed: false, message: `${failed.length} of ${context.deliveries.length} not delivered: ${failed.map(describeEnd).join('; ')}` }
}

/**
 * The time from the event to the answer of its last attempt, in story time: the retry waits as
 * the schedule has them plus the time each request took.
 */
export function storyDuration(delivery: Delivery): number {
  const series = delivery.attempts.filter((a) => a.series === delivery.series)
  return series.reduce((total, attempt, i) => total + attempt.durationMs + (i < series.length - 1 ? (attempt.retryInMs ?? 0) : 0), 0)
}

export function deliveryMatches(expectation: Extract<Expectation, { delivery: unknown }>, context: ExpectationContext): Verdict {
  const { status, within } = expectation.delivery
  const deliveries = context.stepDeliveries
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

export function receivedCount(expectation: Extract<Expectation, { received: unknown }>, context: ExpectationContext): Verdict {
  const { endpoint = 'inbox', event, count } = expectation.received
  const events = new Map(context.deliveries.map((d) => [d.id, d.event]))
  // The run's own requests and ones from outside Hookbench (the app under test); not another run's.
  const ours = (c: CaptureSummary) => {
    if (c.deliveryId === undefined) return !event
    const sent = events.get(c.deliveryId)
    return sent !== undefined && (!event || sent === event)
  }
  const matching = context.captures.filter((c) => c.endpoint === endpoint && ours(c))
  const what = `${event ?? 'request'}(s) at ${endpoint}`
  return matching.length === count
    ? { passed: true, message: `${count} ${what}` }
    : { passed: false, message: `expected ${count} ${what}, the receiver captured ${matching.length}` }
}

/** Polls until the app answers the status and JSON values asked for, or the timeout passes. */
export async function probeUntil(
  expectation: Extract<Expectation, { http: unknown }>,
  probe: HttpProbe,
  wait: (ms: number) => Promise<void>,
  now: () => number,
): Promise<Verdict> {
  const { url, method, status, json = {}, timeout } = expectation.http
  const deadline = now() + timeout
  for (;;) {
    const answer = await probe({ url, method, timeoutMs: Math.max(100, Math.min(5000, deadline - now())) })
    const mismatch = 'error' in answer ? answer.error : compare(answer, status, json)
    if (mismatch === undefined) return { passed: true, message: `${method} ${url} answered ${status}${Object.keys(json).length ? ' with the expected values' : ''}` }
    if (now() >= deadline) return { passed: false, message: `${method} ${url} after ${formatDuration(timeout)}: ${mismatch}` }
    await wait(Math.min(250, Math.max(0, deadline - now())))
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
export const fetchProbe: HttpProbe = async ({ url, method, timeoutMs }) => {
  try {
    const response = await fetch(url, { method, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' })
    return { status: response.status, body: method === 'HEAD' ? '' : (await response.text()).slice(0, 64 * 1024) }
  } catch (error) {
    return { error: error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error) }
  }
}
