import { describe, expect, it } from 'vitest'
import type { DeliverySummary } from '../../../src/shared/schemas/delivery'
import { lanesFor, layoutMarks, markInWindow, runBands } from '../../../src/renderer/src/views/timeline/time-lanes'
import { BUCKET_STEPS, MARKS_LIMIT, bucketCounts, bucketIndexAt, bucketStepFor, bucketsInWindow, countInWindow, densityRequestFor, densityServes, peakInWindow } from '../../../src/renderer/src/views/timeline/time-density'
import { LANE_HEIGHT, type Scene, contentHeight, headerHeight, hitTest, laneY, markBox, rowCentre } from '../../../src/renderer/src/views/timeline/time-geometry'
import type { DeliveryDensity } from '../../../src/shared/schemas/delivery-density'
import { MIN_SPAN_MS, atLatest, covers, fetchWindow, followNow, landedOn, panBy, timeAt, toggledNow, xOf, zoomAround, zoomed } from '../../../src/renderer/src/store/deliveries/time-window'
import { formatGap, formatStep, tickStep, ticks } from '../../../src/renderer/src/views/timeline/time-scale'

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
  it('places each attempt where it happened, in time: the gaps are to scale at any pan', () => {
    const lanes = layoutMarks([summary('a', { attemptTimes: [T0 + 10_000, T0 + 20_000, T0 + 50_000], attemptCount: 3 })], 100)
    const [mark] = lanes.get('sub_a')!
    expect(mark?.times).toEqual([T0 + 10_000, T0 + 20_000, T0 + 50_000])
    expect([mark?.firstMs, mark?.lastMs]).toEqual([T0 + 10_000, T0 + 50_000])
    expect(mark?.tone).toBe('ok')
  })

  it('keeps the pending next attempt, and tells which marks show in a window', () => {
    const retrying = summary('r', { status: 'retrying', attemptTimes: [T0 + 10_000], dueAt: T0 + 70_000 })
    const before = summary('b', { createdAt: new Date(T0 - 5_000).toISOString(), attemptTimes: [T0 - 5_000] })
    const marks = layoutMarks([retrying, before], 100).get('sub_a')!
    expect(marks.map((m) => m.delivery.id)).toEqual(['b', 'r'])
    expect(marks[1]).toMatchObject({ dueMs: T0 + 70_000, lastMs: T0 + 70_000, tone: 'warn' })
    expect(marks.filter((m) => markInWindow(m, w)).map((m) => m.delivery.id)).toEqual(['r'])
  })

  it('puts deliveries that would cover each other at this scale on different rows, and the rows do not change with a pan', () => {
    const deliveries = [summary('a', { attemptTimes: [T0 + 10_000] }), summary('b', { attemptTimes: [T0 + 10_100] }), summary('c', { attemptTimes: [T0 + 90_000] })]
    expect(layoutMarks(deliveries, 100).get('sub_a')!.map((m) => m.row)).toEqual([0, 1, 0])
    // Zoomed in 10×: 100 ms is 10 px, room enough on one row.
    expect(layoutMarks(deliveries, 10).get('sub_a')!.map((m) => m.row)).toEqual([0, 0, 0])
  })

  it('one lane per subscription, by name; a run as a band over the time it ran, named after its scenario', () => {
    const deliveries = [summary('a', { subscriptionId: 'sub_z', subscriptionName: 'Zed' })]
    expect(lanesFor([{ id: 'sub_a', name: 'A' }], deliveries).map((l) => l.name)).toEqual(['A', 'Zed'])
    expect(lanesFor([{ id: 'sub_a', name: 'A' }], deliveries, 'sub_a').map((l) => l.name)).toEqual(['A'])
    const iso = (ms: number) => new Date(ms).toISOString()
    const runs = [
      { id: 'run_1', scenarioName: 'canary verified', startedAt: iso(T0 + 20_000), finishedAt: iso(T0 + 60_000) },
      { id: 'run_2', scenarioName: 'still running', startedAt: iso(T0 + 30_000) },
      { id: 'run_0', scenarioName: 'long ago', startedAt: iso(T0 - 90_000), finishedAt: iso(T0 - 80_000) },
    ]
    expect(runBands(runs, w, 1000, T0 + 80_000)).toEqual([
      { runId: 'run_1', label: 'canary verified', x1: 200, x2: 600, row: 0 },
      { runId: 'run_2', label: 'still running', x1: 300, x2: 800, row: 1 },
    ])
  })
})

