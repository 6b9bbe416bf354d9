import type { HookbenchApi } from '../../shared/api/client'
import { MAX_WAIT_MS } from '../../shared/api/contract'
import { type AttemptSummary, type Delivery, DeliveryStatus, type DeliverySummary, FINAL_STATUSES } from '../../shared/schemas/delivery'
import { answerOf } from './shared-options'

/**
 * Calls `print` for every attempt the deliveries `accept` picks make from now on, as the event
 * stream tells them (each delivery event carries the attempt it recorded); returns a stop function.
 */
export function followAttempts(
  api: Pick<HookbenchApi, 'subscribe'>,
  accept: (delivery: DeliverySummary) => boolean,
  print: (delivery: DeliverySummary, attempt: AttemptSummary) => void,
): () => void {
  return api.subscribe((batch) => {
    for (const event of batch) if (event.type === 'delivery' && event.attempt && accept(event.delivery)) print(event.delivery, event.attempt)
  })
}

/** A delivery once it is final, secrets as fingerprints unless `reveal` (the API answers at least every 10 minutes). */
export async function finalDelivery(api: HookbenchApi, id: string, reveal = false): Promise<Delivery> {
  for (;;) {
    const { final, delivery } = answerOf(await api.waitForDelivery({ id, timeoutMs: MAX_WAIT_MS, reveal }))
    if (final) return delivery
  }
}

/** Every delivery not final yet, in fire order (a page of the history at a time). */
export async function unfinishedDeliveries(api: HookbenchApi): Promise<DeliverySummary[]> {
  const found: DeliverySummary[] = []
  let cursor: string | undefined
  do {
    const page = answerOf(await api.listDeliveries({ status: UNFINISHED, limit: 1000, ...(cursor !== undefined && { cursor }) }))
    found.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return found.reverse()
}

const UNFINISHED = DeliveryStatus.options.filter((status) => !FINAL_STATUSES.includes(status))
