import { describe, expect, it } from 'vitest'
import { createPacer } from '../../../../src/main/scenarios/clock/pacer'
import { createStoryClock } from '../../../../src/main/scenarios/clock/story-clock'
import { createFakeClock } from '../../../support/fake-clock'

const START = Date.UTC(2025, 0, 1)
/** Lets deferred pacer turns and settled promises run. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
}

/** A story of three waits on one clock, played by a pacer on a hand-driven real clock. */
function story(timeScale: number) {
  const clock = createStoryClock(START)
  const real = createFakeClock(0)
  const pacer = createPacer({ clock, timeScale, realTimer: (fn, ms) => real.after(ms, fn) })
  const seen: Array<{ story: number; real: number; what: string }> = []
  const note = (what: string) => seen.push({ story: clock.now() - START, real: real.now(), what })
  clock.after(30_000, () => note('a'))
  clock.after(10_000, () => note('b'))
  clock.after(10_000, () => note('c'))
  return { clock, real, pacer, seen }
}

describe('the pacer', () => {
  it('at scale 0 jumps from one due item to the next without any real time passing', async () => {
    const { pacer, seen } = story(0)
    pacer.start()
    await settle()
    expect(seen).toEqual([
      { story: 10_000, real: 0, what: 'b' },
      { story: 10_000, real: 0, what: 'c' },
      { story: 30_000, real: 0, what: 'a' },
    ])
  })

  it('at scale 0.01 waits a hundredth of each story gap in real time, same order, same story times', async () => {
    const { pacer, real, seen } = story(0.01)
    pacer.start()
    await settle()
    expect(seen).toEqual([])
    await real.advance(99)
    await settle()
    expect(seen).toEqual([])
    await real.advance(1)
    await settle()
    expect(seen.map((s) => s.what)).toEqual(['b', 'c'])
    await real.advance(200)
    await settle()
    expect(seen).toEqual([
      { story: 10_000, real: 100, what: 'b' },
      { story: 10_000, real: 100, what: 'c' },
      { story: 30_000, real: 300, what: 'a' },
    ])
  })

  it('does not move the clock while a hold is open, at any scale', async () => {
    for (const scale of [0, 0.5]) {
      const { clock, pacer, real, seen } = story(scale)
      const release = clock.hold()
      pacer.start()
      await real.advance(60_000)
      await settle()
      expect(seen, `scale ${scale}`).toEqual([])
      release()
      await settle()
      await real.advance(60_000)
      await settle()
      expect(seen.map((s) => [s.story, s.what]), `scale ${scale}`).toEqual([
        [10_000, 'b'],
        [10_000, 'c'],
        [30_000, 'a'],
      ])
    }
  })

  it('lets what an item started settle before the next item at the same instant falls due', async () => {
    const clock = createStoryClock(START)
    const pacer = createPacer({ clock, timeScale: 0 })
    const order: string[] = []
    clock.after(1_000, () => {
      order.push('first')
      const release = clock.hold()
      // Work that takes a few turns of the event loop (a request, a write).
      setTimeout(() => {
        order.push('first settled')
        release()
      }, 5)
    })
    clock.after(1_000, () => order.push('second'))
    pacer.start()
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(order).toEqual(['first', 'first settled', 'second'])
  })

  it('an item scheduled while a real timer is armed for a later one falls due first', async () => {
    const clock = createStoryClock(START)
    const real = createFakeClock(0)
    const pacer = createPacer({ clock, timeScale: 1, realTimer: (fn, ms) => real.after(ms, fn) })
    const seen: string[] = []
    clock.after(60_000, () => seen.push(`late@${clock.now() - START}`))
    pacer.start()
    await settle()
    clock.after(1_000, () => seen.push(`early@${clock.now() - START}`))
    await settle()
    await real.advance(1_000)
    await settle()
    expect(seen).toEqual(['early@1000'])
    await real.advance(59_000)
    await settle()
    expect(seen).toEqual(['early@1000', 'late@60000'])
  })

  it('stopped, nothing falls due; started again, it goes on', async () => {
    const { pacer, seen } = story(0)
    pacer.stop()
    pacer.start()
    pacer.stop()
    await settle()
    expect(seen).toEqual([])
    pacer.start()
    await settle()
    expect(seen).toHaveLength(3)
  })
})

describe('stopping the pacer half way through a wait', () => {
  it('keeps story time where it was, unless asked to keep what was played', async () => {
    const clock = createStoryClock(START)
    const real = createFakeClock(0)
    const pacer = createPacer({ clock, timeScale: 0.5, realTimer: (fn, ms) => real.after(ms, fn), realNow: () => real.now() })
    clock.after(60_000, () => {})
    pacer.start()
    await settle()
    await real.advance(10_000)
    pacer.stop()
    expect(clock.now()).toBe(START)
  })

  it('moves story time on by what was played, never past the item, so the rest is what a resume waits', async () => {
    const clock = createStoryClock(START)
    const real = createFakeClock(0)
    const pacer = createPacer({ clock, timeScale: 0.5, realTimer: (fn, ms) => real.after(ms, fn), realNow: () => real.now() })
    clock.after(60_000, () => {})
    pacer.start()
    await settle()
    await real.advance(10_000)
    pacer.stop({ keepProgress: true })
    expect(clock.now() - START).toBe(20_000)
    expect(clock.nextDue()! - clock.now()).toBe(40_000)
  })
})

describe('the pacer in real time (a load step)', () => {
  it('plays the clock at scale 1 while held, whatever its own scale, and goes back to it after', async () => {
    const clock = createStoryClock(START)
    const real = createFakeClock(0)
    const pacer = createPacer({ clock, timeScale: 0, realTimer: (fn, ms) => real.after(ms, fn), realNow: () => real.now() })
    const seen: Array<[number, number]> = []
    clock.after(1000, () => seen.push([clock.now() - START, real.now()]))
    clock.after(60_000, () => seen.push([clock.now() - START, real.now()]))
    const release = pacer.realTime()
    pacer.start()
    await settle()
    expect(seen).toEqual([])
    await real.advance(1000)
    expect(seen).toEqual([[1000, 1000]])
    // Back to scale 0: the next item is due at once, no real time passing.
    release()
    await settle()
    expect(seen).toEqual([[1000, 1000], [60_000, 1000]])
  })

  it('keeps the story time already played when it is held in the middle of a wait', async () => {
    const clock = createStoryClock(START)
    const real = createFakeClock(0)
    const pacer = createPacer({ clock, timeScale: 0.5, realTimer: (fn, ms) => real.after(ms, fn), realNow: () => real.now() })
    let fired = -1
    clock.after(10_000, () => (fired = real.now()))
    pacer.start()
    await settle()
    await real.advance(2000)
    expect(clock.now() - START).toBe(0)
    pacer.realTime()
    await settle()
    // 2 s of real time at 0.5 was 4 s of story: 6 s are left, now played in real time.
    expect(clock.now() - START).toBe(4000)
    await real.advance(6000)
    expect(fired).toBe(8000)
  })
})
