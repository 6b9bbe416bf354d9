import { MAX_DELAY_MS } from './schemas/delay'
import { PRESET_DELAYS_MS, type RetryPolicy } from './schemas/retry-policy'

/**
 * Nominal delays before attempts 2, 3, …; jitter (if any) is applied per attempt. A delay is at
 * most MAX_DELAY_MS: input is refused past it, and a policy an older version saved is held to it.
 */
export function retryDelays(policy: RetryPolicy): number[] {
  switch (policy.preset) {
    case 'exponential': {
      const { baseMs, factor, capMs, maxAttempts } = policy
      // 0 × Infinity is NaN: a zero base stays zero however large the factor.
      const delay = (i: number) => (baseMs === 0 ? 0 : Math.min(capMs, MAX_DELAY_MS, baseMs * factor ** i))
      return Array.from({ length: maxAttempts - 1 }, (_, i) => delay(i))
    }
    case 'fixed':
      return policy.delaysMs.map((ms) => Math.min(ms, MAX_DELAY_MS))
    default:
      return [...PRESET_DELAYS_MS[policy.preset]]
  }
}

export const maxAttempts = (policy: RetryPolicy) => retryDelays(policy).length + 1

/** One planned attempt: its number, the wait before it, and when it starts after the first. */
export interface PlannedAttempt {
  attempt: number
  delayMs: number
  atMs: number
}

/** The nominal schedule (no jitter, no Retry-After) of a policy against an always-failing endpoint, for the UI and docs. */
export function retrySchedule(policy: RetryPolicy): PlannedAttempt[] {
  let atMs = 0
  return [0, ...retryDelays(policy)].map((delayMs, i) => {
    atMs += delayMs
    return { attempt: i + 1, delayMs, atMs }
  })
}

const UNITS = [
  { ms: 3_600_000, name: 'h' },
  { ms: 60_000, name: 'min' },
] as const

/**
 * An exact span in whole units, zero parts left out: `0 s`, `250 ms`, `2.5 s`, `5 min 5 s`,
 * `27 h 35 min 5 s` (hours, never days: schedules are compared in hours). Exact, unlike
 * `formatDuration`: a schedule is read to the second.
 */
export function formatSpan(ms: number): string {
  if (ms === 0) return '0 s'
  if (ms < 1_000) return `${Math.round(ms)} ms`
  const parts: string[] = []
  let rest = Math.round(ms)
  for (const unit of UNITS) {
    const count = Math.floor(rest / unit.ms)
    rest -= count * unit.ms
    if (count > 0) parts.push(`${count} ${unit.name}`)
  }
  if (rest > 0) parts.push(`${+(rest / 1_000).toFixed(3)} s`)
  return parts.join(' ')
}

/** One line of a schedule as the UI lists it. */
export interface ScheduleLine {
  attempt: number
  /** `at 0 s` for the first, `at +30 s (30 s)` after it: since the first attempt, then the wait before this one. */
  text: string
}

/** A policy's attempts in numbers, for people: the one wording of a retry schedule (the form, the catalog, the check). */
export interface ScheduleSummary {
  lines: ScheduleLine[]
  /** `gives up after attempt 8, 27 h 35 min after the first` or `one attempt, no retries`. */
  end: string
  /** Set when the waits vary: `each wait varies by up to ±20 %`. */
  jitter?: string
  /** The whole schedule in one sentence. */
  sentence: string
  /** How many attempts it makes at most. */
  attempts: number
  /** The waits between them, in order: `30 s, 1 min, 2 min, 4 min and 8 min` (empty when it never retries). */
  waits: string
  /** In a few words, as the catalog lists it: `6 attempts: retried after 30 s, 1 min, … and 8 min`, or `one attempt, no retries`. */
  brief: string
}

/** The attempts a policy makes when every one fails: "attempt 1 at 0 s, 2 at +30 s (30 s), … gives up after 4 min 30 s". */
export function describeSchedule(policy: RetryPolicy): ScheduleSummary {
  const planned = retrySchedule(policy)
  const lines = planned.map(({ attempt, delayMs, atMs }) => ({
    attempt,
    text: attempt === 1 ? 'at 0 s' : `at +${formatSpan(atMs)} (${formatSpan(delayMs)})`,
  }))
  const last = planned.at(-1)!
  const end = planned.length === 1 ? 'one attempt, no retries' : `gives up after attempt ${last.attempt}, ${formatSpan(last.atMs)} after the first`
  const jitter = policy.preset === 'exponential' && policy.jitter > 0 ? `each wait varies by up to ±${+(policy.jitter * 100).toFixed(1)} %` : undefined
  const attempts = lines.map((line, i) => `${i === 0 ? 'attempt ' : ''}${line.attempt} ${line.text}`).join(', ')
  const sentence = `${attempts}; ${end}${jitter ? ` (${jitter})` : ''}`
  const delays = planned.slice(1).map(({ delayMs }) => formatSpan(delayMs))
  const waits = delays.length <= 1 ? (delays[0] ?? '') : `${delays.slice(0, -1).join(', ')} and ${delays.at(-1)!}`
  const brief = planned.length === 1 ? 'one attempt, no retries' : `${planned.length} attempts: retried after ${waits}`
  return { lines, end, ...(jitter && { jitter }), sentence, attempts: planned.length, waits, brief }
}
