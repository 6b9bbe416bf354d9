import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp } from './app-page'
import { ROOT } from '../support/paths'
import { type ServeProcess, startServe } from '../support/serve-process'

const SCREENSHOTS = process.env.HOOKBENCH_SHOTS ?? join(ROOT, 'test-results', 'screenshots')
const SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='
const STORY = [
  '# A story of my own: comments and layout stay as written.',
  'version: 1',
  'name: My release story',
  'provider: divshot',
  'seed: story',
  'context:',
  '  service: shop   # the app',
  'steps:',
  '  - fire: release',
  '  - wait: 30s',
  '',
].join('\n')

let browser: Browser
let serve: ServeProcess
let page: Page
let errors: string[] = []

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  serve = await startServe()
  const { receiverUrl } = await serve.api<{ receiverUrl: string }>('getStatus')
  await serve.api('createSubscription', { name: 'signed divshot', url: `${receiverUrl}r/inbox`, provider: 'divshot', signing: { scheme: 'standard', secret: SECRET } })
  await serve.api('saveScenario', { source: STORY, fileName: 'my-story.yaml' })
  ;({ browser, page, errors } = await openApp(serve, 'fire'))
})
afterAll(async () => {
  await browser?.close()
  expect(await serve.stop()).toBe(0)
})

const editor = () => page.getByTestId('fire-payload').locator('.cm-content')
/** The editor's JSON (CodeMirror renders a line per element: their text joined is the JSON without newlines). */
const payloadInEditor = async () => JSON.parse((await editor().textContent()) ?? '') as { data: { release: { version: unknown } } }

