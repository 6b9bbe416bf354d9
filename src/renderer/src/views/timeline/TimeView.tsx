import { memo, useEffect, useMemo, useRef, useState } from 'react'
import { create } from 'zustand'
import type { DeliverySummary } from '../../../../shared/schemas/delivery'
import { run } from '../../api/run'
import { api } from '../../api/transport'
import { formatTime } from '../../components/Http'
import { type DeliveryFilter, compact, toDeliveryQuery } from '../../store/filters'
import { deliveryList } from '../../store/lists'
import { useHookbench } from '../../store/store'
import { type DeliveryMarks, LANE_ROWS, type Lane, attemptTimesOf, lanesFor, layoutLane, nextAttemptAt, runBands } from './time-lanes'
import { type TimeWindow, ZOOM_STEP, formatGap, formatStep, panBy, spanOf, tickStep, ticks, timeAt, windowEndingAt, xOf, zoomAround } from './time-scale'
import { MAX_MARKS, useWindowDeliveries } from './window-deliveries'

/*
 * SVG rather than canvas: every delivery is an element that takes the focus, has an accessible
 * name, opens with Enter and is themed by the CSS variables; what keeps it smooth is that only
 * the window's deliveries (at most MAX_MARKS, fetched by time range) and only the lanes on
 * screen are drawn, and live updates land once per animation frame.
 */

const LANE_TOP = 18
const ROW_HEIGHT = 12
const LANE_HEIGHT = LANE_TOP + LANE_ROWS * ROW_HEIGHT + 4
const AXIS_HEIGHT = 26
const RUN_ROW_HEIGHT = 20
/** Arrow keys move the window by this share of its span. */
const PAN_SHARE = 0.1
const DEFAULT_SPAN_MS = 15 * 60_000

interface TimeViewState {
  window: TimeWindow
  /** The window slides with the clock ("Now"); a pan or zoom by hand stops it. */
  follow: boolean
}

/** The window: kept across switches between list and time. */
const useTimeView = create<TimeViewState>()(() => ({ window: windowEndingAt(Date.now() + DEFAULT_SPAN_MS * 0.05, DEFAULT_SPAN_MS), follow: true }))
const setView = (change: (v: TimeViewState) => TimeViewState) => useTimeView.setState(change)
const followNow = (w: TimeWindow, nowMs: number) => windowEndingAt(nowMs + spanOf(w) * 0.05, spanOf(w))

