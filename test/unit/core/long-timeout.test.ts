import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MAX_TIMER_MS, setLongTimeout } from '../../../src/main/core/long-timeout'
import { createSystemClock } from '../../../src/main/core/clock'

describe('setLongTimeout', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('fires a delay past 2^31 ms at its time, not after 1 ms', () => {
    const fired = vi.fn()
    setLongTimeout(fired, 3e9)
    vi.advanceTimersByTime(1_000)
    expect(fired).not.toHaveBeenCalled()
    vi.advanceTimersByTime(MAX_TIMER_MS)
    expect(fired).not.toHaveBeenCalled()
    vi.advanceTimersByTime(3e9 - MAX_TIMER_MS - 1_001)
    expect(fired).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(fired).toHaveBeenCalledTimes(1)
  })

  it('cancels in any slice', () => {
    const fired = vi.fn()
    const cancel = setLongTimeout(fired, 5e9)
    vi.advanceTimersByTime(MAX_TIMER_MS + 10)
    cancel()
    vi.advanceTimersByTime(1e10)
    expect(fired).not.toHaveBeenCalled()
  })

  it('never fires a non-finite delay', () => {
    const fired = vi.fn()
    setLongTimeout(fired, Number.POSITIVE_INFINITY)
    vi.advanceTimersByTime(1e12)
    expect(fired).not.toHaveBeenCalled()
  })

  it('is what the system clock waits with', () => {
    const fired = vi.fn()
    createSystemClock(1).after(3e9, fired)
    vi.advanceTimersByTime(36)
    expect(fired).not.toHaveBeenCalled()
    vi.advanceTimersByTime(3e9)
    expect(fired).toHaveBeenCalledTimes(1)
  })
})
