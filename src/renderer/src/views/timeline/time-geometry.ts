import type { DeliveryDensity } from '../../../../shared/schemas/delivery-density'
import { bucketIndexAt } from './time-density'
import { LANE_ROWS, type Lane, type PlacedMark, type RunBand, markInWindow } from './time-lanes'
import { type TimeWindow, xOf } from '../../store/deliveries/time-window'
import type { Tick } from './time-scale'

/*
 * Where things are in the time view: the header rows, each lane and row, each mark and bucket;
 * what the pointer is on. Pure: drawing (time-draw.ts) and hit-testing agree because both read
 * this, and it is tested without a browser.
 */

export const AXIS_HEIGHT = 24
export const RUN_ROW_HEIGHT = 18
/** The band of every subscription's deliveries together, under the axis. */
export const OVERVIEW_HEIGHT = 44
export const LANE_TOP = 18
export const ROW_HEIGHT = 12
export const LANE_HEIGHT = LANE_TOP + LANE_ROWS * ROW_HEIGHT + 6
/** The height of a lane's density bars: its rows. */
export const BAR_HEIGHT = LANE_ROWS * ROW_HEIGHT
/** How close (px) the pointer must come to a mark to point at it. */
const HIT_PX = 7

/** What the pointer (or the keyboard) is on. */
export type Pointed = { kind: 'mark'; mark: PlacedMark; lane: number } | { kind: 'bucket'; lane: number | 'all'; index: number }

export interface Scene {
  width: number
  /** Height of the visible plot (the canvas). */
  height: number
  scrollTop: number
  window: TimeWindow
  nowMs: number
  ticks: Tick[]
  bands: RunBand[]
  lanes: Lane[]
  mode: 'marks' | 'density'
  density: DeliveryDensity | undefined
  /** Per subscription, in marks mode. */
  marks: Map<string, PlacedMark[]> | undefined
  opened: string | undefined
  pointed: Pointed | undefined
}

/** Where the lanes start: under the axis, the run strip and the overview band. */
export const headerHeight = (bands: RunBand[]) => AXIS_HEIGHT + bandRows(bands) * RUN_ROW_HEIGHT + OVERVIEW_HEIGHT
const bandRows = (bands: RunBand[]) => bands.reduce((rows, b) => Math.max(rows, b.row + 1), 0)
/** Everything's height: what the plot scrolls through. */
export const contentHeight = (scene: Pick<Scene, 'bands' | 'lanes'>) => headerHeight(scene.bands) + scene.lanes.length * LANE_HEIGHT + 8
/** Top of lane `index` on the canvas (lanes scroll under the fixed header). */
export const laneY = (scene: Pick<Scene, 'bands' | 'scrollTop'>, index: number) => headerHeight(scene.bands) + index * LANE_HEIGHT - scene.scrollTop
/** Centre of a row within a lane. */
export const rowCentre = (row: number) => LANE_TOP + row * ROW_HEIGHT + ROW_HEIGHT / 2

/** The lanes on screen: `[first, last)` indexes. */
export function visibleLanes(scene: Pick<Scene, 'bands' | 'scrollTop' | 'height' | 'lanes'>): { first: number; last: number } {
  const top = headerHeight(scene.bands)
  const first = Math.max(0, Math.floor(scene.scrollTop / LANE_HEIGHT))
  const last = Math.min(scene.lanes.length, Math.ceil((scene.scrollTop + scene.height - top) / LANE_HEIGHT) + 1)
  return { first, last }
}

/** The extent of a mark on screen, as the overlay's focus targets and the hit test use it. */
export function markBox(scene: Pick<Scene, 'window' | 'width' | 'bands' | 'scrollTop'>, mark: PlacedMark, lane: number) {
  const x1 = xOf(scene.window, scene.width, mark.firstMs) - HIT_PX
  const x2 = xOf(scene.window, scene.width, mark.lastMs) + HIT_PX
  const cy = laneY(scene, lane) + rowCentre(mark.row)
  return { x: x1, y: cy - HIT_PX - 1, width: x2 - x1, height: 2 * HIT_PX + 2 }
}

/**
 * What is at (x, y) on the canvas: the nearest mark in its row (its attempts and the lines
 * between them), or the bucket of the overview band or of a lane in density mode.
 */
export function hitTest(scene: Scene, x: number, y: number): Pointed | undefined {
  const top = headerHeight(scene.bands)
  const ms = scene.window.startMs + (x / scene.width) * (scene.window.endMs - scene.window.startMs)
  if (y < top) {
    if (y < top - OVERVIEW_HEIGHT || !scene.density) return undefined
    const index = bucketIndexAt(scene.density, ms)
    return index === -1 ? undefined : { kind: 'bucket', lane: 'all', index }
  }
  const lane = Math.floor((y + scene.scrollTop - top) / LANE_HEIGHT)
  if (lane < 0 || lane >= scene.lanes.length) return undefined
  const inLane = y - laneY(scene, lane)
  if (scene.mode === 'density') {
    if (!scene.density || inLane < LANE_TOP - 2) return undefined
    const index = bucketIndexAt(scene.density, ms)
    return index === -1 ? undefined : { kind: 'bucket', lane, index }
  }
  let best: { mark: PlacedMark; distance: number } | undefined
  for (const mark of scene.marks?.get(scene.lanes[lane]!.subscriptionId) ?? []) {
    if (!markInWindow(mark, scene.window) || Math.abs(inLane - rowCentre(mark.row)) > HIT_PX + 1) continue
    const box = markBox(scene, mark, lane)
    if (x < box.x || x > box.x + box.width) continue
    const distance = Math.min(...mark.times.map((t) => Math.abs(xOf(scene.window, scene.width, t) - x)))
    if (!best || distance < best.distance) best = { mark, distance }
  }
  return best && { kind: 'mark', mark: best.mark, lane }
}
