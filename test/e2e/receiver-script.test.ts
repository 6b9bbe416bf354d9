import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Capture, type CaptureSummary, type Endpoint, ScriptedResponse } from '../../src/shared/schemas/receiver'
import { openApp } from './app-page'
import { ROOT } from '../support/paths'
import { type ServeProcess, startServe } from '../support/serve-process'

const SCREENSHOTS = process.env.HOOKBENCH_SHOTS ?? join(ROOT, 'test-results', 'screenshots')

let browser: Browser
let serve: ServeProcess
let page: Page
let receiverUrl: string
let errors: string[] = []

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  // Time runs 100× faster: the 1 s Retry-After waits take 10 ms.
  serve = await startServe(['--time-scale', '0.01'])
  receiverUrl = (await serve.api<{ receiverUrl: string }>('getStatus')).receiverUrl
  ;({ browser, page, errors } = await openApp(serve, 'receiver'))
})
afterAll(async () => {
  await browser?.close()
  expect(await serve.stop()).toBe(0)
})

const endpointOf = async (name: string) => (await serve.api<Endpoint[]>('listEndpoints')).find((e) => e.name === name)!
const rows = () => page.locator('[data-testid=captures] tbody tr[data-key]')
const saved = (name: string) => expect.poll(() => page.getByTestId(`changes-${name}`).textContent()).toBe('No unsaved changes')

