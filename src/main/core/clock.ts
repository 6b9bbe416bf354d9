import { setLongTimeout } from './long-timeout'

/**
 * Every wait in the engine goes through a Clock, so tests drive time by hand and
 * `--time-scale` can shrink a 27-hour retry schedule to seconds.
 */
export interface Clock {
  /** Wall-clock time in epoch milliseconds (signatures and timestamps use it unscaled). */
  now(): number
  /** Runs `fn` after `ms` of simulated time; returns a function that cancels it. */
  after(ms: number, fn: () => void): () => void
}

/** Arms a real timer (not scaled: it plays story clocks and bounds waits); returns a function that cancels it. */
export type RealTimer = (fn: () => void, ms: number) => () => void

/** Real time; waits are multiplied by `timeScale` (0.001 turns 30 s into 30 ms), any length (see setLongTimeout). */
export function createSystemClock(timeScale = 1): Clock {
  return {
    now: () => Date.now(),
    after: (ms, fn) => setLongTimeout(fn, Math.max(0, ms * timeScale)),
  }
}

/** What `work` gives within `ms` of real time, or undefined once that has passed (the work goes on). */
export async function withinTime<T>(work: Promise<T>, ms: number, timer: RealTimer = setLongTimeout): Promise<T | undefined> {
  let cancel = () => {}
  const late = new Promise<undefined>((resolve) => {
    cancel = timer(() => resolve(undefined), ms)
  })
  try {
    return await Promise.race([work, late])
  } finally {
    cancel()
  }
}
