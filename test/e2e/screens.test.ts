import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { CHROMIUM_ARGS, findBrowser } from '../support/chromium'
import { ROOT } from '../support/paths'
import type { ServeProcess } from '../support/serve-process'
import { type Hookbench, deliveredSoon, expect, expectNoSidewaysScroll, gotoApp, pageErrors, reload, test } from './fixtures'
import { type StyleDifference, compareWithBaseline } from './style-baseline'

/*
 * Every screen, light and dark, at 1440 × 900 and 1024 × 700: it renders without a page error
 * and without a horizontal scroll bar. `npm run screenshots` copies them to docs/screenshots.
 *
 * HOOKBENCH_STYLE_BASELINE=<a built stylesheet> (say a copy of out/renderer/assets/index-*.css made
 * before a change): each screen, and a few open states, must look the same with it in place of the
 * app's own, pixel for pixel and in every element's computed style (style-baseline-*.json says
 * what differed, <screen>.baseline.png shows it).
 */
const SHOTS = process.env.HOOKBENCH_SHOTS ?? join(ROOT, 'test-results', 'screens')
const DOCS = process.env.HOOKBENCH_DOCS_SCREENSHOTS ? join(ROOT, 'docs', 'screenshots') : undefined
const SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='
const STYLE_BASELINE = process.env.HOOKBENCH_STYLE_BASELINE ? readFileSync(process.env.HOOKBENCH_STYLE_BASELINE, 'utf8') : undefined
// Repaints that redraw every pixel, so a stylesheet put back paints exactly what it painted (style-baseline.ts).
if (STYLE_BASELINE) test.use({ launchOptions: { executablePath: findBrowser(), args: [...CHROMIUM_ARGS, '--disable-partial-raster'] } })
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const

/**
 * What each screen shows once it is set up: the view, what to open in it, and what is on screen
 * once it is ready for its picture.
 */
const SCREENS: { name: string; view: string; open?: (page: Page) => Promise<void>; ready: (page: Page) => Locator }[] = [
  {
    name: 'scenarios',
    view: 'scenarios',
    open: async (page) => {
      await page.locator('[data-testid=scenario-item][data-id=generic-flaky-endpoint]').click()
      await page.getByTestId('studio-tab-source').click()
      // Long lines wrap (at 1024 px the endpoint's response line does) instead of scrolling sideways.
      await expect(page.locator('[data-testid=scenario-source] .cm-content')).toContainText('retryAfterSec')
      await expectNoSidewaysScroll(page.locator('[data-testid=scenario-source] .cm-scroller'), 'the scenario source scrolls sideways')
      await page.getByTestId('run-item').first().click()
    },
    ready: (page) => page.getByTestId('run-detail'),
  },
  { name: 'scenario-form', view: 'scenarios', open: (page) => page.getByTestId('studio-tab-form').click(), ready: (page) => page.getByTestId('scenario-form') },
  { name: 'fire', view: 'fire', ready: (page) => page.getByTestId('fire-payload').locator('.cm-content').filter({ hasText: '{' }) },
  {
    name: 'subscriptions',
    view: 'subscriptions',
    open: (page) => page.locator('[data-testid="subscription-acme deploys"] td').first().click(),
    ready: (page) => page.getByTestId('subscription-editor'),
  },
  { name: 'timeline-start', view: 'timeline', ready: (page) => page.getByTestId('start-card') },
  {
    name: 'timeline',
    view: 'timeline',
    open: async (page) => {
      await hideStartCard(page)
      await page.locator('[data-testid=deliveries] tbody tr[data-key]').first().click()
    },
    ready: (page) => page.getByTestId('delivery-detail'),
  },
  {
    name: 'timeline-time',
    view: 'timeline?mode=time',
    open: async (page) => {
      await hideStartCard(page)
      // The flaky run's delivery, opened, and zoomed in around it until its retries stand apart.
      await page.locator('[data-testid=time-delivery][data-attempts="3"]').first().click()
      await expect(page.getByTestId('delivery-detail')).toBeVisible()
      for (let i = 0; i < 7; i++) await page.getByTestId('time-zoom-in').click()
    },
    ready: (page) => page.locator('[data-testid=time-canvas][data-drawn=marks]'),
  },
  {
    name: 'receiver',
    view: 'receiver',
    open: (page) => page.locator('[data-testid=captures] tbody tr[data-key]').first().click(),
    ready: (page) => page.getByTestId('capture-detail'),
  },
  { name: 'check', view: 'check', ready: (page) => page.getByTestId('check-form') },
  { name: 'settings', view: 'settings', ready: (page) => page.getByTestId('engine-data-dir') },
]

