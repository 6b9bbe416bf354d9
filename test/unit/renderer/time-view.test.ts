import { describe, expect, it } from 'vitest'
import type { DeliverySummary } from '../../../src/shared/schemas/delivery'
import { lanesFor, layoutLane, runBands } from '../../../src/renderer/src/views/timeline/time-lanes'
import { MIN_SPAN_MS, covers, fetchWindow, formatGap, formatStep, panBy, tickStep, ticks, timeAt, xOf, zoomAround } from '../../../src/renderer/src/views/timeline/time-scale'

const T0 = Date.UTC(2026, 10, 1, 12)
const summary = (id: string, more: Partial<DeliverySummary> = {}): DeliverySummary => ({
  id,
  seq: 0,
  eventId: `evt_${id}`,
  subscriptionId: 'sub_a',
  subscriptionName: 'A',
  provider: 'divshot',
  event: 'release',
  url: 'http://127.0.0.1:9/',
  status: 'delivered',
  series: 0,
  createdAt: new Date(T0).toISOString(),
  updatedAt: new Date(T0).toISOString(),
  attemptCount: 1,
  attemptTimes: [T0],
  ...more,
})

describe('time scale', () => {
  const w = { startMs: T0, endMs: T0 + 60_000 }
  it('maps times to x and back', () => {
    expect(xOf(w, 600, T0 + 30_000)).toBe(300)
    expect(timeAt(w, 600, 150)).toBe(T0 + 15_000)
  })

  it('zooms around a time that stays in place, within the limits', () => {
    const zoomed = zoomAround(w, 2, T0 + 15_000)
    expect(zoomed).toEqual({ startMs: T0 + 7_500, endMs: T0 + 37_500 })
    expect(xOf(zoomed, 600, T0 + 15_000)).toBeCloseTo(xOf(w, 600, T0 + 15_000))
    expect(zoomAround(w, 1000).endMs - zoomAround(w, 1000).startMs).toBe(MIN_SPAN_MS)
  })

  it('pans by pixels', () => {
    expect(panBy(w, 600, 60)).toEqual({ startMs: T0 + 6_000, endMs: T0 + 66_000 })
  })

  it('ticks at round steps, far enough apart, labelled in words a person reads', () => {
    expect(tickStep(w, 600)).toBe(10_000)
    expect(formatStep(10_000)).toBe('10 s')
    expect(formatStep(5 * 60_000)).toBe('5 m')
    expect(formatStep(2 * 3_600_000)).toBe('2 h')
    expect(formatStep(86_400_000)).toBe('1 d')
    const dayTicks = ticks({ startMs: T0, endMs: T0 + 10 * 86_400_000 }, 1000)
    expect(dayTicks.length).toBeGreaterThan(2)
    // Past a day the labels are dates, not clock times.
    for (const tick of dayTicks) expect(tick.label).not.toMatch(/^\d\d:\d\d/)
    for (const [a, b] of dayTicks.slice(1).map((t, i) => [dayTicks[i]!, t] as const)) expect(b.x - a.x).toBeGreaterThanOrEqual(96)
  })

  it('formats backoff gaps', () => {
    expect(formatGap(850)).toBe('850 ms')
    expect(formatGap(2_100)).toBe('2.1 s')
    expect(formatGap(5 * 60_000 + 3_000)).toBe('5 m 3 s')
    expect(formatGap(27 * 3_600_000 + 35 * 60_000)).toBe('1 d 4 h')
  })

  it('fetches half a span more each side, and again only once the view leaves it or zooms in far', () => {
    const fetched = fetchWindow(w)
    expect(covers(fetched, panBy(w, 600, 200))).toBe(true)
    expect(covers(fetched, panBy(w, 600, 400))).toBe(false)
    expect(covers(fetched, zoomAround(w, 8))).toBe(false)
  })
})

describe('time lanes', () => {
  const w = { startMs: T0, endMs: T0 + 100_000 }
  it('draws each attempt where it happened: the gaps are to scale', () => {
    const [marks] = layoutLane([summary('a', { attemptTimes: [T0 + 10_000, T0 + 20_000, T0 + 50_000], attemptCount: 3 })], w, 1000)
    expect(marks?.xs).toEqual([100, 200, 500])
    expect(marks?.tone).toBe('ok')
  })

  it('draws the pending next attempt, and leaves out deliveries outside the window', () => {
    const retrying = summary('r', { status: 'retrying', attemptTimes: [T0 + 10_000], dueAt: T0 + 70_000 })
    const before = summary('b', { createdAt: new Date(T0 - 5_000).toISOString(), attemptTimes: [T0 - 5_000] })
    const marks = layoutLane([retrying, before], w, 1000)
    expect(marks.map((m) => m.delivery.id)).toEqual(['r'])
    expect(marks[0]?.dueX).toBe(700)
    expect(marks[0]?.tone).toBe('warn')
  })

  it('puts deliveries that would cover each other on different rows', () => {
    const marks = layoutLane([summary('a', { attemptTimes: [T0 + 10_000] }), summary('b', { attemptTimes: [T0 + 10_100] }), summary('c', { attemptTimes: [T0 + 90_000] })], w, 1000)
    expect(marks.map((m) => m.row)).toEqual([0, 1, 0])
  })

  it('one lane per subscription, by name; a run as a band over its deliveries, named after its scenario', () => {
    const deliveries = [summary('a', { subscriptionId: 'sub_z', subscriptionName: 'Zed' }), summary('b', { runId: 'run_1', attemptTimes: [T0 + 20_000, T0 + 40_000] }), summary('c', { runId: 'run_1', attemptTimes: [T0 + 60_000] })]
    expect(lanesFor([{ id: 'sub_a', name: 'A' }], deliveries).map((l) => l.name)).toEqual(['A', 'Zed'])
    expect(lanesFor([{ id: 'sub_a', name: 'A' }], deliveries, 'sub_a').map((l) => l.name)).toEqual(['A'])
    expect(runBands(deliveries, w, 1000, (id) => (id === 'run_1' ? 'canary verified' : undefined))).toEqual([{ runId: 'run_1', label: 'canary verified', x1: 200, x2: 600, row: 0, count: 2 }])
  })
})