describe('scripting an endpoint in the Receiver', () => {
  it('creates an endpoint from the keyboard and opens its script', async () => {
    await page.getByTestId('endpoint-name').fill('Flaky!')
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('endpoint-name-error').textContent()).resolves.toContain('must be a slug')
    await page.getByTestId('endpoint-name').fill('flaky')
    await page.keyboard.press('Enter')
    await page.getByTestId('endpoint-flaky').waitFor()
    expect((await endpointOf('flaky')).response).toStrictEqual(ScriptedResponse.parse({}))
    // The built-in inbox says why it cannot be removed, and offers no Remove.
    await expect(page.getByTestId('builtin-inbox').textContent()).resolves.toContain('cannot be removed')
    await expect(page.getByTestId('remove-inbox').count()).resolves.toBe(0)
  })

  it('refuses a wrong value next to its field, sends nothing, and Esc drops the change', async () => {
    await page.getByTestId('status-flaky').fill('700')
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('error-status-flaky').textContent()).resolves.toBe('must be at most 599')
    await expect(page.getByTestId('status-flaky').getAttribute('aria-invalid')).resolves.toBe('true')
    expect((await endpointOf('flaky')).response.status).toBe(200)
    await page.getByTestId('status-flaky').focus()
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('status-flaky').inputValue()).resolves.toBe('200')
    await expect(page.getByTestId('error-status-flaky').count()).resolves.toBe(0)
  })

  it('fails the first 2 requests with 503 and Retry-After: the captures show 503, 503, 200', async () => {
    await page.getByTestId('failFirst-flaky').fill('2')
    await page.getByTestId('failStatus-flaky').fill('503')
    await page.getByTestId('retryAfterSec-flaky').fill('1')
    await page.keyboard.press('Enter')
    await saved('flaky')
    expect((await endpointOf('flaky')).response).toStrictEqual(ScriptedResponse.parse({ failFirst: 2, failStatus: 503, retryAfterSec: 1 }))

    const subscription = await serve.api<{ id: string }>('createSubscription', {
      name: 'to-flaky',
      url: `${receiverUrl}r/flaky`,
      provider: 'divshot',
      retry: { preset: 'fixed', delaysMs: [100, 100, 100] },
    })
    await serve.api('fireEvent', { provider: 'divshot', event: 'release', subscriptionIds: [subscription.id] })

    await page.getByTestId('captures-endpoint').selectOption('flaky')
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(3)
    // Newest first.
    await expect(rows().locator('td:nth-child(3)').allTextContents()).resolves.toEqual(['200', '503', '503'])
    const { items } = await serve.api<{ items: CaptureSummary[] }>('listCaptures', { endpoint: 'flaky' })
    for (const summary of items) {
      const capture = await serve.api<Capture>('getCapture', { id: summary.id })
      const retryAfter = capture.response?.headers.find(([name]) => name === 'Retry-After')?.[1]
      expect(retryAfter).toBe(capture.response?.status === 503 ? '1' : undefined)
    }
  })

  it('changing only the delay sends only the delay: everything else stays, even what changed meanwhile', async () => {
    await serve.api('updateEndpoint', {
      name: 'flaky',
      changes: {
        response: { headers: [['X-Scripted', 'yes']], body: 'ok', failureRate: 0.25, seed: 7 },
        verify: { scheme: 'github', secrets: ['current', 'previous'], toleranceSec: 60 },
        forward: { url: 'http://127.0.0.1:9/forward', timeoutMs: 2000 },
        maxBodyBytes: 4096,
      },
    })
    await expect.poll(() => page.getByTestId('maxBodyBytes-flaky').inputValue()).toBe('4096')
    const before = await endpointOf('flaky')

    await page.getByTestId('delayMs-flaky').fill('250')
    // Someone else changes the body while the delay is being edited: the save must not undo it.
    await serve.api('updateEndpoint', { name: 'flaky', changes: { response: { body: 'changed meanwhile' } } })
    await expect.poll(() => page.getByTestId('body-flaky').inputValue()).toBe('changed meanwhile')
    await page.getByTestId('delayMs-flaky').press('Enter')
    await saved('flaky')

    expect(await endpointOf('flaky')).toStrictEqual({ ...before, response: { ...before.response, delayMs: 250, body: 'changed meanwhile' } })
  })

  it('shows stored verify secrets as fingerprints until revealed', async () => {
    const shown = page.getByTestId('secret-fingerprints-flaky')
    await shown.waitFor()
    const current = createHash('sha256').update('current').digest('hex').slice(0, 16)
    await expect(shown.textContent()).resolves.toContain(`newest: fingerprint ${current}`)
    await expect(page.getByTestId('endpoint-flaky').textContent()).resolves.not.toContain('previous')
    await page.getByTestId('secret-reveal-flaky').click()
    await expect(page.getByTestId('secret-flaky').inputValue()).resolves.toBe('current\nprevious')
  })

  it('explains a failed signature check, and copies a capture as cURL', async () => {
    // The script is edited in a drawer over the page: closed, the captures take the clicks.
    await page.getByTestId('script-drawer-close').click()
    await page.getByTestId('script-drawer').waitFor({ state: 'detached' })
    await fetch(`${receiverUrl}r/flaky`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"unsigned":true}' })
    await expect.poll(() => rows().count()).toBe(4)
    await rows().first().click()
    await expect(page.getByTestId('verdict-explanation').textContent()).resolves.toContain('no signature header')
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    await page.getByTestId('copy-curl').click()
    await expect.poll(() => page.evaluate<string>('navigator.clipboard.readText()')).toContain(`curl -X POST`)
  })

  it('fits the window at 1440 and 1024 px, light and dark', async () => {
    // The notices of the earlier steps would cover the editor.
    const closeNotice = page.locator('.notice button').first()
    while ((await closeNotice.count()) > 0) await closeNotice.click()
    for (const theme of ['light', 'dark'] as const) {
      await page.keyboard.press('Control+6')
      await page.locator(`label:has([data-testid=theme-${theme}])`).click()
      await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe(theme)
      await page.keyboard.press('Control+5')
      await page.getByTestId('endpoint-row-flaky').waitFor()
      for (const width of [1440, 1024]) {
        await page.setViewportSize({ width, height: 900 })
        const overflow = await page.locator('main').evaluate((main) => main.scrollWidth - main.clientWidth)
        expect(overflow, `horizontal overflow at ${width} px (${theme})`).toBeLessThanOrEqual(0)
        // The endpoints and the captures under them, then the script in its drawer.
        await page.screenshot({ path: join(SCREENSHOTS, `receiver-script-${width}-${theme}-top.png`) })
        await page.getByTestId('edit-flaky').click()
        await page.getByTestId('endpoint-flaky').waitFor()
        await page.screenshot({ path: join(SCREENSHOTS, `receiver-script-${width}-${theme}-editor.png`) })
        await page.getByTestId('script-drawer-close').click()
        await page.getByTestId('script-drawer').waitFor({ state: 'detached' })
      }
    }
    expect(errors).toEqual([])
  })
})
