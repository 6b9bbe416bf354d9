/**
 * The time view's horizontal axis: a window of time mapped onto a width in pixels, zoomed and
 * panned, with ticks at round steps. Pure, so the maths is tested without a browser.
 */

export interface TimeWindow {
  startMs: number
  endMs: number
}

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Narrowest and widest window: seconds to days (a retry schedule spans 27 hours). */
export const MIN_SPAN_MS = 5 * SECOND
export const MAX_SPAN_MS = 30 * DAY
/** One zoom step (a button, a key, a wheel notch) halves or doubles the span. */
export const ZOOM_STEP = 2

/** Round tick steps, smallest first. */
const STEPS = [1, 2, 5, 10, 15, 30].map((s) => s * SECOND)
  .concat([1, 2, 5, 10, 15, 30].map((m) => m * MINUTE))
  .concat([1, 2, 3, 6, 12].map((h) => h * HOUR))
  .concat([1, 2, 7, 14].map((d) => d * DAY))

/** Ticks at least this far apart, so their labels never collide. */
const MIN_TICK_PX = 96

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

/** The tick step for a window drawn `widthPx` wide: the smallest round step at least MIN_TICK_PX apart. */
export function tickStep(w: TimeWindow, widthPx: number): number {
  const msPerPx = spanOf(w) / Math.max(1, widthPx)
  return STEPS.find((step) => step / msPerPx >= MIN_TICK_PX) ?? STEPS.at(-1)!
}

export interface Tick {
  ms: number
  x: number
  label: string
}

/**
 * Ticks on round times of the step, in local time: clock times under a day ("14:05:30",
 * "14:05"), dates past it ("3 Nov"); a tick at midnight shows its date.
 */
export function ticks(w: TimeWindow, widthPx: number): Tick[] {
  const step = tickStep(w, widthPx)
  const offsetMs = new Date(w.startMs).getTimezoneOffset() * MINUTE
  // Round in local time, so "every 6 h" lands on 00:00, 06:00… where the user is.
  const first = Math.ceil((w.startMs - offsetMs) / step) * step + offsetMs
  const result: Tick[] = []
  for (let ms = first; ms <= w.endMs; ms += step) result.push({ ms, x: xOf(w, widthPx, ms), label: tickLabel(ms, step) })
  return result
}

function tickLabel(ms: number, step: number): string {
  const date = new Date(ms)
  const isMidnight = date.getHours() === 0 && date.getMinutes() === 0 && date.getSeconds() === 0
  if (step >= DAY || isMidnight) return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })
  const pad = (n: number) => String(n).padStart(2, '0')
  const hm = `${pad(date.getHours())}:${pad(date.getMinutes())}`
  return step < MINUTE ? `${hm}:${pad(date.getSeconds())}` : hm
}

/** A step as the scale bar shows it: "10 s", "5 m", "2 h", "1 d". */
export function formatStep(ms: number): string {
  if (ms >= DAY) return `${Math.round(ms / DAY)} d`
  if (ms >= HOUR) return `${Math.round(ms / HOUR)} h`
  if (ms >= MINUTE) return `${Math.round(ms / MINUTE)} m`
  return `${Math.round(ms / SECOND)} s`
}

/** A gap between attempts, to a useful precision: "850 ms", "2.1 s", "5 m 3 s", "2 h 30 m", "1 d 3 h". */
export function formatGap(ms: number): string {
  if (ms < SECOND) return `${Math.round(ms)} ms`
  if (ms < MINUTE) return `${+(ms / SECOND).toFixed(1)} s`
  const parts = (big: number, bigUnit: string, small: number, smallUnit: string) => {
    const whole = Math.floor(ms / big)
    const rest = Math.round((ms - whole * big) / small)
    return rest ? `${whole} ${bigUnit} ${rest} ${smallUnit}` : `${whole} ${bigUnit}`
  }
  if (ms < HOUR) return parts(MINUTE, 'm', SECOND, 's')
  if (ms < DAY) return parts(HOUR, 'h', MINUTE, 'm')
  return parts(DAY, 'd', HOUR, 'h')
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
