import { type TimeWindow, spanOf, windowEndingAt, zoomAround } from './time-scale'

/**
 * Where the time view looks and whether it follows the clock, and how each navigation action
 * moves it. Pure: the rules (zoom around the selection, Now as a toggle, landing on a delivery)
 * are tested without a browser.
 *
 * `seen` is the share of the plot's width, from its left, that is not covered: below 1 while the
 * inspector is a drawer over the plot's right part (a 1024 px window). Now, the latest delivery
 * and a delivery landed on are placed within that part.
 */
export interface TimeViewState {
  window: TimeWindow
  /** The window slides with the clock ("Now"); a pan or zoom by hand stops it. */
  follow: boolean
}

/** While following, now sits this share of the span from the right edge. */
const NOW_MARGIN = 0.05
/** A delivery landed on sits in the middle, with this much room around its attempts. */
const LANDING_ROOM = 1.5

/** The window following the clock: `nowMs` near the right edge of its seen part, its span kept. */
export const followNow = (w: TimeWindow, nowMs: number, seen = 1): TimeWindow => windowEndingAt(nowMs + spanOf(w) * (1 - seen + NOW_MARGIN * seen), spanOf(w))

/** The part of the window the plot shows uncovered. */
const seenPart = (w: TimeWindow, seen: number): TimeWindow => ({ startMs: w.startMs, endMs: w.startMs + spanOf(w) * seen })

const overlaps = (a: { startMs: number; endMs: number }, w: TimeWindow) => a.endMs >= w.startMs && a.startMs <= w.endMs

/**
 * Zoomed by `factor` (above 1: in). Around the selected delivery when it is in view (following
 * stops, so it stays where it is), else around now while following (it keeps following), else
 * around `anchorMs` (the pointer) or the middle.
 */
export function zoomed(v: TimeViewState, factor: number, at: { nowMs: number; selection?: { startMs: number; endMs: number }; anchorMs?: number; seen?: number }): TimeViewState {
  const seen = at.seen ?? 1
  if (at.anchorMs !== undefined) return { window: zoomAround(v.window, factor, at.anchorMs), follow: false }
  if (at.selection && overlaps(at.selection, seenPart(v.window, seen))) return { window: zoomAround(v.window, factor, (at.selection.startMs + at.selection.endMs) / 2), follow: false }
  if (v.follow) return { window: followNow(zoomAround(v.window, factor), at.nowMs, seen), follow: true }
  return { window: zoomAround(v.window, factor, v.window.startMs + (spanOf(v.window) * seen) / 2), follow: false }
}

/** "Now" pressed: following stops where it is, or starts (the window jumps to now). */
export const toggledNow = (v: TimeViewState, nowMs: number, seen = 1): TimeViewState => (v.follow ? { ...v, follow: false } : { window: followNow(v.window, nowMs, seen), follow: true })

/**
 * The window moved onto a delivery spanning `[startMs, endMs]` (its attempts): centred in the
 * seen part, at the current zoom when it fits, else zoomed out until it does. Nothing moves when
 * it is already in the seen part (a click on a mark must not move the view under the pointer).
 */
export function landedOn(v: TimeViewState, startMs: number, endMs: number, seen = 1): TimeViewState {
  const part = seenPart(v.window, seen)
  if (startMs >= part.startMs && endMs <= part.endMs) return v
  const span = Math.max(spanOf(v.window), ((endMs - startMs) * LANDING_ROOM) / seen)
  const middle = (startMs + endMs) / 2
  return { window: windowEndingAt(middle + span * (1 - seen / 2), span), follow: false }
}

/** The window ending shortly after the newest delivery's last activity (within the seen part), at the current zoom. */
export const atLatest = (v: TimeViewState, lastMs: number, seen = 1): TimeViewState => ({
  window: windowEndingAt(lastMs + spanOf(v.window) * (1 - seen + 0.2 * seen), spanOf(v.window)),
  follow: false,
})
