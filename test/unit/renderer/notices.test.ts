import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MAX_NOTICES, NOTICE_LIFETIME_MS, type Notice, createNoticeTimers, withNotice } from '../../../src/renderer/src/store/notices/model'

describe('notices', () => {
  it('shows the same notice once, counting repeats and moving it to the newest place', () => {
    let notices: Notice[] = []
    notices = withNotice(notices, 'error', 'engine unreachable', 1).notices
    notices = withNotice(notices, 'info', 'saved', 2).notices
    const again = withNotice(notices, 'error', 'engine unreachable', 3)
    expect(again.id).toBe(1)
    expect(again.notices.map((n) => [n.message, n.count])).toEqual([
      ['saved', 1],
      ['engine unreachable', 2],
    ])
    // The same text at another level is another notice.
    expect(withNotice(again.notices, 'warning', 'engine unreachable', 4).notices).toHaveLength(3)
  })

  it(`keeps the newest ${MAX_NOTICES}`, () => {
    let notices: Notice[] = []
    for (let i = 1; i <= MAX_NOTICES + 2; i++) notices = withNotice(notices, 'info', `n${i}`, i).notices
    expect(notices.map((n) => n.message)).toEqual(Array.from({ length: MAX_NOTICES }, (_, i) => `n${i + 3}`))
  })

  describe('dismissing themselves', () => {
    beforeEach(() => vi.useFakeTimers())
    afterEach(() => vi.useRealTimers())

    it('after their level’s lifetime, counted again from a repeat; a dismissed one stops its timer', () => {
      const dismissed: number[] = []
      const timers = createNoticeTimers((id) => dismissed.push(id))
      timers.restart(1, 'info')
      timers.restart(2, 'error')
      vi.advanceTimersByTime(NOTICE_LIFETIME_MS.info - 1)
      timers.restart(1, 'info')
      vi.advanceTimersByTime(NOTICE_LIFETIME_MS.info - 1)
      expect(dismissed).toEqual([])
      vi.advanceTimersByTime(1)
      expect(dismissed).toEqual([1])
      timers.stop(2)
      vi.advanceTimersByTime(NOTICE_LIFETIME_MS.error)
      expect(dismissed).toEqual([1])
    })
  })
})

describe('the same failure again and again', () => {
  it('"Engine unreachable" five times is one notice, counted ×5, dismissed once after the error lifetime', () => {
    vi.useFakeTimers()
    try {
      const dismissed: number[] = []
      const timers = createNoticeTimers((id) => dismissed.push(id))
      let notices: Notice[] = []
      for (let i = 1; i <= 5; i++) {
        const next = withNotice(notices, 'error', 'Engine unreachable: no answer (is Hookbench still running?)', i)
        notices = next.notices
        timers.restart(next.id, 'error')
        vi.advanceTimersByTime(1_000)
      }
      expect(notices).toEqual([{ id: 1, level: 'error', message: 'Engine unreachable: no answer (is Hookbench still running?)', count: 5 }])
      vi.advanceTimersByTime(NOTICE_LIFETIME_MS.error - 1_001)
      expect(dismissed).toEqual([])
      vi.advanceTimersByTime(1)
      expect(dismissed).toEqual([1])
    } finally {
      vi.useRealTimers()
    }
  })
})
