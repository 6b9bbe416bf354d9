import type { DeliverySummary } from '../../../../shared/schemas/delivery'
import { STATUS_TONE } from './status-tone'
import { type TimeWindow, xOf } from './time-scale'

/**
 * What the time view draws, worked out from summaries: one lane per subscription, each delivery
 * as its attempts on a line whose segments are the backoff gaps, to scale. Pure: tested without
 * a browser.
 */

export interface Lane {
  subscriptionId: string
  name: string
}

/** Rows within a lane, so deliveries close in time do not cover each other. */
export const LANE_ROWS = 3

export interface DeliveryMarks {
  delivery: DeliverySummary
  /** Row within the lane (0…LANE_ROWS-1). */
  row: number
  /** x of each attempt (or of the delivery's creation while it has none). */
  xs: number[]
  /** x of the pending next attempt, drawn dashed. */
  dueX?: number
  tone: 'ok' | 'bad' | 'warn' | 'neutral'
}

/** The lanes: every subscription the store knows (by name), then any others the deliveries name. */
export function lanesFor(subscriptions: Array<{ id: string; name: string }>, deliveries: Iterable<DeliverySummary>, only?: string): Lane[] {
  const lanes = new Map<string, Lane>()
  for (const s of subscriptions) if (only === undefined || s.id === only) lanes.set(s.id, { subscriptionId: s.id, name: s.name })
  for (const d of deliveries) if (!lanes.has(d.subscriptionId) && (only === undefined || d.subscriptionId === only)) lanes.set(d.subscriptionId, { subscriptionId: d.subscriptionId, name: d.subscriptionName })
  return [...lanes.values()].sort((a, b) => a.name.localeCompare(b.name) || a.subscriptionId.localeCompare(b.subscriptionId))
}

/** When each attempt started; a delivery not attempted yet (or saved before attempt times were kept) shows at its creation. */
export function attemptTimesOf(d: DeliverySummary): number[] {
  return d.attemptTimes && d.attemptTimes.length > 0 ? d.attemptTimes : [Date.parse(d.createdAt)]
}

/** The pending next attempt's time, while one is scheduled. */
export const nextAttemptAt = (d: DeliverySummary): number | undefined => (d.status === 'retrying' || d.status === 'queued' ? d.dueAt : undefined)

/** Smallest gap, in pixels, between two deliveries sharing a row. */
const ROW_GAP_PX = 8

/**
 * Marks of one lane's deliveries within the window (deliveries wholly outside it are left out),
 * each placed on the first row where it does not overlap the one before.
 */
export function layoutLane(deliveries: DeliverySummary[], w: TimeWindow, widthPx: number): DeliveryMarks[] {
  const placed: DeliveryMarks[] = []
  const rowEnds = Array.from({ length: LANE_ROWS }, () => Number.NEGATIVE_INFINITY)
  const marks = deliveries
    .map((delivery) => {
      const times = attemptTimesOf(delivery)
      const due = nextAttemptAt(delivery)
      return { delivery, times, due, first: times[0]!, last: Math.max(times.at(-1)!, due ?? 0) }
    })
    .filter((m) => m.last >= w.startMs && m.first <= w.endMs)
    .sort((a, b) => a.first - b.first)
  for (const m of marks) {
    const xs = m.times.map((t) => xOf(w, widthPx, t))
    const dueX = m.due === undefined ? undefined : xOf(w, widthPx, m.due)
    const start = xs[0]!
    let row = rowEnds.findIndex((end) => end + ROW_GAP_PX <= start)
    if (row === -1) row = rowEnds.indexOf(Math.min(...rowEnds))
    rowEnds[row] = Math.max(dueX ?? 0, xs.at(-1)!)
    placed.push({ delivery: m.delivery, row, xs, ...(dueX !== undefined && { dueX }), tone: STATUS_TONE[m.delivery.status] })
  }
  return placed
}

export interface RunBand {
  runId: string
  label: string
  x1: number
  x2: number
  /** Row of the band strip, so overlapping runs do not cover each other. */
  row: number
  count: number
}

/** A band per scenario run over the x extent of its deliveries in the window, labelled with its scenario's name. */
export function runBands(deliveries: Iterable<DeliverySummary>, w: TimeWindow, widthPx: number, nameOf: (runId: string) => string | undefined): RunBand[] {
  const extents = new Map<string, { x1: number; x2: number; count: number }>()
  for (const d of deliveries) {
    if (d.runId === undefined) continue
    const times = attemptTimesOf(d)
    const x1 = xOf(w, widthPx, times[0]!)
    const x2 = xOf(w, widthPx, Math.max(times.at(-1)!, nextAttemptAt(d) ?? 0))
    if (x2 < 0 || x1 > widthPx) continue
    const extent = extents.get(d.runId)
    if (extent) Object.assign(extent, { x1: Math.min(extent.x1, x1), x2: Math.max(extent.x2, x2), count: extent.count + 1 })
    else extents.set(d.runId, { x1, x2, count: 1 })
  }
  const rowEnds: number[] = []
  return [...extents.entries()]
    .sort((a, b) => a[1].x1 - b[1].x1)
    .map(([runId, e]) => {
      let row = rowEnds.findIndex((end) => end + 4 <= e.x1)
      if (row === -1) row = rowEnds.push(Number.NEGATIVE_INFINITY) - 1
      rowEnds[row] = e.x2 + 160
      return { runId, label: nameOf(runId) ?? runId, x1: e.x1, x2: e.x2, row, count: e.count }
    })
}
