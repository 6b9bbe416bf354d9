import { z } from 'zod'
import { ProviderId } from '../platforms'
import { GenerateContext } from '../platforms/context'
import { GenericEventDefinition } from '../platforms/generic/definition'
import { DeliveryStatus } from './delivery'
import { HeaderPair } from './http'
import { RetryPolicy } from './retry-policy'

/** Fire one platform event at every matching subscription (or at the listed ones). */
export const FireRequest = z.object({
  provider: ProviderId,
  event: z.string().trim().min(1),
  /** Same seed, same payload; unset = a fresh random seed. */
  seed: z.union([z.string(), z.number()]).optional(),
  /** Ids unique to this one notification (a scenario gives each fire its own); unset = from `seed`. */
  messageSeed: z.union([z.string(), z.number()]).optional(),
  /** When the event happens in the story (payload timestamps); unset = now. Signatures always use now. */
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  /** Headers added to this event's requests, after the platform's and the subscription's. */
  headers: z.array(HeaderPair).default([]),
  /** The scenario run this fire belongs to: its deliveries carry it, and their ids derive from it. */
  runId: z.string().optional(),
  /** Names, versions, environment… used by the payload generator (realistic defaults when missing). */
  context: GenerateContext.default({}),
  /** Dot-path overrides applied after generation (`data.release.version`: 13). */
  set: z.record(z.string(), z.unknown()).default({}),
  /** Send a payload that breaks the platform's schema, on purpose. */
  allowInvalid: z.boolean().default(false),
  /** Limit the fire to these subscriptions (filters still apply). */
  subscriptionIds: z.array(z.string()).optional(),
  /** Overrides the subscriptions' retry policy for this fire only. */
  retry: RetryPolicy.optional(),
  /** For `generic`: the event's body template (else a saved definition or the default template). */
  definition: GenericEventDefinition.optional(),
})
export type FireRequest = z.infer<typeof FireRequest>

export const FireResult = z.object({
  eventId: z.string(),
  deliveries: z.array(
    z.object({ id: z.string(), subscriptionId: z.string(), subscriptionName: z.string(), url: z.string(), status: DeliveryStatus }),
  ),
  /** Subscriptions that did not get the event, and why: nothing is dropped silently. */
  skipped: z.array(z.object({ subscriptionId: z.string(), subscriptionName: z.string(), reason: z.string() })),
})
export type FireResult = z.infer<typeof FireResult>
