import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Delivery } from '../../src/shared/schemas/delivery'
import { openDeliveryHistory } from '../../src/main/persistence/delivery-history'
import { seededDelivery } from '../../bench/lib/seed-history'
import { openApp } from './app-page'
import { type ServeProcess, startServe } from '../support/serve-process'

const SHOTS = process.env.HOOKBENCH_SHOTS ?? '/tmp/shots'
const SEEDED = 10_000
/** Every 25th seeded delivery names this project, in its body only. */
const PROJECT = 'orion-skyline'
const WITH_PROJECT = SEEDED / 25
/** The flaky delivery's retries: 1 s, then 3 s. */
const DELAYS_MS = [1_000, 3_000]

let serve: ServeProcess
let browser: Browser
let page: Page
let errors: string[] = []

/** 10,000 finished deliveries over the last few hours, written as the engine writes them. */
async function seed(dataDir: string) {
  const history = await openDeliveryHistory(join(dataDir, 'deliveries.index'), 100_000)
  const startMs = Date.now() - (SEEDED + 3_600) * 1000
  const saves: Promise<void>[] = []
  for (let i = 0; i < SEEDED; i++) {
    const delivery = seededDelivery(i, startMs)
    const body = i % 25 === 0 ? JSON.stringify({ type: 'release', data: { app: { name: PROJECT }, release: { version: i } } }) : delivery.body
    saves.push(history.save({ ...delivery, body }))
  }
  await Promise.all(saves)
  await history.close()
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-e2e-time-'))
  await seed(dataDir)
  serve = await startServe([], dataDir)
  ;({ browser, page, errors } = await openApp(serve, 'timeline'))
})
afterAll(async () => {
  await browser?.close()
  expect(await serve.stop()).toBe(0)
})

const count = () => page.getByTestId('deliveries-count').textContent()
const hash = async () => new URL(page.url()).hash

/** The x extent of each backoff gap of a delivery's marks, as its focus target says after each paint (read in one go: a following window slides). */
const gapWidths = (id: string) =>
  page.locator(`[data-testid=time-delivery][data-id="${id}"]`).evaluate((target) => {
    const xs = String(target.getAttribute('data-xs') ?? '').split(' ').map(Number) as number[]
    return xs.slice(1).map((x: number, i: number) => x - xs[i]!)
  })

describe('the time view', () => {
  let flaky: string

  it('draws a delivery that failed twice as three attempts, its two backoff gaps to scale', async () => {
    const { receiverUrl } = await serve.api<{ receiverUrl: string }>('getStatus')
    await serve.api('updateEndpoint', { name: 'inbox', changes: { response: { failFirst: 2, failStatus: 503 } } })
    const subscription = await serve.api<{ id: string }>('createSubscription', {
      name: 'flaky-inbox',
      url: `${receiverUrl}r/inbox`,
      provider: 'divshot',
      retry: { preset: 'fixed', delaysMs: DELAYS_MS },
    })
    const fired = await serve.api<{ deliveries: { id: string }[] }>('fireEvent', { provider: 'divshot', event: 'release', subscriptionIds: [subscription.id] })
    flaky = fired.deliveries[0]!.id
    await expect.poll(async () => (await serve.api<Delivery>('getDelivery', { id: flaky })).status, { timeout: 15_000 }).toBe('delivered')
    const attempts = (await serve.api<Delivery>('getDelivery', { id: flaky })).attempts.map((a) => Date.parse(a.startedAt))

    await page.locator('label:has([data-testid=timeline-mode-time])').click()
    await expect.poll(hash).toContain('mode=time')
    const marks = page.locator(`[data-testid=time-delivery][data-id="${flaky}"]`)
    await marks.waitFor()
    await expect.poll(() => marks.getAttribute('data-attempts')).toBe('3')
    await expect.poll(async () => (await gapWidths(flaky)).length).toBe(2)

    // Zoomed in from the keyboard until a second is wide enough to measure.
    await page.getByTestId('time-plot').focus()
    for (let i = 0; i < 5; i++) await page.keyboard.press('+')
    await expect.poll(() => page.getByTestId('time-scale').textContent()).toMatch(/^\d+ s$/)
    const [first, second] = await gapWidths(flaky)
    const expected = (attempts[2]! - attempts[1]!) / (attempts[1]! - attempts[0]!)
    expect(second! / first!).toBeCloseTo(expected, 1)
    expect(second! / first!).toBeGreaterThan(2.5)
    expect(first!).toBeGreaterThan(20)

    // One more step in: every gap twice as wide.
    await page.getByTestId('time-zoom-in').click()
    await expect.poll(async () => (await gapWidths(flaky))[0]! / first!).toBeCloseTo(2, 1)
    await page.screenshot({ path: join(SHOTS, 'timeline-time-1440-light.png') })
  })

  it('shows the attempts and gaps on focus, and opens the delivery in the inspector on Enter or a click', async () => {
    const marks = page.locator(`[data-testid=time-delivery][data-id="${flaky}"]`)
    await marks.focus()
    const tip = page.getByTestId('time-tip')
    await expect(tip.textContent()).resolves.toMatch(/delivered/)
    await expect.poll(() => tip.locator('li').count()).toBe(3)
    // Each attempt with its answer: the two 503s, then the 200.
    await expect.poll(() => tip.locator('[data-testid=time-tip-attempt]').allInnerTexts()).toEqual([expect.stringMatching(/HTTP 503$/), expect.stringMatching(/HTTP 503$/), expect.stringMatching(/HTTP 200$/)])
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('delivery-detail').locator('strong.mono').textContent()).toBe(flaky)
    await expect.poll(hash).toContain(`open=${flaky}`)
    await page.getByTestId('time-zoom-out').click()
    await marks.click()
    await expect.poll(() => page.getByTestId('delivery-detail').locator('strong.mono').textContent()).toBe(flaky)
  })

  it('pans with the arrow keys and follows now again with the Now button', async () => {
    const windowText = () => page.getByTestId('time-window').textContent()
    await page.getByTestId('time-plot').focus()
    const before = await windowText()
    await page.keyboard.press('ArrowLeft')
    await expect.poll(windowText).not.toBe(before)
    await expect(page.getByTestId('time-now').getAttribute('aria-pressed')).resolves.toBe('false')
    await page.getByTestId('time-now').click()
    await expect(page.getByTestId('time-now').getAttribute('aria-pressed')).resolves.toBe('true')
  })

  it('draws the seeded deliveries as density, counted by the engine, when zoomed out to a day', async () => {
    for (let i = 0; i < 11; i++) await page.getByTestId('time-zoom-out').click()
    await expect.poll(() => page.getByTestId('time-view').getAttribute('data-state'), { timeout: 15_000 }).toBe('density')
    await expect.poll(() => page.getByTestId('time-note').textContent(), { timeout: 15_000 }).toMatch(/^10,0\d\d deliveries in view · counted per/)
    await expect(page.locator('[data-testid=time-delivery]').count()).resolves.toBe(0)
    for (const theme of ['dark', 'light'] as const) {
      await page.locator('html').evaluate((html, t) => html.setAttribute('data-theme', t), theme)
      await page.screenshot({ path: join(SHOTS, `timeline-time-day-1440-${theme}.png`) })
    }
    expect(errors).toEqual([])
  })
})

