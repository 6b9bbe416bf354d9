import type { DeliveryStatus } from '../../../../shared/schemas/delivery'
import type { DensitySeries } from '../../../../shared/schemas/delivery-density'
import { STACK_ORDER, bucketsInWindow, formatBucket, peakInWindow } from './time-density'
import { AXIS_HEIGHT, BAR_HEIGHT, LANE_HEIGHT, LANE_TOP, OVERVIEW_HEIGHT, RUN_ROW_HEIGHT, type Scene, headerHeight, laneY, rowCentre, visibleLanes } from './time-geometry'
import { type PlacedMark, markInWindow } from './time-lanes'
import { xOf } from '../../store/deliveries/time-window'

/*
 * The time view drawn on a canvas: one paint per frame whatever the number of deliveries, so a
 * pan over 100,000 stays within the frame budget. Where things are comes from time-geometry.ts,
 * which the hit test reads too.
 */

export interface Palette {
  text: string
  muted: string
  border: string
  panel: string
  accent: string
  focus: string
  ok: string
  bad: string
  warn: string
}

let cached: { key: string; palette: Palette } | undefined

/**
 * The theme's colours, as CSS custom properties of `element` say: read again only when the theme
 * changes (the root's `data-theme`, or the system's scheme), not on every paint.
 */
export function paletteOf(element: Element): Palette {
  const key = `${document.documentElement.dataset.theme ?? ''}|${globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false}`
  if (cached?.key === key) return cached.palette
  const style = getComputedStyle(element)
  const v = (name: string) => style.getPropertyValue(name).trim() || '#888'
  const palette = { text: v('--text'), muted: v('--muted'), border: v('--border'), panel: v('--panel'), accent: v('--accent'), focus: v('--focus'), ok: v('--ok'), bad: v('--bad'), warn: v('--warn') }
  cached = { key, palette }
  return palette
}

const statusColour = (p: Palette, status: DeliveryStatus): string =>
  ({ delivered: p.ok, failed: p.bad, cancelled: p.muted, retrying: p.warn, held: p.warn, sending: p.accent, queued: p.accent })[status]
const toneColour = (p: Palette, tone: PlacedMark['tone']) => ({ ok: p.ok, bad: p.bad, warn: p.warn, neutral: p.muted })[tone]

export function drawScene(ctx: CanvasRenderingContext2D, scene: Scene, p: Palette) {
  const { width, height } = scene
  ctx.clearRect(0, 0, width, height)
  ctx.font = '11px system-ui, sans-serif'
  ctx.textBaseline = 'alphabetic'
  const top = headerHeight(scene.bands)

  // Lanes first, clipped under the header they scroll beneath.
  ctx.save()
  ctx.beginPath()
  ctx.rect(0, top, width, height - top)
  ctx.clip()
  drawGrid(ctx, scene, p, top, height)
  const { first, last } = visibleLanes(scene)
  for (let i = first; i < last; i++) drawLane(ctx, scene, p, i)
  drawNow(ctx, scene, p, top, height)
  ctx.restore()

  // The header: axis, runs, overview band.
  ctx.fillStyle = p.panel
  ctx.fillRect(0, 0, width, top)
  drawGrid(ctx, scene, p, AXIS_HEIGHT - 6, top)
  drawAxis(ctx, scene, p)
  drawRuns(ctx, scene, p)
  drawOverview(ctx, scene, p, top - OVERVIEW_HEIGHT)
  drawNow(ctx, scene, p, AXIS_HEIGHT - 6, top)
  ctx.strokeStyle = p.border
  ctx.beginPath()
  ctx.moveTo(0, top - 0.5)
  ctx.lineTo(width, top - 0.5)
  ctx.stroke()
}

function drawGrid(ctx: CanvasRenderingContext2D, scene: Scene, p: Palette, y1: number, y2: number) {
  ctx.strokeStyle = p.border
  ctx.lineWidth = 1
  ctx.beginPath()
  for (const tick of scene.ticks) {
    const x = Math.round(tick.x) + 0.5
    ctx.moveTo(x, y1)
    ctx.lineTo(x, y2)
  }
  ctx.stroke()
}

function drawAxis(ctx: CanvasRenderingContext2D, scene: Scene, p: Palette) {
  ctx.fillStyle = p.muted
  for (const tick of scene.ticks) ctx.fillText(tick.label, tick.x + 3, 13)
}

