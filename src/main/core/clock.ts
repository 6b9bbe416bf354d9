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

/** Real time; waits are multiplied by `timeScale` (0.001 turns 30 s into 30 ms), any length (see setLongTimeout). */
export function createSystemClock(timeScale = 1): Clock {
  return {
    now: () => Date.now(),
    after: (ms, fn) => setLongTimeout(fn, Math.max(0, ms * timeScale)),
  }
}
