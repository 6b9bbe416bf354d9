import type { Attempt, Delivery } from '../../shared/schemas/delivery'
import { STATUS_TEXT } from '../../shared/schemas/http'
import { formatDuration } from '../../shared/core/duration'

/** `attempt 2  500 Internal Server Error  12 ms  retry in 1 min` */
export function describeAttempt(attempt: Attempt): string {
  const what = attempt.response
    ? `${attempt.response.status}${statusText(attempt.response.status)}`
    : `${attempt.error?.class ?? 'error'}: ${attempt.error?.message ?? ''}`
  const next =
    attempt.outcome === 'retry' && attempt.retryInMs !== undefined
      ? `retry in ${formatDuration(attempt.retryInMs)}`
      : attempt.outcome
  const note = attempt.note && attempt.outcome !== 'failed' ? ` (${attempt.note})` : ''
  const series = attempt.series > 0 ? ` [redelivery ${attempt.series}]` : ''
  return `attempt ${attempt.n}${series}  ${what}  ${Math.round(attempt.durationMs)} ms  ${next}${note}`
}

export function describeOutcome(delivery: Delivery): string {
  if (delivery.status === 'delivered') return `delivered ${delivery.id} to ${delivery.url} after ${delivery.attempts.length} attempt(s)`
  return `${delivery.status} ${delivery.id} to ${delivery.url}: ${delivery.reason ?? delivery.status}`
}

function statusText(status: number): string {
  const text = STATUS_TEXT[status]
  return text ? ` ${text}` : ''
}