export function TimeView({ filter, runNames }: { filter: DeliveryFilter; runNames: Map<string, string> }) {
  const subscriptions = useHookbench((s) => s.subscriptions)
  const opened = deliveryList.use((s) => s.opened)
  const w = useTimeView((s) => s.window)
  const follow = useTimeView((s) => s.follow)
  const [nowMs, setNowMs] = useState(() => w.endMs)
  const [width, setWidth] = useState(800)
  const [height, setHeight] = useState(400)
  const [scrollTop, setScrollTop] = useState(0)
  const [tip, setTip] = useState<{ marks: DeliveryMarks; x: number; y: number } | undefined>()
  const plot = useRef<HTMLDivElement>(null)
  const { deliveries, capped, loading } = useWindowDeliveries(filter, w)

  const setWindow = (next: TimeWindow, keepFollowing = false) => setView(() => ({ window: next, follow: keepFollowing }))
  const zoom = (factor: number, anchorMs?: number) => setView((v) => ({ window: zoomAround(v.window, factor, v.follow ? v.window.endMs : anchorMs), follow: v.follow }))
  const pan = (dx: number) => setWindow(panBy(w, width, dx))
  const now = () => setWindow(followNow(w, Date.now()), true)

  // The clock: the now line moves, and a following window slides with it.
  useEffect(() => {
    const tick = () => {
      const at = Date.now()
      setNowMs(at)
      setView((v) => (v.follow ? { window: followNow(v.window, at), follow: true } : v))
    }
    tick()
    const timer = setInterval(tick, 1000)
    return () => clearInterval(timer)
  }, [])

  useEffect(() => {
    const element = plot.current
    if (!element) return
    const observer = new ResizeObserver(() => {
      setWidth(Math.max(200, element.clientWidth))
      setHeight(element.clientHeight)
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  // Ctrl+wheel zooms around the pointer (a non-passive listener, so the page does not zoom).
  useEffect(() => {
    const element = plot.current
    if (!element) return
    const onWheel = (event: WheelEvent) => {
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault()
        const x = event.clientX - element.getBoundingClientRect().left
        setView((v) => ({ window: zoomAround(v.window, event.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, timeAt(v.window, element.clientWidth, x)), follow: false }))
      } else if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        event.preventDefault()
        setView((v) => ({ window: panBy(v.window, element.clientWidth, event.deltaX), follow: false }))
      }
    }
    element.addEventListener('wheel', onWheel, { passive: false })
    return () => element.removeEventListener('wheel', onWheel)
  }, [])

  const byLane = useMemo(() => {
    const map = new Map<string, DeliverySummary[]>()
    for (const d of deliveries) map.set(d.subscriptionId, [...(map.get(d.subscriptionId) ?? []), d])
    return map
  }, [deliveries])
  const inView = useMemo(() => deliveries.filter((d) => attemptTimesOf(d)[0]! <= w.endMs && Math.max(attemptTimesOf(d).at(-1)!, nextAttemptAt(d) ?? 0) >= w.startMs).length, [deliveries, w])
  const lanes = useMemo(() => lanesFor(subscriptions, deliveries, filter.subscriptionId), [subscriptions, deliveries, filter.subscriptionId])
  const bands = useMemo(() => runBands(deliveries, w, width, (id) => runNames.get(id)), [deliveries, w, width, runNames])
  const bandRows = bands.reduce((rows, b) => Math.max(rows, b.row + 1), 0)
  const top = AXIS_HEIGHT + bandRows * RUN_ROW_HEIGHT
  // Only the lanes on screen are laid out and drawn.
  const firstLane = Math.max(0, Math.floor((scrollTop - top) / LANE_HEIGHT))
  const lastLane = Math.min(lanes.length, Math.ceil((scrollTop + height - top) / LANE_HEIGHT) + 1)
  const step = tickStep(w, width)
  const drag = useRef<{ x: number; moved: boolean } | undefined>(undefined)

  const onKeyDown = (event: React.KeyboardEvent) => {
    const actions: Record<string, () => void> = {
      ArrowLeft: () => pan(-width * PAN_SHARE),
      ArrowRight: () => pan(width * PAN_SHARE),
      '+': () => zoom(ZOOM_STEP),
      '=': () => zoom(ZOOM_STEP),
      '-': () => zoom(1 / ZOOM_STEP),
    }
    const action = event.ctrlKey || event.metaKey || event.altKey ? undefined : actions[event.key]
    if (!action) return
    event.preventDefault()
    action()
  }

  return (
    <div className="time-view" data-testid="time-view">
      <div className="time-toolbar" role="toolbar" aria-label="Time view">
        <button type="button" onClick={() => zoom(1 / ZOOM_STEP)} title="Zoom out (−, Ctrl+wheel)" aria-label="Zoom out" data-testid="time-zoom-out" disabled={spanOf(w) >= 30 * 86_400_000}>
          −
        </button>
        <button type="button" onClick={() => zoom(ZOOM_STEP)} title="Zoom in (+, Ctrl+wheel)" aria-label="Zoom in" data-testid="time-zoom-in" disabled={spanOf(w) <= 5_000}>
          +
        </button>
        <button type="button" onClick={now} aria-pressed={follow} title="Show now and follow new deliveries" data-testid="time-now">
          Now
        </button>
        <span className="time-scale-bar" data-testid="time-scale" aria-label={`Each tick is ${formatStep(step)}`}>
          <span className="time-scale-line" style={{ width: (step / spanOf(w)) * width }} />
          {formatStep(step)}
        </span>
        <span className="muted time-range-label" data-testid="time-window">
          {formatTime(new Date(w.startMs).toISOString())} – {formatTime(new Date(w.endMs).toISOString())}
        </span>
        <span className="muted time-note" aria-live="polite" data-testid="time-note">
          {loading ? 'Loading…' : capped ? `Showing the newest ${MAX_MARKS.toLocaleString()} deliveries of this window: zoom in to see them all` : `${inView.toLocaleString()} ${inView === 1 ? 'delivery' : 'deliveries'} in view`}
        </span>
      </div>
      <div
        className="time-plot"
        ref={plot}
        tabIndex={0}
        role="group"
        aria-label="Deliveries over time: ← → move, + − zoom, Tab to a delivery and Enter to open it"
        data-testid="time-plot"
        onKeyDown={onKeyDown}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onPointerDown={(e) => {
          if ((e.target as Element).closest('.tl-delivery')) return
          drag.current = { x: e.clientX, moved: false }
          e.currentTarget.setPointerCapture(e.pointerId)
        }}
        onPointerMove={(e) => {
          if (!drag.current) return
          const dx = e.clientX - drag.current.x
          if (Math.abs(dx) < 2) return
          drag.current = { x: e.clientX, moved: true }
          setView((v) => ({ window: panBy(v.window, width, -dx), follow: false }))
        }}
        onPointerUp={() => (drag.current = undefined)}
      >
        <svg className="time-svg" width={width} height={top + lanes.length * LANE_HEIGHT + 8} data-testid="time-svg">
          <g className="tl-grid">
            {ticks(w, width).map((tick) => (
              <g key={tick.ms} transform={`translate(${tick.x},0)`}>
                <line y1={AXIS_HEIGHT - 6} y2={top + lanes.length * LANE_HEIGHT} />
                <text y={12} x={3} data-testid="time-tick">
                  {tick.label}
                </text>
              </g>
            ))}
          </g>
          {bands.map((band) => (
            <g key={band.runId} className="tl-run" data-testid="time-run" data-run={band.runId}>
              <rect x={band.x1 - 4} width={Math.max(8, band.x2 - band.x1 + 8)} y={AXIS_HEIGHT + band.row * RUN_ROW_HEIGHT} height={top + lanes.length * LANE_HEIGHT - AXIS_HEIGHT - band.row * RUN_ROW_HEIGHT} />
              <text x={Math.max(2, band.x1)} y={AXIS_HEIGHT + band.row * RUN_ROW_HEIGHT + 13}>
                {band.label} · {band.count}
              </text>
            </g>
          ))}
          {lanes.slice(firstLane, lastLane).map((lane, k) => (
            <LaneMarks
              key={lane.subscriptionId}
              lane={lane}
              y={top + (firstLane + k) * LANE_HEIGHT}
              marks={layoutLane(byLane.get(lane.subscriptionId) ?? [], w, width)}
              opened={opened}
              onTip={setTip}
            />
          ))}
          {nowMs >= w.startMs && nowMs <= w.endMs && <line className="tl-now" x1={xOf(w, width, nowMs)} x2={xOf(w, width, nowMs)} y1={AXIS_HEIGHT - 6} y2={top + lanes.length * LANE_HEIGHT} />}
        </svg>
        {!loading && deliveries.length === 0 && (
          <p className="time-empty muted" data-testid="time-empty">
            No delivery in this window. <button type="button" onClick={() => void goToLatest(filter, w, setWindow)}>Go to the latest delivery</button>
          </p>
        )}
        {tip && <Tooltip {...tip} />}
      </div>
    </div>
  )
}

/** Centres the window on the newest delivery the filters take. */
async function goToLatest(filter: DeliveryFilter, w: TimeWindow, setWindow: (w: TimeWindow) => void) {
  const page = await run(api.listDeliveries({ ...compact(toDeliveryQuery(filter, Date.now())), limit: 1 }))
  const latest = page?.items[0]
  if (latest) setWindow(windowEndingAt(Math.max(...attemptTimesOf(latest), nextAttemptAt(latest) ?? 0) + spanOf(w) * 0.2, spanOf(w)))
}

const LaneMarks = memo(function LaneMarks(props: { lane: Lane; y: number; marks: DeliveryMarks[]; opened: string | undefined; onTip: (tip: { marks: DeliveryMarks; x: number; y: number } | undefined) => void }) {
  const { lane, y, marks, opened, onTip } = props
  return (
    <g className="tl-lane" data-testid="time-lane" data-subscription={lane.subscriptionId} transform={`translate(0,${y})`}>
      <line className="tl-lane-rule" x1={0} x2="100%" y1={LANE_HEIGHT} y2={LANE_HEIGHT} />
      <text className="tl-lane-name" x={6} y={12}>
        {lane.name}
      </text>
      {marks.map((m) => (
        <Marks key={m.delivery.id} marks={m} isOpen={m.delivery.id === opened} laneY={y} onTip={onTip} />
      ))}
    </g>
  )
})

/** One delivery: its attempts joined by the gaps between them, the pending retry dashed. */
function Marks({ marks, isOpen, laneY, onTip }: { marks: DeliveryMarks; isOpen: boolean; laneY: number; onTip: (tip: { marks: DeliveryMarks; x: number; y: number } | undefined) => void }) {
  const { delivery, xs, dueX, tone, row } = marks
  const cy = LANE_TOP + row * ROW_HEIGHT + ROW_HEIGHT / 2
  const last = xs.at(-1)!
  const show = () => onTip({ marks, x: last, y: laneY + cy })
  const open = () => deliveryList.open(delivery.id)
  return (
    <g
      className="tl-delivery"
      data-tone={tone}
      data-open={isOpen || undefined}
      data-testid="time-delivery"
      data-id={delivery.id}
      tabIndex={0}
      role="button"
      aria-label={describe(delivery)}
      onClick={open}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault()
          open()
        }
      }}
      onMouseEnter={show}
      onFocus={show}
      onMouseLeave={() => onTip(undefined)}
      onBlur={() => onTip(undefined)}
    >
      <line className="tl-created" x1={xs[0]} x2={xs[0]} y1={cy - 6} y2={cy + 6} />
      {xs.slice(1).map((x, k) => (
        <line key={k} className="tl-gap" data-testid="time-gap" x1={xs[k]} x2={x} y1={cy} y2={cy} />
      ))}
      {dueX !== undefined && (
        <>
          <line className="tl-pending" data-testid="time-pending" x1={last} x2={dueX} y1={cy} y2={cy} />
          <circle className="tl-due" cx={dueX} cy={cy} r={4} />
        </>
      )}
      {xs.map((x, k) => (
        <circle key={k} className={k === xs.length - 1 ? 'tl-attempt tl-final' : 'tl-attempt tl-retried'} data-testid="time-attempt" cx={x} cy={cy} r={isOpen ? 5.5 : 4.5} />
      ))}
      {/* A wider target than the dots, so a small mark is easy to hit. */}
      <rect className="tl-hit" x={Math.min(xs[0]!, dueX ?? xs[0]!) - 6} y={cy - 7} width={Math.max(last, dueX ?? last) - xs[0]! + 12} height={14} />
    </g>
  )
}

