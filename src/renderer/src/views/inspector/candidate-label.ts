import type { DeliverySummary } from '../../../../shared/schemas/delivery'
import { formatTime } from '../../components/format-time'

/** A delivery as the picker offers it: when, what, how it ended and where it went (its id as the tooltip). */
export function candidateLabel(d: Pick<DeliverySummary, 'createdAt' | 'provider' | 'event' | 'status' | 'lastStatus' | 'lastError' | 'attemptCount' | 'subscriptionName'>): string {
  const answer = d.lastStatus !== undefined ? ` ${d.lastStatus}` : d.lastError ? ` (${d.lastError.replace(/_/g, ' ')})` : ''
  const tries = d.attemptCount > 1 ? `, ${d.attemptCount} attempts` : ''
  return `${formatTime(d.createdAt)} · ${d.provider} ${d.event} · ${d.status}${answer}${tries} · ${d.subscriptionName}`
}
