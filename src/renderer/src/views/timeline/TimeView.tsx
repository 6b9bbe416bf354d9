import { memo, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { Delivery, DeliverySummary } from '../../../../shared/schemas/delivery'
import type { RunSummary } from '../../../../shared/schemas/run'
import { formatTime } from '../../components/Http'
import { SplitCover } from '../../components/SplitView'
import { useHookbench } from '../../store/app-store'
import { getDelivery, newestDelivery, peekDelivery } from '../../store/deliveries/actions'
import type { DeliveryFilter } from '../../store/deliveries/filters'
import { deliveryList } from '../../store/deliveries/list'
import {
  MAX_SPAN_MS,
  MIN_SPAN_MS,
  type TimeWindow,
  ZOOM_STEP,
  atLatest,
  followNow,
  landedOn,
  moveTimeView as setView,
  panBy,
  spanOf,
  timeAt,
  toggledNow,
  useTimeView,
  xOf,
  zoomed,
} from '../../store/deliveries/time-window'
import { DENSITY_LANES, useDensity } from './density-data'
import { drawScene, paletteOf } from './time-draw'
import { AXIS_HEIGHT, type Pointed, type Scene, contentHeight, hitTest, markBox } from './time-geometry'
import { MARKS_LIMIT, STACK_ORDER, bucketCounts, countInWindow, formatBucket } from './time-density'
import { type PlacedMark, attemptTimesOf, lanesFor, layoutMarks, markInWindow, nextAttemptAt, runBands } from './time-lanes'
import { formatGap, formatStep, tickStep, ticks } from './time-scale'
import { useWindowDeliveries } from './window-deliveries'

/*
 * A canvas: one paint per frame whatever the number of deliveries. A window holding more than
 * MARKS_LIMIT deliveries is drawn as density (counted by the engine, per bucket and status);
 * fewer are drawn one by one, each attempt a mark. Keyboard and screen readers reach each mark
 * through a transparent button laid over it (Tab, Enter), whose place follows the paint.
 */

/** Arrow keys move the window by this share of its span. */
const PAN_SHARE = 0.1
/** Focus targets (Tab stops) laid over the marks at most: those nearest the window's middle. */
const MAX_TARGETS = 300
/** A pointer that moved less than this (px) between down and up clicked; more, it dragged. */
const DRAG_PX = 3

type Tip = { kind: 'mark'; mark: PlacedMark; x: number; y: number } | { kind: 'bucket'; lane: string; index: number; x: number; y: number }

/** Memoised: the Timeline re-renders with each live page of its list, which this view does not show. */
export const TimeView = memo(function TimeView({ filter, runs }: { filter: DeliveryFilter; runs: RunSummary[] }) {
  const subscriptions = useHookbench((s) => s.subscriptions)
  const opened = deliveryList.use((s) => s.opened)
  const view = useTimeView()
  const w = view.window
  const [nowMs, setNowMs] = useState(() => Date.now())
  const [size, setSize] = useState({ width: 800, height: 400 })
  const [scrollTop, setScrollTop] = useState(0)
  const [pointed, setPointed] = useState<Pointed>()
  const [tip, setTip] = useState<Tip>()
  const plot = useRef<HTMLDivElement>(null)
  const canvas = useRef<HTMLCanvasElement>(null)
  const { width, height } = size
  // The inspector as a drawer over the plot's right part (1024 px): now, the latest and a delivery
  // opened are placed in the part left uncovered.
  const covered = useContext(SplitCover)
  const seen = covered > 0 ? Math.max(0.25, (width - covered) / width) : 1
  const seenRef = useRef(seen)
  useLayoutEffect(() => {
    seenRef.current = seen
  }, [seen])

  const density = useDensity(filter, w, width)
  const inView = density.density ? countInWindow(density.density, w) : undefined
  const wantMarks = inView !== undefined && inView <= MARKS_LIMIT
  const windowed = useWindowDeliveries(filter, w, wantMarks)
  const mode: Scene['mode'] = wantMarks && windowed.ready && !windowed.capped ? 'marks' : 'density'
  // Laid out again on a zoom, not on a pan: rows depend on the scale only.
  const spanKey = Math.round(spanOf(w))
  const placed = useMemo(() => layoutMarks(windowed.deliveries, spanKey / Math.max(1, width)), [windowed.deliveries, spanKey, width])
  const lanes = useMemo(
    () => lanesFor(subscriptions, [...windowed.deliveries, ...(density.density?.lanes ?? [])], filter.subscriptionId),
    [subscriptions, windowed.deliveries, density.density, filter.subscriptionId],
  )
  const bands = useMemo(() => runBands(runs, w, width, nowMs), [runs, w, width, nowMs])
  const scene: Scene = {
    width,
    height,
    scrollTop,
    window: w,
    nowMs,
    ticks: ticks(w, width),
    bands,
    lanes,
    mode,
    density: density.density,
    marks: mode === 'marks' ? placed : undefined,
    opened,
    pointed,
  }
  const sceneRef = useRef(scene)
  const markIndex = useMemo(() => indexMarks(placed, lanes), [placed, lanes])
  const indexRef = useRef(markIndex)

  // The clock: the now line moves, and a following window slides with it.
  useEffect(() => {
    const tick = () => {
      const at = Date.now()
      setNowMs(at)
      setView((v) => (v.follow ? { window: followNow(v.window, at, seenRef.current), follow: true } : v))
    }
    const timer = setInterval(tick, 1000)
    return () => clearInterval(timer)
  }, [])

  useLayoutEffect(() => {
    const element = plot.current
    if (!element) return
    const measure = () => setSize({ width: Math.max(200, element.clientWidth), height: Math.max(100, element.clientHeight) })
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  // One paint per frame, of the latest scene.
  const frame = useRef(0)
  const drawn = useRef(false)
  useLayoutEffect(() => {
    sceneRef.current = scene
    indexRef.current = markIndex
    frame.current ||= requestAnimationFrame(() => {
      frame.current = 0
      const element = canvas.current
      const ctx = element?.getContext('2d')
      if (!element || !ctx) return
      const current = sceneRef.current
      const ratio = globalThis.devicePixelRatio || 1
      const pixelWidth = Math.round(current.width * ratio)
      const pixelHeight = Math.round(current.height * ratio)
      if (element.width !== pixelWidth || element.height !== pixelHeight) {
        element.width = pixelWidth
        element.height = pixelHeight
      }
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0)
      drawScene(ctx, current, paletteOf(element))
      placeFocusTargets(element.parentElement, current, indexRef.current)
      if (current.density && !drawn.current) {
        drawn.current = true
        performance.mark('hookbench:time-view-drawn')
      }
      element.dataset.drawn = current.density ? current.mode : 'nothing'
    })
  })
  useEffect(() => () => cancelAnimationFrame(frame.current), [])

  // Ctrl+wheel zooms around the pointer; a sideways wheel pans (non-passive, so the page does not zoom).
  useEffect(() => {
    const element = plot.current
    if (!element) return
    const onWheel = (event: WheelEvent) => {
      const x = event.clientX - element.getBoundingClientRect().left
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault()
        setView((v) => zoomed(v, event.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, { nowMs: Date.now(), anchorMs: timeAt(v.window, element.clientWidth, x) }))
      } else if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        event.preventDefault()
        setView((v) => ({ window: panBy(v.window, element.clientWidth, event.deltaX), follow: false }))
      }
    }
    element.addEventListener('wheel', onWheel, { passive: false })
    return () => element.removeEventListener('wheel', onWheel)
  }, [])

  // A delivery opened elsewhere (a run's link, the list, the URL) is brought into view.
  useEffect(() => {
    if (!opened) return
    let current = true
    void getDelivery(opened).then((delivery) => {
      if (!current || !delivery) return
      const { startMs, endMs } = extentOf(delivery)
      setView((v) => landedOn(v, startMs, endMs, seenRef.current))
    })
    return () => {
      current = false
    }
  }, [opened])

  const zoom = (factor: number) => {
    const selection = selectionIn(placed, opened)
    setView((v) => zoomed(v, factor, { nowMs: Date.now(), seen, ...(selection && { selection }) }))
  }
  const pan = (dx: number) => setView((v) => ({ window: panBy(v.window, width, dx), follow: false }))
  const latest = () => void goToLatest(filter, seen)

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.target !== event.currentTarget && !(event.target as HTMLElement).dataset.testid?.startsWith('time-delivery')) return
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

  // Dragging pans; a press that did not move is a click (a mark opens, a bucket zooms in).
  const press = useRef<{ x: number; startX: number; moved: boolean; pointerId: number } | undefined>(undefined)
  /** The last press dragged: the click that ends it on a focus target is not a click. */
  const dragged = useRef(false)
  const openMark = useCallback((id: string) => {
    if (!dragged.current) deliveryList.open(id)
  }, [])
  const focusMark = useCallback((id: string, target: HTMLElement) => {
    const placed = indexRef.current.get(id)
    const plotElement = target.closest('.time-plot')
    if (!placed || !plotElement) return
    const box = target.getBoundingClientRect()
    const parent = plotElement.getBoundingClientRect()
    setTip({ kind: 'mark', mark: placed.mark, x: box.right - parent.left - 7, y: box.top - parent.top + 8 + plotElement.scrollTop })
  }, [])
  const blurMark = useCallback(() => setTip(undefined), [])
  const localPoint = (e: React.PointerEvent) => {
    const rect = canvas.current!.getBoundingClientRect()
    return { x: e.clientX - rect.left, y: e.clientY - rect.top }
  }
  const onPointerDown = (e: React.PointerEvent) => {
    if (e.button !== 0) return
    press.current = { x: e.clientX, startX: e.clientX, moved: false, pointerId: e.pointerId }
    dragged.current = false
  }
  const onPointerMove = (e: React.PointerEvent) => {
    const held = press.current
    if (held) {
      const dx = e.clientX - held.x
      if (!held.moved && Math.abs(e.clientX - held.startX) < DRAG_PX) return
      if (!held.moved) {
        held.moved = true
        dragged.current = true
        plot.current?.setPointerCapture(held.pointerId)
        setTip(undefined)
      }
      held.x = e.clientX
      setView((v) => ({ window: panBy(v.window, width, -dx), follow: false }))
      return
    }
    const { x, y } = localPoint(e)
    const hit = hitTest(sceneRef.current, x, y)
    setPointed(hit)
    setTip(hit && tipOf(hit, sceneRef.current, x, y))
  }
  const onPointerUp = (e: React.PointerEvent) => {
    const held = press.current
    press.current = undefined
    // A focus target opens its delivery by its own click.
    if (!held || held.moved || (e.target as Element).closest('.tl-target')) return
    const { x, y } = localPoint(e)
    const hit = hitTest(sceneRef.current, x, y)
    if (hit?.kind === 'mark') deliveryList.open(hit.mark.delivery.id)
    else if (hit?.kind === 'bucket' && density.density) {
      const bucket = bucketCounts(density.density, density.density.series, hit.index)
      setView((v) => zoomed(v, 4, { nowMs: Date.now(), anchorMs: (bucket.startMs + bucket.endMs) / 2 }))
    }
  }

  const step = tickStep(w, width)
  const state = density.density === undefined ? (density.empty ? 'empty' : 'loading') : mode
  const nothingInView = inView === 0 && !density.loading
  return (
    <div className="time-view" data-testid="time-view" data-state={state} data-follow={view.follow} data-start-ms={Math.round(w.startMs)} data-end-ms={Math.round(w.endMs)}>
      <div className="time-toolbar" role="toolbar" aria-label="Time view">
        <button type="button" onClick={() => zoom(1 / ZOOM_STEP)} title="Zoom out (−, Ctrl+wheel)" aria-label="Zoom out" data-testid="time-zoom-out" disabled={spanOf(w) >= MAX_SPAN_MS}>
          −
        </button>
        <button type="button" onClick={() => zoom(ZOOM_STEP)} title="Zoom in (+, Ctrl+wheel): around the open delivery when it is in view" aria-label="Zoom in" data-testid="time-zoom-in" disabled={spanOf(w) <= MIN_SPAN_MS}>
          +
        </button>
        <button
          type="button"
          onClick={() => setView((v) => toggledNow(v, Date.now(), seen))}
          aria-pressed={view.follow}
          title={view.follow ? 'Following now: press to stop' : 'Show now and follow new deliveries'}
          data-testid="time-now"
        >
          Now
        </button>
        <button type="button" onClick={latest} title="Show the newest delivery the filters take" data-testid="time-latest">
          Latest
        </button>
        <span className="time-scale-bar" data-testid="time-scale" aria-label={`Each tick is ${formatStep(step)}`}>
          <span className="time-scale-line" style={{ width: (step / spanOf(w)) * width }} />
          {formatStep(step)}
        </span>
        <span className="muted time-range-label" data-testid="time-window">
          {formatTime(new Date(w.startMs).toISOString())} – {formatTime(new Date(w.endMs).toISOString())}
        </span>
        {mode === 'density' && density.density && <DensityLegend />}
        <span className="muted time-note" aria-live="polite" data-testid="time-note">
          {noteOf(state, inView, density.density?.bucketMs, filter.searchBodies === true, density.density?.otherLanes ?? 0)}
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
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (press.current = undefined)}
        onPointerLeave={() => {
          if (press.current) return
          setPointed(undefined)
          setTip(undefined)
        }}
      >
        <div className="time-content" style={{ height: Math.max(height, contentHeight(scene)) }}>
          <canvas ref={canvas} className="time-canvas" style={{ height }} data-testid="time-canvas" aria-hidden="true" />
          {mode === 'marks' && <FocusTargets placed={placed} lanes={lanes} window={w} onFocusMark={focusMark} onBlurMark={blurMark} onOpen={openMark} />}
        </div>
        {nothingInView && (
          <p className="time-empty muted" data-testid="time-empty">
            No delivery in this window.{' '}
            <button type="button" onClick={latest}>
              Go to the latest delivery
            </button>
          </p>
        )}
        {tip && <Tooltip tip={tip} density={density.density} scrollTop={scrollTop} />}
      </div>
    </div>
  )
})