describe('density buckets', () => {
  const w = { startMs: T0, endMs: T0 + 3_600_000 }
  it('picks round buckets about 4 px wide, from a second to a week', () => {
    expect(bucketStepFor(w, 900)).toBe(30_000)
    expect(bucketStepFor({ startMs: T0, endMs: T0 + 30 * 86_400_000 }, 900)).toBe(6 * 3_600_000)
    expect(bucketStepFor({ startMs: T0, endMs: T0 + 5_000 }, 900)).toBe(1000)
    expect(BUCKET_STEPS.at(-1)).toBe(7 * 86_400_000)
  })

  it('asks for the window and half a span each side on bucket boundaries, cut to the filter range', () => {
    const request = densityRequestFor({ startMs: T0 + 7_000, endMs: T0 + 3_607_000 }, 900)!
    expect(request.bucketMs).toBe(30_000)
    expect(request.fromMs % 30_000).toBe(0)
    expect(request.fromMs).toBeLessThanOrEqual(T0 + 7_000 - 1_800_000)
    expect(request.fromMs + request.bucketMs * request.buckets).toBeGreaterThanOrEqual(T0 + 3_607_000 + 1_800_000)
    expect(request.buckets).toBeLessThanOrEqual(2000)
    const cut = densityRequestFor(w, 900, { fromMs: T0 + 600_000 })!
    expect(cut.fromMs).toBe(T0 + 600_000)
    expect(densityRequestFor(w, 900, { toMs: T0 - 3 * 3_600_000 })).toBeUndefined()
  })

  it('serves a pan from the buckets fetched, and fetches again past them or on a zoom', () => {
    const fetched = densityRequestFor(w, 900)!
    const panned = panBy(w, 900, 300)
    expect(densityServes(fetched, densityRequestFor(panned, 900), panned)).toBe(true)
    const far = panBy(w, 900, 900)
    expect(densityServes(fetched, densityRequestFor(far, 900), far)).toBe(false)
    const zoomedIn = zoomAround(w, 4)
    expect(densityServes(fetched, densityRequestFor(zoomedIn, 900), zoomedIn)).toBe(false)
  })

  const density: DeliveryDensity = {
    from: new Date(T0).toISOString(),
    bucketMs: 60_000,
    buckets: 4,
    total: 10,
    series: [
      { status: 'delivered', counts: [1, 2, 3, 0] },
      { status: 'failed', counts: [0, 1, 0, 3] },
    ],
    lanes: [],
    otherLanes: 0,
  }
  it('counts a window, finds the bucket under a time, and gives a bucket by status', () => {
    expect(countInWindow(density, { startMs: T0 + 60_000, endMs: T0 + 180_000 })).toBe(6)
    expect(countInWindow(density, { startMs: T0 - 600_000, endMs: T0 + 600_000 })).toBe(10)
    expect(bucketsInWindow(density, { startMs: T0 + 90_000, endMs: T0 + 150_000 })).toEqual({ first: 1, last: 2 })
    expect(bucketIndexAt(density, T0 + 119_999)).toBe(1)
    expect(bucketIndexAt(density, T0 - 1)).toBe(-1)
    expect(bucketIndexAt(density, T0 + 240_000)).toBe(-1)
    expect(bucketCounts(density, density.series, 1)).toEqual({ startMs: T0 + 60_000, endMs: T0 + 120_000, total: 3, byStatus: [{ status: 'delivered', count: 2 }, { status: 'failed', count: 1 }] })
    expect(peakInWindow(density.series, density, { startMs: T0, endMs: T0 + 240_000 })).toBe(3)
    expect(MARKS_LIMIT).toBe(1000)
  })
})

