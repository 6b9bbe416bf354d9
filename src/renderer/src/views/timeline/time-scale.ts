import { type TimeWindow, spanOf, xOf } from '../../store/deliveries/time-window'

/**
 * The time view's horizontal axis: ticks at round steps of the window (store/deliveries/time-window.ts
 * moves it), and the words for steps and gaps. Pure, so it is tested without a browser.
 */


const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Round tick steps, smallest first. */
const STEPS = [1, 2, 5, 10, 15, 30].map((s) => s * SECOND)
  .concat([1, 2, 5, 10, 15, 30].map((m) => m * MINUTE))
  .concat([1, 2, 3, 6, 12].map((h) => h * HOUR))
  .concat([1, 2, 7, 14].map((d) => d * DAY))

/** Ticks at least this far apart, so their labels never collide. */
const MIN_TICK_PX = 96

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