function noteOf(state: string, inView: number | undefined, bucketMs: number | undefined, searchBodies: boolean, otherLanes: number): string {
  if (state === 'loading') return 'Loading…'
  if (state === 'empty') return 'The filters’ time range is outside this window'
  const n = inView ?? 0
  const count = `${n.toLocaleString()} ${n === 1 ? 'delivery' : 'deliveries'} in view`
  const parts = [count]
  if (state === 'density' && bucketMs) parts.push(`counted per ${formatBucket(bucketMs)}: zoom in to see each one`)
  if (otherLanes > 0) parts.push(`${otherLanes} quieter subscriptions not drawn (the ${DENSITY_LANES} busiest are)`)
  if (searchBodies) parts.push('counts match the text in summaries, not bodies')
  return parts.join(' · ')
}

function DensityLegend() {
  return (
    <span className="time-legend muted" data-testid="time-legend">
      {(['delivered', 'failed', 'retrying', 'queued'] as const).map((status) => (
        <span key={status} className="time-legend-item">
          <span className="time-legend-swatch" data-status={status} /> {status === 'queued' ? 'sending' : status}
        </span>
      ))}
    </span>
  )
}

/** Where a delivery's activity spans: its creation or first attempt to its last attempt or next due one. */
function extentOf(d: Delivery): { startMs: number; endMs: number } {
  const times = [Date.parse(d.createdAt), ...d.attempts.map((a) => Date.parse(a.startedAt)), ...(d.status === 'retrying' || d.status === 'queued' ? [d.dueAt ?? 0] : [])]
  return { startMs: Math.min(...times), endMs: Math.max(...times) }
}

