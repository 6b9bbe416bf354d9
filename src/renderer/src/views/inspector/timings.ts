import type { Attempt, Delivery } from '../../../../shared/schemas/delivery'

export interface AttemptTiming {
  startedAt: string
  durationMs: number
  /** The retry wait the previous attempt asked for (the backoff), in the same series. */
  plannedWaitMs?: number
  /** How long it actually waited since the previous attempt of its series ended. */
  waitedMs?: number
  /** When the next attempt is (or was) due after this one; absent when none was scheduled. */
  nextAt?: string
  /** The next attempt is still waiting (this is the last attempt and the delivery is retrying). */
  nextPending: boolean
}

const endOf = (attempt: Attempt) => Date.parse(attempt.startedAt) + attempt.durationMs

/**
 * When each attempt started, how long it took, the wait before it and when the next one was
 * due. A waiting delivery's `dueAt` is the real due time (already scaled); otherwise it is the
 * attempt's end plus its nominal `retryInMs`.
 */
export function attemptTimings(delivery: Pick<Delivery, 'attempts' | 'status' | 'dueAt'>): AttemptTiming[] {
  const { attempts } = delivery
  return attempts.map((attempt, i) => {
    const previous = i > 0 && attempts[i - 1]!.series === attempt.series ? attempts[i - 1] : undefined
    const isLast = i === attempts.length - 1
    const nextPending = isLast && delivery.status === 'retrying'
    const nextMs = nextPending && delivery.dueAt !== undefined ? delivery.dueAt : attempt.retryInMs !== undefined ? endOf(attempt) + attempt.retryInMs : undefined
    return {
      startedAt: attempt.startedAt,
      durationMs: attempt.durationMs,
      ...(previous?.retryInMs !== undefined && { plannedWaitMs: previous.retryInMs }),
      ...(previous && { waitedMs: Math.max(0, Date.parse(attempt.startedAt) - endOf(previous)) }),
      ...(nextMs !== undefined && { nextAt: new Date(nextMs).toISOString() }),
      nextPending,
    }
  })
}

/** `850 ms`, `4.2 s`, `2 min 5 s`, `1 h 3 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`
  const totalSec = Math.round(ms / 1000)
  if (totalSec < 3600) return `${Math.floor(totalSec / 60)} min${totalSec % 60 ? ` ${totalSec % 60} s` : ''}`
  const totalMin = Math.round(totalSec / 60)
  return `${Math.floor(totalMin / 60)} h${totalMin % 60 ? ` ${totalMin % 60} min` : ''}`
}