function describe(d: DeliverySummary) {
  const tries = d.attemptCount === 1 ? '1 attempt' : `${d.attemptCount} attempts`
  return `${d.provider} ${d.event} to ${d.subscriptionName}, ${d.status}, ${tries}, ${formatTime(d.createdAt)}`
}

function Tooltip({ marks, x, y }: { marks: DeliveryMarks; x: number; y: number }) {
  const d = marks.delivery
  const times = d.attemptTimes ?? []
  const due = nextAttemptAt(d)
  return (
    <div className="time-tip" role="tooltip" data-testid="time-tip" style={{ left: x + 12, top: y + 10 }}>
      <strong>
        {d.provider} {d.event}
      </strong>
      <span className="muted">{d.subscriptionName}</span>
      <span>
        {d.status}
        {d.lastStatus !== undefined ? ` · HTTP ${d.lastStatus}` : d.lastError ? ` · ${d.lastError}` : ''}
      </span>
      <ol className="time-tip-attempts">
        {times.map((t, k) => (
          <li key={k}>
            {formatTime(new Date(t).toISOString())}
            {k > 0 && <span className="muted"> (+{formatGap(t - times[k - 1]!)})</span>}
          </li>
        ))}
        {due !== undefined && (
          <li className="muted">
            next {formatTime(new Date(due).toISOString())} (+{formatGap(due - (times.at(-1) ?? Date.parse(d.createdAt)))})
          </li>
        )}
      </ol>
    </div>
  )
}