/** The open delivery's extent, when it is among the marks. */
function selectionIn(placed: Map<string, PlacedMark[]>, opened: string | undefined) {
  for (const marks of placed.values()) {
    const mark = marks.find((m) => m.delivery.id === opened)
    if (mark) return { startMs: mark.firstMs, endMs: mark.lastMs }
  }
  return undefined
}

/** Moves to the newest delivery the filters take. */
async function goToLatest(filter: DeliveryFilter, seen: number) {
  const latest = await newestDelivery(filter)
  if (latest) setView((v) => atLatest(v, Math.max(...attemptTimesOf(latest), nextAttemptAt(latest) ?? 0), seen))
}

function tipOf(hit: Pointed, scene: Scene, x: number, y: number): Tip {
  if (hit.kind === 'mark') return { kind: 'mark', mark: hit.mark, x, y: y + scene.scrollTop }
  return { kind: 'bucket', lane: hit.lane === 'all' ? 'all' : scene.lanes[hit.lane]!.subscriptionId, index: hit.index, x, y: y + scene.scrollTop }
}

/** Each placed mark by delivery id, with its lane's index: what the focus targets are placed from. */
type MarkIndex = Map<string, { mark: PlacedMark; lane: number }>

function indexMarks(placed: Map<string, PlacedMark[]>, lanes: { subscriptionId: string }[]): MarkIndex {
  const index: MarkIndex = new Map()
  lanes.forEach((lane, i) => {
    for (const mark of placed.get(lane.subscriptionId) ?? []) index.set(mark.delivery.id, { mark, lane: i })
  })
  return index
}

