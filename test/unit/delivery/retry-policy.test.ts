import { describe, expect, it } from 'vitest'
import { type DeliveryRules, STANDARD_WEBHOOKS_RULES } from '../../../src/shared/schemas/delivery-rules'
import { RetryPolicy } from '../../../src/shared/schemas/retry-policy'
import type { SendResult } from '../../../src/main/delivery/http-sender'
import { classifyError } from '../../../src/main/delivery/http-sender'
import { decideAfterAttempt, defaultRetryPolicy, maxAttempts, parseRetryAfter, retryDelays, retrySchedule } from '../../../src/main/delivery/retry-policy'
import { charlesCd } from '../../../src/shared/platforms/charlescd'
import { divshot } from '../../../src/shared/platforms/divshot'

const NOW = Date.UTC(2025, 0, 1)
const response = (status: number, headers: Array<[string, string]> = []): SendResult => ({
  kind: 'response',
  durationMs: 1,
  response: { status, headers, body: '', bodyBytes: 0, truncated: false },
})
const refused: SendResult = { kind: 'error', errorClass: 'connection_refused', message: 'refused', durationMs: 1 }
const ctx = (attemptsMade: number, random = () => 0.5) => ({ attemptsMade, nowMs: NOW, random })
const decide = (policy: RetryPolicy, result: SendResult, made: number, rules: DeliveryRules = STANDARD_WEBHOOKS_RULES, random?: () => number) =>
  decideAfterAttempt(policy, rules, result, ctx(made, random))

/** Runs a policy against an endpoint that always fails: the delays between attempts, in order. */
function schedule(policy: RetryPolicy, result: SendResult = response(500)): number[] {
  const delays: number[] = []
  for (let made = 1; ; made++) {
    const decision = decide(policy, result, made)
    if (decision.kind !== 'retry') return delays
    delays.push(decision.delayMs)
  }
}

const s = 1000
const min = 60 * s
const h = 60 * min

describe('retry presets', () => {
  it.each([
    ['none', [], 1],
    ['divshot', [30 * s, 1 * min, 2 * min, 4 * min, 8 * min], 6],
    ['charlescd', [30 * s, 30 * s, 30 * s], 4],
    ['standard-webhooks', [5 * s, 5 * min, 30 * min, 2 * h, 5 * h, 10 * h, 10 * h], 8],
  ] as const)('%s waits exactly %j and makes %i attempts', (preset, delays, attempts) => {
    const policy = RetryPolicy.parse({ preset })
    expect(schedule(policy)).toEqual(delays)
    expect(maxAttempts(policy)).toBe(attempts)
  })

  it('standard-webhooks puts the last attempt 27 h 35 min 5 s after the first', () => {
    const total = retryDelays(RetryPolicy.parse({ preset: 'standard-webhooks' })).reduce((a, b) => a + b, 0)
    expect(total).toBe(27 * h + 35 * min + 5 * s)
  })

  it('exponential grows by its factor up to the cap', () => {
    const policy = RetryPolicy.parse({ preset: 'exponential', baseMs: 1000, factor: 3, capMs: 20_000, maxAttempts: 6 })
    expect(schedule(policy)).toEqual([1000, 3000, 9000, 20_000, 20_000])
  })

  it('exponential jitter stays within its bounds', () => {
    const policy = RetryPolicy.parse({ preset: 'exponential', baseMs: 10_000, factor: 1, jitter: 0.2, maxAttempts: 2 })
    const low = decide(policy, response(500), 1, divshot.delivery.rules, () => 0)
    const high = decide(policy, response(500), 1, divshot.delivery.rules, () => 0.999999)
    expect(low).toMatchObject({ kind: 'retry', delayMs: 8000 })
    expect(high.kind === 'retry' && high.delayMs).toBeLessThanOrEqual(12_000)
    expect(high.kind === 'retry' && high.delayMs).toBeGreaterThan(11_990)
  })

  it('fixed follows its list', () => {
    expect(schedule(RetryPolicy.parse({ preset: 'fixed', delaysMs: [10, 20, 0] }))).toEqual([10, 20, 0])
  })

  it('transport errors are retried like failing statuses', () => {
    expect(schedule(RetryPolicy.parse({ preset: 'charlescd' }), refused)).toHaveLength(3)
  })

  it('says how it ended', () => {
    expect(decide(RetryPolicy.parse({ preset: 'divshot' }), response(500), 6)).toEqual({
      kind: 'failed',
      reason: 'retries exhausted after 6 attempts; last: HTTP 500',
    })
  })
})

