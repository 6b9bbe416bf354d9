import { create } from 'zustand'

/*
 * Where the time view looks: a window of time, zoomed and panned, and whether it follows the
 * clock; how each navigation action moves it; and the store that keeps it across switches between
 * list and time, and across views. Pure but for the store, so the rules are tested without a
 * browser. The axis drawn from it (ticks, labels) is views/timeline/time-scale.ts.
 */

export interface TimeWindow {
  startMs: number
  endMs: number
}

const SECOND = 1000
const DAY = 24 * 60 * 60 * SECOND

/** Narrowest and widest window: seconds to days (a retry schedule spans 27 hours). */
export const MIN_SPAN_MS = 5 * SECOND
export const MAX_SPAN_MS = 30 * DAY
/** One zoom step (a button, a key, a wheel notch) halves or doubles the span. */
export const ZOOM_STEP = 2

export const spanOf = (w: TimeWindow) => w.endMs - w.startMs

/** x of a time, in pixels from the left edge (may fall outside 0…width). */
export const xOf = (w: TimeWindow, widthPx: number, ms: number) => ((ms - w.startMs) / spanOf(w)) * widthPx

/** The time under an x. */
export const timeAt = (w: TimeWindow, widthPx: number, x: number) => w.startMs + (x / widthPx) * spanOf(w)

/** A window `spanMs` wide ending at `endMs`, the span kept within the zoom limits. */
export function windowEndingAt(endMs: number, spanMs: number): TimeWindow {
  const span = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, spanMs))
  return { startMs: endMs - span, endMs }
}

/**
 * Zoomed by `factor` (above 1 zooms in) around `anchorMs`, which stays where it is on screen;
 * the span is kept within the limits.
 */
export function zoomAround(w: TimeWindow, factor: number, anchorMs = (w.startMs + w.endMs) / 2): TimeWindow {
  const span = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, spanOf(w) / factor))
  const share = (anchorMs - w.startMs) / spanOf(w)
  const startMs = anchorMs - share * span
  return { startMs, endMs: startMs + span }
}

/** Moved by `dx` pixels of a `widthPx` view (positive: later). */
export function panBy(w: TimeWindow, widthPx: number, dx: number): TimeWindow {
  const shift = (dx / widthPx) * spanOf(w)
  return { startMs: w.startMs + shift, endMs: w.endMs + shift }
}

/**
 * The window to fetch for a visible one: half a span more on each side, so small pans draw from
 * what is there. Fetched again only once the view leaves it or zooms out past it.
 */
export function fetchWindow(w: TimeWindow): TimeWindow {
  const half = spanOf(w) / 2
  return { startMs: w.startMs - half, endMs: w.endMs + half }
}

/** Whether `fetched` still serves the visible window: it covers it and is not far wider (a zoom in by more than 4×). */
export function covers(fetched: TimeWindow | undefined, w: TimeWindow): boolean {
  return fetched !== undefined && fetched.startMs <= w.startMs && fetched.endMs >= w.endMs && spanOf(fetched) <= 8 * spanOf(w)
}

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

/** The window shown at first: the last quarter of an hour, following now. */
const DEFAULT_SPAN_MS = 15 * 60_000

/** The time view's window; kept across switches between list and time, and across views. */
export const useTimeView = create<TimeViewState>()(() => ({ window: followNow(windowEndingAt(Date.now(), DEFAULT_SPAN_MS), Date.now()), follow: true }))

/** Moves the window: `change` is one of the navigation rules above (or a pan). */
export const moveTimeView = (change: (v: TimeViewState) => TimeViewState) => useTimeView.setState(change)
