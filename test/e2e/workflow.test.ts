import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type Page, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_ARGS } from './browser'
import { ROOT } from '../support/paths'
import { type ServeProcess, startServe } from '../support/serve-process'

const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots')
const SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='

let browser: Browser
let serve: ServeProcess
let page: Page
const errors: string[] = []

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  // Time runs 100× faster, so a 300 s heartbeat timeout takes 3 s.
  serve = await startServe(['--time-scale', '0.01'])
  browser = await chromium.launch({ executablePath: process.env.HOOKBENCH_CHROMIUM, args: CHROMIUM_ARGS })
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  context.setDefaultTimeout(10_000)
  page = await context.newPage()
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(serve.url)
  await page.waitForSelector('[data-app-state="loaded"]')
})
afterAll(async () => {
  await browser?.close()
  expect(await serve.stop()).toBe(0)
})

/** Loaded rows of a virtualised list (not its spacers or rows still loading). */
const rows = (testId: string) => page.locator(`[data-testid=${testId}] tbody tr[data-key]`)

describe('a first session in the UI', () => {
  it('fires an event that lands in the built-in inbox and shows on the timeline', async () => {
    await page.keyboard.press('Control+2')
    await page.getByTestId('fire-provider').selectOption('divshot')
    // The payload is edited in the panel's editor: its lines joined are the JSON.
    const editor = page.getByTestId('fire-payload').locator('.cm-content')
    await expect.poll(async () => (await editor.textContent()) ?? '').toContain('"event": "release"')
    const payload = JSON.parse((await editor.textContent()) ?? '') as { data: { release: { version: number } } }
    payload.data.release.version = 42
    await editor.fill(JSON.stringify(payload, null, 2))
    await expect.poll(() => page.getByTestId('fire-payload-state').textContent()).toBe('edited')
    await page.getByTestId('fire-submit').click()
    await expect(page.getByTestId('fire-result').textContent()).resolves.toContain('1 delivery queued')

    await page.keyboard.press('Control+4')
    await rows('deliveries').first().click()
    const attempt = page.getByTestId('attempt').first()
    await attempt.waitFor()
    await expect(attempt.textContent()).resolves.toContain('200')
    await expect(page.getByTestId('delivery-detail').textContent()).resolves.toContain('"version": 42')
    await page.screenshot({ path: join(SCREENSHOTS, 'timeline-delivery.png') })
  })

  it('shows the capture with its headers in order and its raw body', async () => {
    await page.keyboard.press('Control+5')
    // From the keyboard: focusing the list selects its first row, Enter opens it (once the page of
    // captures has arrived: the list loads when the view opens).
    await rows('captures').first().waitFor()
    await page.getByTestId('captures').focus()
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('capture-body').textContent()).resolves.toContain('"event": "release"')
    // In the order they arrived, as the sender wrote them (the Standard Webhooks headers of the
    // inbox subscription's signature among them).
    const headerNames = await page.locator('[data-testid=capture-headers] th').allTextContents()
    expect(headerNames.slice(0, 2)).toEqual(['Host', 'Content-Type'])
    expect(headerNames).toEqual(expect.arrayContaining(['webhook-id', 'webhook-timestamp', 'webhook-signature', 'Content-Length']))
    expect(headerNames.indexOf('webhook-id')).toBeLessThan(headerNames.indexOf('webhook-signature'))
  })

  it('verifies signatures at an endpoint and explains a mismatch', async () => {
    // The inbox's script opens in a drawer; its verification is set there.
    await page.getByTestId('edit-inbox').click()
    // A fresh inbox already checks Standard Webhooks with the secret its subscription got: shown
    // as a fingerprint until revealed, then replaced by ours.
    await expect.poll(() => page.getByTestId('verify-inbox').inputValue()).toBe('standard')
    await page.getByTestId('secret-reveal-inbox').click()
    await page.getByTestId('secret-inbox').fill(SECRET)
    await page.getByTestId('save-inbox').click()
    await expect.poll(() => page.getByTestId('changes-inbox').textContent()).toBe('No unsaved changes')
    await page.getByTestId('script-drawer-close').click()
    await page.getByTestId('script-drawer').waitFor({ state: 'detached' })

    await page.keyboard.press('Control+3')
    await page.getByTestId('new-subscription').click()
    const form = page.getByTestId('subscription-editor')
    await form.getByTestId('edit-name').fill('signed')
    await form.getByTestId('edit-url').fill(`${new URL(serve.output().match(/Receiver:\s+(\S+)/)![1]!).origin}/r/inbox`)
    await form.getByTestId('edit-provider').selectOption('divshot')
    await form.getByTestId('edit-scheme').selectOption('standard')
    await form.getByTestId('edit-secret').fill(SECRET)
    await form.getByTestId('edit-save').click()
    await page.getByTestId('subscription-signed').waitFor()

    await page.keyboard.press('Control+2')
    await page.getByTestId('fire-provider').selectOption('divshot')
    await page.getByTestId('fire-regenerate').click()
    // Two subscriptions can receive it now: both are ticked, on purpose, before the fire goes to both.
    await page.getByTestId('fire-choose-signed').check()
    await page.getByTestId('fire-choose-built-in-inbox').check()
    await page.getByTestId('fire-submit').click()
    await expect.poll(() => page.getByTestId('fire-result').textContent()).toContain('2 deliveries queued')

    await page.keyboard.press('Control+5')
    await expect.poll(() => rows('captures').count()).toBe(3)
    const verdicts = await rows('captures').locator('td:nth-child(5)').allTextContents()
    // Newest first: one signed with the secret the inbox now checks (valid), and one signed with
    // the secret the first run gave the inbox subscription, which the inbox no longer knows.
    expect(verdicts.slice(0, 2).sort()).toEqual(['valid', 'wrong_secret'])
    await rows('captures').filter({ hasText: 'valid' }).filter({ hasNotText: 'header' }).first().click()
    await expect(page.getByTestId('verdict').textContent()).resolves.toContain('signed with the current secret')
    await page.screenshot({ path: join(SCREENSHOTS, 'receiver-verdict.png') })
  })

  it('stops a controller and shows the heartbeat failure, fired once', async () => {
    await page.keyboard.press('Control+2')
    await page.getByTestId('controller-cluster').fill('prod-eu-1')
    await page.getByTestId('controller-add').click()
    await expect.poll(() => page.getByTestId('health-prod-eu-1').textContent()).toBe('healthy')
    await page.getByTestId('toggle-prod-eu-1').click()
    await expect.poll(() => page.getByTestId('health-prod-eu-1').textContent(), { timeout: 15_000 }).toBe('failed')
    await page.keyboard.press('Control+4')
    await expect.poll(() => rows('deliveries').filter({ hasText: 'controller-heartbeat-failure' }).count()).toBe(1)
    expect(errors).toEqual([])
  })
})
