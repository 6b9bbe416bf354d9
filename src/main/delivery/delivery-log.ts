import type { Delivery, DeliverySummary } from '../../shared/schemas/delivery'
import type { RecordLog } from '../core/record-log'

/**
 * The delivery history as delivery/ uses it: every delivery's summary in memory, the whole
 * delivery while it is unfinished. `persistence/delivery-history.ts` keeps it on disk.
 */
export type DeliveryLog = RecordLog<Delivery, DeliverySummary>
