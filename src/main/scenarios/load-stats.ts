import { formatDuration } from '../../shared/core/duration'
import type { LoadResult, Percentiles } from '../../shared/schemas/run'
import type { StepOf } from '../../shared/schemas/scenario'

/** One request of a load step: when it was due and went out (real ms), and what came of it. */
export interface LoadSample {
  /** The arrival it belongs to (from 0). */
  arrival: number
  dueMs: number
  sentMs: number
  /** The target's answer status, or the transport error's class. */
  outcome: { status: number } | { error: string }
  /** From request to answer (real ms). */
  latencyMs: number
  /** The platform's rules would send it again. */
  retry: boolean
}

/** Hookbench kept the rate when it sent at least this share of the rate asked… */
const KEPT_RATE_SHARE = 0.95
/** …and its own delay (due → sent) stayed under this for 95% of the arrivals. */
export const KEPT_LAG_MS = 100

/** Nearest-rank percentile of sorted values (0 when there are none). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[Math.min(rank, sorted.length) - 1]!
}

const percentiles = (values: number[]): Percentiles => {
  const sorted = [...values].sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 }
}

const round = (n: number) => Math.round(n * 10) / 10

/** What a load step measured, from its samples. */
export function summarizeLoad(samples: readonly LoadSample[], rate: number, forMs: number): LoadResult {
  const answered = samples.filter((s) => 'status' in s.outcome)
  const failed = samples.filter((s) => !('status' in s.outcome) || s.outcome.status < 200 || s.outcome.status > 299)
  const byKind: Record<string, number> = {}
  for (const s of failed) {
    const kind = 'status' in s.outcome ? String(s.outcome.status) : s.outcome.error
    byKind[kind] = (byKind[kind] ?? 0) + 1
  }
  const arrivals = new Map<number, number>()
  for (const s of samples) if (!arrivals.has(s.arrival) || arrivals.get(s.arrival)! > s.sentMs) arrivals.set(s.arrival, s.sentMs)
  const firstByArrival = [...arrivals.values()].sort((a, b) => a - b)
  const spanMs = (firstByArrival.at(-1) ?? 0) - (firstByArrival[0] ?? 0)
  const achievedRate = firstByArrival.length <= 1 ? firstByArrival.length : ((firstByArrival.length - 1) * 1000) / Math.max(spanMs, 1)
  const lags = percentiles(samples.map((s) => Math.max(0, s.sentMs - s.dueMs)))
  const latency = percentiles(answered.map((s) => s.latencyMs))
  const expected = Math.max(1, Math.ceil((rate * forMs) / 1000))
  const keptRate = firstByArrival.length >= expected && (expected <= 1 || achievedRate >= rate * KEPT_RATE_SHARE) && lags.p95 <= KEPT_LAG_MS
  return {
    rate,
    forMs,
    sent: samples.length,
    answered: answered.length,
    achievedRate: round(achievedRate),
    latencyMs: { p50: round(latency.p50), p90: round(latency.p90), p95: round(latency.p95), p99: round(latency.p99), max: round(latency.max) },
    errors: { count: failed.length, rate: samples.length === 0 ? 0 : failed.length / samples.length, byKind },
    retries: samples.filter((s) => s.retry).length,
    lagMs: { p95: round(lags.p95), max: round(lags.max) },
    keptRate,
  }
}

type Thresholds = NonNullable<StepOf<'load'>['load']['expect']>

const pct = (share: number) => `${+(share * 100).toFixed(2)}%`

/** Whether a load step passed: Hookbench kept the rate, and the target's answers meet every threshold. */
export function judgeLoad(result: LoadResult, thresholds: Thresholds | undefined): { passed: boolean; problems: string[] } {
  const problems: string[] = []
  if (!result.keptRate) {
    problems.push(
      `Hookbench could not keep ${+result.rate.toFixed(2)}/s (it sent ${result.achievedRate}/s; its own delay p95 ${result.lagMs.p95} ms, max ${result.lagMs.max} ms): the figures do not measure your app at that rate; lower the rate, or run where Hookbench has a core to itself`,
    )
  }
  for (const [key, limit] of Object.entries(thresholds?.latency ?? {})) {
    if (limit === undefined) continue
    const got = result.latencyMs[key as keyof Percentiles]
    if (result.answered === 0) problems.push(`latency ${key}: no answer to measure`)
    else if (got >= limit) problems.push(`latency ${key} was ${got} ms, not under ${formatDuration(limit)}`)
  }
  const errors = thresholds?.errors?.rate
  if (errors) {
    const share = result.errors.rate * 100
    const holds = errors.inclusive ? share <= errors.percent : share < errors.percent
    if (!holds) problems.push(`errors were ${pct(result.errors.rate)} (${result.errors.count} of ${result.sent}: ${describeKinds(result.errors.byKind)}), not ${errors.inclusive ? '<=' : '<'} ${errors.percent}%`)
  }
  return { passed: problems.length === 0, problems }
}

const describeKinds = (byKind: Record<string, number>) =>
  Object.entries(byKind)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${n} × ${/^\d+$/.test(kind) ? `HTTP ${kind}` : kind}`)
    .join(', ')

/** One line: what was sent, how fast, what came back. */
export function describeLoad(result: LoadResult): string {
  const { latencyMs: l } = result
  return [
    `${result.sent} requests at ${result.achievedRate}/s (${+result.rate.toFixed(2)}/s asked) over ${formatDuration(result.forMs)}`,
    result.answered > 0 ? `latency p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms` : 'no answer',
    `errors ${result.errors.count} (${pct(result.errors.rate)})`,
    `${result.retries} the platform would retry`,
    `Hookbench's own delay p95 ${result.lagMs.p95} ms`,
  ].join('; ')
}