/** Places each focus target over its mark, after a paint (no render: a pan moves them all at once); only what moved is written. */
function placeFocusTargets(content: HTMLElement | null, scene: Scene, index: MarkIndex) {
  if (!content || scene.mode !== 'marks') return
  const fixedScene = { ...scene, scrollTop: 0 }
  for (const target of content.querySelectorAll<HTMLButtonElement>('button.tl-target')) {
    const placed = index.get(target.dataset.id!)
    if (!placed) continue
    const box = markBox(fixedScene, placed.mark, placed.lane)
    const transform = `translate(${box.x.toFixed(1)}px, ${box.y}px)`
    const width = `${box.width.toFixed(1)}px`
    if (target.style.transform !== transform) target.style.transform = transform
    if (target.style.width !== width) target.style.width = width
    const xs = placed.mark.times.map((t) => xOf(scene.window, scene.width, t).toFixed(1)).join(' ')
    if (target.dataset.xs !== xs) target.dataset.xs = xs
    const open = placed.mark.delivery.id === scene.opened
    if (target.hasAttribute('data-open') !== open) target.toggleAttribute('data-open', open)
  }
}

interface TargetInfo {
  id: string
  lane: string
  tone: string
  attempts: number
  label: string
}

/**
 * A transparent button over each mark in the window: Tab reaches every delivery drawn, Enter
 * opens it, and a screen reader reads what it is. Rendered when the set of marks changes (each
 * button only when its own delivery does), placed after each paint.
 */
