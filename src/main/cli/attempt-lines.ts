import type { AttemptSummary, Delivery } from '../../shared/schemas/delivery'
import { STATUS_TEXT } from '../../shared/schemas/http'
import { formatDuration } from '../../shared/core/duration'

/**
 * `attempt 2  500 Internal Server Error  12 ms  retry in 1 min`. Under a time scale the wait is
 * the one that will happen, then the schedule's: `retry in 30 ms (30 s at time-scale 0.001)`.
 */
export function describeAttempt(attempt: AttemptSummary, timeScale = 1): string {
  const what = attempt.response
    ? `${attempt.response.status}${statusText(attempt.response.status)}`
    : `${attempt.error?.class ?? 'error'}: ${attempt.error?.message ?? ''}`
  const next =
    attempt.outcome === 'retry' && attempt.retryInMs !== undefined
      ? `retry in ${scaledWait(attempt.retryInMs, timeScale)}`
      : attempt.outcome
  const note = attempt.note && attempt.outcome !== 'failed' ? ` (${attempt.note})` : ''
  const series = attempt.series > 0 ? ` [redelivery ${attempt.series}]` : ''
  return `attempt ${attempt.n}${series}  ${what}  ${Math.round(attempt.durationMs)} ms  ${next}${note}`
}

export function describeOutcome(delivery: Delivery): string {
  if (delivery.status === 'delivered') return `delivered ${delivery.id} to ${delivery.url} after ${delivery.attempts.length} attempt(s)`
  return `${delivery.status} ${delivery.id} to ${delivery.url}: ${delivery.reason ?? delivery.status}`
}

function scaledWait(nominalMs: number, timeScale: number): string {
  if (timeScale === 1) return formatDuration(nominalMs)
  const actualMs = nominalMs * timeScale
  const actual = actualMs > 0 && actualMs < 1 ? 'under 1 ms' : formatDuration(actualMs)
  return `${actual} (${formatDuration(nominalMs)} at time-scale ${timeScale})`
}

function statusText(status: number): string {
  const text = STATUS_TEXT[status]
  return text ? ` ${text}` : ''
}
