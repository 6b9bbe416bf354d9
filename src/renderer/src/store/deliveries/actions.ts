import type { ApiInput, ApiOutput } from '../../../../shared/api/contract'
import type { Delivery, DeliverySummary } from '../../../../shared/schemas/delivery'
import type { DeliveryDensity } from '../../../../shared/schemas/delivery-density'
import type { SignatureExplanation } from '../../../../shared/schemas/signature-explanation'
import { api } from '../../api/transport'
import { call } from '../engine/call'
import { compact } from '../lists/filters'
import { addNotice } from '../notices/actions'
import { type DeliveryFilter, toDeliveryQuery } from './filters'
import { deliveryList } from './list'
import type { TimeWindow } from './time-window'

/** A delivery, whole (secrets as fingerprints, or as sent when `reveal`). */
export const getDelivery = (id: string, reveal = false): Promise<Delivery | undefined> => call(api.getDelivery({ id, ...(reveal && { reveal }) }))

/** A delivery, whole, or undefined without a word when it cannot be read (a tooltip, a delivery being tracked). */
export async function peekDelivery(id: string): Promise<Delivery | undefined> {
  const result = await api.getDelivery({ id })
  return result.ok ? result.data : undefined
}

/** A page of deliveries. */
export const listDeliveries = (query: ApiInput<'listDeliveries'>): Promise<ApiOutput<'listDeliveries'> | undefined> => call(api.listDeliveries(query))

/** The newest delivery the filter takes. */
export async function newestDelivery(filter: DeliveryFilter = {}): Promise<DeliverySummary | undefined> {
  return (await listDeliveries({ ...compact(toDeliveryQuery(filter, Date.now())), limit: 1 }))?.items[0]
}

/** Opens the newest delivery in the Timeline's inspector. */
export async function openNewestDelivery() {
  const newest = await newestDelivery()
  if (newest) deliveryList.open(newest.id)
}

/** Sends a finished delivery again (same id, a new series of attempts). */
export async function redeliver(id: string) {
  await call(api.redeliver({ id }))
}

/** Sends again every delivery that failed in the last hour. */
export async function redeliverFailedLastHour() {
  const since = new Date(Date.now() - 3_600_000).toISOString()
  const result = await call(api.redeliverFailed({ since }))
  if (result) addNotice('info', `Redelivering ${result.ids.length} failed deliveries`)
}

/** How one attempt's signature verifies against the subscription's secrets as they are now. */
export const explainSignature = (deliveryId: string, attempt: number): Promise<SignatureExplanation | undefined> => call(api.explainSignature({ deliveryId, attempt }))

/** Deliveries fired per bucket and status, counted by the engine. */
export const deliveryDensity = (input: ApiInput<'getDeliveryDensity'>): Promise<DeliveryDensity | undefined> => call(api.getDeliveryDensity(input))

/** One page of a window's deliveries at a time, up to `max`: the list's filters, cut to the window. */
export async function deliveriesInWindow(filter: DeliveryFilter, window: TimeWindow, max: number, isCurrent: () => boolean): Promise<{ items: DeliverySummary[]; capped: boolean } | undefined> {
  const query = toDeliveryQuery(filter, Date.now())
  const range = { from: isoMax(query.from, new Date(window.startMs).toISOString()), to: isoMin(query.to, new Date(window.endMs).toISOString()) }
  const items: DeliverySummary[] = []
  let cursor: string | undefined
  do {
    const page = await listDeliveries({ ...compact({ ...query, ...range }), limit: WINDOW_PAGE, ...(cursor !== undefined && { cursor }) })
    if (!page || !isCurrent()) return undefined
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== undefined && items.length < max)
  return { items, capped: cursor !== undefined }
}

const WINDOW_PAGE = 1000
const isoMax = (a: string | undefined, b: string) => (a !== undefined && a > b ? a : b)
const isoMin = (a: string | undefined, b: string) => (a !== undefined && a < b ? a : b)