describe('time navigation', () => {
  const w = { startMs: T0, endMs: T0 + 600_000 }
  const now = T0 + 590_000
  it('zooms around the open delivery when it is in view, and stops following so it stays put', () => {
    const selection = { startMs: T0 + 100_000, endMs: T0 + 100_000 }
    const v = zoomed({ window: w, follow: true }, 2, { nowMs: now, selection })
    expect(v.follow).toBe(false)
    expect(xOf(v.window, 1000, T0 + 100_000)).toBeCloseTo(xOf(w, 1000, T0 + 100_000))
    expect(v.window.endMs - v.window.startMs).toBe(300_000)
  })

  it('zooms around now while following with nothing open in view, and keeps following', () => {
    const v = zoomed({ window: followNow(w, now), follow: true }, 2, { nowMs: now, selection: { startMs: T0 - 10_000_000, endMs: T0 - 10_000_000 } })
    expect(v.follow).toBe(true)
    expect(v.window.startMs <= now && now <= v.window.endMs).toBe(true)
    expect(v.window.endMs - v.window.startMs).toBe(300_000)
  })

  it('zooms around the pointer', () => {
    const v = zoomed({ window: w, follow: true }, 2, { nowMs: now, anchorMs: T0 + 150_000 })
    expect(xOf(v.window, 1000, T0 + 150_000)).toBeCloseTo(250)
    expect(v.follow).toBe(false)
  })

  it('Now toggles: off keeps the window, on jumps to now', () => {
    const off = toggledNow({ window: w, follow: true }, now)
    expect(off).toEqual({ window: w, follow: false })
    const on = toggledNow({ window: { startMs: 0, endMs: 600_000 }, follow: false }, now)
    expect(on.follow).toBe(true)
    expect(on.window.endMs).toBeGreaterThan(now)
  })

  it('lands on a delivery out of view, centred, zoomed out when its attempts need the room; in view, nothing moves', () => {
    const v = { window: w, follow: true }
    expect(landedOn(v, T0 + 10_000, T0 + 20_000)).toBe(v)
    const far = landedOn(v, T0 - 5 * 86_400_000, T0 - 5 * 86_400_000 + 1_000)
    expect(far.follow).toBe(false)
    expect((far.window.startMs + far.window.endMs) / 2).toBeCloseTo(T0 - 5 * 86_400_000 + 500)
    expect(far.window.endMs - far.window.startMs).toBe(600_000)
    const long = landedOn(v, T0 + 3_600_000, T0 + 3_600_000 + 27 * 3_600_000)
    expect(long.window.endMs - long.window.startMs).toBeGreaterThan(27 * 3_600_000)
    expect(atLatest(v, T0 + 10_000_000).window.endMs).toBe(T0 + 10_000_000 + 120_000)
  })

  it('with the inspector a drawer over the right 60 %, places now, the latest and a delivery landed on in the 40 % left seen', () => {
    const seen = 0.4
    const seenX = (window: { startMs: number; endMs: number }, t: number) => xOf(window, 1000, t) / 1000
    // Following: now near the right edge of the seen part, not under the drawer.
    expect(seenX(followNow(w, now, seen), now)).toBeCloseTo(0.38)
    expect(seenX(toggledNow({ window: w, follow: false }, now, seen).window, now)).toBeCloseTo(0.38)
    expect(seenX(zoomed({ window: followNow(w, now), follow: true }, 2, { nowMs: now, seen }).window, now)).toBeCloseTo(0.38)
    expect(seenX(atLatest({ window: w, follow: false }, T0 + 10_000_000, seen).window, T0 + 10_000_000)).toBeCloseTo(0.32)
    // A delivery under the drawer is moved into the middle of the seen part; one already seen stays.
    const v = { window: w, follow: true }
    const hidden = landedOn(v, T0 + 500_000, T0 + 510_000, seen)
    expect(seenX(hidden.window, T0 + 505_000)).toBeCloseTo(0.2)
    expect(hidden.window.endMs - hidden.window.startMs).toBe(600_000)
    expect(landedOn(v, T0 + 100_000, T0 + 110_000, seen)).toBe(v)
    // One whose attempts need more room than the seen part: zoomed out until they fit in it.
    const long = landedOn(v, T0, T0 + 600_000, seen)
    expect(seenX(long.window, T0)).toBeGreaterThanOrEqual(0)
    expect(seenX(long.window, T0 + 600_000)).toBeLessThanOrEqual(seen)
  })
})

describe('time view geometry and hit test', () => {
  const w = { startMs: T0, endMs: T0 + 100_000 }
  const placed = layoutMarks([summary('a', { attemptTimes: [T0 + 10_000, T0 + 30_000], attemptCount: 2 }), summary('b', { subscriptionId: 'sub_b', subscriptionName: 'B', attemptTimes: [T0 + 50_000] })], 100)
  const scene: Scene = {
    width: 1000,
    height: 400,
    scrollTop: 0,
    window: w,
    nowMs: T0,
    ticks: [],
    bands: [],
    lanes: [
      { subscriptionId: 'sub_a', name: 'A' },
      { subscriptionId: 'sub_b', name: 'B' },
    ],
    mode: 'marks',
    density: undefined,
    marks: placed,
    opened: undefined,
    pointed: undefined,
  }
  it('finds the mark under the pointer, on its attempts or the line between them', () => {
    const y = laneY(scene, 0) + rowCentre(0)
    expect(hitTest(scene, 100, y)).toMatchObject({ kind: 'mark', lane: 0, mark: { delivery: { id: 'a' } } })
    expect(hitTest(scene, 200, y)).toMatchObject({ kind: 'mark', mark: { delivery: { id: 'a' } } })
    expect(hitTest(scene, 500, y)).toBeUndefined()
    expect(hitTest(scene, 500, laneY(scene, 1) + rowCentre(0))).toMatchObject({ kind: 'mark', lane: 1, mark: { delivery: { id: 'b' } } })
    // Scrolled down a lane: the same point is now in lane B.
    expect(hitTest({ ...scene, scrollTop: LANE_HEIGHT }, 500, laneY(scene, 0) + rowCentre(0))).toMatchObject({ lane: 1 })
    const box = markBox(scene, placed.get('sub_a')![0]!, 0)
    expect([box.x, box.width]).toEqual([93, 214])
    expect(contentHeight(scene)).toBe(headerHeight([]) + 2 * LANE_HEIGHT + 8)
  })

  it('finds the bucket under the pointer in density mode, in a lane or in the overview band', () => {
    const density: DeliveryDensity = { from: new Date(T0).toISOString(), bucketMs: 10_000, buckets: 10, total: 1, series: [{ status: 'delivered', counts: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0] }], lanes: [], otherLanes: 0 }
    const inDensity = { ...scene, mode: 'density' as const, density, marks: undefined }
    expect(hitTest(inDensity, 150, laneY(scene, 1) + rowCentre(1))).toEqual({ kind: 'bucket', lane: 1, index: 1 })
    expect(hitTest(inDensity, 150, headerHeight([]) - 10)).toEqual({ kind: 'bucket', lane: 'all', index: 1 })
    expect(hitTest(inDensity, 150, 5)).toBeUndefined()
  })
})
