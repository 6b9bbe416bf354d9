import { z } from 'zod'
import { DeliveryStatus } from './delivery'
import { DeliveryQuery } from './history-query'

/** Buckets one density call counts at most: a few per pixel of the widest screen. */
export const MAX_DENSITY_BUCKETS = 2000
/** Subscriptions counted one by one at most; the rest are summed as `otherLanes`. */
export const MAX_DENSITY_LANES = 200
const DAY_MS = 86_400_000

/**
 * How many deliveries were fired in each of `buckets` equal slices of time from `from`, by
 * status, for the whole history and per subscription: what the Timeline's time view draws when
 * a window holds more deliveries than it can draw one by one. Filters as `listDeliveries`
 * (summary text only: no search in bodies).
 */
export const DensityQuery = z
  .object(DeliveryQuery.shape)
  .pick({ status: true, provider: true, event: true, subscriptionId: true, runId: true, text: true })
  .extend({
    /** Start of the first bucket. */
    from: z.iso.datetime(),
    bucketMs: z.number().int().min(1).max(30 * DAY_MS),
    buckets: z
      .number()
      .int()
      .min(1)
      .max(MAX_DENSITY_BUCKETS, `at most ${MAX_DENSITY_BUCKETS} buckets in one call: use wider buckets (bucketMs) for a longer span`),
    /** The busiest subscriptions counted on their own (0: the total only). */
    lanes: z
      .number()
      .int()
      .min(0)
      .max(MAX_DENSITY_LANES, `at most ${MAX_DENSITY_LANES} lanes in one call: the others are summed in otherLanes`)
      .default(50),
  })
  .strict()
export type DensityQuery = z.infer<typeof DensityQuery>

/** Deliveries of one status per bucket (only statuses that occur are listed). */
export const DensitySeries = z.object({
  status: DeliveryStatus,
  counts: z.array(z.number().int().nonnegative()),
})
export type DensitySeries = z.infer<typeof DensitySeries>

export const DensityLane = z.object({
  subscriptionId: z.string(),
  subscriptionName: z.string(),
  total: z.number().int().nonnegative(),
  series: z.array(DensitySeries),
})
export type DensityLane = z.infer<typeof DensityLane>

export const DeliveryDensity = z.object({
  from: z.iso.datetime(),
  bucketMs: z.number().int().positive(),
  buckets: z.number().int().positive(),
  /** Deliveries counted: fired within the buckets and taken by the filters. */
  total: z.number().int().nonnegative(),
  /** Every subscription's deliveries together. */
  series: z.array(DensitySeries),
  /** The busiest subscriptions first, up to `lanes`. */
  lanes: z.array(DensityLane),
  /** Subscriptions with deliveries in the buckets that were not listed in `lanes`. */
  otherLanes: z.number().int().nonnegative(),
})
export type DeliveryDensity = z.infer<typeof DeliveryDensity>