function drawNow(ctx: CanvasRenderingContext2D, scene: Scene, p: Palette, y1: number, y2: number) {
  const { window: w, nowMs, width } = scene
  if (nowMs < w.startMs || nowMs > w.endMs) return
  const x = Math.round(xOf(w, width, nowMs)) + 0.5
  ctx.save()
  ctx.strokeStyle = p.accent
  ctx.setLineDash([2, 3])
  ctx.beginPath()
  ctx.moveTo(x, y1)
  ctx.lineTo(x, y2)
  ctx.stroke()
  ctx.restore()
}

function drawRuns(ctx: CanvasRenderingContext2D, scene: Scene, p: Palette) {
  ctx.save()
  for (const band of scene.bands) {
    const y = AXIS_HEIGHT + band.row * RUN_ROW_HEIGHT
    const x1 = Math.max(-4, band.x1 - 4)
    const x2 = Math.min(scene.width + 4, Math.max(band.x2, band.x1 + 4) + 4)
    ctx.globalAlpha = 0.12
    ctx.fillStyle = p.accent
    ctx.fillRect(x1, y + 2, x2 - x1, RUN_ROW_HEIGHT - 4)
    ctx.globalAlpha = 1
    ctx.fillStyle = p.accent
    ctx.font = '600 11px system-ui, sans-serif'
    // The name starts at the run, or ends at the plot's edge where the run is near it.
    const labelWidth = ctx.measureText(band.label).width
    ctx.fillText(band.label, Math.max(2, Math.min(band.x1, scene.width - labelWidth - 4)), y + 13)
  }
  ctx.restore()
}

/** Stacked bars of some series over the buckets in the window, `barHeight` for the peak. */
function drawBars(ctx: CanvasRenderingContext2D, scene: Scene, p: Palette, series: DensitySeries[], bottom: number, barHeight: number, peak: number) {
  const density = scene.density!
  const { first, last } = bucketsInWindow(density, scene.window)
  const fromMs = Date.parse(density.from)
  const ordered = STACK_ORDER.flatMap((status) => series.filter((s) => s.status === status))
  const base = new Float64Array(Math.max(0, last - first + 1))
  for (const s of ordered) {
    ctx.fillStyle = statusColour(p, s.status)
    for (let i = first; i <= last; i++) {
      const count = s.counts[i]
      if (!count) continue
      const x1 = xOf(scene.window, scene.width, fromMs + i * density.bucketMs)
      const x2 = xOf(scene.window, scene.width, fromMs + (i + 1) * density.bucketMs)
      // A bucket with anything in it shows, however small against the peak.
      const h = Math.max(1.5, (count / peak) * barHeight)
      const at = i - first
      ctx.fillRect(x1, bottom - base[at]! - h, Math.max(1, x2 - x1 - 1), h)
      base[at]! += h
    }
  }
}

function drawOverview(ctx: CanvasRenderingContext2D, scene: Scene, p: Palette, y: number) {
  const { density } = scene
  const barHeight = OVERVIEW_HEIGHT - 18
  if (density) {
    const peak = peakInWindow(density.series, density, scene.window)
    drawBars(ctx, scene, p, density.series, y + OVERVIEW_HEIGHT - 4, barHeight, peak)
    if (scene.pointed?.kind === 'bucket' && scene.pointed.lane === 'all') outlineBucket(ctx, scene, p, scene.pointed.index, y + 14, OVERVIEW_HEIGHT - 16)
    label(ctx, p, `All subscriptions · up to ${peak.toLocaleString()} per ${formatBucket(density.bucketMs)}`, 6, y + 12, p.muted)
  } else label(ctx, p, 'All subscriptions', 6, y + 12, p.muted)
}

function outlineBucket(ctx: CanvasRenderingContext2D, scene: Scene, p: Palette, index: number, y: number, h: number) {
  const density = scene.density!
  const fromMs = Date.parse(density.from)
  const x1 = xOf(scene.window, scene.width, fromMs + index * density.bucketMs)
  const x2 = xOf(scene.window, scene.width, fromMs + (index + 1) * density.bucketMs)
  ctx.strokeStyle = p.focus
  ctx.lineWidth = 1.5
  ctx.strokeRect(x1 - 1, y, Math.max(3, x2 - x1 + 1), h)
}

/** Text with a halo in the panel's colour, readable over grid lines and marks. */
function label(ctx: CanvasRenderingContext2D, p: Palette, text: string, x: number, y: number, colour: string, weight = '') {
  ctx.save()
  ctx.font = `${weight} ${weight ? 12 : 11}px system-ui, sans-serif`
  ctx.lineJoin = 'round'
  ctx.lineWidth = 4
  ctx.strokeStyle = p.panel
  ctx.strokeText(text, x, y)
  ctx.fillStyle = colour
  ctx.fillText(text, x, y)
  ctx.restore()
}

