import type { DeliverySummary } from '../../../shared/schemas/delivery'
import type { CaptureQuery, DeliveryQuery } from '../../../shared/schemas/history-query'
import type { CaptureSummary } from '../../../shared/schemas/receiver'
import { captureFilter, deliveryFilter } from '../../../shared/history-filter'

/** How long typing rests before the text filter is sent; Enter sends it at once. */
export const TEXT_DEBOUNCE_MS = 250

/** What the Timeline's filter bar sends with `listDeliveries`. */
export type DeliveryFilter = Omit<DeliveryQuery, 'limit' | 'cursor'>
/** What the Receiver's filter bar sends with `listCaptures`. */
export type CaptureFilter = Omit<CaptureQuery, 'limit' | 'cursor'>

/** Whether a live delivery belongs in a list filtered this way: the engine's own test. */
export const matchesDelivery = (filter: DeliveryFilter, d: DeliverySummary): boolean => deliveryFilter(filter)?.(d) ?? true

/** Whether a live capture belongs in a list filtered this way: the engine's own test. */
export const matchesCapture = (filter: CaptureFilter, c: CaptureSummary): boolean => captureFilter(filter)?.(c) ?? true

/** Drops empty fields, so `{ text: '' }` asks for everything. */
export function compact<F extends object>(filter: F): F {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))) as F
}
