/** Made once: building a formatter (what toLocaleTimeString does on every call) is the expensive part. */
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
const DAY_AND_TIME = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
let today = { start: 0, end: 0 }

/** The time of day for today's records, with the day for older ones. */
export function formatTime(iso: string): string {
  const at = Date.parse(iso)
  const now = Date.now()
  if (now >= today.end) {
    const midnight = new Date(now)
    midnight.setHours(0, 0, 0, 0)
    today = { start: midnight.getTime(), end: new Date(midnight).setDate(midnight.getDate() + 1) }
  }
  return at >= today.start && at < today.end ? TIME.format(at) : DAY_AND_TIME.format(at)
}
