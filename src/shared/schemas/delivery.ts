import { z } from 'zod'
import { EventFacts } from '../platforms/context'
import { DeliveryRules } from './delivery-rules'
import { HeaderPair } from './http'
import { RetryPolicy } from './retry-policy'
import { SigningConfig } from './signing'
import { DeliveryFault } from './signature-fault'


/** Why a request got no HTTP response. */
export const TransportErrorClass = z.enum(['timeout', 'connection_refused', 'dns', 'tls', 'reset', 'network', 'interrupted', 'invalid_request'])
export type TransportErrorClass = z.infer<typeof TransportErrorClass>

/** Responses are recorded up to this many bytes of body (spec §0: first 4 KB). */
export const RESPONSE_BODY_CAP = 4096

export const AttemptResponse = z.object({
  status: z.number().int(),
  headers: z.array(HeaderPair),
  /** The first RESPONSE_BODY_CAP bytes, as UTF-8 text. */
  body: z.string(),
  bodyBytes: z.number().int().nonnegative(),
  truncated: z.boolean(),
})
export type AttemptResponse = z.infer<typeof AttemptResponse>

export const AttemptOutcome = z.enum(['delivered', 'retry', 'failed'])
export type AttemptOutcome = z.infer<typeof AttemptOutcome>

/** A redirect followed within one attempt: the status that sent the request on, and the request made next. */
export const Redirect = z.object({
  status: z.number().int(),
  method: z.enum(['POST', 'GET']),
  url: z.string(),
})
export type Redirect = z.infer<typeof Redirect>

/** One HTTP request of a delivery: exactly what was sent and what came back. */
export const Attempt = z.object({
  /** 1-based within its series; a redelivery starts a new series at 1. */
  n: z.number().int().positive(),
  series: z.number().int().nonnegative(),
  startedAt: z.iso.datetime(),
  /** A scenario run's attempt: when it went out in the run's story (its retries wait in story time). */
  storyAt: z.iso.datetime().optional(),
  durationMs: z.number().nonnegative(),
  url: z.string(),
  /** Request headers as sent, signature headers included. The body is the delivery's `body`. */
  headers: z.array(HeaderPair),
  /** Redirects followed before the answer (only where the rules follow them); the last `url` answered. */
  redirects: z.array(Redirect).optional(),
  response: AttemptResponse.optional(),
  error: z.object({ class: TransportErrorClass, message: z.string() }).optional(),
  outcome: AttemptOutcome,
  /** Why the attempt counts as it does (e.g. "3xx is not followed", "Retry-After: 120"). */
  note: z.string().optional(),
  /** Nominal wait before the next attempt, when one is scheduled. */
  retryInMs: z.number().nonnegative().optional(),
})
export type Attempt = z.infer<typeof Attempt>

/**
 * An attempt as the event stream tells it: what happened, without the request headers (they carry
 * signatures, and Qovery's and CharlesCD's secret itself) or the response's headers and body.
 */
export const AttemptSummary = Attempt.omit({ headers: true, response: true }).extend({
  response: AttemptResponse.pick({ status: true, bodyBytes: true }).optional(),
})
export type AttemptSummary = z.infer<typeof AttemptSummary>

export function summarizeAttempt({ headers: _headers, response, ...rest }: Attempt): AttemptSummary {
  return { ...rest, ...(response && { response: { status: response.status, bodyBytes: response.bodyBytes } }) }
}

export const DeliveryStatus = z.enum(['queued', 'held', 'sending', 'retrying', 'delivered', 'failed', 'cancelled'])
export type DeliveryStatus = z.infer<typeof DeliveryStatus>

export const FINAL_STATUSES: readonly DeliveryStatus[] = ['delivered', 'failed', 'cancelled']

/**
 * One event for one subscription. The id is the message id sent as `webhook-id` (and the
 * like): it never changes, not on retries, not after a crash, not on redelivery.
 */
