import type { DeliverySummary } from '../../../../shared/schemas/delivery'
import { api } from '../../api/transport'
import { call } from '../engine/call'
import { compact } from '../lists/filters'
import { createListController } from '../lists/list-store'
import { type DeliveryFilter, matchesDelivery, toDeliveryQuery } from './filters'

/** The Timeline's list: every delivery, newest first, a window of it in memory. */
export const deliveryList = createListController<DeliverySummary, DeliveryFilter>({
  key: (d) => d.id,
  isNewer: (a, b) => a.seq > b.seq,
  version: (d) => d.updatedAt,
  matches: matchesDelivery,
  initialFilter: {},
  fetch: (filter, { cursor, limit }) => call(api.listDeliveries({ ...compact(toDeliveryQuery(filter, Date.now())), limit, ...(cursor !== undefined && { cursor }) })),
})

type Listener = (items: DeliverySummary[]) => void
const listeners = new Set<Listener>()

/** Calls `listener` with every batch of live deliveries (detail panes, platform logs, the time view); returns the unsubscribe. */
export function onLiveDeliveries(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** One batch of live deliveries from the engine, oldest first, to the list and the listeners. */
export function applyLiveDeliveries(deliveries: DeliverySummary[]) {
  if (deliveries.length === 0) return
  deliveryList.applyLive(deliveries)
  for (const listener of listeners) listener(deliveries)
}
