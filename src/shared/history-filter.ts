import type { DeliverySummary } from './schemas/delivery'
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

/** Case-insensitive substring in any of the fields; numbers are matched as written. */
const textIn = <S>(text: string | undefined, fields: (s: S) => Array<string | number | undefined>): Match<S> | undefined => {
  const needle = text?.trim()
  if (!needle) return undefined
  // A regular expression compares without lower-casing (allocating) every field of every record.
  const pattern = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i')
  return (s) => fields(s).some((value) => value !== undefined && pattern.test(String(value)))
}

export function deliveryFilter(query: Omit<DeliveryQuery, 'limit' | 'cursor'>): Match<DeliverySummary> | undefined {
  const statuses = query.status === undefined ? undefined : new Set([query.status].flat())
  return allOf<DeliverySummary>([
    statuses && ((d) => statuses.has(d.status)),
    query.provider !== undefined && ((d) => d.provider === query.provider),
    query.event !== undefined && ((d) => d.event === query.event),
    query.subscriptionId !== undefined && ((d) => d.subscriptionId === query.subscriptionId),
    query.runId !== undefined && ((d) => d.runId === query.runId),
    textIn<DeliverySummary>(query.text, (d) => [d.id, d.eventId, d.event, d.provider, d.subscriptionName, d.url, d.reason, d.runId, d.lastStatus, d.lastError]),
  ])
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