export const Delivery = z.object({
  id: z.string(),
  /** Global fire order; `ordered` subscriptions send in this order. */
  seq: z.number().int().nonnegative(),
  eventId: z.string(),
  /** The scenario run that made it, if any. */
  runId: z.string().optional(),
  subscriptionId: z.string(),
  subscriptionName: z.string(),
  provider: z.string(),
  event: z.string(),
  /** What filters looked at when it was fired (environment type, project…); absent on deliveries recorded before they were kept. */
  facts: EventFacts.optional(),
  url: z.string(),
  /** The exact body bytes (UTF-8) sent on every attempt. */
  body: z.string(),
  /** Headers before signing: the platform's own plus the subscription's custom ones. */
  headers: z.array(HeaderPair),
  signing: SigningConfig,
  retry: RetryPolicy,
  timeoutMs: z.number().int().positive(),
  /** Headers whose value is the subscription's secret in plain text (Qovery, CharlesCD). */
  secretHeaders: z.array(z.string()).default([]),
  /** How responses are judged: the platform's rules, or Standard Webhooks' where the user chose them. */
  rules: DeliveryRules,
  /** Sent forged, stale or replayed on purpose (a scenario's `tamper:`): how each attempt's signature is made. */
  fault: DeliveryFault.optional(),
  status: DeliveryStatus,
  series: z.number().int().nonnegative().default(0),
  attempts: z.array(Attempt).default([]),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Wall-clock epoch ms at which the next attempt is due (already scaled by the time scale). */
  dueAt: z.number().optional(),
  finishedAt: z.iso.datetime().optional(),
  /** Human-readable end state, e.g. "retries exhausted after 6 attempts". */
  reason: z.string().optional(),
})
export type Delivery = z.infer<typeof Delivery>

export const isFinal = (delivery: Pick<Delivery, 'status'>) => FINAL_STATUSES.includes(delivery.status)

/**
 * The attempts the delivery's current series has made: what its retry policy counts (a redelivery
 * starts a series of its own; a request cut off by a restart is not an attempt the policy made).
 */
export const attemptsInSeries = (delivery: Pick<Delivery, 'attempts' | 'series'>) =>
  delivery.attempts.filter((attempt) => attempt.series === delivery.series && attempt.error?.class !== 'interrupted').length

/** A delivery without its body and per-attempt headers: what lists and the event stream carry. */
export const DeliverySummary = Delivery.pick({
  id: true,
  seq: true,
  eventId: true,
  runId: true,
  subscriptionId: true,
  subscriptionName: true,
  provider: true,
  event: true,
  url: true,
  status: true,
  series: true,
  createdAt: true,
  updatedAt: true,
  dueAt: true,
  finishedAt: true,
  reason: true,
}).extend({
  attemptCount: z.number().int().nonnegative(),
  lastStatus: z.number().int().optional(),
  lastError: TransportErrorClass.optional(),
  /**
   * When each attempt started (epoch ms, every series in order): what the Timeline's time view
   * draws. A flat array of numbers, a few bytes per attempt in memory. Absent on deliveries saved
   * by versions before it; the next attempt's time is `dueAt`.
   */
  attemptTimes: z.array(z.number().int()).optional(),
})
export type DeliverySummary = z.infer<typeof DeliverySummary>

export function summarizeDelivery(delivery: Delivery): DeliverySummary {
  const last = delivery.attempts.at(-1)
  return {
    id: delivery.id,
    seq: delivery.seq,
    eventId: delivery.eventId,
    ...(delivery.runId !== undefined && { runId: delivery.runId }),
    subscriptionId: delivery.subscriptionId,
    subscriptionName: delivery.subscriptionName,
    provider: delivery.provider,
    event: delivery.event,
    url: delivery.url,
    status: delivery.status,
    series: delivery.series,
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
    dueAt: delivery.dueAt,
    finishedAt: delivery.finishedAt,
    reason: delivery.reason,
    attemptCount: delivery.attempts.length,
    lastStatus: last?.response?.status,
    lastError: last?.error?.class,
    attemptTimes: delivery.attempts.map((attempt) => Date.parse(attempt.startedAt)),
  }
}