const FocusTargets = memo(function FocusTargets(props: {
  placed: Map<string, PlacedMark[]>
  lanes: { subscriptionId: string }[]
  window: TimeWindow
  onFocusMark: (id: string, target: HTMLElement) => void
  onBlurMark: () => void
  onOpen: (id: string) => void
}) {
  const { placed, lanes, onFocusMark, onBlurMark, onOpen } = props
  // The marks in the window (recomputed when it has moved by an eighth of its span, so a pan
  // rarely adds or removes a target), up to MAX_TARGETS, those nearest its middle first: past
  // that, zooming in brings the others within reach.
  const eighth = spanOf(props.window) / 8
  const startKey = Math.round(props.window.startMs / eighth)
  const targets = useMemo(() => {
    const shown = { startMs: startKey * eighth, endMs: (startKey + 8) * eighth }
    const middle = (shown.startMs + shown.endMs) / 2
    const inView = lanes.flatMap((lane) => (placed.get(lane.subscriptionId) ?? []).filter((m) => markInWindow(m, shown)).map((mark) => ({ mark, lane: lane.subscriptionId })))
    const distance = (m: PlacedMark) => Math.abs((m.firstMs + m.lastMs) / 2 - middle)
    const kept = inView.length <= MAX_TARGETS ? inView : [...inView].sort((a, b) => distance(a.mark) - distance(b.mark)).slice(0, MAX_TARGETS)
    return kept.map(({ mark, lane }): TargetInfo => ({ id: mark.delivery.id, lane, tone: mark.tone, attempts: mark.times.length, label: describe(mark.delivery) }))
  }, [placed, lanes, startKey, eighth])
  return (
    <div className="tl-targets">
      {targets.map((target) => (
        <FocusTarget key={target.id} {...target} onFocusMark={onFocusMark} onBlurMark={onBlurMark} onOpen={onOpen} />
      ))}
    </div>
  )
})

const FocusTarget = memo(function FocusTarget(props: TargetInfo & { onFocusMark: (id: string, target: HTMLElement) => void; onBlurMark: () => void; onOpen: (id: string) => void }) {
  const { id } = props
  return (
    <button
      type="button"
      className="tl-target"
      data-testid="time-delivery"
      data-id={id}
      data-lane={props.lane}
      data-tone={props.tone}
      data-attempts={props.attempts}
      aria-label={props.label}
      onClick={() => props.onOpen(id)}
      onFocus={(e) => props.onFocusMark(id, e.currentTarget)}
      onBlur={props.onBlurMark}
    />
  )
})

