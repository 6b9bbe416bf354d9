import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp } from './app-page'
import { ROOT } from '../support/paths'
import { type ServeProcess, startServe } from '../support/serve-process'

const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots')
const DELIVERED = 320
const FAILED = 80

interface FireResult {
  deliveries: { id: string }[]
}

let serve: ServeProcess
let browser: Browser
let page: Page
let errors: string[] = []
/** The first delivery fired: the oldest, the last row of the list. */
let oldest: string
let fire: (subscription: 'inbox' | 'dead-end') => Promise<string>

/** Runs `task` for 0…count-1 with at most `width` at a time. */
async function inBatches(count: number, width: number, task: (i: number) => Promise<unknown>) {
  for (let from = 0; from < count; from += width) {
    await Promise.all(Array.from({ length: Math.min(width, count - from) }, (_, k) => task(from + k)))
  }
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  serve = await startServe()
  const [inbox] = await serve.api<{ id: string; name: string }[]>('listSubscriptions')
  // Connection refused at once and no retries: these fail within milliseconds.
  const deadEnd = await serve.api<{ id: string }>('createSubscription', { name: 'dead-end', url: 'http://127.0.0.1:9/', provider: 'divshot', retry: { preset: 'none' } })
  fire = async (subscription) => {
    const subscriptionIds = [subscription === 'inbox' ? inbox!.id : deadEnd.id]
    return (await serve.api<FireResult>('fireEvent', { provider: 'divshot', event: 'release', subscriptionIds })).deliveries[0]!.id
  }
  oldest = await fire('inbox')
  await inBatches(DELIVERED - 1, 16, () => fire('inbox'))
  await inBatches(FAILED, 16, () => fire('dead-end'))
  for (let i = 0; i < 200; i++) {
    const status = await serve.api<{ counts: { pendingDeliveries: number } }>('getStatus')
    if (status.counts.pendingDeliveries === 0) break
    await sleep(100)
  }

  ;({ browser, page, errors } = await openApp(serve, 'timeline', { viewport: { width: 1280, height: 800 } }))
})
afterAll(async () => {
  await browser?.close()
  expect(await serve.stop()).toBe(0)
})

const rows = () => page.locator('[data-testid=deliveries] tbody tr[data-key]')
const count = () => page.getByTestId('deliveries-count').textContent()
/** The status badges of the rows on screen. */
const statuses = () => rows().locator('td:nth-child(4)').allTextContents()

describe(`the Timeline with ${DELIVERED + FAILED} deliveries`, () => {
  it('renders only the rows around the viewport, with a scrollbar for all of them', async () => {
    await expect.poll(count).toBe(`${DELIVERED + FAILED} deliveries`)
    const rendered = await rows().count()
    expect(rendered).toBeGreaterThan(5)
    expect(rendered).toBeLessThan(60)
    const scroller = page.getByTestId('deliveries-scroller')
    const height = await scroller.evaluate((el) => el.scrollHeight)
    expect(height).toBeGreaterThanOrEqual((DELIVERED + FAILED) * 34)
  })

  it('filters by status on the server: only failed rows', async () => {
    await page.getByTestId('deliveries-status').selectOption('failed')
    await expect.poll(count).toBe(`${FAILED} deliveries match`)
    await expect.poll(async () => new Set(await statuses())).toEqual(new Set(['failed']))
    await page.screenshot({ path: join(SCREENSHOTS, 'timeline-filter-failed.png') })
  })

  it('filters by text, debounced, together with the status', async () => {
    await page.getByTestId('deliveries-status').selectOption('')
    // `/` focuses the text filter from anywhere outside a field.
    await page.getByTestId('deliveries').focus()
    await page.keyboard.press('/')
    await page.keyboard.type('dead-end')
    await expect.poll(count).toBe(`${FAILED} deliveries match`)
    await expect.poll(async () => (await rows().locator('td:nth-child(3)').allTextContents()).every((s) => s === 'dead-end')).toBe(true)
    await page.getByTestId('deliveries-status').selectOption('delivered')
    await expect.poll(count).toBe('0 deliveries match')
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await expect.poll(count).toBe(`${DELIVERED + FAILED} deliveries`)
    await expect(page.getByTestId('deliveries-text').inputValue()).resolves.toBe('')
  })

  it('loads older pages as it scrolls down to the oldest delivery', async () => {
    const scroller = page.getByTestId('deliveries-scroller')
    for (let step = 0; step < 40; step++) {
      await scroller.evaluate((el) => el.scrollBy(0, 600))
      await sleep(30)
    }
    await page.locator(`[data-key="${oldest}"]`).waitFor()
    // Far from the top: the newest rows are no longer in the page.
    await expect(rows().count()).resolves.toBeLessThan(60)
  })

  it('opens the detail of a clicked row, then of the next row from the keyboard', async () => {
    await page.locator(`[data-key="${oldest}"]`).click()
    await expect.poll(() => page.getByTestId('delivery-detail').locator('strong.mono').textContent()).toBe(oldest)
    await page.getByTestId('deliveries').focus()
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('Enter')
    const above = await page.locator('[data-testid=deliveries] tbody tr[aria-selected=true]').getAttribute('data-key')
    expect(above).not.toBe(oldest)
    await expect.poll(() => page.getByTestId('delivery-detail').locator('strong.mono').textContent()).toBe(above)
  })

  it('puts a new matching delivery at the top, and leaves out one the filter does not take', async () => {
    const scroller = page.getByTestId('deliveries-scroller')
    await scroller.evaluate((el) => (el.scrollTop = 0))
    await page.getByTestId('deliveries-status').selectOption('failed')
    await expect.poll(count).toBe(`${FAILED} deliveries match`)
    const delivered = await fire('inbox')
    const failed = await fire('dead-end')
    await expect.poll(() => rows().first().getAttribute('data-key')).toBe(failed)
    await expect.poll(count).toBe(`${FAILED + 1} deliveries match`)
    await expect(page.locator(`[data-key="${delivered}"]`).count()).resolves.toBe(0)
    await page.screenshot({ path: join(SCREENSHOTS, 'timeline-live.png') })
    expect(errors).toEqual([])
  })
})

describe("a subscription's platform log", () => {
  it('shows the first page, loads older ones on demand, and follows new deliveries of its own', async () => {
    const status = await serve.api<{ receiverUrl: string }>('getStatus')
    const qovery = await serve.api<{ id: string }>('createSubscription', { name: 'qovery-log', url: `${status.receiverUrl}r/inbox`, provider: 'qovery' })
    const fireQovery = () => serve.api('fireEvent', { provider: 'qovery', event: 'DEPLOYMENT_STARTED', subscriptionIds: [qovery.id] })
    await inBatches(55, 11, fireQovery)
    await page.keyboard.press('Control+3')
    await page.getByTestId('log-qovery-log').click()
    const shown = () => page.getByTestId('platform-log-count').textContent()
    await expect.poll(shown).toBe('50 of 55 deliveries')
    await page.getByTestId('platform-log-older').click()
    await expect.poll(shown).toBe('55 of 55 deliveries')
    await expect(page.getByTestId('platform-log-older').count()).resolves.toBe(0)
    await fireQovery()
    await expect.poll(shown).toBe('56 of 56 deliveries')
    expect(errors).toEqual([])
  })
})
