const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** Ocean CD: `DD/MM/YYYY HH:mm:ss`, UTC, no zone. */
export function oceanCdTime(ms: number): string {
  const d = new Date(ms)
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${clock(d)}`
}

/** CharlesCD documented: `YYYY-MM-DD HH:mm:ss`. */
export function charlesCdTime(ms: number): string {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${clock(d)}`
}

/** A Java LocalDateTime as bare Gson serialises it. */
export function gsonLocalDateTime(ms: number) {
  const d = new Date(ms)
  return {
    date: { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() },
    time: { hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), nano: d.getUTCMilliseconds() * 1_000_000 },
  }
}

export const unixSeconds = (ms: number) => Math.floor(ms / 1000)

/** ISO 8601 with milliseconds, as Qovery sends `created_at`. */
export const isoTime = (ms: number) => new Date(ms).toISOString()

const clock = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
