import { expect, shoot, test, useApp } from './fixtures'

const DELIVERED = 320
const FAILED = 80

interface FireResult {
  deliveries: { id: string }[]
}

/** The first delivery fired: the oldest, the last row of the list. */
let oldest: string
let fire: (subscription: 'inbox' | 'dead-end') => Promise<string>

/** Runs `task` for 0…count-1 with at most `width` at a time. */
async function inBatches(count: number, width: number, task: (i: number) => Promise<unknown>) {
  for (let from = 0; from < count; from += width) {
    await Promise.all(Array.from({ length: Math.min(width, count - from) }, (_, k) => task(from + k)))
  }
}

const app = useApp({
  view: 'timeline',
  context: { viewport: { width: 1280, height: 800 } },
  prepare: async (serve) => {
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
    const pending = async () => (await serve.api<{ counts: { pendingDeliveries: number } }>('getStatus')).counts.pendingDeliveries
    await expect.poll(pending, { message: 'the set-up deliveries finish', timeout: 20_000 }).toBe(0)
  },
})

const rows = () => app.page.locator('[data-testid=deliveries] tbody tr[data-key]')
const count = () => app.page.getByTestId('deliveries-count')
/** The status badges of the rows on screen. */
const statuses = () => rows().locator('td:nth-child(4)').allTextContents()

test.describe(`the Timeline with ${DELIVERED + FAILED} deliveries`, () => {
  test('renders only the rows around the viewport, with a scrollbar for all of them', async () => {
    const { page } = app
    await expect(count()).toHaveText(`${DELIVERED + FAILED} deliveries`)
    await expect.poll(() => rows().count()).toBeGreaterThan(5)
    await expect.poll(() => rows().count()).toBeLessThan(60)
    const scroller = page.getByTestId('deliveries-scroller')
    await expect.poll(() => scroller.evaluate((el) => el.scrollHeight)).toBeGreaterThanOrEqual((DELIVERED + FAILED) * 34)
  })

  test('filters by status on the server: only failed rows', async () => {
    const { page } = app
    await page.getByTestId('deliveries-status').selectOption('failed')
    await expect(count()).toHaveText(`${FAILED} deliveries match`)
    await expect.poll(async () => new Set(await statuses())).toEqual(new Set(['failed']))
    await shoot(page, 'timeline-filter-failed')
  })

  test('filters by text, debounced, together with the status', async () => {
    const { page } = app
    await page.getByTestId('deliveries-status').selectOption('')
    // `/` focuses the text filter from anywhere outside a field.
    await page.getByTestId('deliveries').focus()
    await page.keyboard.press('/')
    await page.keyboard.type('dead-end')
    await expect(count()).toHaveText(`${FAILED} deliveries match`)
    await expect.poll(async () => (await rows().locator('td:nth-child(3)').allTextContents()).every((s) => s === 'dead-end')).toBe(true)
    await page.getByTestId('deliveries-status').selectOption('delivered')
    await expect(count()).toHaveText('0 deliveries match')
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await expect(count()).toHaveText(`${DELIVERED + FAILED} deliveries`)
    await expect(page.getByTestId('deliveries-text')).toHaveValue('')
  })

  test('loads older pages as it scrolls down to the oldest delivery', async () => {
    const { page } = app
    const scroller = page.getByTestId('deliveries-scroller')
    // Scrolled down a frame at a time, as a wheel would, well past the end.
    for (let step = 0; step < 40; step++) {
      await scroller.evaluate((el) => new Promise((resolve) => requestAnimationFrame(() => resolve(el.scrollBy(0, 600)))))
    }
    await expect(page.locator(`[data-key="${oldest}"]`)).toBeVisible()
    // Far from the top: the newest rows are no longer in the page.
    await expect.poll(() => rows().count()).toBeLessThan(60)
  })

  test('opens the detail of a clicked row, then of the next row from the keyboard', async () => {
    const { page } = app
    await page.locator(`[data-key="${oldest}"]`).click()
    const shown = page.getByTestId('delivery-detail').locator('strong.mono')
    await expect(shown).toHaveText(oldest)
    await page.getByTestId('deliveries').focus()
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('Enter')
    const selected = page.locator('[data-testid=deliveries] tbody tr[aria-selected=true]')
    await expect(selected).not.toHaveAttribute('data-key', oldest)
    await expect(shown).toHaveText((await selected.getAttribute('data-key'))!)
  })

  test('puts a new matching delivery at the top, and leaves out one the filter does not take', async () => {
    const { page, errors } = app
    const scroller = page.getByTestId('deliveries-scroller')
    await scroller.evaluate((el) => (el.scrollTop = 0))
    await page.getByTestId('deliveries-status').selectOption('failed')
    await expect(count()).toHaveText(`${FAILED} deliveries match`)
    const delivered = await fire('inbox')
    const failed = await fire('dead-end')
    await expect(rows().first()).toHaveAttribute('data-key', failed)
    await expect(count()).toHaveText(`${FAILED + 1} deliveries match`)
    await expect(page.locator(`[data-key="${delivered}"]`)).toHaveCount(0)
    await shoot(page, 'timeline-live')
    expect(errors).toEqual([])
  })
})

test.describe("a subscription's platform log", () => {
  test('shows the first page, loads older ones on demand, and follows new deliveries of its own', async () => {
    const { page, serve, errors } = app
    const status = await serve.api<{ receiverUrl: string }>('getStatus')
    const qovery = await serve.api<{ id: string }>('createSubscription', { name: 'qovery-log', url: `${status.receiverUrl}r/inbox`, provider: 'qovery' })
    const fireQovery = () => serve.api('fireEvent', { provider: 'qovery', event: 'DEPLOYMENT_STARTED', subscriptionIds: [qovery.id] })
    await inBatches(55, 11, fireQovery)
    await page.keyboard.press('Control+3')
    await page.getByTestId('log-qovery-log').click()
    const shown = page.getByTestId('platform-log-count')
    await expect(shown).toHaveText('50 of 55 deliveries')
    await page.getByTestId('platform-log-older').click()
    await expect(shown).toHaveText('55 of 55 deliveries')
    await expect(page.getByTestId('platform-log-older')).toHaveCount(0)
    await fireQovery()
    await expect(shown).toHaveText('56 of 56 deliveries')
    expect(errors).toEqual([])
  })
})