function drawLane(ctx: CanvasRenderingContext2D, scene: Scene, p: Palette, index: number) {
  const lane = scene.lanes[index]!
  const y = laneY(scene, index)
  ctx.strokeStyle = p.border
  ctx.lineWidth = 1
  ctx.beginPath()
  ctx.moveTo(0, y + LANE_HEIGHT - 0.5)
  ctx.lineTo(scene.width, y + LANE_HEIGHT - 0.5)
  ctx.stroke()
  let note = ''
  if (scene.mode === 'marks') drawMarks(ctx, scene, p, scene.marks?.get(lane.subscriptionId) ?? [], y)
  else if (scene.density) {
    const counted = scene.density.lanes.find((l) => l.subscriptionId === lane.subscriptionId)
    if (counted) {
      const peak = peakInWindow(counted.series, scene.density, scene.window)
      drawBars(ctx, scene, p, counted.series, y + LANE_TOP + BAR_HEIGHT, BAR_HEIGHT, peak)
      if (scene.pointed?.kind === 'bucket' && scene.pointed.lane === index) outlineBucket(ctx, scene, p, scene.pointed.index, y + LANE_TOP - 2, BAR_HEIGHT + 4)
      note = ` · up to ${peak.toLocaleString()} per ${formatBucket(scene.density.bucketMs)}`
    }
  }
  label(ctx, p, lane.name, 6, y + 13, p.text, '600')
  if (note) {
    ctx.save()
    ctx.font = '600 12px system-ui, sans-serif'
    const nameWidth = ctx.measureText(lane.name).width
    ctx.restore()
    label(ctx, p, note, 6 + nameWidth, y + 13, p.muted)
  }
}

function drawMarks(ctx: CanvasRenderingContext2D, scene: Scene, p: Palette, marks: PlacedMark[], laneTop: number) {
  const { window: w, width } = scene
  const pointedId = scene.pointed?.kind === 'mark' ? scene.pointed.mark.delivery.id : undefined
  for (const mark of marks) {
    if (!markInWindow(mark, w)) continue
    const cy = laneTop + rowCentre(mark.row)
    const xs = mark.times.map((t) => xOf(w, width, t))
    const tone = toneColour(p, mark.tone)
    const open = mark.delivery.id === scene.opened
    ctx.strokeStyle = p.muted
    ctx.lineWidth = 1
    ctx.beginPath()
    ctx.moveTo(xs[0]!, cy - 6)
    ctx.lineTo(xs[0]!, cy + 6)
    ctx.stroke()
    if (xs.length > 1) {
      ctx.strokeStyle = tone
      ctx.lineWidth = 2
      ctx.beginPath()
      ctx.moveTo(xs[0]!, cy)
      for (const x of xs.slice(1)) ctx.lineTo(x, cy)
      ctx.stroke()
    }
    const last = xs.at(-1)!
    if (mark.dueMs !== undefined) {
      const dueX = xOf(w, width, mark.dueMs)
      ctx.save()
      ctx.strokeStyle = p.warn
      ctx.lineWidth = 2
      ctx.setLineDash([4, 3])
      ctx.beginPath()
      ctx.moveTo(last, cy)
      ctx.lineTo(dueX, cy)
      ctx.stroke()
      ctx.restore()
      circle(ctx, dueX, cy, 4, p.panel, p.warn, 1.5)
    }
    const r = open ? 5.5 : 4.5
    xs.forEach((x, k) => (k === xs.length - 1 ? circle(ctx, x, cy, r, tone, p.panel, 1) : circle(ctx, x, cy, r, p.panel, p.warn, 2)))
    if (open || mark.delivery.id === pointedId) {
      const x1 = Math.min(xs[0]!, mark.dueMs === undefined ? xs[0]! : xOf(w, width, mark.dueMs)) - 7
      const x2 = Math.max(last, mark.dueMs === undefined ? last : xOf(w, width, mark.dueMs)) + 7
      ctx.strokeStyle = p.focus
      ctx.lineWidth = 2
      ctx.beginPath()
      ctx.roundRect(x1, cy - 8, x2 - x1, 16, 4)
      ctx.stroke()
    }
  }
}

function circle(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, fill: string, stroke: string, lineWidth: number) {
  ctx.beginPath()
  ctx.arc(x, y, r, 0, Math.PI * 2)
  ctx.fillStyle = fill
  ctx.fill()
  ctx.lineWidth = lineWidth
  ctx.strokeStyle = stroke
  ctx.stroke()
}

