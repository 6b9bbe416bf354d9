import { z } from 'zod'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** Delays before attempts 2, 3, … of each preset (spec §1–§6). */
export const PRESET_DELAYS_MS = {
  none: [],
  /** Divshot: five re-attempts after the first, at 30 s, 1, 2, 4 and 8 min (spec §4 default). */
  divshot: [30_000, MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE],
  /** CharlesCD hermes: one delivery and three retries, 30 s apart. */
  charlescd: [30_000, 30_000, 30_000],
  /**
   * Svix / Standard Webhooks: "immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h", where
   * "immediately" is the first attempt: 8 attempts, the last 27 h 35 min 5 s after the first.
   */
  'standard-webhooks': [5_000, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
} as const

/** Retry schedules as data: a preset, an exponential backoff, or a fixed list of delays. */
export const RetryPolicy = z.discriminatedUnion('preset', [
  z.object({ preset: z.literal('none') }),
  z.object({ preset: z.literal('divshot') }),
  z.object({ preset: z.literal('charlescd') }),
  z.object({ preset: z.literal('standard-webhooks') }),
  z.object({
    preset: z.literal('exponential'),
    baseMs: z.number().int().min(0).default(1_000),
    factor: z.number().min(1).default(2),
    capMs: z.number().int().min(0).default(HOUR),
    /** 0 = exact delays; 0.2 = each delay drawn from ±20 %. */
    jitter: z.number().min(0).max(1).default(0),
    maxAttempts: z.number().int().min(1).max(100).default(8),
  }),
  z.object({
    preset: z.literal('fixed'),
    delaysMs: z.array(z.number().int().min(0)).max(100).default([1_000, 5_000, 30_000]),
  }),
])
export type RetryPolicy = z.infer<typeof RetryPolicy>
export type RetryPreset = RetryPolicy['preset']

export const RETRY_PRESETS = RetryPolicy.options.map((option) => option.shape.preset.value)