/** States compared with the baseline stylesheet too: a drawer, the palette, the generic Fire form. */
const OPEN_STATES: typeof SCREENS = [
  { name: 'receiver-script', view: 'receiver', open: (page) => page.getByTestId('edit-inbox').click(), ready: (page) => page.getByTestId('script-drawer') },
  { name: 'new-subscription', view: 'subscriptions', open: (page) => page.getByTestId('new-subscription').click(), ready: (page) => page.getByTestId('subscription-editor') },
  { name: 'palette', view: 'timeline', open: (page) => page.keyboard.press('Control+k'), ready: (page) => page.locator('.palette') },
  { name: 'fire-generic', view: 'fire', open: async (page) => void (await page.getByTestId('fire-provider').selectOption('generic')), ready: (page) => page.getByTestId('fire-template') },
]

/** A serve with something on every screen: a retried signed delivery, a disabled subscription, a passed run. */
async function furnishedServe(hookbench: Hookbench): Promise<ServeProcess> {
  const serve = await hookbench.serve(['--time-scale', '0.25'])
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
  const id = fired.deliveries[0]!.id
  await deliveredSoon(serve, id)
  const run = await serve.api<{ id: string }>('runScenario', { id: 'generic-flaky-endpoint', options: { timeScale: 0.2 } })
  await expect.poll(async () => (await serve.api<{ status: string }>('getRun', { id: run.id })).status, { timeout: 20_000 }).toBe('passed')
  return serve
}

/** The first-run card has its own shot: the Timeline's others show the list and the inspector. */
async function hideStartCard(page: Page) {
  await page.evaluate("localStorage.setItem('hookbench.start.hidden', '1')")
  await reload(page)
}

// One furnished serve per worker (the screens only look), and the four sizes side by side.
let furnished: Promise<ServeProcess> | undefined
test.describe.configure({ mode: 'parallel' })

for (const theme of ['light', 'dark'] as const) {
  test.describe(`every screen in ${theme}`, () => {
    test.use({ colorScheme: theme })
    for (const size of SIZES) {
      test.describe(`${size.width} × ${size.height}`, () => {
        test.use({ viewport: size })

        test('renders without errors or a horizontal scroll bar', async ({ page, hookbench }) => {
          // Three pictures and three computed-style snapshots of every element a screen take minutes.
          if (STYLE_BASELINE) test.setTimeout(600_000)
          const serve = await (furnished ??= furnishedServe(hookbench))
          const errors = pageErrors(page)
          mkdirSync(SHOTS, { recursive: true })
          if (DOCS) mkdirSync(DOCS, { recursive: true })
          const differences: StyleDifference[] = []
          for (const screen of STYLE_BASELINE ? [...SCREENS, ...OPEN_STATES] : SCREENS) {
            await gotoApp(page, serve, screen.view)
            await screen.open?.(page)
            await expect(screen.ready(page)).toBeVisible()
            await expectNoSidewaysScroll(page.locator('html'), `${screen.name} scrolls sideways at ${size.width} px`)
            const file = join(SHOTS, `${screen.name}-${theme}-${size.width}.png`)
            await page.screenshot({ path: file, animations: 'disabled' })
            if (DOCS && SCREENS.includes(screen)) copyFileSync(file, join(DOCS, size.width === 1440 ? `${screen.name}-${theme}.png` : `${screen.name}-${theme}-${size.width}.png`))
            if (STYLE_BASELINE) differences.push(await compareWithBaseline(page, screen.name, STYLE_BASELINE, (png) => writeFileSync(file.replace(/\.png$/, '.baseline.png'), png)))
          }
          expect(errors).toEqual([])
          if (STYLE_BASELINE) {
            writeFileSync(join(SHOTS, `style-baseline-${theme}-${size.width}.json`), JSON.stringify(differences, null, 2))
            expect(differences.filter((d) => d.pixels !== 0 || d.styles !== 0)).toEqual([])
          }
        })
      })
    }
  })
}
