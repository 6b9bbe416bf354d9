import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiOutput } from '../../src/shared/api/contract'
import type { Run } from '../../src/shared/schemas/run'
import { openDeliveryHistory } from '../../src/main/persistence/delivery-history'
import { seededDelivery } from '../../bench/lib/seed-history'
import { openApp } from './app-page'
import { type ServeProcess, startServe } from '../support/serve-process'

const SHOTS = process.env.HOOKBENCH_SHOTS ?? '/tmp/shots'
const SEEDED = 10_000
const HOUR = 3_600_000

let serve: ServeProcess
let browser: Browser
let page: Page
let errors: string[] = []
/** When the first seeded delivery was made: one a second from there, the last an hour before the tests. */
let startMs: number

async function seed(dataDir: string) {
  const history = await openDeliveryHistory(join(dataDir, 'deliveries.index'), 100_000)
  startMs = Date.now() - (SEEDED + 3_600) * 1000
  await Promise.all(Array.from({ length: SEEDED }, (_, i) => history.save(seededDelivery(i, startMs))))
  await history.close()
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-e2e-nav-'))
  await seed(dataDir)
  serve = await startServe(['--time-scale', '0.05'], dataDir)
  ;({ browser, page, errors } = await openApp(serve, 'timeline'))
})
afterAll(async () => {
  await browser?.close()
  expect(await serve.stop()).toBe(0)
})

const scroller = () => page.getByTestId('deliveries-scroller')

/** The keys of the loaded rows the list shows in its viewport (under the sticky header), top first. */
const visibleRows = () =>
  scroller().evaluate((element) => {
    const box = element.getBoundingClientRect()
    return [...element.querySelectorAll('tbody tr[data-key]')]
      .filter((row) => {
        const r = row.getBoundingClientRect()
        return r.top >= box.top + 30 && r.bottom <= box.bottom
      })
      .map((row) => row.getAttribute('data-key'))
  })

const view = () => page.getByTestId('time-view')
const windowOf = async () => ({ startMs: Number(await view().getAttribute('data-start-ms')), endMs: Number(await view().getAttribute('data-end-ms')) })
const spanOf = async () => {
  const w = await windowOf()
  return w.endMs - w.startMs
}
const toTime = () => page.locator('label:has([data-testid=timeline-mode-time])').click()
const toList = () => page.locator('label:has([data-testid=timeline-mode-list])').click()

describe('the list keeps its place', () => {
  let shown: (string | null)[]
  let offset: number

  it('is back where it was after another view (Ctrl+1, Ctrl+4), its rows drawn, not an empty spacer', async () => {
    await page.locator('[data-testid=deliveries] tbody tr[data-key]').first().waitFor()
    await scroller().evaluate((element) => (element.scrollTop = Math.round(element.scrollHeight / 3)))
    await expect.poll(async () => (await visibleRows()).length).toBeGreaterThan(5)
    offset = await scroller().evaluate((element) => element.scrollTop)
    expect(offset).toBeGreaterThan(100_000)
    shown = await visibleRows()

    await page.keyboard.press('Control+1')
    await page.locator('[data-testid=nav-scenarios][aria-current=page]').waitFor()
    await page.keyboard.press('Control+4')
    await expect.poll(() => scroller().evaluate((element) => element.scrollTop)).toBeCloseTo(offset, -2)
    await expect.poll(visibleRows).toEqual(shown)
  })

  it('and after the time view', async () => {
    await toTime()
    await page.getByTestId('time-canvas').waitFor()
    await toList()
    await expect.poll(() => scroller().evaluate((element) => element.scrollTop)).toBeCloseTo(offset, -2)
    await expect.poll(visibleRows).toEqual(shown)
    expect(errors).toEqual([])
  })
})

