import { z } from 'zod'
import { ProviderId } from '../providers/provider-id'
import { SubscriptionFilters } from './filters'
import { HeaderPair, HttpUrl } from './http'
import { patchOf } from './patch'
import { RetryPolicy } from './retry-policy'
import { SigningConfig } from './signing'

/**
 * Where and how events are sent. `enabled: false` sends nothing (Qovery's switch); `paused`
 * holds deliveries and sends them on resume (Divshot's pause/resume).
 */
export const Subscription = z.object({
  id: z.string(),
  name: z.string().trim().min(1).max(120),
  url: HttpUrl,
  /** One platform, or `any` to receive every platform's events with its defaults. */
  provider: z.union([ProviderId, z.literal('any')]),
  /** Event names to send; empty = all. */
  events: z.array(z.string().min(1)).default([]),
  enabled: z.boolean().default(true),
  paused: z.boolean().default(false),
  signing: SigningConfig,
  /** Unset = the platform's default schedule. */
  retry: RetryPolicy.optional(),
  /** Unset = the platform's default (10 s; CharlesCD 30 s). */
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
  headers: z.array(HeaderPair).default([]),
  filters: SubscriptionFilters.default({ events: [], environmentTypes: [], projectNames: [], where: [] }),
  /** Platform options (Qovery kind, CharlesCD format…), validated against the platform's schema. */
  options: z.record(z.string(), z.unknown()).default({}),
  /** Most requests in flight at once for this subscription. */
  concurrency: z.number().int().min(1).max(64).default(4),
  /** One request at a time, in fire order (a retry wait blocks later deliveries). */
  ordered: z.boolean().default(false),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})
export type Subscription = z.infer<typeof Subscription>

/** What a client sends to create a subscription: everything but the server-set fields. */
export const SubscriptionDraft = Subscription.omit({ id: true, createdAt: true, updatedAt: true }).extend({
  signing: SigningConfig.default({ scheme: 'none' }),
})
export type SubscriptionDraft = z.infer<typeof SubscriptionDraft>

/**
 * A change to a subscription: only the fields it names change (nested objects field by field;
 * `null` removes an optional field such as `retry`). Never `.partial()` of the draft: zod fills
 * defaults inside a partial, so every patch would reset what it did not mention.
 */
export const SubscriptionChanges = patchOf(SubscriptionDraft)
export const SubscriptionPatch = z.object({
  id: z.string(),
  changes: SubscriptionChanges,
})
export type SubscriptionPatch = z.infer<typeof SubscriptionPatch>