function describe(d: DeliverySummary) {
  const tries = d.attemptCount === 1 ? '1 attempt' : `${d.attemptCount} attempts`
  return `${d.provider} ${d.event} to ${d.subscriptionName}, ${d.status}, ${tries}, ${formatTime(d.createdAt)}`
}

/** Each attempt's answer, fetched once per delivery version while its tooltip shows. */
function useAttemptAnswers(d: DeliverySummary | undefined): Map<number, string> | undefined {
  const [answers, setAnswers] = useState<{ key: string; answers: Map<number, string> }>()
  const key = d && `${d.id}@${d.updatedAt}`
  useEffect(() => {
    if (!d || !key) return
    let current = true
    const timer = setTimeout(() => {
      void peekDelivery(d.id).then((delivery) => {
        if (!current || !delivery) return
        setAnswers({ key, answers: new Map(delivery.attempts.map((a, i) => [i, a.response ? `HTTP ${a.response.status}` : (a.error?.class.replace(/_/g, ' ') ?? a.outcome)])) })
      })
    }, 60)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [d, key])
  return answers !== undefined && answers.key === key ? answers.answers : undefined
}

function Tooltip({ tip, density, scrollTop }: { tip: Tip; density: Scene['density']; scrollTop: number }) {
  const d = tip.kind === 'mark' ? tip.mark.delivery : undefined
  const answers = useAttemptAnswers(d)
  const style = { left: tip.x + 12, top: Math.max(scrollTop + AXIS_HEIGHT, tip.y + 10) }
  if (tip.kind === 'bucket') {
    if (!density) return null
    const series = tip.lane === 'all' ? density.series : (density.lanes.find((l) => l.subscriptionId === tip.lane)?.series ?? [])
    const bucket = bucketCounts(density, series, tip.index)
    const name = tip.lane === 'all' ? 'All subscriptions' : density.lanes.find((l) => l.subscriptionId === tip.lane)?.subscriptionName
    const byStatus = STACK_ORDER.flatMap((status) => bucket.byStatus.filter((s) => s.status === status))
    return (
      <div className="time-tip" role="tooltip" data-testid="time-tip" style={style}>
        <strong>
          {formatTime(new Date(bucket.startMs).toISOString())} – {formatTime(new Date(bucket.endMs).toISOString())}
        </strong>
        <span className="muted">{name}</span>
        <span>
          {bucket.total.toLocaleString()} {bucket.total === 1 ? 'delivery' : 'deliveries'} fired
        </span>
        {byStatus.length > 0 && (
          <ul className="time-tip-attempts">
            {byStatus.map((s) => (
              <li key={s.status}>
                {s.count.toLocaleString()} {s.status}
              </li>
            ))}
          </ul>
        )}
        <span className="muted">Click to zoom in</span>
      </div>
    )
  }
  const mark = tip.mark
  const times = mark.delivery.attemptTimes ?? []
  return (
    <div className="time-tip" role="tooltip" data-testid="time-tip" style={style}>
      <strong>
        {mark.delivery.provider} {mark.delivery.event}
      </strong>
      <span className="muted">{mark.delivery.subscriptionName}</span>
      <span>
        {mark.delivery.status}
        {mark.delivery.lastStatus !== undefined ? ` · HTTP ${mark.delivery.lastStatus}` : mark.delivery.lastError ? ` · ${mark.delivery.lastError}` : ''}
      </span>
      <ol className="time-tip-attempts">
        {times.map((t, k) => (
          <li key={k} data-testid="time-tip-attempt">
            {formatTime(new Date(t).toISOString())}
            {k > 0 && <span className="muted"> (+{formatGap(t - times[k - 1]!)})</span>}
            <span className="time-tip-answer"> {answers?.get(k) ?? '…'}</span>
          </li>
        ))}
      </ol>
      {mark.dueMs !== undefined && <span className="muted">next attempt {formatTime(new Date(mark.dueMs).toISOString())}</span>}
    </div>
  )
}
