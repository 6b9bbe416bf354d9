import { type DeliveryDensity, type DensitySeries, MAX_DENSITY_BUCKETS } from '../../../../shared/schemas/delivery-density'
import type { DeliveryStatus } from '../../../../shared/schemas/delivery'
import { type TimeWindow, spanOf } from '../../store/deliveries/time-window'

/**
 * The time view's density band: which buckets to ask the engine for, whether what it answered
 * still serves the window on screen, and what a bucket holds. Pure, so the bucket maths is
 * tested without a browser.
 */

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Round bucket widths: a bucket starts on a multiple of its width, so a pan keeps its buckets. */
export const BUCKET_STEPS = [1, 2, 5, 10, 15, 30]
  .map((s) => s * SECOND)
  .concat([1, 2, 5, 10, 15, 30].map((m) => m * MINUTE))
  .concat([1, 2, 3, 6, 12].map((h) => h * HOUR))
  .concat([1, 2, 7].map((d) => d * DAY))

/** A bucket is drawn about this wide. */
export const BUCKET_PX = 4
/** A window holding at most this many deliveries is drawn one delivery at a time; past it, as density. */
export const MARKS_LIMIT = 1000

/** The narrowest round bucket at least BUCKET_PX wide in a window drawn `widthPx` wide. */
export function bucketStepFor(w: TimeWindow, widthPx: number): number {
  const wanted = (spanOf(w) / Math.max(1, widthPx)) * BUCKET_PX
  return BUCKET_STEPS.find((step) => step >= wanted) ?? BUCKET_STEPS.at(-1)!
}

export interface DensityRequest {
  fromMs: number
  bucketMs: number
  buckets: number
}

/**
 * The buckets to ask for: the window and half a span on each side (small pans draw from what is
 * there), on round boundaries, cut to the filters' time range when there is one. Undefined when
 * the window lies wholly outside that range.
 */
export function densityRequestFor(w: TimeWindow, widthPx: number, range: { fromMs?: number; toMs?: number } = {}): DensityRequest | undefined {
  const bucketMs = bucketStepFor(w, widthPx)
  const half = spanOf(w) / 2
  let startMs = Math.floor((w.startMs - half) / bucketMs) * bucketMs
  let endMs = Math.ceil((w.endMs + half) / bucketMs) * bucketMs
  if (range.fromMs !== undefined) startMs = Math.max(startMs, Math.floor(range.fromMs / bucketMs) * bucketMs)
  if (range.toMs !== undefined) endMs = Math.min(endMs, Math.ceil(range.toMs / bucketMs) * bucketMs)
  if (endMs <= startMs) return undefined
  const buckets = Math.min(MAX_DENSITY_BUCKETS, Math.round((endMs - startMs) / bucketMs))
  return { fromMs: startMs, bucketMs, buckets }
}

/** Whether fetched buckets still serve a wanted request: the same width, and they cover the window. */
export function densityServes(fetched: DensityRequest | undefined, wanted: DensityRequest | undefined, w: TimeWindow): boolean {
  if (!fetched || !wanted) return false
  const endMs = fetched.fromMs + fetched.bucketMs * fetched.buckets
  const clippedStart = Math.max(w.startMs, wanted.fromMs)
  const clippedEnd = Math.min(w.endMs, wanted.fromMs + wanted.bucketMs * wanted.buckets)
  return fetched.bucketMs === wanted.bucketMs && fetched.fromMs <= clippedStart && endMs >= clippedEnd
}

/** One bucket's deliveries, status by status (only those that occur). */
export interface BucketCounts {
  startMs: number
  endMs: number
  total: number
  byStatus: Array<{ status: DeliveryStatus; count: number }>
}

/** The counts of bucket `index` of some series. */
export function bucketCounts(density: Pick<DeliveryDensity, 'from' | 'bucketMs'>, series: DensitySeries[], index: number): BucketCounts {
  const startMs = Date.parse(density.from) + index * density.bucketMs
  const byStatus = series.flatMap((s) => (s.counts[index] ? [{ status: s.status, count: s.counts[index] }] : []))
  return { startMs, endMs: startMs + density.bucketMs, total: byStatus.reduce((sum, s) => sum + s.count, 0), byStatus }
}

/** The index of the bucket holding `ms`, or -1 outside the buckets. */
export function bucketIndexAt(density: Pick<DeliveryDensity, 'from' | 'bucketMs' | 'buckets'>, ms: number): number {
  const index = Math.floor((ms - Date.parse(density.from)) / density.bucketMs)
  return index >= 0 && index < density.buckets ? index : -1
}

/** The buckets that overlap the window: `[first, last]` indexes (last inclusive), empty when none do. */
export function bucketsInWindow(density: Pick<DeliveryDensity, 'from' | 'bucketMs' | 'buckets'>, w: TimeWindow): { first: number; last: number } {
  const fromMs = Date.parse(density.from)
  const first = Math.max(0, Math.floor((w.startMs - fromMs) / density.bucketMs))
  const last = Math.min(density.buckets - 1, Math.ceil((w.endMs - fromMs) / density.bucketMs) - 1)
  return { first, last }
}

/** Deliveries fired in the buckets that overlap the window (the edges count whole). */
export function countInWindow(density: DeliveryDensity, w: TimeWindow): number {
  const { first, last } = bucketsInWindow(density, w)
  let total = 0
  for (const s of density.series) for (let i = first; i <= last; i++) total += s.counts[i] ?? 0
  return total
}

/** The largest bucket total among those in the window (at least 1): a lane's bars are drawn against it. */
export function peakInWindow(series: DensitySeries[], density: Pick<DeliveryDensity, 'from' | 'bucketMs' | 'buckets'>, w: TimeWindow): number {
  const { first, last } = bucketsInWindow(density, w)
  let peak = 1
  for (let i = first; i <= last; i++) {
    let sum = 0
    for (const s of series) sum += s.counts[i] ?? 0
    if (sum > peak) peak = sum
  }
  return peak
}

/** Statuses from the bottom of a bar up: the settled ones first, what is still moving on top. */
export const STACK_ORDER: DeliveryStatus[] = ['delivered', 'failed', 'cancelled', 'retrying', 'held', 'sending', 'queued']

/** "5 min", "1 h", "30 s": a bucket's width for the legend. */
export function formatBucket(ms: number): string {
  if (ms >= DAY) return `${ms / DAY} d`
  if (ms >= HOUR) return `${ms / HOUR} h`
  if (ms >= MINUTE) return `${ms / MINUTE} min`
  return `${ms / SECOND} s`
}
