import { z } from 'zod'
import { SubscriptionFilters } from './filters'
import { SubscriptionProvider } from './subscription'

/** Most recent events a preview looks at. */
export const FILTER_PREVIEW_MAX = 200

/** Filters being edited, tried against the platform's recent deliveries (nothing is saved or sent). */
export const FilterPreviewRequest = z
  .object({
    provider: SubscriptionProvider,
    /** The subscription's event list (empty = every event), checked before the filters, as a fire does. */
    events: z.array(z.string().min(1)).default([]),
    filters: SubscriptionFilters,
    limit: z.number().int().min(1).max(FILTER_PREVIEW_MAX).default(FILTER_PREVIEW_MAX),
  })
  .strict()
export type FilterPreviewRequest = z.infer<typeof FilterPreviewRequest>

/** The part of a subscription that leaves an event out. */
export const FilterPart = z.enum(['events', 'filters.events', 'filters.environmentTypes', 'filters.projectNames', 'filters.where'])
export type FilterPart = z.infer<typeof FilterPart>

/** One recent event and what the filters make of it. */
export const FilterPreviewItem = z.object({
  /** The newest delivery of the event (an event fired at several subscriptions counts once). */
  deliveryId: z.string(),
  eventId: z.string(),
  provider: z.string(),
  event: z.string(),
  createdAt: z.iso.datetime(),
  matches: z.boolean(),
  failedOn: FilterPart.optional(),
  /** Why it does not match, in the engine's words ("project shop-eu matches none of web*"). */
  reason: z.string().optional(),
  /** False for deliveries recorded before their environment type and project were kept: those filters see "(none)". */
  factsKnown: z.boolean(),
})
export type FilterPreviewItem = z.infer<typeof FilterPreviewItem>

export const FilterPreview = z.object({
  items: z.array(FilterPreviewItem),
  matched: z.number().int().nonnegative(),
})
export type FilterPreview = z.infer<typeof FilterPreview>
