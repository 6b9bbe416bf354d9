import type { z } from 'zod'
import type { RetryPolicy } from './retry-policy'

/**
 * The longest delay a user may set: a retry wait, a controller's heartbeat interval or timeout, a
 * scenario wait. Hookbench waits any delay up to it (past Node's 24.8-day timer limit too, see
 * setLongTimeout); past it, a date computed from now would no longer be an ordinary date.
 */
export const MAX_DELAY_MS = 10 * 365 * 24 * 3_600_000
export const MAX_DELAY_TEXT = '10 years (87600h, 315360000000 ms)'

/** One delay given in milliseconds: at most MAX_DELAY_MS, with the reason. */
export function checkDelay(ctx: z.RefinementCtx, ms: number, path: PropertyKey[]): void {
  if (ms <= MAX_DELAY_MS) return
  ctx.addIssue({ code: 'custom', path, message: `must be at most ${MAX_DELAY_TEXT}: a longer wait would never come in practice and its date could not be written` })
}

/** The delays a retry policy sets (fixed delays, exponential base and cap). */
export function checkRetryDelays(ctx: z.RefinementCtx, retry: RetryPolicy | undefined, path: PropertyKey[]): void {
  if (retry?.preset === 'fixed') retry.delaysMs.forEach((ms, i) => checkDelay(ctx, ms, [...path, 'delaysMs', i]))
  if (retry?.preset === 'exponential') {
    checkDelay(ctx, retry.baseMs, [...path, 'baseMs'])
    checkDelay(ctx, retry.capMs, [...path, 'capMs'])
  }
}
