import type { Clock } from '../../src/main/core/clock'

interface Timer {
  id: number
  dueMs: number
  fn: () => void
}

/** A hand-driven clock: nothing happens until the test advances time. */
export interface FakeClock extends Clock {
  /** Moves time forward, firing due timers in order and letting promises settle between them. */
  advance(ms: number): Promise<void>
  /** Number of timers still waiting. */
  pending(): number
}

export function createFakeClock(startMs = Date.UTC(2025, 0, 1)): FakeClock {
  let nowMs = startMs
  let nextId = 1
  let timers: Timer[] = []

  const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve()
    await new Promise((resolve) => setImmediate(resolve))
  }

  return {
    now: () => nowMs,
    after(ms, fn) {
      const timer = { id: nextId++, dueMs: nowMs + Math.max(0, ms), fn }
      timers.push(timer)
      return () => {
        timers = timers.filter((t) => t.id !== timer.id)
      }
    },
    async advance(ms) {
      const targetMs = nowMs + ms
      await settle()
      for (;;) {
        const due = timers
          .filter((t) => t.dueMs <= targetMs)
          .sort((a, b) => a.dueMs - b.dueMs || a.id - b.id)[0]
        if (!due) break
        timers = timers.filter((t) => t.id !== due.id)
        nowMs = due.dueMs
        due.fn()
        await settle()
      }
      nowMs = targetMs
      await settle()
    },
    pending: () => timers.length,
  }
}
