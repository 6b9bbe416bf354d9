import { z } from 'zod'
import { ProviderId, perPlatform } from '../platforms'
import { SubscriptionFilters } from './filters'
import { HeaderPair, HttpUrl, checkHeaders } from './http'
import { patchOf } from './patch'
import { RetryPolicy } from './retry-policy'
import { SigningConfig, checkSigning } from './signing'
import { checkRetryDelays } from './delay'

/** The fields every subscription has, whatever its platform. */
const SubscriptionFields = z.object({
  name: z.string().trim().min(1).max(120),
  url: HttpUrl,
  /** Event names to send; empty = all. */
  events: z.array(z.string().min(1)).default([]),
  enabled: z.boolean().default(true),
  paused: z.boolean().default(false),
  signing: SigningConfig.default({ scheme: 'none' }),
  /** Unset = the platform's default schedule. */
  retry: RetryPolicy.optional(),
  /** Unset = the platform's default (10 s; CharlesCD 30 s). */
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
  headers: z.array(HeaderPair).default([]),
  filters: SubscriptionFilters.default({ events: [], environmentTypes: [], projectNames: [], where: [] }),
  /** Most requests in flight at once for this subscription. */
  concurrency: z.number().int().min(1).max(64).default(4),
  /** One request at a time, in fire order (a retry wait blocks later deliveries). */
  ordered: z.boolean().default(false),
})

const ServerFields = z.object({ id: z.string(), createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() })

/** One platform, or `any` to receive every platform's events with its defaults. */
export const SubscriptionProvider = z.union([ProviderId, z.literal('any')])
export type SubscriptionProvider = z.infer<typeof SubscriptionProvider>

/**
 * Where and how events are sent: one shape per platform (`provider`), each with its platform's
 * typed `options`. `enabled: false` sends nothing (Qovery's switch); `paused` holds deliveries
 * and sends them on resume (Divshot's pause/resume).
 */
export const Subscription = z.discriminatedUnion('provider', perPlatform(SubscriptionFields.extend(ServerFields.shape)))
export type Subscription = z.infer<typeof Subscription>

/** What a client sends to create a subscription: everything but the server-set fields. */
export const SubscriptionDraft = z
  .discriminatedUnion('provider', perPlatform(SubscriptionFields))
  .superRefine((draft, ctx) => {
    checkSigning(ctx, draft.signing, ['signing'])
    checkHeaders(ctx, draft.headers, ['headers'])
    checkRetryDelays(ctx, draft.retry, ['retry'])
  })
export type SubscriptionDraft = z.infer<typeof SubscriptionDraft>

/** A subscription's fields as one object: how patches are read and merged. */
export const SubscriptionShape = SubscriptionFields.extend({ provider: SubscriptionProvider, options: z.record(z.string(), z.unknown()) })

/**
 * A change to a subscription: only the fields it names change (nested objects and options field
 * by field; `null` removes an optional field such as `retry`). Never `.partial()` of the draft:
 * zod fills defaults inside a partial, so every patch would reset what it did not mention.
 */
export const SubscriptionChanges = patchOf(SubscriptionShape)
export const SubscriptionPatch = z.object({
  id: z.string(),
  changes: SubscriptionChanges,
})
export type SubscriptionPatch = z.infer<typeof SubscriptionPatch>
