import { describe, expect, it } from 'vitest'
import { createStoryClock } from '../../../../src/main/scenarios/clock/story-clock'

const START = Date.UTC(2025, 0, 1)

describe('the story clock', () => {
  it('runs items in story order, ties in the order they were scheduled, one per fireNext', () => {
    const clock = createStoryClock(START)
    const seen: string[] = []
    clock.after(10_000, () => seen.push(`a@${clock.now() - START}`))
    clock.after(5_000, () => seen.push(`b@${clock.now() - START}`))
    clock.after(10_000, () => seen.push(`c@${clock.now() - START}`))
    clock.at(START + 5_000, () => seen.push(`d@${clock.now() - START}`))
    expect(clock.nextDue()).toBe(START + 5_000)
    while (clock.fireNext()) seen.push('|')
    expect(seen).toEqual(['b@5000', '|', 'd@5000', '|', 'a@10000', '|', 'c@10000', '|'])
    expect(clock.now()).toBe(START + 10_000)
    expect(clock.fireNext()).toBe(false)
  })

  it('does not move until fired, and never goes back', () => {
    const clock = createStoryClock(START)
    clock.after(60_000, () => {})
    expect(clock.now()).toBe(START)
    clock.fireNext()
    const seen: number[] = []
    clock.at(START, () => seen.push(clock.now()))
    clock.fireNext()
    expect(seen).toEqual([START + 60_000])
  })

  it('a cancelled item never runs and no longer counts as due', () => {
    const clock = createStoryClock(START)
    const cancel = clock.after(1_000, () => {
      throw new Error('cancelled')
    })
    clock.after(2_000, () => {})
    cancel()
    expect(clock.nextDue()).toBe(START + 2_000)
    expect(clock.fireNext()).toBe(true)
    expect(clock.now()).toBe(START + 2_000)
  })

  it('is quiescent only when every hold is released; releasing twice counts once', () => {
    const clock = createStoryClock(START)
    const changes: string[] = []
    clock.onChange(() => changes.push('change'))
    const a = clock.hold()
    const b = clock.hold()
    expect(clock.isQuiescent()).toBe(false)
    a()
    a()
    expect(clock.isQuiescent()).toBe(false)
    expect(changes).toEqual([])
    b()
    expect(clock.isQuiescent()).toBe(true)
    expect(changes).toEqual(['change'])
    clock.after(1, () => {})
    expect(changes).toEqual(['change', 'change'])
  })

  it('keeps a story of years exact', () => {
    const clock = createStoryClock(START)
    const years = 5 * 365 * 24 * 3_600_000
    clock.after(years, () => {})
    clock.fireNext()
    expect(new Date(clock.now()).toISOString()).toBe('2029-12-31T00:00:00.000Z')
  })
})
