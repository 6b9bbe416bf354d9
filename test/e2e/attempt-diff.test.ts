import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Delivery } from '../../src/shared/schemas/delivery'
import { openApp } from './app-page'
import { ROOT } from '../support/paths'
import { type ServeProcess, startServe } from '../support/serve-process'

const SCREENSHOTS = process.env.HOOKBENCH_SHOTS ?? join(ROOT, 'test-results', 'screenshots')
const SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='

let browser: Browser
let serve: ServeProcess
let page: Page
let receiverUrl: string
let errors: string[] = []

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  // Standard Webhooks retries after 5 s; at a quarter of the time that is 1.25 s: quick, and past
  // a second, so the retry's `webhook-timestamp` (whole seconds) and so its signature differ.
  serve = await startServe(['--time-scale', '0.25'])
  receiverUrl = (await serve.api<{ receiverUrl: string }>('getStatus')).receiverUrl
  ;({ browser, page, errors } = await openApp(serve, 'timeline'))
})
afterAll(async () => {
  await browser?.close()
  expect(await serve.stop()).toBe(0)
})

const rows = () => page.locator('[data-testid=deliveries] tbody tr[data-key]')

describe('comparing two attempts of a delivery', () => {
  it('shows what changed between a 503 and its successful retry', async () => {
    await serve.api('updateEndpoint', { name: 'inbox', changes: { response: { failFirst: 1, failStatus: 503, body: '{"ok":true}' } } })
    const subscription = await serve.api<{ id: string }>('createSubscription', {
      name: 'signed-inbox',
      url: `${receiverUrl}r/inbox`,
      provider: 'divshot',
      signing: { scheme: 'standard', secret: SECRET },
      retry: { preset: 'standard-webhooks' },
    })
    const fired = await serve.api<{ deliveries: { id: string }[] }>('fireEvent', { provider: 'divshot', event: 'release', subscriptionIds: [subscription.id] })
    const id = fired.deliveries[0]!.id
    await expect
      .poll(async () => (await serve.api<Delivery>('getDelivery', { id })).status, { timeout: 15_000 })
      .toBe('delivered')

    await page.keyboard.press('Control+4')
    await rows().first().click()
    await expect.poll(() => page.getByTestId('attempt').count()).toBe(2)

    // From the keyboard: the button opens the comparison with the pickers focused.
    await page.getByTestId('compare-attempts').focus()
    await page.keyboard.press('Enter')
    const panel = page.getByTestId('attempt-diff')
    await panel.waitFor()
    await expect(page.getByTestId('diff-from').evaluate((el) => el.matches(':focus'))).resolves.toBe(true)
    await expect(page.getByTestId('diff-from').inputValue()).resolves.toBe('0')
    await expect(page.getByTestId('diff-to').inputValue()).resolves.toBe('1')
    await expect(page.getByTestId('diff-status').textContent()).resolves.toBe('503 → 200')

    const changed = page.locator('[data-testid=diff-request-headers] tbody tr')
    const names = await changed.locator('th').allTextContents()
    expect(names).toEqual(expect.arrayContaining(['webhook-timestamp', 'webhook-signature']))
    expect(names).not.toContain('webhook-id')
    for (const row of await changed.all()) await expect(row.getAttribute('data-kind')).resolves.toBe('changed')
    // The inbox answered 503 with its failure body, then {"ok":true}.
    await expect(page.getByTestId('diff-body').textContent()).resolves.toContain('"ok": true')

    // Swapping the sides swaps the status.
    await page.getByTestId('diff-from').selectOption('1')
    await page.getByTestId('diff-to').selectOption('0')
    await expect(page.getByTestId('diff-status').textContent()).resolves.toBe('200 → 503')
    await page.getByTestId('diff-from').selectOption('0')
    await page.getByTestId('diff-to').selectOption('1')

    await page.keyboard.press('Control+6')
    await page.locator('label:has([data-testid=theme-dark])').click()
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark')
    await page.keyboard.press('Control+4')
    await rows().first().click()
    await page.getByTestId('compare-attempts').click()
    await page.setViewportSize({ width: 1024, height: 900 })
    const overflow = await page.locator('main').evaluate((main) => main.scrollWidth - main.clientWidth)
    expect(overflow, 'horizontal overflow at 1024 px').toBeLessThanOrEqual(0)
    // The detail scrolls on its own under the list at 1024 px: its top shows the comparison's pickers.
    await panel.evaluate((el) => {
      const detail = el.closest('.split-detail')!
      detail.scrollTop += el.getBoundingClientRect().top - detail.getBoundingClientRect().top - 8
    })
    await page.screenshot({ path: join(SCREENSHOTS, 'attempt-diff-1024-dark.png') })

    // Esc closes it and gives the focus back to the button.
    await page.getByTestId('diff-to').focus()
    await page.keyboard.press('Escape')
    await expect(panel.count()).resolves.toBe(0)
    await expect(page.getByTestId('compare-attempts').evaluate((el) => el.matches(':focus'))).resolves.toBe(true)
    expect(errors).toEqual([])
  })
})
