/** Node's timers hold at most 2^31 - 1 ms (about 24.8 days); a longer delay fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * `setTimeout` for any delay: a wait past Node's limit is re-armed in slices, so a retry due in
 * 35 days fires in 35 days. Returns a function that cancels it. Non-finite delays never fire.
 */
export function setLongTimeout(fn: () => void, ms: number): () => void {
  let timer: NodeJS.Timeout | undefined
  let cancelled = false
  const arm = (remaining: number) => {
    if (cancelled || !Number.isFinite(remaining)) return
    const slice = Math.min(Math.max(0, remaining), MAX_TIMER_MS)
    timer = setTimeout(() => (remaining > MAX_TIMER_MS ? arm(remaining - MAX_TIMER_MS) : fn()), slice)
  }
  arm(ms)
  return () => {
    cancelled = true
    clearTimeout(timer)
  }
}
