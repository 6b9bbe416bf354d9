import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { RUNS } from '../lib/load'
import { percentile, record } from '../lib/results'

/*
 * 4e–4h: the Timeline's time view and live bursts, in the same Chromium and `hookbench serve`
 * (100,000 seeded deliveries) as 4a–4d. Probes in bench/fixtures/ui-probes.js.
 */

const PROBES = fileURLToPath(new URL('../fixtures/ui-probes.js', import.meta.url))
const VIEWPORT = { width: 1440, height: 900 }
/** Deliveries fired in a live burst, and how fast. */
export const BURST = 5_000
export const BURST_PER_SECOND = 500
/** A drag: this many pointer moves of this many pixels (one per frame or so). */
const DRAG_STEPS = 120
const DRAG_PX = 5
/** Zoom-out steps from the 15-minute window to 16 hours (each doubles the span): tens of thousands in view. */
const ZOOM_OUT_STEPS = 6

interface LongTask {
  start: number
  duration: number
}

interface FrameRun {
  frames: number
  durationMs: number
  frameP95: number
  frameMax: number
  longtasks: LongTask[]
}

interface Probes {
  __benchUi: {
    startFrames(): number
    stopFrames(): Promise<FrameRun>
    longTasksBetween(from: number, to: number): LongTask[]
    measureTimeSwitch(kind: 'marks' | 'density'): Promise<number>
  }
}


const ms = (value: number) => `${Math.round(value)} ms`

/** The Timeline (`hash` after it) in a fresh context with the probes installed before the app's scripts; page errors collected. */
export async function openProbedTimeline(browser: Browser, url: string, hash: string) {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' })
  context.setDefaultTimeout(60_000)
  await context.addInitScript({ path: PROBES })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`${url}#/timeline${hash}`)
  return { page, errors, close: () => context.close() }
}

async function openTimeline(browser: Browser, url: string, hash: string) {
  const opened = await openProbedTimeline(browser, url, hash)
  await opened.page.waitForSelector('[data-app-state="loaded"]')
  return opened
}

const drawn = (page: Page, kind: 'marks' | 'density') => page.waitForSelector(`[data-testid=time-canvas][data-drawn="${kind}"]`)

/** Drags the plot sideways with the real mouse, frames recorded meanwhile. */
async function drag(page: Page): Promise<FrameRun> {
  const box = (await page.getByTestId('time-plot').boundingBox())!
  const y = box.y + 120
  const x = box.x + box.width / 2 + (DRAG_STEPS * DRAG_PX) / 2
  await page.mouse.move(x, y)
  await page.evaluate(() => (globalThis as unknown as Probes).__benchUi.startFrames())
  await page.mouse.down()
  await page.mouse.move(x - DRAG_STEPS * DRAG_PX, y, { steps: DRAG_STEPS })
  await page.mouse.up()
  return page.evaluate(() => (globalThis as unknown as Probes).__benchUi.stopFrames())
}

interface TimeRun {
  firstDraw: number
  panMarks: FrameRun
  panDensity: FrameRun
  marksInView: string
  densityInView: string
}

/**
 * One run: the time view placed on the newest deliveries (a 15-minute window of marks) and left
 * for the list; then the switch back timed to its first paint, a drag over the marks, a zoom out
 * to 16 hours (tens of thousands of deliveries, drawn as density) and a drag over that.
 */
