import type { RealTimer } from '../../core/clock'
import { setLongTimeout } from '../../core/long-timeout'
import type { StoryClock } from './story-clock'

export interface PacerOptions {
  clock: StoryClock
  /** Real milliseconds per story millisecond: 1 plays the story in real time, 0 jumps. */
  timeScale: number
  /** Real timers (tests pass a fake one); long delays are re-armed past Node's limit. */
  realTimer?: RealTimer
  /** Runs `fn` once the promises settling now have settled (a macrotask later). */
  defer?: (fn: () => void) => void
  /** Real time now (tests pass a fake clock's). */
  realNow?: () => number
}

export interface Pacer {
  /** Starts playing the clock; what is due falls due from here on. */
  start(): void
  /**
   * Stops: nothing more falls due until started again. With `keepProgress`, story time moves on by
   * what was played of the wait in progress, so a run stopped half way through a wait resumes with
   * the rest of it.
   */
  stop(options?: { keepProgress?: boolean }): void
  /**
   * Plays the clock in real time (scale 1) until the returned function is called, whatever the
   * run's scale: a load step's arrivals go out in real time, and the story keeps pace with them.
   */
  realTime(): () => void
}

/**
 * Plays a story clock against the real one. Only when the run is quiescent (no hold open) does
 * it move the clock: at scale 0 straight to the next due item, at scale s after (due − now) × s
 * real ms. One item falls due at a time and its consequences settle (requests answered, steps
 * parked again) before the next, so what happens, and in which story order, is the same at any
 * scale; the scale decides only how long it takes.
 */
export function createPacer({ clock, timeScale, realTimer = setLongTimeout, defer = (fn) => void setImmediate(fn), realNow = Date.now }: PacerOptions): Pacer {
  let playing = false
  let deferred = false
  let armed: { dueMs: number; fromMs: number; armedAt: number; scale: number; cancel: () => void } | undefined
  let unsubscribe: (() => void) | undefined
  let realTimeHolds = 0
  const scale = () => (realTimeHolds > 0 ? 1 : timeScale)

  const disarm = () => {
    armed?.cancel()
    armed = undefined
  }

  /** Looks again after the current turn: a hold released now may be taken again by the code it woke. */
  const kick = () => {
    if (!playing || deferred) return
    deferred = true
    defer(() => {
      deferred = false
      tick()
    })
  }

  const tick = () => {
    if (!playing) return
    const dueMs = clock.isQuiescent() ? clock.nextDue() : undefined
    if (dueMs === undefined) return disarm()
    if (scale() === 0) {
      clock.fireNext()
      return kick()
    }
    if (armed?.dueMs === dueMs) return
    disarm()
    armed = {
      dueMs,
      fromMs: clock.now(),
      armedAt: realNow(),
      cancel: realTimer(() => {
        armed = undefined
        if (playing && clock.isQuiescent() && clock.nextDue() === dueMs) clock.fireNext()
        kick()
      }, (dueMs - clock.now()) * scale()),
      scale: scale(),
    }
  }

  /** The scale changed: what is armed was armed for the other one. */
  const rescale = () => {
    if (armed) {
      clock.advanceTo(Math.floor(armed.fromMs + (realNow() - armed.armedAt) / (armed.scale || Number.POSITIVE_INFINITY)))
      disarm()
    }
    kick()
  }

  return {
    start() {
      if (playing) return
      playing = true
      unsubscribe = clock.onChange(kick)
      kick()
    },
    stop({ keepProgress = false } = {}) {
      playing = false
      unsubscribe?.()
      unsubscribe = undefined
      if (armed && keepProgress) clock.advanceTo(Math.floor(armed.fromMs + (realNow() - armed.armedAt) / armed.scale))
      disarm()
    },
    realTime() {
      realTimeHolds++
      if (realTimeHolds === 1) rescale()
      let released = false
      return () => {
        if (released) return
        released = true
        realTimeHolds--
        if (realTimeHolds === 0) rescale()
      }
    },
  }
}
