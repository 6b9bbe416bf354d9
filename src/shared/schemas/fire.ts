import { z } from 'zod'
import { TOO_DEEP, isTextTooDeep } from '../core/json-depth'
import { ProviderId } from '../platforms'
import { GenerateContext } from '../platforms/context'
import { GenericEventDefinition } from '../platforms/generic/definition'
import { DeliveryStatus } from './delivery'
import { SendableHeaderPair } from './http'
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
  headers: z.array(SendableHeaderPair).default([]),
  /** The scenario run this fire belongs to: its deliveries carry it, and their ids derive from it. */
  runId: z.string().optional(),
  /** Names, versions, environment… used by the payload generator (realistic defaults when missing). */
  context: GenerateContext.default({}),
  /** Dot-path overrides applied after generation (`data.release.version`: 13). */
  set: z.record(z.string(), z.unknown()).default({}),
  /**
   * The payload as the user edited it (JSON text), sent instead of the generated one: byte for
   * byte where the platform posts plain JSON, wrapped as the platform wraps it otherwise
   * (CharlesCD hermes-wire). Checked against the event's schema unless `allowInvalid`.
   */
  body: z.string().max(5_000_000, 'an edited payload is at most 5 MB').refine((text) => !isTextTooDeep(text), `the payload is ${TOO_DEEP}`).optional(),
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

/** Where a header of a previewed request comes from; `secret` values are shown as a fingerprint. */
export const PreviewHeader = z.object({ name: z.string(), value: z.string(), kind: z.enum(['header', 'signature', 'secret']) })
export type PreviewHeader = z.infer<typeof PreviewHeader>

/** What a fire would send, computed without sending or storing anything. */
export const FirePreview = z.object({
  /** The seed the payload came from (a fresh one when the request had none): fire with it to send this body. */
  seed: z.union([z.string(), z.number()]),
  /** The instant the payload's timestamps show: fire with it (and the seed) to send this body. */
  occurredAt: z.iso.datetime({ offset: true }),
  /** The body exactly as it would be sent, for the first subscription reached (else the platform's default format). */
  body: z.string(),
  contentType: z.string(),
  /** The payload as JSON (CharlesCD hermes-wire: the decoded event); what an edit starts from. */
  payload: z.json(),
  /** The payload against the event's schema: empty when valid. */
  problems: z.array(z.object({ path: z.string(), message: z.string() })),
  requests: z.array(
    z.object({
      subscriptionId: z.string(),
      subscriptionName: z.string(),
      url: z.string(),
      headers: z.array(PreviewHeader),
      /** This subscription's body, when its format makes it differ from `body`. */
      body: z.string().optional(),
    }),
  ),
  skipped: FireResult.shape.skipped,
})
export type FirePreview = z.infer<typeof FirePreview>
