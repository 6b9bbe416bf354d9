import type { DeliverySummary } from '../../../shared/schemas/delivery'
import type { CaptureQuery, DeliveryQuery } from '../../../shared/schemas/history-query'
import type { CaptureSummary } from '../../../shared/schemas/receiver'

/** How long typing rests before the text filter is sent; Enter sends it at once. */
export const TEXT_DEBOUNCE_MS = 250

/** What the Timeline's filter bar sends with `listDeliveries`. */
export type DeliveryFilter = Omit<DeliveryQuery, 'limit' | 'cursor'>
/** What the Receiver's filter bar sends with `listCaptures`. */
export type CaptureFilter = Omit<CaptureQuery, 'limit' | 'cursor'>

/**
 * The engine filters lists itself; the renderer needs the same test only for live records (is a
 * new delivery one the list shows?). Kept in step with src/main/engine/history-query.ts: the same
 * fields, the same case-insensitive substring for text.
 */
const textIn = (text: string | undefined, values: Array<string | number | undefined>) => {
  const needle = text?.trim().toLowerCase()
  return !needle || values.some((value) => value !== undefined && String(value).toLowerCase().includes(needle))
}

export function matchesDelivery(filter: DeliveryFilter, d: DeliverySummary): boolean {
  const statuses = filter.status === undefined ? undefined : [filter.status].flat()
  return (
    (statuses === undefined || statuses.includes(d.status)) &&
    (filter.provider === undefined || d.provider === filter.provider) &&
    (filter.event === undefined || d.event === filter.event) &&
    (filter.subscriptionId === undefined || d.subscriptionId === filter.subscriptionId) &&
    (filter.runId === undefined || d.runId === filter.runId) &&
    textIn(filter.text, [d.id, d.eventId, d.event, d.provider, d.subscriptionName, d.url, d.reason, d.runId, d.lastStatus, d.lastError])
  )
}

export function matchesCapture(filter: CaptureFilter, c: CaptureSummary): boolean {
  return (
    (filter.endpoint === undefined || c.endpoint === filter.endpoint) &&
    (filter.method === undefined || c.method === filter.method.toUpperCase()) &&
    (filter.outcome === undefined || c.outcome === filter.outcome) &&
    (filter.deliveryId === undefined || c.deliveryId === filter.deliveryId) &&
    textIn(filter.text, [c.id, c.endpoint, c.method, c.path, c.query, c.remoteAddress, c.deliveryId, c.contentType, c.scriptNote, c.response?.status])
  )
}

/** Drops empty fields, so `{ text: '' }` asks for everything. */
export function compact<F extends object>(filter: F): F {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))) as F
}
