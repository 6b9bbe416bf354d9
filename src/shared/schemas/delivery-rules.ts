import { z } from 'zod'

const Status = z.number().int().min(100).max(599)

/**
 * What a 3xx does: it is an answer like any other (`fail`), or it is followed like Go's http.Client
 * does (301/302/303 turn the POST into a GET without body, 307/308 re-send it) until the
 * `stopAfter`-th redirect answer, which ends the attempt with an error.
 */
export const RedirectRule = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('fail') }),
  z.object({ mode: z.literal('follow'), stopAfter: z.number().int().min(1).max(20) }),
])
export type RedirectRule = z.infer<typeof RedirectRule>

/**
 * How a sender judges a response: one platform's behaviour, or the Standard Webhooks
 * recommendations. The retry schedule itself is the delivery's RetryPolicy.
 */
export const DeliveryRules = z.object({
  /** Inclusive range of statuses that count as delivered. */
  success: z.tuple([Status, Status]),
  /** 410 Gone: `disable` switches the subscription off; `retry` treats it like any other failure. */
  gone: z.enum(['disable', 'retry']),
  /** Statuses whose Retry-After header lengthens the wait before the next attempt (empty = ignored). */
  retryAfter: z.array(Status),
  redirects: RedirectRule,
  /** Whether a `webhook-delivery: abort-message` response header stops the retries (Svix). */
  abortMessage: z.boolean(),
  /** Where these rules come from, with the spec's marks, e.g. "[C: CH-sub] Go http.DefaultClient". */
  source: z.string().min(1),
})
export type DeliveryRules = z.infer<typeof DeliveryRules>

/** Go's defaultCheckRedirect gives up when a 10th redirect answers: 9 are followed, 10 requests in all. */
export const GO_REDIRECT_LIMIT = 10

/**
 * The Standard Webhooks spec's "Delivery success and failure" (spec §6): 2xx succeeds, 3xx fails,
 * 410 disables the endpoint, 429/502/504 mean throttle and Retry-After (e.g. on 503) is honoured.
 */
export const STANDARD_WEBHOOKS_RULES: DeliveryRules = {
  success: [200, 299],
  gone: 'disable',
  retryAfter: [429, 502, 503, 504],
  redirects: { mode: 'fail' },
  abortMessage: true,
  source: '[D: SW] Standard Webhooks "Delivery success and failure"; abort-message: [D: SVX]',
}

/** What a platform that documents nothing about responses gets: 2xx, every failure retried per its schedule, 3xx not followed. */
export const PLAIN_RULES: Omit<DeliveryRules, 'source'> = {
  success: [200, 299],
  gone: 'retry',
  retryAfter: [],
  redirects: { mode: 'fail' },
  abortMessage: false,
}