describe('the fire panel', () => {
  it('generates the payload live and shows the signed headers of each subscription', async () => {
    await page.getByTestId('fire-provider').selectOption('divshot')
    await page.getByTestId('fire-event').selectOption('release')
    await page.getByTestId('fire-context-service').fill('checkout')
    await expect.poll(async () => (await editor().textContent()) ?? '').toContain('"name": "checkout"')
    const signed = page.getByTestId('fire-target-signed-divshot')
    await expect.poll(() => signed.locator('tr[data-kind=signature] th').allTextContents()).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature'])
    await expect(signed.locator('tr[data-kind=signature] td').last().textContent()).resolves.toMatch(/^v1,/)
    // Two subscriptions can receive it: none is ticked until chosen, on purpose.
    await expect.poll(() => page.getByTestId('fire-choose-built-in-inbox').isChecked()).toBe(false)
    await expect.poll(() => page.getByTestId('fire-choose-signed-divshot').isChecked()).toBe(false)
    await expect.poll(() => page.getByTestId('fire-choose-hint').textContent()).toBe('Tick where to send it: 2 subscriptions can receive this event.')
    await page.getByTestId('fire-submit').click()
    await expect.poll(() => page.getByTestId('fire-blocked').textContent()).toBe('Choose at least one subscription to fire to.')
    await page.getByTestId('fire-choose-built-in-inbox').check()
    await page.getByTestId('fire-choose-signed-divshot').check()
    await expect.poll(() => page.getByTestId('fire-submit').textContent()).toBe('Fire to 2')
    // Remembered: a reload keeps the choice.
    await page.reload()
    await page.waitForSelector('[data-app-state="loaded"]')
    await expect.poll(() => page.getByTestId('fire-choose-signed-divshot').isChecked()).toBe(true)
    await expect.poll(() => page.getByTestId('fire-choose-built-in-inbox').isChecked()).toBe(true)
    // (A reload starts a new draft: the context is typed again.)
    await page.getByTestId('fire-context-service').fill('checkout')
    await expect.poll(async () => (await editor().textContent()) ?? '').toContain('"name": "checkout"')
    await page.screenshot({ path: '/tmp/shots/fire-1440-light.png', fullPage: true })
  })

  it('shows a wrong type inline and in the list, and fires once it is fixed', async () => {
    const payload = await payloadInEditor()
    payload.data.release.version = 'forty-two'
    await editor().fill(JSON.stringify(payload, null, 2))
    await expect(page.getByTestId('fire-payload-state').textContent()).resolves.toBe('edited')
    await expect.poll(() => page.getByTestId('fire-problems').textContent()).toContain('data.release.version')
    const underline = page.getByTestId('fire-payload').locator('.cm-lintRange-error')
    await expect.poll(() => underline.first().textContent()).toContain('"version"')
    await page.getByTestId('fire-submit').click()
    await expect(page.getByTestId('fire-blocked').textContent()).resolves.toContain('Send it anyway')
    await expect(page.getByTestId('fire-result').count()).resolves.toBe(0)
    await page.screenshot({ path: '/tmp/shots/fire-problem-1440-light.png', fullPage: true })

    payload.data.release.version = 42
    await editor().fill(JSON.stringify(payload, null, 2))
    await expect.poll(() => page.getByTestId('fire-problems').count()).toBe(0)
    await expect.poll(() => underline.count()).toBe(0)
    // Ctrl+Enter fires from inside the editor, without adding a line to the payload.
    await editor().press('Control+Enter')
    await expect(page.getByTestId('fire-result').textContent()).resolves.toContain('2 deliveries queued')
    expect(await payloadInEditor()).toEqual(payload)

    await page.getByTestId('fire-open-timeline').click()
    await page.locator('[data-testid=deliveries] tbody tr[data-key]').first().click()
    await expect.poll(() => page.getByTestId('delivery-detail').textContent()).toContain('"version": 42')
  })

  it('keeps the edited payload across views and saves it as a step of a saved scenario, the rest of the file untouched', async () => {
    await page.keyboard.press('Control+2')
    await expect.poll(async () => (await payloadInEditor()).data.release.version).toBe(42)
    await page.getByTestId('fire-save-scenario').selectOption({ label: 'My release story (my-story.yaml)' })
    await page.getByTestId('fire-save-step').click()
    await expect(page.getByTestId('fire-save-result').textContent()).resolves.toContain('Added as step 3 of “My release story” (my-story.yaml)')
    const saved = await serve.api<{ source: string }>('getScenario', { id: 'my-story' })
    expect(saved.source).toBe(`${STORY}  - fire: release\n    context:\n      service: checkout\n    set:\n      data.release.version: 42\n`)
    expect(readFileSync(join(serve.dataDir, 'scenarios', 'my-story.yaml'), 'utf8')).toBe(saved.source)
    expect(errors).toEqual([])
  })

  it('fits at 1024 px, light and dark', async () => {
    await page.setViewportSize({ width: 1024, height: 700 })
    const overflow = await page.locator('main').evaluate((main) => main.scrollWidth - main.clientWidth)
    expect(overflow, 'horizontal overflow at 1024 px').toBeLessThanOrEqual(0)
    await page.screenshot({ path: '/tmp/shots/fire-1024-light.png', fullPage: true })
    await page.keyboard.press('Control+6')
    await page.locator('label:has([data-testid=theme-dark])').click()
    await page.keyboard.press('Control+2')
    await page.getByTestId('fire-payload').waitFor()
    await page.getByTestId('fire-target-signed-divshot').waitFor()
    await page.screenshot({ path: '/tmp/shots/fire-1024-dark.png', fullPage: true })
    await page.getByTestId('fire-submit').scrollIntoViewIfNeeded()
    await page.screenshot({ path: '/tmp/shots/fire-1024-dark-targets.png' })
    await page.getByTestId('fire-save').scrollIntoViewIfNeeded()
    await page.screenshot({ path: '/tmp/shots/fire-1024-dark-save.png' })
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.screenshot({ path: '/tmp/shots/fire-1440-dark.png', fullPage: true })
  })

  it("shows the payload of a subscription whose format differs (Qovery's Slack kind)", async () => {
    const { receiverUrl } = await serve.api<{ receiverUrl: string }>('getStatus')
    await serve.api('createSubscription', { name: 'qovery slack', url: `${receiverUrl}r/inbox`, provider: 'qovery', options: { kind: 'SLACK' } })
    await page.reload()
    await page.waitForSelector('[data-app-state="loaded"]')
    await page.getByTestId('fire-provider').selectOption('qovery')
    await page.getByTestId('fire-event').selectOption('DEPLOYMENT_FAILURE')
    const own = page.getByTestId('fire-target-body-qovery-slack')
    await own.waitFor()
    await own.locator('summary').click()
    await expect.poll(async () => (await own.textContent()) ?? '').toContain('"text"')
    // The editor keeps the platform's standard payload, which the other subscriptions receive.
    await expect.poll(async () => (await editor().textContent()) ?? '').not.toContain('"text"')
  })
})