async function timeRun(browser: Browser, url: string): Promise<TimeRun> {
  const { page, errors, close } = await openTimeline(browser, url, '')
  try {
    await page.waitForSelector('[data-testid=deliveries][data-list-state=ready]')
    await page.locator('label:has([data-testid=timeline-mode-time])').click()
    await page.getByTestId('time-latest').click()
    await drawn(page, 'marks')
    await page.locator('label:has([data-testid=timeline-mode-list])').click()
    await page.waitForSelector('[data-testid=deliveries][data-list-state=ready]')
    const firstDraw = await page.evaluate(() => (globalThis as unknown as Probes).__benchUi.measureTimeSwitch('marks'))
    const marksInView = (await page.getByTestId('time-note').textContent()) ?? ''
    const panMarks = await drag(page)
    for (let i = 0; i < ZOOM_OUT_STEPS; i++) await page.getByTestId('time-zoom-out').click()
    await drawn(page, 'density')
    await page.waitForTimeout(500)
    const densityInView = (await page.getByTestId('time-note').textContent()) ?? ''
    const panDensity = await drag(page)
    if (errors.length > 0) throw new Error(`the page failed: ${errors.join('; ')}`)
    return { firstDraw, panMarks, panDensity, marksInView, densityInView }
  } finally {
    await close()
  }
}

interface BurstRun {
  longtasks: LongTask[]
  firedMs: number
  /** The page's main thread over the burst (Chrome's Performance metrics), in ms. */
  busy: { task: number; script: number; layout: number; style: number }
}

/** Fires BURST deliveries at BURST_PER_SECOND from Node (web mode's API, as a script would) while the page shows `hash`. */
async function burstRun(browser: Browser, url: string, hash: string, subscriptionId: string): Promise<BurstRun> {
  const { page, errors, close } = await openTimeline(browser, url, hash)
  try {
    await page.waitForTimeout(2_000)
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]))
    const before = await metrics()
    const from = await page.evaluate(() => performance.now())
    const started = Date.now()
    const origin = new URL(url).origin
    let fired = 0
    let inflight = 0
    let failure: unknown
    const fire = () =>
      fetch(new URL('/api/fireEvent', url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: origin },
        body: JSON.stringify({ provider: 'divshot', event: 'release', subscriptionIds: [subscriptionId] }),
      })
        .then(async (res) => {
          if (!((await res.json()) as { ok: boolean }).ok) throw new Error('fireEvent failed')
        })
        .catch((error: unknown) => (failure ??= error))
        .finally(() => inflight--)
    // Paced to the rate (bounded in count and time), at most 64 requests in flight.
    while (fired < BURST && Date.now() - started < 60_000 && failure === undefined) {
      const due = Math.min(BURST, Math.floor(((Date.now() - started) / 1000) * BURST_PER_SECOND))
      while (fired < due && inflight < 64) {
        inflight++
        fired++
        void fire()
      }
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    while (inflight > 0) await new Promise((resolve) => setTimeout(resolve, 5))
    if (failure !== undefined) throw failure
    const firedMs = Date.now() - started
    await page.waitForTimeout(1_500)
    const to = await page.evaluate(() => performance.now())
    const longtasks = await page.evaluate(([a, b]) => (globalThis as unknown as Probes).__benchUi.longTasksBetween(a, b), [from, to] as const)
    const after = await metrics()
    const spent = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000
    if (errors.length > 0) throw new Error(`the page failed: ${errors.join('; ')}`)
    return { longtasks, firedMs, busy: { task: spent('TaskDuration'), script: spent('ScriptDuration'), layout: spent('LayoutDuration'), style: spent('RecalcStyleDuration') } }
  } finally {
    await close()
  }
}

const longest = (tasks: LongTask[]) => (tasks.length > 0 ? ms(Math.max(...tasks.map((t) => t.duration))) : 'none')

