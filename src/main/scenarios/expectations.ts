import type { z } from 'zod'
import type { HeaderPair } from '../../shared/schemas/http'
import type { CaptureSummary } from '../../shared/schemas/receiver'
import type { Delivery } from '../../shared/schemas/delivery'
import type { Expectation, HttpProbe as ProbeSchema } from '../../shared/schemas/scenario'
import { headerMismatch, jsonMismatch } from './predicates'
import { formatDuration } from '../../shared/core/duration'

export interface Verdict {
  passed: boolean
  message: string
}

/** A request to the app under test: an `http:` step, a probe of `expect`/`wait until`. */
export interface AppRequest {
  url: string
  method: string
  headers?: HeaderPair[]
  /** JSON text, sent as application/json. */
  body?: string
  timeoutMs: number
  signal?: AbortSignal
}

/** The app's answer (its body cut at 64 KB), or why there is none. */
export type AppAnswer = { status: number; headers?: HeaderPair[]; body: string; durationMs?: number } | { error: string }

/** Calls the integrator's app; never throws (an abort is an answer too). */
export type HttpProbe = (request: AppRequest) => Promise<AppAnswer>

/** What a probe asks of an answer. */
export type ProbeSpec = Pick<z.output<typeof ProbeSchema>, 'url' | 'method' | 'status' | 'json' | 'headers'>

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

/**
 * `delivery:` the deliveries of one fire step ended with the status asked for (or succeeded), in
 * time, in the number of attempts asked, answered fast enough and with the answer asked for.
 */
export function deliveryMatches(expectation: Extract<Expectation, { delivery: unknown }>, deliveries: Delivery[] | undefined): Verdict {
  const { status, within, attempts, under, json, headers } = expectation.delivery
  if (!deliveries) return { passed: false, message: 'no fire step before this expectation sent anything' }
  if (deliveries.length === 0) return { passed: false, message: 'the fire step made no delivery (dropped, or no subscription matched)' }
  const problems = deliveries.flatMap((delivery) => {
    const lastAttempt = delivery.attempts.at(-1)
    const answer = lastAttempt?.response
    const wrongStatus = status === undefined ? delivery.status !== 'delivered' : answer?.status !== status
    const took = storyDuration(delivery)
    const made = delivery.attempts.filter((a) => a.series === delivery.series).length
    const to = `${delivery.event} to ${delivery.subscriptionName}`
    const answerProblem = answer ? (jsonMismatch(answer.body, json) ?? headerMismatch(answer.headers, headers)) : json || headers ? 'there was no answer' : undefined
    return [
      ...(wrongStatus ? [`${describeEnd(delivery)}${status !== undefined ? `, expected HTTP ${status}` : ''}`] : []),
      ...(within !== undefined && took > within ? [`${delivery.event} took ${formatDuration(took)}, more than ${formatDuration(within)}`] : []),
      ...(attempts !== undefined && made !== attempts ? [`${to} took ${made} attempt${made === 1 ? '' : 's'}, expected ${attempts}`] : []),
      ...(under !== undefined && lastAttempt && lastAttempt.durationMs >= under ? [`${to} was answered in ${formatDuration(lastAttempt.durationMs)}, not under ${formatDuration(under)}`] : []),
      ...(answerProblem ? [`${to}: ${answerProblem}${answer?.truncated ? ' (the answer was longer than the 4 KB kept)' : ''}`] : []),
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

/** Why the answer is not what the probe asks, or undefined when it is. */
export function probeMismatch(answer: AppAnswer, spec: ProbeSpec): string | undefined {
  if ('error' in answer) return answer.error
  if (answer.status !== spec.status) return `HTTP ${answer.status}, expected ${spec.status}${answer.body ? ` (${excerpt(answer.body)})` : ''}`
  return jsonMismatch(answer.body, spec.json) ?? headerMismatch(answer.headers ?? [], spec.headers)
}

const asked = (spec: ProbeSpec) => `${spec.method} ${spec.url} answered ${spec.status}${Object.keys(spec.json ?? {}).length || Object.keys(spec.headers ?? {}).length ? ' with the expected values' : ''}`

/**
 * Polls until the app answers the status, JSON values and headers asked for, or the (real)
 * timeout passes. `wait` and `now` are real time; `signal` stops it at once (the probe in flight
 * is aborted).
 */
export async function probeUntil(spec: ProbeSpec, timeout: number, probe: HttpProbe, wait: (ms: number) => Promise<void>, now: () => number, signal?: AbortSignal): Promise<Verdict> {
  const deadline = now() + timeout
  for (;;) {
    const answer = await probe({ url: spec.url, method: spec.method, timeoutMs: Math.max(100, Math.min(5000, deadline - now())), ...(signal && { signal }) })
    if (signal?.aborted) throw signal.reason
    const mismatch = probeMismatch(answer, spec)
    if (mismatch === undefined) return { passed: true, message: asked(spec) }
    if (now() >= deadline) return { passed: false, message: `${spec.method} ${spec.url} after ${formatDuration(timeout)}: ${mismatch}` }
    await wait(Math.min(PROBE_INTERVAL_MS, Math.max(0, deadline - now())))
  }
}

/**
 * `stay`: the app keeps answering as asked while story time passes: polled now, then every
 * PROBE_INTERVAL_MS of real time until `ended()` says the story reached the end of the stay
 * (`next` waits for whichever comes first), and once more then.
 */
export async function probeStays(spec: ProbeSpec, stayMs: number, probe: HttpProbe, next: () => Promise<'poll' | 'ended'>, signal?: AbortSignal): Promise<Verdict> {
  let polls = 0
  for (let ended = false; ; ) {
    const answer = await probe({ url: spec.url, method: spec.method, timeoutMs: 5000, ...(signal && { signal }) })
    if (signal?.aborted) throw signal.reason
    polls++
    const mismatch = probeMismatch(answer, spec)
    if (mismatch !== undefined) return { passed: false, message: `${spec.method} ${spec.url} did not stay as asked for ${formatDuration(stayMs)} (poll ${polls}): ${mismatch}` }
    if (ended) return { passed: true, message: `${asked(spec)} for ${formatDuration(stayMs)} of story time (${polls} polls)` }
    ended = (await next()) === 'ended'
  }
}

/** The default probe: fetch with a timeout; any failure is an answer, not a throw. */
export const fetchProbe: HttpProbe = async ({ url, method, headers = [], body, timeoutMs, signal }) => {
  const started = performance.now()
  try {
    const timeout = AbortSignal.timeout(timeoutMs)
    const sent = new Headers(headers)
    if (body !== undefined && !sent.has('content-type')) sent.set('content-type', 'application/json')
    const response = await fetch(url, { method, headers: sent, ...(body !== undefined && { body }), signal: signal ? AbortSignal.any([timeout, signal]) : timeout, redirect: 'manual' })
    const text = method === 'HEAD' ? '' : (await response.text()).slice(0, 64 * 1024)
    return { status: response.status, headers: [...response.headers], body: text, durationMs: Math.round((performance.now() - started) * 10) / 10 }
  } catch (error) {
    return { error: error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error) }
  }
}
