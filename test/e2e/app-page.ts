import { type BrowserContextOptions, chromium } from 'playwright-core'
import type { ServeProcess } from '../support/serve-process'
import { CHROMIUM_ARGS } from './browser'

/**
 * Chromium on a running `serve`, opened at a view once the app has loaded its data; page errors
 * are collected in `errors` so a test can check there were none.
 */
export async function openApp(serve: ServeProcess, view: string, options: BrowserContextOptions = {}) {
  const browser = await chromium.launch({ executablePath: process.env.HOOKBENCH_CHROMIUM, args: CHROMIUM_ARGS })
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...options })
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`${serve.url}#/${view}`)
  await page.waitForSelector('[data-app-state="loaded"]')
  return { browser, context, page, errors }
}
