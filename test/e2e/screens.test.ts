import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type Page, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Delivery } from '../../src/shared/schemas/delivery'
import { CHROMIUM_ARGS } from './browser'
import { ROOT } from '../support/paths'
import { type ServeProcess, startServe } from '../support/serve-process'

/*
 * Every screen, light and dark, at 1440 × 900 and 1024 × 700: it renders without a page error
 * and without a horizontal scroll bar. `npm run screenshots` copies them to docs/screenshots.
 */
const SHOTS = process.env.HOOKBENCH_SHOTS ?? join(ROOT, 'test-results', 'screens')
const DOCS = process.env.HOOKBENCH_DOCS_SCREENSHOTS ? join(ROOT, 'docs', 'screenshots') : undefined
const SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const

let serve: ServeProcess
let browser: Browser

/** What each screen shows once it is set up: the view, and what to open in it. */
const SCREENS: { name: string; view: string; open?: (page: Page) => Promise<void> }[] = [
  {
    name: 'scenarios',
    view: 'scenarios',
    open: async (page) => {
      await page.locator('[data-testid=scenario-item][data-id=generic-flaky-endpoint]').click()
      await page.getByTestId('studio-tab-source').click()
      await clickFirst(page, '[data-testid=run-item]')
    },
  },
  { name: 'scenario-form', view: 'scenarios', open: (page) => page.getByTestId('studio-tab-form').click() },
  { name: 'fire', view: 'fire' },
  { name: 'subscriptions', view: 'subscriptions', open: (page) => clickFirst(page, '[data-testid="subscription-acme deploys"] td') },
  { name: 'timeline-start', view: 'timeline' },
  {
    name: 'timeline',
    view: 'timeline',
    open: async (page) => {
      await hideStartCard(page)
      await page.locator('[data-testid=deliveries] tbody tr[data-key]').first().waitFor()
      await clickFirst(page, '[data-testid=deliveries] tbody tr[data-key]')
    },
  },
  {
    name: 'timeline-time',
    view: 'timeline?mode=time',
    open: async (page) => {
      await hideStartCard(page)
      // The flaky run's delivery, opened, and zoomed in around it until its retries stand apart.
      const marks = page.locator('[data-testid=time-delivery][data-attempts="3"]')
      await marks.first().waitFor()
      await marks.first().click()
      for (let i = 0; i < 7; i++) await page.getByTestId('time-zoom-in').click()
      await page.waitForSelector('[data-testid=time-canvas][data-drawn=marks]')
    },
  },
  { name: 'receiver', view: 'receiver', open: (page) => clickFirst(page, '[data-testid=captures] tbody tr[data-key]') },
  { name: 'check', view: 'check' },
  { name: 'settings', view: 'settings' },
]

/** The first-run card has its own shot: the Timeline's others show the list and the inspector. */
async function hideStartCard(page: Page) {
  await page.evaluate("localStorage.setItem('hookbench.start.hidden', '1')")
  await page.reload()
  await page.waitForSelector('[data-app-state="loaded"]')
}

async function clickFirst(page: Page, selector: string) {
  const first = page.locator(selector).first()
  if ((await first.count()) > 0) await first.click()
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  if (DOCS) mkdirSync(DOCS, { recursive: true })
  serve = await startServe(['--time-scale', '0.25'])
  const { receiverUrl } = await serve.api<{ receiverUrl: string }>('getStatus')
  await serve.api('updateEndpoint', { name: 'inbox', changes: { response: { failFirst: 1, failStatus: 503 }, verify: { scheme: 'standard', secrets: [SECRET] } } })
  const subscription = await serve.api<{ id: string }>('createSubscription', {
    name: 'acme deploys',
    url: `${receiverUrl}r/inbox`,
    provider: 'divshot',
    signing: { scheme: 'standard', secret: SECRET },
    retry: { preset: 'standard-webhooks' },
  })
  await serve.api('createSubscription', { name: 'qovery prod', url: 'http://127.0.0.1:9/hook', provider: 'qovery', enabled: false })
  const fired = await serve.api<{ deliveries: { id: string }[] }>('fireEvent', { provider: 'divshot', event: 'release', subscriptionIds: [subscription.id] })
  await vi.waitFor(async () => expect((await serve.api<Delivery>('getDelivery', { id: fired.deliveries[0]!.id })).status).toBe('delivered'), {
    timeout: 15_000,
    interval: 100,
  })
  const run = await serve.api<{ id: string }>('runScenario', { id: 'generic-flaky-endpoint', options: { timeScale: 0.2 } })
  await vi.waitFor(async () => expect((await serve.api<{ status: string }>('getRun', { id: run.id })).status).toBe('passed'), { timeout: 20_000, interval: 200 })
  browser = await chromium.launch({ executablePath: process.env.HOOKBENCH_CHROMIUM, args: CHROMIUM_ARGS })
})
afterAll(async () => {
  await browser?.close()
  expect(await serve.stop()).toBe(0)
})

describe.each(['light', 'dark'] as const)('every screen in %s', (theme) => {
  it.each(SIZES)('renders at $width × $height without errors or a horizontal scroll bar', async (size) => {
    const context = await browser.newContext({ viewport: size, colorScheme: theme })
    context.setDefaultTimeout(10_000)
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    for (const screen of SCREENS) {
      await page.goto(`${serve.url}#/${screen.view}`)
      await page.waitForSelector('[data-app-state="loaded"]')
      await screen.open?.(page)
      await page.waitForTimeout(300)
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')
      expect(overflow, `${screen.name} scrolls sideways at ${size.width} px`).toBeLessThanOrEqual(0)
      const file = join(SHOTS, `${screen.name}-${theme}-${size.width}.png`)
      await page.screenshot({ path: file })
      if (DOCS) copyFileSync(file, join(DOCS, size.width === 1440 ? `${screen.name}-${theme}.png` : `${screen.name}-${theme}-${size.width}.png`))
    }
    expect(errors).toEqual([])
    await context.close()
  })
})
