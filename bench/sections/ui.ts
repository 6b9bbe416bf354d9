import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, type Page, chromium } from 'playwright-core'
import { TEXT_DEBOUNCE_MS } from '../../src/renderer/src/store/lists/filters'
import { CHROMIUM_ARGS, ensureBrowser } from '../../test/support/chromium'
import { CLI_PATH } from '../lib/build'
import { RUNS } from '../lib/load'
import { type Child, startTetheredNode, waitForOutput } from '../lib/processes'
import { median, record } from '../lib/results'
import { seedDeliveries } from '../lib/seed-history'
import { liveBurstFigures, openProbedTimeline, timeViewFigures } from './ui-time'

/** Deliveries in the seeded history. */
export const HISTORY = 100_000
/** Rows scrolled through, top down, in each scrolling run. */
export const SCROLL_ROWS = 5_000
/** Pixels scrolled per animation frame: 10 rows, about 20,000 px/s at 60 frames/s. */
const SCROLL_STEP_PX = 340
const ROW_PX = 34
const VIEWPORT = { width: 1440, height: 900 }
/** Matches one delivery in 12 of the seeded history (CharlesCD's DEPLOY_FAILED event). */
const TEXT = 'DEPLOY_FAILED'
/** Rows of the first page the Timeline asks for at this viewport: about 25 on screen and a margin of 200. */
const FIRST_PAGE = 225


interface LongTask {
  start: number
  duration: number
}

interface ScrollRun {
  frames: number
  /** Frames in which some row on screen was still loading. */
  framesLoading: number
  durationMs: number
  frameP95: number
  frameMax: number
  longtasks: LongTask[]
}

/** What ui-probes.js leaves in the page (this project's Node typings have no DOM). */
interface Probes {
  __bench: { firstRow?: number }
  __benchUi: {
    measureFilter(kind: 'status' | 'text', text: string): Promise<number>
    measureScroll(rows: number, step: number, rowPx: number): Promise<ScrollRun>
    listReady(unfiltered: boolean): boolean
  }
}

interface Run {
  firstRender: number
  filterStatus: number
  filterText: number
  scroll: ScrollRun
}

/** Opens the Timeline in a fresh context; resolves with navigation → first row's frame. */
async function openTimeline(browser: Browser, url: string): Promise<{ page: Page; firstRender: number; close: () => Promise<void> }> {
  const { page, errors, close } = await openProbedTimeline(browser, url, '')
  const firstRender = (await (await page.waitForFunction(() => (globalThis as unknown as Probes).__bench.firstRow)).jsonValue()) as number
  if (errors.length > 0) throw new Error(`the page failed: ${errors.join('; ')}`)
  return { page, firstRender, close }
}

/** Time from the filter's input to the frame showing its rows (see ui-probes.js). */
const measureFilter = (page: Page, kind: 'status' | 'text') =>
  page.evaluate(([kind, text]) => (globalThis as unknown as Probes).__benchUi.measureFilter(kind, text), [kind, TEXT] as const)

/** Back to the whole history, loaded. */
async function clearFilters(page: Page) {
  await page.getByTestId('deliveries-clear').click()
  await listReady(page, true)
}

/** Scrolls SCROLL_ROWS rows, SCROLL_STEP_PX per frame (see ui-probes.js). */
const measureScroll = (page: Page) =>
  page.evaluate(([rows, step, rowPx]) => (globalThis as unknown as Probes).__benchUi.measureScroll(rows, step, rowPx), [SCROLL_ROWS, SCROLL_STEP_PX, ROW_PX] as const)

const listReady = (page: Page, unfiltered: boolean) => page.waitForFunction((all) => (globalThis as unknown as Probes).__benchUi.listReady(all), unfiltered)

async function measureRun(browser: Browser, url: string): Promise<Run> {
  const { page, firstRender, close } = await openTimeline(browser, url)
  try {
    await listReady(page, false)
    const filterStatus = await measureFilter(page, 'status')
    await clearFilters(page)
    const filterText = await measureFilter(page, 'text')
    await clearFilters(page)
    const scroll = await measureScroll(page)
    return { firstRender, filterStatus, filterText, scroll }
  } finally {
    await close()
  }
}

const ms = (value: number) => `${Math.round(value)} ms`

/** The engine's share of a filter: the same first-page call from Node, median of RUNS, in ms. */
async function apiTime(url: string, query: object): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    const res = await fetch(new URL('/api/listDeliveries', url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(query) })
    const result = (await res.json()) as { ok: boolean }
    if (!result.ok) throw new Error(`listDeliveries ${JSON.stringify(query)} failed`)
    times.push(performance.now() - started)
  }
  return median(times)
}

