const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/** `30 s`, `5 min`, `2 h 30 min`, `250 ms`, `3 d 4 h`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)} s`
  if (ms < HOUR_MS) return `${+(ms / 60_000).toFixed(1)} min`
  if (ms < DAY_MS) {
    const hours = Math.floor(ms / HOUR_MS)
    const minutes = Math.round((ms % HOUR_MS) / 60_000)
    return minutes ? `${hours} h ${minutes} min` : `${hours} h`
  }
  const days = Math.floor(ms / DAY_MS)
  const hours = Math.round((ms % DAY_MS) / HOUR_MS)
  return hours ? `${days} d ${hours} h` : `${days} d`
}