describe('searching bodies, with the filter in the URL', () => {
  it(`finds the ${WITH_PROJECT} deliveries whose body names the project, and keeps the filter across a reload`, async () => {
    await page.locator('label:has([data-testid=timeline-mode-list])').click()
    const text = page.getByTestId('deliveries-text')
    await text.fill(PROJECT)
    await text.press('Enter')
    await expect.poll(count).toBe('0 deliveries match')
    const started = Date.now()
    await page.getByTestId('deliveries-in-bodies').check()
    await expect.poll(count, { timeout: 5_000 }).toBe(`${WITH_PROJECT} deliveries match`)
    expect(Date.now() - started, 'search through 10,000 bodies, shown').toBeLessThan(3_000)
    await expect.poll(hash).toContain(`text=${PROJECT}&in=bodies`)
    await page.screenshot({ path: join(SHOTS, 'timeline-search-1440-light.png') })

    await page.reload()
    await page.waitForSelector('[data-app-state="loaded"]')
    await expect.poll(count).toBe(`${WITH_PROJECT} deliveries match`)
    await expect(page.getByTestId('deliveries-text').inputValue()).resolves.toBe(PROJECT)
    await expect(page.getByTestId('deliveries-in-bodies').isChecked()).resolves.toBe(true)

    // Back: the step before (the text alone, summaries only).
    await page.goBack()
    await expect.poll(count).toBe('0 deliveries match')
    await expect(page.getByTestId('deliveries-in-bodies').isChecked()).resolves.toBe(false)
    await page.goForward()
    await expect.poll(count).toBe(`${WITH_PROJECT} deliveries match`)
  })

  it('keeps other views on their plain hash, and brings the filters back on Ctrl+4', async () => {
    await page.keyboard.press('Control+5')
    await expect.poll(hash).toBe('#/receiver')
    await page.keyboard.press('Control+4')
    await expect.poll(hash).toContain(`text=${PROJECT}`)
    await expect.poll(count).toBe(`${WITH_PROJECT} deliveries match`)
  })

  it('fits at 1024 × 700, light and dark', async () => {
    await page.locator('label:has([data-testid=timeline-mode-time])').click()
    await page.setViewportSize({ width: 1024, height: 700 })
    for (const theme of ['light', 'dark'] as const) {
      await page.locator('html').evaluate((html, t) => html.setAttribute('data-theme', t), theme)
      const overflow = await page.locator('main').evaluate((main) => main.scrollWidth - main.clientWidth)
      expect(overflow, 'horizontal overflow at 1024 px').toBeLessThanOrEqual(0)
      await page.screenshot({ path: join(SHOTS, `timeline-time-1024-${theme}.png`) })
    }
    await page.locator('label:has([data-testid=timeline-mode-list])').click()
    await page.screenshot({ path: join(SHOTS, 'timeline-search-1024-dark.png') })
    expect(errors).toEqual([])
  })
})
