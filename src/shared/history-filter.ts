import type { Delivery, DeliverySummary } from './schemas/delivery'
import type { CaptureQuery, DeliveryQuery } from './schemas/history-query'
import type { CaptureSummary } from './schemas/receiver'

/**
 * The filters of `listDeliveries` and `listCaptures` as tests on a summary: the engine pages with
 * them, the renderer uses the same ones to decide whether a live record belongs in its list.
 */
export type Match<S> = (summary: S) => boolean

/** Keeps a record only when every filter given accepts it. */
const allOf =
  <S>(tests: Array<Match<S> | false | undefined>): Match<S> | undefined => {
    const active = tests.filter((t): t is Match<S> => typeof t === 'function')
    return active.length === 0 ? undefined : (s) => active.every((t) => t(s))
  }

/** A literal, case-insensitive pattern for the text filter, or undefined when it is blank. */
const literal = (text: string | undefined): RegExp | undefined => {
  const needle = text?.trim()
  // A regular expression compares without lower-casing (allocating) every field of every record.
  return needle ? new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i') : undefined
}

/** Case-insensitive substring in any of the fields; numbers are matched as written. */
const textIn = <S>(text: string | undefined, fields: (s: S) => Array<string | number | undefined>): Match<S> | undefined => {
  const pattern = literal(text)
  if (!pattern) return undefined
  return (s) => fields(s).some((value) => value !== undefined && pattern.test(String(value)))
}

/** Most recent moment a delivery was active: its last attempt, or the next one it waits for. */
export const lastActivityMs = (d: Pick<DeliverySummary, 'createdAt' | 'attemptTimes' | 'dueAt'>): number =>
  Math.max(Date.parse(d.createdAt), d.attemptTimes?.at(-1) ?? 0, d.dueAt ?? 0)

/**
 * Activity in `[from, to]`: created by `to`, and created, attempted or due at or after `from`.
 * ISO strings in one format compare as text, so most records are decided without parsing a date.
 */
const activeIn = (from: string | undefined, to: string | undefined): Match<DeliverySummary> | undefined => {
  if (from === undefined && to === undefined) return undefined
  const fromIso = from === undefined ? undefined : new Date(from).toISOString()
  const fromMs = from === undefined ? 0 : Date.parse(from)
  const toIso = to === undefined ? undefined : new Date(to).toISOString()
  return (d) => (toIso === undefined || d.createdAt <= toIso) && (fromIso === undefined || d.createdAt >= fromIso || lastActivityMs(d) >= fromMs)
}

export function deliveryFilter(query: Omit<DeliveryQuery, 'limit' | 'cursor'>): Match<DeliverySummary> | undefined {
  const statuses = query.status === undefined ? undefined : new Set([query.status].flat())
  return allOf<DeliverySummary>([
    statuses && ((d) => statuses.has(d.status)),
    query.provider !== undefined && ((d) => d.provider === query.provider),
    query.event !== undefined && ((d) => d.event === query.event),
    query.subscriptionId !== undefined && ((d) => d.subscriptionId === query.subscriptionId),
    query.runId !== undefined && ((d) => d.runId === query.runId),
    activeIn(query.from, query.to),
    textIn<DeliverySummary>(query.text, (d) => [d.id, d.eventId, d.event, d.provider, d.subscriptionName, d.url, d.reason, d.runId, d.lastStatus, d.lastError]),
  ])
}

/**
 * The text filter on what only the whole delivery has: its body and the request headers (as
 * fired, and as each attempt sent them). Literal and case-insensitive, like the summary's.
 */
export function deliveryContentMatch(text: string | undefined): Match<Delivery> | undefined {
  const pattern = literal(text)
  if (!pattern) return undefined
  const inHeaders = (headers: Delivery['headers']) => headers.some(([name, value]) => pattern.test(name) || pattern.test(value))
  return (d) => pattern.test(d.body) || inHeaders(d.headers) || d.attempts.some((attempt) => inHeaders(attempt.headers))
}

export function captureFilter(query: Omit<CaptureQuery, 'limit' | 'cursor'>): Match<CaptureSummary> | undefined {
  const method = query.method?.toUpperCase()
  return allOf<CaptureSummary>([
    query.endpoint !== undefined && ((c) => c.endpoint === query.endpoint),
    method !== undefined && ((c) => c.method === method),
    query.outcome !== undefined && ((c) => c.outcome === query.outcome),
    query.deliveryId !== undefined && ((c) => c.deliveryId === query.deliveryId),
    textIn<CaptureSummary>(query.text, (c) => [c.id, c.endpoint, c.method, c.path, c.query, c.remoteAddress, c.deliveryId, c.contentType, c.scriptNote, c.response?.status]),
  ])
}

