/** `30 s`, `5 min`, `2 h 30 min`, `250 ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)} s`
  if (ms < 3_600_000) return `${+(ms / 60_000).toFixed(1)} min`
  const hours = Math.floor(ms / 3_600_000)
  const minutes = Math.round((ms % 3_600_000) / 60_000)
  return minutes ? `${hours} h ${minutes} min` : `${hours} h`
}
