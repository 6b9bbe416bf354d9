import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApiOutput } from '../../src/shared/api/contract'
import type { Run } from '../../src/shared/schemas/run'
import { openDeliveryHistory } from '../../src/main/persistence/delivery-history'
import { seededDelivery } from '../../bench/lib/seed-history'
import { expect, gotoApp, shoot, test, useApp } from './fixtures'

const SEEDED = 10_000
const HOUR = 3_600_000

/** When the first seeded delivery was made: one a second from there, the last an hour before the tests. */
let startMs: number

/** 10,000 finished deliveries, one a second, the newest an hour old, written as the engine writes them. */
async function seeded() {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-e2e-nav-'))
  const history = await openDeliveryHistory(join(dataDir, 'deliveries.index'), 100_000)
  startMs = Date.now() - (SEEDED + 3_600) * 1000
  await Promise.all(Array.from({ length: SEEDED }, (_, i) => history.save(seededDelivery(i, startMs))))
  await history.close()
  return dataDir
}

const app = useApp({ view: 'timeline', serveArgs: ['--time-scale', '0.05'], dataDir: seeded })

const scroller = () => app.page.getByTestId('deliveries-scroller')

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

const view = () => app.page.getByTestId('time-view')
const windowOf = async () => ({ startMs: Number(await view().getAttribute('data-start-ms')), endMs: Number(await view().getAttribute('data-end-ms')) })
const spanOf = async () => {
  const w = await windowOf()
  return w.endMs - w.startMs
}
const toTime = () => app.page.locator('label:has([data-testid=timeline-mode-time])').click()
const toList = () => app.page.locator('label:has([data-testid=timeline-mode-list])').click()

test.describe('the list keeps its place', () => {
  let shown: (string | null)[]
  let offset: number

  test('is back where it was after another view (Ctrl+1, Ctrl+4), its rows drawn, not an empty spacer', async () => {
    const { page } = app
    await expect(page.locator('[data-testid=deliveries] tbody tr[data-key]').first()).toBeVisible()
    await scroller().evaluate((element) => (element.scrollTop = Math.round(element.scrollHeight / 3)))
    await expect.poll(async () => (await visibleRows()).length).toBeGreaterThan(5)
    offset = await scroller().evaluate((element) => element.scrollTop)
    expect(offset).toBeGreaterThan(100_000)
    shown = await visibleRows()

    await page.keyboard.press('Control+1')
    await expect(page.locator('[data-testid=nav-scenarios][aria-current=page]')).toBeVisible()
    await page.keyboard.press('Control+4')
    await expect.poll(() => scroller().evaluate((element) => element.scrollTop)).toBeCloseTo(offset, -2)
    await expect.poll(visibleRows).toEqual(shown)
  })

  test('and after the time view', async () => {
    const { page, errors } = app
    await toTime()
    await expect(page.getByTestId('time-canvas')).toBeVisible()
    await toList()
    await expect.poll(() => scroller().evaluate((element) => element.scrollTop)).toBeCloseTo(offset, -2)
    await expect.poll(visibleRows).toEqual(shown)
    expect(errors).toEqual([])
  })
})

