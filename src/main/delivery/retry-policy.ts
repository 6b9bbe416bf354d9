import { type ProviderId, platformOf } from '../../shared/platforms'
import type { DeliveryRules } from '../../shared/schemas/delivery-rules'
import type { RetryPolicy } from '../../shared/schemas/retry-policy'
import { retryDelays } from '../../shared/retry-schedule'
import { headerValue } from '../../shared/schemas/http'
import type { SendResult } from './http-sender'
import type { Decision } from './decision'

/** Nobody waits more than a day because a server said so; longer Retry-After values are clamped. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000

export { maxAttempts, retryDelays, retrySchedule, type PlannedAttempt } from '../../shared/retry-schedule'

/**
 * A platform's schedule when its subscription sets none (spec [DEFAULT]s): Ocean CD and Qovery
 * one attempt, CharlesCD `charlescd`, Divshot `divshot`, generic `standard-webhooks`.
 */
export const defaultRetryPolicy = (provider: ProviderId): RetryPolicy => platformOf(provider).delivery.retry

export interface AttemptContext {
  /** Attempts made in this series, the one just finished included. */
  attemptsMade: number
  nowMs: number
  random: () => number
}

/**
 * What follows an attempt, by the delivery's rules: a status in the success range delivers;
 * a 410 disables the subscription or is retried; `webhook-delivery: abort-message` may stop
 * retrying; otherwise the policy's next delay (lengthened by Retry-After where the rules honour
 * it), until the policy is exhausted.
 */
export function decideAfterAttempt(policy: RetryPolicy, rules: DeliveryRules, result: SendResult, context: AttemptContext): Decision {
  const notes = [redirectNote(rules, result)]
  const verdict = judgeResponse(rules, result)
  if (verdict) return verdict.kind === 'delivered' ? withNotes(verdict, notes) : verdict
  const nominal = retryDelays(policy)[context.attemptsMade - 1]
  if (nominal === undefined) {
    const total = context.attemptsMade
    return { kind: 'failed', reason: total === 1 ? `${describe(rules, result)}; the policy makes no retries` : `retries exhausted after ${total} attempts; last: ${describe(rules, result)}` }
  }
  const jittered = applyJitter(policy, nominal, context.random)
  const retryAfter = retryAfterOf(rules, result, context.nowMs)
  if (retryAfter !== undefined && retryAfter.ms > jittered) {
    notes.push(`Retry-After asks for ${Math.round(retryAfter.ms / 1000)} s${retryAfter.clamped ? ' (clamped to 24 h)' : ''}`)
    return withNotes({ kind: 'retry', delayMs: retryAfter.ms }, notes)
  }
  return withNotes({ kind: 'retry', delayMs: jittered }, notes)
}

/** The outcomes a response settles at once, whatever the retry policy. */
function judgeResponse(rules: DeliveryRules, result: SendResult): Decision | undefined {
  // A request that cannot even be built (a header Node refuses, a secret the scheme refuses) never will be.
  if (result.kind === 'error' && result.errorClass === 'invalid_request') return { kind: 'failed', reason: `the request cannot be sent: ${result.message}` }
  if (result.kind !== 'response') return undefined
  const { status, headers } = result.response
  const [low, high] = rules.success
  if (status >= low && status <= high) return { kind: 'delivered' }
  if (status === 410 && rules.gone === 'disable') return { kind: 'disable', reason: '410 Gone: the subscription was disabled' }
  if (rules.abortMessage && headerValue(headers, 'webhook-delivery')?.toLowerCase() === 'abort-message') {
    return { kind: 'failed', reason: `${status}, and the receiver asked to stop retrying (webhook-delivery: abort-message)` }
  }
  return undefined
}

function retryAfterOf(rules: DeliveryRules, result: SendResult, nowMs: number) {
  if (result.kind !== 'response' || !rules.retryAfter.includes(result.response.status)) return undefined
  return parseRetryAfter(headerValue(result.response.headers, 'retry-after'), nowMs)
}

function redirectNote(rules: DeliveryRules, result: SendResult): string | undefined {
  const followed = result.redirects ?? []
  const last = followed.at(-1)
  if (last) return `followed ${followed.length} redirect(s) to ${last.method} ${last.url}`
  return unfollowedRedirect(rules, result) ? 'redirects are not followed' : undefined
}

const unfollowedRedirect = (rules: DeliveryRules, result: SendResult) =>
  rules.redirects.mode === 'fail' && result.kind === 'response' && result.response.status >= 300 && result.response.status < 400

function withNotes<T extends Extract<Decision, { kind: 'delivered' | 'retry' }>>(decision: T, notes: Array<string | undefined>): T {
  const note = notes.filter(Boolean).join('; ')
  return note ? { ...decision, note } : decision
}

function applyJitter(policy: RetryPolicy, delayMs: number, random: () => number): number {
  if (policy.preset !== 'exponential' || policy.jitter === 0) return delayMs
  return Math.round(delayMs * (1 + policy.jitter * (2 * random() - 1)))
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): { ms: number; clamped: boolean } | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const trimmed = value.trim()
  // Date.parse is lenient ("1.5" is a date to it), so only text with a month or day name counts as one.
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : /[a-z]/i.test(trimmed) ? Date.parse(trimmed) - nowMs : Number.NaN
  if (!Number.isFinite(ms)) return undefined
  const positive = Math.max(0, ms)
  return positive > MAX_RETRY_AFTER_MS ? { ms: MAX_RETRY_AFTER_MS, clamped: true } : { ms: positive, clamped: false }
}

function describe(rules: DeliveryRules, result: SendResult): string {
  if (result.kind === 'error') return `${result.errorClass} (${result.message})`
  const { status } = result.response
  return unfollowedRedirect(rules, result) ? `${status} (redirects are not followed)` : `HTTP ${status}`
}
