import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_ARGS } from './browser'
import { ROOT } from '../support/paths'
import { type ServeProcess, startServe } from '../support/serve-process'

const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots')

let browser: Browser
beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  browser = await chromium.launch({ executablePath: process.env.HOOKBENCH_CHROMIUM, args: CHROMIUM_ARGS })
})
afterAll(async () => {
  await browser?.close()
})

async function openUi(serve: ServeProcess, colorScheme: 'light' | 'dark' = 'light') {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 800 } })
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  await page.goto(serve.url)
  await page.waitForSelector('[data-app-state="loaded"]')
  return { page, context, errors }
}

describe('web mode UI', () => {
  let serve: ServeProcess
  beforeAll(async () => {
    serve = await startServe()
  })
  afterAll(async () => {
    expect(await serve.stop()).toBe(0)
  })

  it('loads and shows the engine status read through the API', async () => {
    const { page, context, errors } = await openUi(serve)
    await expect(page.getByTestId('engine-connection').textContent()).resolves.toBe('Engine connected')
    await page.getByTestId('nav-settings').click()
    await expect(page.getByTestId('engine-data-dir').textContent()).resolves.toBe(serve.dataDir)
    await page.screenshot({ path: join(SCREENSHOTS, 'settings-light.png') })
    expect(errors).toEqual([])
    await context.close()
  })

  it('switches views from the keyboard and keeps the view in the URL', async () => {
    const { page, context } = await openUi(serve)
    await page.keyboard.press('Control+3')
    await expect(page.locator('h1').textContent()).resolves.toBe('Subscriptions')
    expect(new URL(page.url()).hash).toBe('#/subscriptions')
    await page.keyboard.press('Control+5')
    await expect(page.locator('h1').textContent()).resolves.toBe('Receiver')
    await page.reload()
    await page.waitForSelector('[data-app-state="loaded"]')
    await expect(page.locator('h1').textContent()).resolves.toBe('Receiver')
    await context.close()
  })

  it('follows the system theme and lets the user override it', async () => {
    const { page, context } = await openUi(serve, 'dark')
    const theme = () => page.locator('html').getAttribute('data-theme')
    await expect(theme()).resolves.toBe('dark')
    await page.screenshot({ path: join(SCREENSHOTS, 'timeline-dark.png') })
    await page.getByTestId('nav-settings').click()
    await page.locator('label', { has: page.getByTestId('theme-light') }).click()
    await expect(page.getByTestId('theme-light').isChecked()).resolves.toBe(true)
    await expect(theme()).resolves.toBe('light')
    await page.reload()
    await page.waitForSelector('[data-app-state="loaded"]')
    await expect(theme()).resolves.toBe('light')
    await context.close()
  })
})

describe('a data file full of garbage', () => {
  it('is moved aside with a clear message and the app starts empty', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-e2e-garbage-'))
    writeFileSync(join(dataDir, 'hookbench.json'), '\u0000garbage{{{ not json')
    const serve = await startServe([], dataDir)
    try {
      expect(serve.output()).toMatch(/hookbench\.json could not be read \(not valid JSON\); it was moved to .*hookbench\.json\.corrupt-/)
      expect(readdirSync(dataDir).some((f) => f.startsWith('hookbench.json.corrupt-'))).toBe(true)
      const { page, context } = await openUi(serve)
      await page.getByTestId('nav-settings').click()
      await expect(page.getByTestId('storage-recovery').textContent()).resolves.toContain('moved to')
      await context.close()
    } finally {
      await serve.stop()
    }
  })
})