describe('responses under the Standard Webhooks rules', () => {
  const policy = RetryPolicy.parse({ preset: 'divshot' })

  it('2xx delivers', () => {
    expect(decide(policy, response(204), 1).kind).toBe('delivered')
    expect(decide(policy, response(299), 1).kind).toBe('delivered')
  })

  it('3xx is not followed and counts as a failure', () => {
    expect(decide(policy, response(302, [['Location', '/elsewhere']]), 1)).toMatchObject({
      kind: 'retry',
      note: 'redirects are not followed',
    })
  })

  it('410 disables the subscription at once', () => {
    expect(decide(policy, response(410), 1).kind).toBe('disable')
  })

  it.each([429, 502, 503, 504])('%i waits at least as long as Retry-After says', (status) => {
    expect(decide(policy, response(status, [['Retry-After', '120']]), 1)).toMatchObject({ kind: 'retry', delayMs: 120_000 })
    // Shorter than the policy's own delay: the policy wins.
    expect(decide(policy, response(status, [['Retry-After', '1']]), 1)).toMatchObject({ kind: 'retry', delayMs: 30_000 })
    const date = new Date(NOW + 600_000).toUTCString()
    expect(decide(policy, response(status, [['retry-after', date]]), 1)).toMatchObject({ kind: 'retry', delayMs: 600_000 })
  })

  it('Retry-After is not read on other failures', () => {
    expect(decide(policy, response(500, [['Retry-After', '120']]), 1)).toEqual({ kind: 'retry', delayMs: 30_000 })
  })

  it('Retry-After never extends past the policy\'s last attempt', () => {
    expect(decide(policy, response(429, [['Retry-After', '120']]), 6).kind).toBe('failed')
  })

  it('a receiver can stop retries with webhook-delivery: abort-message', () => {
    expect(decide(policy, response(500, [['Webhook-Delivery', 'abort-message']]), 1).kind).toBe('failed')
  })
})

describe('responses under a platform\'s own rules', () => {
  const charlescd = RetryPolicy.parse({ preset: 'charlescd' })

  it('CharlesCD succeeds on 200–226 only', () => {
    expect(decide(charlescd, response(226), 1, charlesCd.delivery.rules).kind).toBe('delivered')
    expect(decide(charlescd, response(299), 1, charlesCd.delivery.rules)).toEqual({ kind: 'retry', delayMs: 30_000 })
  })

  it('a 410 is retried like any failure, then fails when the schedule ends', () => {
    expect(decide(charlescd, response(410), 1, charlesCd.delivery.rules)).toEqual({ kind: 'retry', delayMs: 30_000 })
    expect(decide(charlescd, response(410), 4, charlesCd.delivery.rules)).toEqual({ kind: 'failed', reason: 'retries exhausted after 4 attempts; last: HTTP 410' })
    expect(decide(RetryPolicy.parse({ preset: 'none' }), response(410), 1, divshot.delivery.rules).kind).toBe('failed')
  })

  it.each([429, 503])('%i keeps the fixed schedule whatever Retry-After says', (status) => {
    expect(decide(charlescd, response(status, [['Retry-After', '120']]), 1, charlesCd.delivery.rules)).toEqual({ kind: 'retry', delayMs: 30_000 })
  })

  it('says which redirects were followed', () => {
    const followed: SendResult = { ...response(200), redirects: [{ status: 302, method: 'GET', url: 'http://127.0.0.1/final' }] }
    expect(decide(charlescd, followed, 1, charlesCd.delivery.rules)).toEqual({ kind: 'delivered', note: 'followed 1 redirect(s) to GET http://127.0.0.1/final' })
    expect(decide(charlescd, response(302), 1, charlesCd.delivery.rules)).toEqual({ kind: 'retry', delayMs: 30_000 })
  })

  it('webhook-delivery: abort-message means nothing to a platform that does not know it', () => {
    expect(decide(charlescd, response(500, [['Webhook-Delivery', 'abort-message']]), 1, charlesCd.delivery.rules).kind).toBe('retry')
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, clamps absurd values, ignores garbage', () => {
    expect(parseRetryAfter('30', NOW)).toEqual({ ms: 30_000, clamped: false })
    expect(parseRetryAfter(new Date(NOW + 5000).toUTCString(), NOW)).toEqual({ ms: 5000, clamped: false })
    expect(parseRetryAfter(new Date(NOW - 5000).toUTCString(), NOW)).toEqual({ ms: 0, clamped: false })
    expect(parseRetryAfter('99999999', NOW)).toEqual({ ms: 24 * h, clamped: true })
    expect(parseRetryAfter('soon', NOW)).toBeUndefined()
    expect(parseRetryAfter('1.5', NOW)).toBeUndefined()
    expect(parseRetryAfter('-5', NOW)).toBeUndefined()
    expect(parseRetryAfter(' 7 ', NOW)).toEqual({ ms: 7000, clamped: false })
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined()
  })
})

