import type { StateCreator } from 'zustand'
import { type Notice, createNoticeTimers, withNotice } from './model'

/** The messages shown in the corner: from the engine, from failed calls, from the views. */
export interface NoticesSlice {
  notices: Notice[]
  /** Shows a notice once (a repeat counts on the one shown); it dismisses itself after a while. */
  addNotice(level: Notice['level'], message: string): void
  dismissNotice(id: number): void
}

export const createNoticesSlice: StateCreator<NoticesSlice> = (set, get) => {
  let nextId = 1
  const timers = createNoticeTimers((id) => get().dismissNotice(id))
  return {
    notices: [],
    addNotice(level, message) {
      const { notices, id } = withNotice(get().notices, level, message, nextId++)
      set({ notices })
      timers.restart(id, level)
    },
    dismissNotice(id) {
      timers.stop(id)
      set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }))
    },
  }
}
