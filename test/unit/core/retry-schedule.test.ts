import { describe, expect, it } from 'vitest'
import { RetryPolicy } from '../../../src/shared/schemas/retry-policy'
import { describeSchedule, formatSpan, retryDelays } from '../../../src/shared/retry-schedule'
import { MAX_DELAY_MS } from '../../../src/shared/schemas/delay'

const policy = (input: object) => RetryPolicy.parse(input)

describe('formatSpan', () => {
  it.each([
    [0, '0 s'],
    [250, '250 ms'],
    [30_000, '30 s'],
    [2_500, '2.5 s'],
    [90_000, '1 min 30 s'],
    [305_000, '5 min 5 s'],
    [3_600_000, '1 h'],
    [(27 * 3600 + 35 * 60 + 5) * 1000, '27 h 35 min 5 s'],
    [(2 * 86_400 + 3 * 3600) * 1000, '51 h'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatSpan(ms)).toBe(text)
  })
})

describe('a retry schedule in numbers', () => {
  it('lists every attempt from the first, with the time since the first and the wait before it', () => {
    const divshot = describeSchedule(policy({ preset: 'divshot' }))
    expect(divshot.lines.map((line) => `${line.attempt} ${line.text}`)).toEqual([
      '1 at 0 s',
      '2 at +30 s (30 s)',
      '3 at +1 min 30 s (1 min)',
      '4 at +3 min 30 s (2 min)',
      '5 at +7 min 30 s (4 min)',
      '6 at +15 min 30 s (8 min)',
    ])
    expect(divshot.end).toBe('gives up after attempt 6, 15 min 30 s after the first')
    expect(divshot.jitter).toBeUndefined()
    expect(divshot.sentence).toBe(
      'attempt 1 at 0 s, 2 at +30 s (30 s), 3 at +1 min 30 s (1 min), 4 at +3 min 30 s (2 min), 5 at +7 min 30 s (4 min), 6 at +15 min 30 s (8 min); gives up after attempt 6, 15 min 30 s after the first',
    )
  })

  it('Standard Webhooks gives up 27 h 35 min 5 s after the first attempt', () => {
    expect(describeSchedule(policy({ preset: 'standard-webhooks' })).end).toBe('gives up after attempt 8, 27 h 35 min 5 s after the first')
  })

  it('one attempt means no retries', () => {
    expect(describeSchedule(policy({ preset: 'none' }))).toEqual({
      lines: [{ attempt: 1, text: 'at 0 s' }],
      end: 'one attempt, no retries',
      sentence: 'attempt 1 at 0 s; one attempt, no retries',
      attempts: 1,
      waits: '',
      brief: 'one attempt, no retries',
    })
    expect(describeSchedule(policy({ preset: 'divshot' })).brief).toBe('6 attempts: retried after 30 s, 1 min, 2 min, 4 min and 8 min')
  })

  it('states the jitter of an exponential policy, and caps its waits', () => {
    const summary = describeSchedule(policy({ preset: 'exponential', baseMs: 1_000, factor: 10, capMs: 60_000, jitter: 0.2, maxAttempts: 4 }))
    expect(summary.lines.map((line) => line.text)).toEqual(['at 0 s', 'at +1 s (1 s)', 'at +11 s (10 s)', 'at +1 min 11 s (1 min)'])
    expect(summary.jitter).toBe('each wait varies by up to ±20 %')
    expect(summary.sentence).toMatch(/gives up after attempt 4, 1 min 11 s after the first \(each wait varies by up to ±20 %\)$/)
  })

  it('a fixed list is followed as written', () => {
    expect(describeSchedule(policy({ preset: 'fixed', delaysMs: [500, 0, 2_000] })).lines.map((line) => line.text)).toEqual(['at 0 s', 'at +500 ms (500 ms)', 'at +500 ms (0 s)', 'at +2.5 s (2 s)'])
  })
})

describe('delays that cannot be waited', () => {
  it('a zero base stays zero whatever the factor (never NaN), and no delay passes 10 years', () => {
    expect(retryDelays(RetryPolicy.parse({ preset: 'exponential', baseMs: 0, factor: 1e308, maxAttempts: 4 }))).toEqual([0, 0, 0])
    const huge = retryDelays(RetryPolicy.parse({ preset: 'exponential', baseMs: 1, factor: 1e308, capMs: 9e15, maxAttempts: 4 }))
    expect(huge).toEqual([1, MAX_DELAY_MS, MAX_DELAY_MS])
    // Saved by a version that took any delay: held to the limit, so its due date is a date.
    expect(retryDelays(RetryPolicy.parse({ preset: 'fixed', delaysMs: [3e9, 9e15] }))).toEqual([3e9, MAX_DELAY_MS])
  })
})
