import { type TimeWindow, spanOf, windowEndingAt, zoomAround } from './time-scale'

/**
 * Where the time view looks and whether it follows the clock, and how each navigation action
 * moves it. Pure: the rules (zoom around the selection, Now as a toggle, landing on a delivery)
 * are tested without a browser.
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

/** The window following the clock: `nowMs` near its right edge, its span kept. */
export const followNow = (w: TimeWindow, nowMs: number): TimeWindow => windowEndingAt(nowMs + spanOf(w) * NOW_MARGIN, spanOf(w))

const overlaps = (a: { startMs: number; endMs: number }, w: TimeWindow) => a.endMs >= w.startMs && a.startMs <= w.endMs

/**
 * Zoomed by `factor` (above 1: in). Around the selected delivery when it is in view (following
 * stops, so it stays where it is), else around now while following (it keeps following), else
 * around `anchorMs` (the pointer) or the middle.
 */
export function zoomed(v: TimeViewState, factor: number, at: { nowMs: number; selection?: { startMs: number; endMs: number }; anchorMs?: number }): TimeViewState {
  if (at.anchorMs !== undefined) return { window: zoomAround(v.window, factor, at.anchorMs), follow: false }
  if (at.selection && overlaps(at.selection, v.window)) return { window: zoomAround(v.window, factor, (at.selection.startMs + at.selection.endMs) / 2), follow: false }
  if (v.follow) return { window: followNow(zoomAround(v.window, factor), at.nowMs), follow: true }
  return { window: zoomAround(v.window, factor), follow: false }
}

/** "Now" pressed: following stops where it is, or starts (the window jumps to now). */
export const toggledNow = (v: TimeViewState, nowMs: number): TimeViewState => (v.follow ? { ...v, follow: false } : { window: followNow(v.window, nowMs), follow: true })

/**
 * The window moved onto a delivery spanning `[startMs, endMs]` (its attempts): centred on it,
 * at the current zoom when it fits, else zoomed out until it does. Nothing moves when it is
 * already in view (a click on a mark must not move the view under the pointer).
 */
export function landedOn(v: TimeViewState, startMs: number, endMs: number): TimeViewState {
  if (startMs >= v.window.startMs && endMs <= v.window.endMs) return v
  const span = Math.max(spanOf(v.window), (endMs - startMs) * LANDING_ROOM)
  return { window: windowEndingAt((startMs + endMs) / 2 + span / 2, span), follow: false }
}

/** The window ending shortly after the newest delivery's last activity, at the current zoom. */
export const atLatest = (v: TimeViewState, lastMs: number): TimeViewState => ({ window: windowEndingAt(lastMs + spanOf(v.window) * 0.2, spanOf(v.window)), follow: false })
