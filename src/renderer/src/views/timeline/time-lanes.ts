import type { DeliverySummary } from '../../../../shared/schemas/delivery'
import type { RunSummary } from '../../../../shared/schemas/run'
import { STATUS_TONE } from './status-tone'
import { type TimeWindow, xOf } from '../../store/deliveries/time-window'

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

/** The lanes: every subscription the store knows, and any other the deliveries (or density lanes) name, by name. */
export function lanesFor(subscriptions: Array<{ id: string; name: string }>, deliveries: Iterable<Pick<DeliverySummary, 'subscriptionId' | 'subscriptionName'>>, only?: string): Lane[] {
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

/** One delivery placed in its lane, in time: drawn at any pan without being laid out again. */
export interface PlacedMark {
  delivery: DeliverySummary
  /** Row within the lane (0…LANE_ROWS-1). */
  row: number
  /** When each attempt started (or the delivery's creation while it has none). */
  times: number[]
  /** The pending next attempt, drawn dashed. */
  dueMs?: number
  firstMs: number
  /** The later of the last attempt and the pending one. */
  lastMs: number
  tone: 'ok' | 'bad' | 'warn' | 'neutral'
}

/**
 * Each lane's deliveries placed on rows, so deliveries closer than a few pixels at this scale
 * (`msPerPx`) do not cover each other. Rows depend on the scale only, not on where the window is:
 * a pan moves the marks without reshuffling them.
 */
export function layoutMarks(deliveries: Iterable<DeliverySummary>, msPerPx: number): Map<string, PlacedMark[]> {
  const byLane = new Map<string, PlacedMark[]>()
  for (const delivery of deliveries) {
    const times = attemptTimesOf(delivery)
    const dueMs = nextAttemptAt(delivery)
    const mark: PlacedMark = { delivery, row: 0, times, firstMs: times[0]!, lastMs: Math.max(times.at(-1)!, dueMs ?? 0), tone: STATUS_TONE[delivery.status], ...(dueMs !== undefined && { dueMs }) }
    const lane = byLane.get(delivery.subscriptionId)
    if (lane) lane.push(mark)
    else byLane.set(delivery.subscriptionId, [mark])
  }
  const gapMs = ROW_GAP_PX * msPerPx
  for (const marks of byLane.values()) {
    marks.sort((a, b) => a.firstMs - b.firstMs)
    const rowEnds = Array.from({ length: LANE_ROWS }, () => Number.NEGATIVE_INFINITY)
    for (const mark of marks) {
      let row = rowEnds.findIndex((end) => end + gapMs <= mark.firstMs)
      if (row === -1) row = rowEnds.indexOf(Math.min(...rowEnds))
      rowEnds[row] = mark.lastMs
      mark.row = row
    }
  }
  return byLane
}

/** Whether a placed mark shows in the window. */
export const markInWindow = (mark: Pick<PlacedMark, 'firstMs' | 'lastMs'>, w: TimeWindow) => mark.lastMs >= w.startMs && mark.firstMs <= w.endMs

export interface RunBand {
  runId: string
  label: string
  x1: number
  x2: number
  /** Row of the band strip, so overlapping runs do not cover each other. */
  row: number
}

/** A band per scenario run over the time it ran (until now while it runs), labelled with its scenario's name. */
export function runBands(runs: Iterable<Pick<RunSummary, 'id' | 'scenarioName' | 'startedAt' | 'finishedAt'>>, w: TimeWindow, widthPx: number, nowMs: number): RunBand[] {
  const visible: Omit<RunBand, 'row'>[] = []
  for (const run of runs) {
    const x1 = xOf(w, widthPx, Date.parse(run.startedAt))
    const x2 = xOf(w, widthPx, run.finishedAt ? Date.parse(run.finishedAt) : nowMs)
    if (x2 < 0 || x1 > widthPx) continue
    visible.push({ runId: run.id, label: run.scenarioName, x1, x2 })
  }
  const rowEnds: number[] = []
  return visible
    .sort((a, b) => a.x1 - b.x1)
    .map((band) => {
      let row = rowEnds.findIndex((end) => end + 4 <= band.x1)
      if (row === -1) row = rowEnds.push(Number.NEGATIVE_INFINITY) - 1
      // Room for the label too, so two names never overlap.
      rowEnds[row] = Math.max(band.x2, band.x1 + 160)
      return { ...band, row }
    })
}