describe('the time view over 10,000 deliveries', () => {
  it('draws them as density counted by the engine when zoomed out, with each bucket’s counts by status', async () => {
    await toTime()
    // Following now, out until the whole seeded stretch (2 h 47 min, ending an hour ago) is in view.
    while ((await spanOf()) < 8 * HOUR) await page.getByTestId('time-zoom-out').click()
    await expect.poll(() => view().getAttribute('data-state')).toBe('density')
    await expect.poll(() => page.getByTestId('time-note').textContent()).toMatch(/^10,000 deliveries in view · counted per \d+ min: zoom in to see each one$/)
    await expect.poll(() => page.getByTestId('time-canvas').getAttribute('data-drawn')).toBe('density')
    // The engine's own count of the window says the same.
    const w = await windowOf()
    const density = await serve.api<ApiOutput<'getDeliveryDensity'>>('getDeliveryDensity', { from: new Date(w.startMs - (w.startMs % 60_000)).toISOString(), bucketMs: 60_000, buckets: Math.ceil((w.endMs - w.startMs) / 60_000) + 1 })
    expect(density.total).toBe(SEEDED)
    expect(density.series.find((s) => s.status === 'failed')?.counts.reduce((a, b) => a + b, 0)).toBe(Math.ceil(SEEDED / 7))
    // Pointing at the overview band: that bucket's deliveries by status.
    const canvas = (await page.getByTestId('time-canvas').boundingBox())!
    const middleOfData = ((startMs + (SEEDED / 2) * 1000 - w.startMs) / (w.endMs - w.startMs)) * canvas.width
    await page.mouse.move(canvas.x + middleOfData, canvas.y + 55)
    await expect.poll(() => page.getByTestId('time-tip').innerText()).toMatch(/All subscriptions\n[\d,]+ deliveries fired\n[\d,]+ delivered\n[\d,]+ failed/)
    await page.screenshot({ path: join(SHOTS, 'time-density-10k.png') })
  })

  it('Latest moves the window onto the newest delivery, following stopped', async () => {
    // Far from it first: a day back.
    for (let i = 0; i < 12; i++) await page.getByTestId('time-plot').press('ArrowLeft')
    await page.getByTestId('time-latest').click()
    const newest = startMs + (SEEDED - 1) * 1000
    await expect.poll(async () => {
      const w = await windowOf()
      return w.startMs <= newest && newest <= w.endMs
    }).toBe(true)
    await expect.poll(() => page.getByTestId('time-now').getAttribute('aria-pressed')).toBe('false')
  })

  it('zooms in around the open delivery, which stays where it is', async () => {
    while ((await spanOf()) > 10 * 60_000) await page.getByTestId('time-zoom-in').click()
    await expect.poll(() => view().getAttribute('data-state')).toBe('marks')
    const w = await windowOf()
    // The seeded delivery in the middle of the window.
    const index = Math.floor(((w.startMs + w.endMs) / 2 - startMs) / 1000)
    const id = `msg_bench_${String(index).padStart(8, '0')}`
    const target = page.locator(`[data-testid=time-delivery][data-id="${id}"]`)
    await target.click()
    await expect.poll(() => target.getAttribute('data-open')).toBe('')
    const x = async () => {
      const box = (await target.boundingBox())!
      return box.x + box.width / 2
    }
    const before = await x()
    const spanBefore = await spanOf()
    await page.getByTestId('time-zoom-in').click()
    await expect.poll(spanOf).toBeCloseTo(spanBefore / 2, -2)
    await expect.poll(x).toBeCloseTo(before, -1)
    await page.getByTestId('time-zoom-out').click()
    await expect.poll(spanOf).toBeCloseTo(spanBefore, -2)
    await expect.poll(x).toBeCloseTo(before, -1)
  })

  it('Now is a toggle: on, it jumps to now and follows; off, the window stays where it is', async () => {
    const now = page.getByTestId('time-now')
    await now.click()
    await expect.poll(() => now.getAttribute('aria-pressed')).toBe('true')
    await expect.poll(async () => (await windowOf()).endMs).toBeGreaterThan(Date.now())
    await now.click()
    await expect.poll(() => now.getAttribute('aria-pressed')).toBe('false')
    const stopped = await windowOf()
    // Following would slide the window with the clock, a second at a time: it stays.
    await page.waitForTimeout(1_500)
    expect(await windowOf()).toEqual(stopped)
  })

  it('lands on a delivery opened from a scenario run', async () => {
    const started = await serve.api<Run>('runScenario', { id: 'generic-flaky-endpoint', options: { timeScale: 0.05 } })
    await expect.poll(async () => (await serve.api<Run>('getRun', { id: started.id })).status, { timeout: 30_000 }).toBe('passed')
    const run = await serve.api<Run>('getRun', { id: started.id })
    const deliveryId = run.steps.flatMap((s) => s.deliveryIds)[0]!
    // The window somewhere else: the seeded stretch, hours before the run.
    await page.getByTestId('time-latest').click()
    await page.keyboard.press('Control+1')
    await page.locator(`[data-testid=scenario-item][data-id=generic-flaky-endpoint]`).click()
    await page.locator(`[data-testid=run-item][data-run-id="${run.id}"]`).click()
    await page.getByTestId('run-delivery').first().click()
    await expect.poll(() => new URL(page.url()).hash).toContain(`open=${deliveryId}`)
    const target = page.locator(`[data-testid=time-delivery][data-id="${deliveryId}"]`)
    await expect.poll(() => target.getAttribute('data-open')).toBe('')
    await expect.poll(() => target.getAttribute('data-attempts')).toBe('3')
    const box = (await target.boundingBox())!
    const plot = (await page.getByTestId('time-plot').boundingBox())!
    expect(box.x).toBeGreaterThan(plot.x)
    expect(box.x + box.width).toBeLessThan(plot.x + plot.width)
    await page.screenshot({ path: join(SHOTS, 'time-deep-link.png') })
  })

  it('and on the delivery a link names (the URL), the tooltip giving each attempt’s answer', async () => {
    const id = 'msg_bench_00000007'
    await page.goto(`${serve.url}#/timeline?mode=time&open=${id}`)
    await page.waitForSelector('[data-app-state="loaded"]')
    const target = page.locator(`[data-testid=time-delivery][data-id="${id}"]`)
    await expect.poll(() => target.getAttribute('data-open')).toBe('')
    const at = startMs + 7 * 1000
    const w = await windowOf()
    expect(w.startMs < at && at < w.endMs).toBe(true)
    await target.focus()
    // Seeded: every seventh delivery failed after three 500s.
    await expect.poll(() => page.getByTestId('time-tip-attempt').allInnerTexts()).toEqual([expect.stringMatching(/HTTP 500$/), expect.stringMatching(/HTTP 500$/), expect.stringMatching(/HTTP 500$/)])
    expect(errors).toEqual([])
  })
})
