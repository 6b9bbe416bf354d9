import type { DeliverySummary } from '../../../shared/schemas/delivery'
import type { CaptureSummary } from '../../../shared/schemas/receiver'
import { api } from '../api/transport'
import { run } from '../api/run'
import { type CaptureFilter, type DeliveryFilter, compact, matchesCapture, matchesDelivery, toDeliveryQuery } from './filters'
import { createListController } from './list-store'

/** The Timeline's list: every delivery, newest first, a window of it in memory. */
export const deliveryList = createListController<DeliverySummary, DeliveryFilter>({
  key: (d) => d.id,
  isNewer: (a, b) => a.seq > b.seq,
  version: (d) => d.updatedAt,
  matches: matchesDelivery,
  initialFilter: {},
  fetch: (filter, { cursor, limit }) => run(api.listDeliveries({ ...compact(toDeliveryQuery(filter, Date.now())), limit, ...(cursor !== undefined && { cursor }) })),
})

/** The Receiver's list of captured requests, newest first. */
export const captureList = createListController<CaptureSummary, CaptureFilter>({
  key: (c) => c.id,
  isNewer: (a, b) => a.receivedAt > b.receivedAt || (a.receivedAt === b.receivedAt && a.id !== b.id),
  // A capture changes once: when its forward finished.
  version: (c) => (c.forward ? '1' : '0'),
  matches: matchesCapture,
  initialFilter: {},
  fetch: (filter, { cursor, limit }) => run(api.listCaptures({ ...filter, limit, ...(cursor !== undefined && { cursor }) })),
})

type Listener<T> = (items: T[]) => void
const deliveryListeners = new Set<Listener<DeliverySummary>>()
const captureListeners = new Set<Listener<CaptureSummary>>()

/** Calls `listener` with every batch of live deliveries (detail panes, platform logs); returns the unsubscribe. */
export function onLiveDeliveries(listener: Listener<DeliverySummary>): () => void {
  deliveryListeners.add(listener)
  return () => deliveryListeners.delete(listener)
}

export function onLiveCaptures(listener: Listener<CaptureSummary>): () => void {
  captureListeners.add(listener)
  return () => captureListeners.delete(listener)
}

/** One batch of engine events' deliveries and captures, oldest first, to the lists and listeners. */
export function applyLiveRecords(deliveries: DeliverySummary[], captures: CaptureSummary[]) {
  if (deliveries.length > 0) {
    deliveryList.applyLive(deliveries)
    for (const listener of deliveryListeners) listener(deliveries)
  }
  if (captures.length > 0) {
    captureList.applyLive(captures)
    for (const listener of captureListeners) listener(captures)
  }
}