test.describe('the time view over 10,000 deliveries', () => {
  test('draws them as density counted by the engine when zoomed out, with each bucket’s counts by status', async () => {
    const { page, serve } = app
    await toTime()
    // Following now, out until the whole seeded stretch (2 h 47 min, ending an hour ago) is in view.
    while ((await spanOf()) < 8 * HOUR) await page.getByTestId('time-zoom-out').click()
    await expect(view()).toHaveAttribute('data-state', 'density')
    await expect(page.getByTestId('time-note')).toHaveText(/^10,000 deliveries in view · counted per \d+ min: zoom in to see each one$/)
    await expect(page.getByTestId('time-canvas')).toHaveAttribute('data-drawn', 'density')
    // The engine's own count of the window says the same.
    const w = await windowOf()
    const density = await serve.api<ApiOutput<'getDeliveryDensity'>>('getDeliveryDensity', {
      from: new Date(w.startMs - (w.startMs % 60_000)).toISOString(),
      bucketMs: 60_000,
      buckets: Math.ceil((w.endMs - w.startMs) / 60_000) + 1,
    })
    expect(density.total).toBe(SEEDED)
    expect(density.series.find((s) => s.status === 'failed')?.counts.reduce((a, b) => a + b, 0)).toBe(Math.ceil(SEEDED / 7))
    // Pointing at the overview band: that bucket's deliveries by status.
    const canvas = (await page.getByTestId('time-canvas').boundingBox())!
    const middleOfData = ((startMs + (SEEDED / 2) * 1000 - w.startMs) / (w.endMs - w.startMs)) * canvas.width
    await page.mouse.move(canvas.x + middleOfData, canvas.y + 55)
    await expect(page.getByTestId('time-tip')).toHaveText(/All subscriptions\n[\d,]+ deliveries fired\n[\d,]+ delivered\n[\d,]+ failed/, { useInnerText: true })
    await shoot(page, 'time-density-10k')
  })

  test('Latest moves the window onto the newest delivery, following stopped', async () => {
    const { page } = app
    // Far from it first: a day back.
    for (let i = 0; i < 12; i++) await page.getByTestId('time-plot').press('ArrowLeft')
    await page.getByTestId('time-latest').click()
    const newest = startMs + (SEEDED - 1) * 1000
    await expect.poll(async () => {
      const w = await windowOf()
      return w.startMs <= newest && newest <= w.endMs
    }).toBe(true)
    await expect(page.getByTestId('time-now')).toHaveAttribute('aria-pressed', 'false')
  })

  test('zooms in around the open delivery, which stays where it is', async () => {
    const { page } = app
    while ((await spanOf()) > 10 * 60_000) await page.getByTestId('time-zoom-in').click()
    await expect(view()).toHaveAttribute('data-state', 'marks')
    const w = await windowOf()
    // The seeded delivery in the middle of the window.
    const index = Math.floor(((w.startMs + w.endMs) / 2 - startMs) / 1000)
    const id = `msg_bench_${String(index).padStart(8, '0')}`
    const target = page.locator(`[data-testid=time-delivery][data-id="${id}"]`)
    await target.click()
    await expect(target).toHaveAttribute('data-open', '')
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

  test('Now is a toggle: on, it jumps to now and follows; off, the window stays where it is', async () => {
    const { page } = app
    const now = page.getByTestId('time-now')
    await now.click()
    await expect(now).toHaveAttribute('aria-pressed', 'true')
    await expect.poll(async () => (await windowOf()).endMs).toBeGreaterThan(Date.now())
    await now.click()
    await expect(now).toHaveAttribute('aria-pressed', 'false')
    const stopped = await windowOf()
    // Following would slide the window with the clock, a second at a time: it stays.
    await page.waitForTimeout(1_500)
    expect(await windowOf()).toEqual(stopped)
  })

  test('lands on a delivery opened from a scenario run', async () => {
    const { page, serve } = app
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
    await expect(target).toHaveAttribute('data-open', '')
    await expect(target).toHaveAttribute('data-attempts', '3')
    const box = (await target.boundingBox())!
    const plot = (await page.getByTestId('time-plot').boundingBox())!
    expect(box.x).toBeGreaterThan(plot.x)
    expect(box.x + box.width).toBeLessThan(plot.x + plot.width)
    await shoot(page, 'time-deep-link')
  })

  test('and on the delivery a link names (the URL), the tooltip giving each attempt’s answer', async () => {
    const { page, serve, errors } = app
    const id = 'msg_bench_00000007'
    await gotoApp(page, serve, `timeline?mode=time&open=${id}`)
    const target = page.locator(`[data-testid=time-delivery][data-id="${id}"]`)
    await expect(target).toHaveAttribute('data-open', '')
    const at = startMs + 7 * 1000
    const w = await windowOf()
    expect(w.startMs < at && at < w.endMs).toBe(true)
    await target.focus()
    // Seeded: every seventh delivery failed after three 500s.
    await expect(page.getByTestId('time-tip-attempt')).toHaveText([/HTTP 500$/, /HTTP 500$/, /HTTP 500$/])
    expect(errors).toEqual([])
  })

  test('at 1024 × 700 the inspector is a drawer: the delivery opened is moved into the part it leaves in sight', async () => {
    const { page, serve, errors } = app
    await page.setViewportSize({ width: 1024, height: 700 })
    await expect(page.getByTestId('timeline-split')).toHaveAttribute('data-layout', 'drawer')
    // The newest delivery (the run's), under where the drawer opens.
    await page.getByTestId('timeline-split-close').click()
    await page.getByTestId('time-latest').click()
    const id = (await serve.api<ApiOutput<'listDeliveries'>>('listDeliveries', { limit: 1 })).items[0]!.id
    const target = page.locator(`[data-testid=time-delivery][data-id="${id}"]`)
    await target.click()
    const drawer = page.getByTestId('timeline-split-detail')
    await expect(drawer).toBeVisible()
    await expect(target).toHaveAttribute('data-open', '')
    await expect.poll(async () => (await target.boundingBox())!.x + (await target.boundingBox())!.width).toBeLessThan((await drawer.boundingBox())!.x)
    await expect(page.getByTestId('delivery-detail')).toContainText(id)
    await shoot(page, 'time-drawer-1024')
    await page.setViewportSize({ width: 1440, height: 900 })
    expect(errors).toEqual([])
  })
})
