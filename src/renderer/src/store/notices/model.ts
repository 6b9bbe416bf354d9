export interface Notice {
  id: number
  level: 'info' | 'warning' | 'error'
  message: string
  /** How many times the same notice came; shown once, with the count. */
  count: number
}

/** How long a notice stays before it dismisses itself; errors stay longest. */
export const NOTICE_LIFETIME_MS: Record<Notice['level'], number> = { info: 6_000, warning: 10_000, error: 20_000 }
/** Notices shown at most; the oldest go first. */
export const MAX_NOTICES = 5

/**
 * The list with this notice in it. The same level and text again is not stacked: the one shown
 * counts it and moves to the end (the newest place), keeping its id.
 */
export function withNotice(notices: Notice[], level: Notice['level'], message: string, newId: number): { notices: Notice[]; id: number } {
  const same = notices.find((n) => n.level === level && n.message === message)
  const notice = same ? { ...same, count: same.count + 1 } : { id: newId, level, message, count: 1 }
  const others = notices.filter((n) => n !== same)
  return { notices: [...others, notice].slice(-MAX_NOTICES), id: notice.id }
}

/** One dismissal timer per notice, restarted when the same notice comes again. */
export function createNoticeTimers(dismiss: (id: number) => void) {
  const timers = new Map<number, ReturnType<typeof setTimeout>>()
  const stop = (id: number) => {
    clearTimeout(timers.get(id))
    timers.delete(id)
  }
  return {
    restart(id: number, level: Notice['level']) {
      stop(id)
      timers.set(
        id,
        setTimeout(() => {
          timers.delete(id)
          dismiss(id)
        }, NOTICE_LIFETIME_MS[level]),
      )
    },
    stop,
  }
}