/**
 * 4. UI: the built renderer in Chromium (playwright-core, headless) against `hookbench serve`
 * over a data directory seeded with HISTORY deliveries.
 */
export async function uiSection(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-bench-ui-'))
  let browser: Browser | undefined
  let serve: Child | undefined
  try {
    const seeding = performance.now()
    await seedDeliveries(dataDir, HISTORY)
    const seeded = performance.now() - seeding
    const starting = performance.now()
    serve = startTetheredNode([CLI_PATH, 'serve', '--port', '0', '--receiver-port', '0', '--no-open', '--data-dir', dataDir])
    const url = (await waitForOutput(serve, /Hookbench UI:\s+(http:\/\/\S+)/, 'hookbench serve', 120_000))[1] as string
    const serveReady = performance.now() - starting
    browser = await chromium.launch({ executablePath: ensureBrowser((line) => console.log(line)), args: CHROMIUM_ARGS })
    await measureRun(browser, url) // warm-up (the server's JIT), not recorded
    const runs: Run[] = []
    for (let i = 0; i < RUNS; i++) runs.push(await measureRun(browser, url))
    // The first page the list asks for (its first screen and a margin), without the browser.
    const engineStatus = await apiTime(url, { limit: FIRST_PAGE, status: 'failed' })
    const engineText = await apiTime(url, { limit: FIRST_PAGE, text: TEXT })

    const setup =
      `${HISTORY.toLocaleString('en-US')} seeded deliveries (seeded in ${(seeded / 1000).toFixed(1)} s; serve printed its URL ${(serveReady / 1000).toFixed(1)} s after start); ` +
      `headless Chromium at ${VIEWPORT.width}×${VIEWPORT.height}, a fresh browser context (empty cache) per run, after one warm-up run`
    record({
      id: 'ui.first-render',
      section: 'ui',
      label: `4a UI: Timeline first render, navigation → first rows (${HISTORY.toLocaleString('en-US')} deliveries)`,
      unit: 'ms',
      runs: runs.map((r) => r.firstRender),
      baseline: null,
      target: { kind: 'below', value: 1000, text: '< 1 s' },
      notes: [setup, 'from navigation start to the animation frame after the first delivery row entered the DOM'],
    })
    record({
      id: 'ui.filter-status',
      section: 'ui',
      label: '4b UI: filter by status (failed) → rows updated',
      unit: 'ms',
      runs: runs.map((r) => r.filterStatus),
      baseline: null,
      target: { kind: 'below', value: 150, text: '< 150 ms' },
      notes: [
        `from the select's change to the frame showing failed deliveries; the engine's listDeliveries alone (first page of ${FIRST_PAGE}, filtered and counted over all ${HISTORY.toLocaleString('en-US')}, called from Node) takes ${ms(engineStatus)}`,
      ],
    })
    record({
      id: 'ui.filter-text',
      section: 'ui',
      label: `4c UI: filter by text ("${TEXT}", Enter) → rows updated`,
      unit: 'ms',
      runs: runs.map((r) => r.filterText),
      baseline: null,
      target: { kind: 'below', value: 150, text: '< 150 ms' },
      notes: [
        `from Enter in the text field to the frame showing matching rows; the engine's listDeliveries alone takes ${ms(engineText)}; typing without Enter sends the text after a ${TEXT_DEBOUNCE_MS} ms pause`,
      ],
    })
    const scrolls = runs.map((r) => r.scroll)
    const longest = (s: ScrollRun) => (s.longtasks.length > 0 ? ms(Math.max(...s.longtasks.map((t) => t.duration))) : 'none')
    record({
      id: 'ui.scroll-longtasks',
      section: 'ui',
      label: `4d UI: long tasks (> 50 ms) while scrolling ${SCROLL_ROWS.toLocaleString('en-US')} rows`,
      unit: 'long tasks',
      runs: scrolls.map((s) => s.longtasks.length),
      baseline: null,
      target: { kind: 'below', value: 1, text: 'none' },
      notes: [
        `${SCROLL_STEP_PX} px (10 rows) per animation frame from the top, rows fetched as they come into view`,
        ...scrolls.map(
          (s, i) =>
            `run ${i + 1}: ${s.frames} frames in ${ms(s.durationMs)}, frame interval p95 ${ms(s.frameP95)} (max ${ms(s.frameMax)}), rows still loading on screen in ${s.framesLoading} frames, longest task ${longest(s)}`,
        ),
      ],
    })
    await timeViewFigures(browser, url, setup)
    await liveBurstFigures(browser, url)
  } finally {
    await browser?.close()
    await serve?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