/** 4e–4h, recorded. */
export async function timeViewFigures(browser: Browser, url: string, setup: string): Promise<void> {
  await timeRun(browser, url) // warm-up, not recorded
  const runs: TimeRun[] = []
  for (let i = 0; i < RUNS; i++) runs.push(await timeRun(browser, url))
  record({
    id: 'ui.time-first-draw',
    section: 'ui',
    label: '4e UI: time view, switch from the list → first paint of the newest 15 minutes of marks (100,000 deliveries)',
    unit: 'ms',
    runs: runs.map((r) => r.firstDraw),
    baseline: null,
    target: { kind: 'below', value: 300, text: '< 300 ms' },
    notes: [setup, 'from the click on Time to the frame after the canvas painted the marks: the engine counts the window (density), then its deliveries are fetched, laid out and drawn', `the view said: ${runs[0]?.marksInView}`],
  })
  const pan = (run: FrameRun, i: number) =>
    `run ${i + 1}: ${run.frames} frames in ${ms(run.durationMs)}, p95 ${ms(run.frameP95)}, max ${ms(run.frameMax)}, ${run.longtasks.length} long tasks (longest ${longest(run.longtasks)})`
  record({
    id: 'ui.time-pan-marks',
    section: 'ui',
    label: '4f UI: time view, drag over 15 minutes of marks: frame interval p95',
    unit: 'ms',
    runs: runs.map((r) => r.panMarks.frameP95),
    baseline: null,
    target: { kind: 'below', value: 20.01, text: '≤ 20 ms' },
    notes: [`the real mouse dragged ${DRAG_STEPS * DRAG_PX} px in ${DRAG_STEPS} moves; rAF timestamps recorded meanwhile`, ...runs.map((r, i) => pan(r.panMarks, i))],
  })
  record({
    id: 'ui.time-pan-density',
    section: 'ui',
    label: '4g UI: time view, drag over 16 hours drawn as density: frame interval p95',
    unit: 'ms',
    runs: runs.map((r) => r.panDensity.frameP95),
    baseline: null,
    target: { kind: 'below', value: 20.01, text: '≤ 20 ms' },
    notes: [`zoomed out ${ZOOM_OUT_STEPS} steps from 15 minutes; the view said: ${runs[0]?.densityInView}`, ...runs.map((r, i) => pan(r.panDensity, i))],
  })
}

/** 4h and 4i: a live burst with the list, then the time view, open. */
export async function liveBurstFigures(browser: Browser, url: string): Promise<void> {
  const origin = new URL(url).origin
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const res = await fetch(new URL(`/api/${method}`, url), { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin }, body: JSON.stringify(input) })
    const result = (await res.json()) as { ok: boolean; data: T }
    if (!result.ok) throw new Error(`${method} failed`)
    return result.data
  }
  const { receiverUrl } = await call<{ receiverUrl: string }>('getStatus', {})
  const subscription = await call<{ id: string }>('createSubscription', { name: 'live burst', url: `${receiverUrl}r/inbox`, provider: 'divshot', retry: { preset: 'none' } })
  for (const [id, label, hash] of [
    ['ui.burst-list', '4h UI: live burst with the list open', ''],
    ['ui.burst-time', '4i UI: live burst with the time view open (following now)', '?mode=time'],
  ] as const) {
    const runs: BurstRun[] = []
    for (let i = 0; i < RUNS; i++) runs.push(await burstRun(browser, url, hash, subscription.id))
    record({
      id,
      section: 'ui',
      label: `${label}: long tasks (> 50 ms) while ${BURST.toLocaleString('en-US')} deliveries arrive at ${BURST_PER_SECOND}/s`,
      unit: 'long tasks',
      runs: runs.map((r) => r.longtasks.length),
      baseline: null,
      target: { kind: 'below', value: 1, text: 'none' },
      notes: [
        'fired from Node through web mode’s API to a subscription of the built-in inbox (each delivery is sent, captured and streamed to the page), on top of the seeded history; from 2 s after the page loaded to 1.5 s after the last fire',
        ...runs.map(
          (r, i) =>
            `run ${i + 1}: fired in ${ms(r.firedMs)}, ${r.longtasks.length} long tasks, longest ${longest(r.longtasks)}, p95 of their durations ${r.longtasks.length > 0 ? ms(percentile(r.longtasks.map((t) => t.duration), 95)) : '–'}; the page's main thread busy ${ms(r.busy.task)} (script ${ms(r.busy.script)}, layout ${ms(r.busy.layout)}, style ${ms(r.busy.style)})`,
        ),
      ],
    })
  }
}
