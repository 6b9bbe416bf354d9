import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type BrowserContextOptions, type Locator, type Page, test as base, expect } from '@playwright/test'
import type { Delivery } from '../../src/shared/schemas/delivery'
import { ROOT } from '../support/paths'
import { type ServeProcess, startServe } from '../support/serve-process'

export { expect }

/** Starts `hookbench serve` processes for a worker and stops any still running when the worker ends (each must exit 0). */
export interface Hookbench {
  /** `hookbench serve` on free ports with `args`, in a fresh data directory unless `dataDir` is given. */
  serve(args?: string[], dataDir?: string): Promise<ServeProcess>
}

interface TestFixtures {
  /** Arguments of the test-scoped `serve` (`test.use({ serveArgs: [...] })`). */
  serveArgs: string[]
  /** A `hookbench serve` of this test alone, with its own data directory; must exit 0 when stopped. */
  serve: ServeProcess
}

interface WorkerFixtures {
  hookbench: Hookbench
  /**
   * One `hookbench serve` per worker for the tests that only look: they must leave the engine as
   * they found it (a test that changes something takes `serve` or `useApp`). Must exit 0 at the end.
   */
  sharedServe: ServeProcess
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  hookbench: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function takes from this pattern
    async ({}, use) => {
      const started: ServeProcess[] = []
      await use({
        async serve(args = [], dataDir) {
          const serve = await startServe(args, dataDir)
          started.push(serve)
          return serve
        },
      })
      // Whatever a test left running stops here, and must stop cleanly too.
      const codes = await Promise.all(started.map((serve) => serve.stop()))
      expect(codes, 'exit codes of the serves this worker started').toEqual(started.map(() => 0))
    },
    { scope: 'worker' },
  ],
  sharedServe: [
    async ({ hookbench }, use) => {
      const serve = await hookbench.serve()
      await use(serve)
      expect(await serve.stop(), 'shared serve exit code').toBe(0)
    },
    { scope: 'worker' },
  ],
  serveArgs: [[], { option: true }],
  serve: async ({ hookbench, serveArgs }, use) => {
    const serve = await hookbench.serve(serveArgs)
    await use(serve)
    expect(await serve.stop(), 'serve exit code').toBe(0)
  },
})

/** Holds every request to `/api/<path>` (a method, or `events` for the event stream) until the returned release is called. */
export async function hold(page: Page, path: string): Promise<() => Promise<void>> {
  let open = () => {}
  const held = new Promise<void>((resolve) => (open = resolve))
  await page.route(`**/api/${path}`, async (route) => {
    await held
    await route.continue()
  })
  return async () => {
    open()
    await page.unrouteAll({ behavior: 'wait' })
  }
}

/** The app in a page of its own context, once it has loaded its data; page errors go to `errors`. */
export async function openApp(browser: Browser, serve: ServeProcess, view = '', options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...options })
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  const errors = pageErrors(page)
  await gotoApp(page, serve, view)
  return { context, page, errors }
}

/** Collects the page's errors and console errors, for a test to check there were none. */
export function pageErrors(page: Page, { console = false } = {}): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  if (console) page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
  return errors
}

/** Opens `view` (the path after `#/`) on serve and waits for the app to load. */
export async function gotoApp(page: Page, serve: ServeProcess, view = '') {
  await page.goto(`${serve.url}#/${view}`)
  await appLoaded(page)
}

/** Waits until the app has loaded its data (after a navigation or a reload). */
export const appLoaded = (page: Page) => page.locator('[data-app-state="loaded"]').waitFor({ state: 'attached' })

/** Reloads the page and waits for the app. */
export async function reload(page: Page) {
  await page.reload()
  await appLoaded(page)
}

export interface FileApp {
  serve: ServeProcess
  page: Page
  /** Page errors seen so far. */
  errors: string[]
}

export interface FileAppOptions {
  /** The view opened first (`timeline`, `scenarios`, …); the path after `#/`. */
  view: string
  serveArgs?: string[]
  /** A data directory made ready before serve starts (serve makes a fresh one otherwise). */
  dataDir?: () => string | Promise<string>
  /** Runs against serve before the page opens. */
  prepare?: (serve: ServeProcess) => Promise<void>
  context?: BrowserContextOptions
}

/**
 * One serve (fresh data directory) and one page for the tests of a file, which run in order and
 * build on each other: what a test leaves is where the next one starts, as a person using the app
 * would. The file's tests stop at the first failure. Serve must exit 0 at the end.
 */
export function useApp(options: FileAppOptions): FileApp {
  const app = {} as FileApp
  test.describe.configure({ mode: 'serial' })
  test.beforeAll(async ({ browser, hookbench }, testInfo) => {
    // Seeding thousands of deliveries on a busy machine takes longer than a test.
    testInfo.setTimeout(180_000)
    app.serve = await hookbench.serve(options.serveArgs, await options.dataDir?.())
    await options.prepare?.(app.serve)
    const opened = await openApp(browser, app.serve, options.view, options.context)
    app.page = opened.page
    app.errors = opened.errors
  })
  test.afterAll(async () => {
    await app.page?.context().close()
    if (app.serve) expect(await app.serve.stop(), 'serve exit code').toBe(0)
  })
  return app
}

/** Where screenshots for people to look at go (compared by nobody). */
export const SHOTS = process.env.HOOKBENCH_SHOTS ?? join(ROOT, 'test-results', 'screenshots')

/** A screenshot named `name`.png in SHOTS. */
export async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: join(SHOTS, `${name}.png`), ...options })
}

/** How far `scroller` scrolls sideways (0 when it fits), waited on until it fits or times out. */
export async function expectNoSidewaysScroll(scroller: Locator, message = 'horizontal overflow') {
  await expect.poll(() => scroller.evaluate((el) => el.scrollWidth - el.clientWidth), { message }).toBeLessThanOrEqual(0)
}

/** Waits until delivery `id` is delivered (its retries included) and returns it as stored. */
export async function deliveredSoon(serve: ServeProcess, id: string): Promise<Delivery> {
  await expect.poll(async () => (await serve.api<Delivery>('getDelivery', { id })).status, { timeout: 15_000 }).toBe('delivered')
  return serve.api<Delivery>('getDelivery', { id })
}
