import type { DeliverySummary } from '../../../../shared/schemas/delivery'

/** The badge colour of each delivery status. */
export const STATUS_TONE: Record<DeliverySummary['status'], 'ok' | 'bad' | 'warn' | 'neutral'> = {
  delivered: 'ok',
  failed: 'bad',
  cancelled: 'bad',
  retrying: 'warn',
  held: 'warn',
  sending: 'neutral',
  queued: 'neutral',
}
