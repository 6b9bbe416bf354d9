import { type Attempt, type Delivery, DeliverySummary, isFinal, summarizeDelivery } from '../../shared/schemas/delivery'
import { StoredDelivery } from '../delivery/rules'
import { type History, type HistoryCodec, type OpenHistoryOptions, openHistory } from './history'
import { migrateJournal } from './migrate-journal'

type DeliveryFixed = Pick<Delivery, 'body' | 'headers' | 'signing' | 'retry' | 'timeoutMs' | 'secretHeaders' | 'rules' | 'facts'>

/** A delivery's summary stays in memory; its body and settings are written once, each attempt once. */
export const deliveryCodec: HistoryCodec<Delivery, DeliverySummary, DeliveryFixed, Attempt> = {
  summaryFields: DeliverySummary.keyof().options,
  sharedFields: ['subscriptionId', 'subscriptionName', 'provider', 'event', 'url', 'status', 'reason', 'lastError', 'runId'],
  idOf: (delivery) => delivery.id,
  summarize: summarizeDelivery,
  split: ({ body, headers, signing, retry, timeoutMs, secretHeaders, rules, facts, attempts }) => ({
    fixed: { body, headers, signing, retry, timeoutMs, secretHeaders, rules, ...(facts && { facts }) },
    appended: attempts,
  }),
  join: ({ attemptCount: _count, lastStatus: _status, lastError: _error, attemptTimes: _times, ...summary }, fixed, attempts) => ({ ...summary, ...fixed, attempts }),
}

export type DeliveryHistory = History<Delivery, DeliverySummary>

/** Opens `deliveries.index` (and its data), carrying over a `deliveries.jsonl` from an older version. */
export async function openDeliveryHistory(file: string | undefined, maxRecords: number, options: OpenHistoryOptions = {}): Promise<DeliveryHistory> {
  const history = await openHistory({ ...deliveryCodec, file, maxRecords, isPinned: (d) => !isFinal(d), ...options })
  await migrateJournal(file, StoredDelivery, history, (a, b) => a.seq - b.seq)
  return history
}