describe('transport error classes', () => {
  it.each([
    ['ECONNREFUSED', 'connection_refused'],
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ECONNRESET', 'reset'],
    ['EPIPE', 'reset'],
    ['ETIMEDOUT', 'timeout'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
    ['EHOSTUNREACH', 'network'],
  ])('%s is %s', (code, errorClass) => {
    expect(classifyError(Object.assign(new Error('boom'), { code }))[0]).toBe(errorClass)
  })
})

describe('platform defaults and the nominal schedule', () => {
  it.each([
    ['ocean-cd', 'none'],
    ['qovery', 'none'],
    ['charlescd', 'charlescd'],
    ['divshot', 'divshot'],
    ['generic', 'standard-webhooks'],
  ] as const)('%s defaults to %s', (provider, preset) => {
    expect(defaultRetryPolicy(provider).preset).toBe(preset)
  })

  it('lists each attempt with its wait and its offset from the first', () => {
    expect(retrySchedule(RetryPolicy.parse({ preset: 'divshot' }))).toEqual([
      { attempt: 1, delayMs: 0, atMs: 0 },
      { attempt: 2, delayMs: 30 * s, atMs: 30 * s },
      { attempt: 3, delayMs: 1 * min, atMs: 90 * s },
      { attempt: 4, delayMs: 2 * min, atMs: 210 * s },
      { attempt: 5, delayMs: 4 * min, atMs: 450 * s },
      { attempt: 6, delayMs: 8 * min, atMs: 930 * s },
    ])
    expect(retrySchedule(RetryPolicy.parse({ preset: 'none' }))).toEqual([{ attempt: 1, delayMs: 0, atMs: 0 }])
    expect(retrySchedule(RetryPolicy.parse({ preset: 'standard-webhooks' })).at(-1)).toEqual({ attempt: 8, delayMs: 10 * h, atMs: 27 * h + 35 * min + 5 * s })
  })

  it('the policy alone decides how many attempts: a failing policy of n attempts retries n - 1 times', () => {
    for (const policy of [RetryPolicy.parse({ preset: 'exponential', maxAttempts: 3 }), RetryPolicy.parse({ preset: 'fixed', delaysMs: [] })]) {
      expect(schedule(policy)).toHaveLength(maxAttempts(policy) - 1)
    }
  })

  it('a 2xx is delivered even on the last attempt, and under Standard Webhooks rules a 410 disables even when retries remain', () => {
    const policy = RetryPolicy.parse({ preset: 'charlescd' })
    expect(decideAfterAttempt(policy, STANDARD_WEBHOOKS_RULES, response(200), ctx(4)).kind).toBe('delivered')
    expect(decideAfterAttempt(policy, STANDARD_WEBHOOKS_RULES, response(410), ctx(1)).kind).toBe('disable')
  })

  it('Retry-After on other statuses is ignored, and a clamped one says so', () => {
    const policy = RetryPolicy.parse({ preset: 'divshot' })
    expect(decideAfterAttempt(policy, STANDARD_WEBHOOKS_RULES, response(500, [['Retry-After', '600']]), ctx(1))).toMatchObject({ kind: 'retry', delayMs: 30 * s })
    expect(decideAfterAttempt(policy, STANDARD_WEBHOOKS_RULES, response(429, [['Retry-After', '999999']]), ctx(1))).toMatchObject({
      kind: 'retry',
      delayMs: 24 * h,
      note: expect.stringContaining('clamped to 24 h') as unknown,
    })
  })
})
