import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type Locator, type Page, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PLATFORMS } from '../../src/shared/platforms'
import { CatalogEntry } from '../../src/shared/platforms/catalog'
import type { OptionInfo } from '../../src/shared/platforms/options'
import { Subscription, SubscriptionDraft } from '../../src/shared/schemas/subscription'
import { CHROMIUM_ARGS } from './browser'
import { ROOT } from '../support/paths'
import { type ServeProcess, startServe } from '../support/serve-process'

const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots')

let browser: Browser
let serve: ServeProcess
let page: Page

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  serve = await startServe()
  browser = await chromium.launch({ executablePath: process.env.HOOKBENCH_CHROMIUM, args: CHROMIUM_ARGS })
  // A fixed time zone: the expiry field is local time and the API stores UTC.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Europe/Paris' })
  context.setDefaultTimeout(10_000)
  page = await context.newPage()
  await page.goto(`${serve.url}#/subscriptions`)
  await page.waitForSelector('[data-app-state="loaded"]')
})
afterAll(async () => {
  await browser?.close()
  expect(await serve.stop()).toBe(0)
})

/** Calls the API from the page, as the UI does. */
async function callApi(method: string): Promise<unknown> {
  const result = await page.evaluate(async (name) => {
    const response = await fetch(`/api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    return (await response.json()) as { ok: boolean; data?: unknown }
  }, method)
  expect(result.ok).toBe(true)
  return result.data
}

const form = () => page.getByTestId('subscription-form')

/** The label the form gives an option: `secretHeader` → "Secret header", lists say they are comma-separated. */
function labelOf(option: OptionInfo) {
  const words = option.key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)
  const label = words.charAt(0).toUpperCase() + words.slice(1)
  return option.kind === 'list' ? `${label} (comma-separated)` : label
}

async function helpOf(control: Locator) {
  const id = await control.getAttribute('aria-describedby')
  expect(id).toBeTruthy()
  return form().locator(`[id="${id}"]`).textContent()
}

/** The option is there, labelled, with its description as help text and its default chosen. */
async function expectOptionShown(option: OptionInfo) {
  const control = form().getByTestId(`sub-option-${option.key}`)
  await expect(form().getByLabel(labelOf(option), { exact: true }).getAttribute('data-testid')).resolves.toBe(`sub-option-${option.key}`)
  await expect(helpOf(control)).resolves.toBe(option.description)
  switch (option.kind) {
    case 'choice':
      await expect(control.locator('option').allTextContents()).resolves.toEqual(option.default === undefined ? ['Platform default', ...option.values] : option.values)
      await expect(control.inputValue()).resolves.toBe(option.default ?? '')
      break
    case 'choices':
      for (const value of option.values) {
        const checked = Array.isArray(option.default) && option.default.includes(value)
        await expect(control.getByLabel(value, { exact: true }).isChecked()).resolves.toBe(checked)
      }
      await expect(control.getByRole('checkbox').count()).resolves.toBe(option.values.length)
      break
    case 'list':
      await expect(control.inputValue()).resolves.toBe(Array.isArray(option.default) ? option.default.join(', ') : '')
      break
    case 'text':
      await expect(control.inputValue()).resolves.toBe(typeof option.default === 'string' ? option.default : '')
  }
}

describe('the new subscription form', () => {
  it("shows every option of each platform's catalog entry, labelled, described and at its default", async () => {
    const catalog = CatalogEntry.array().parse(await callApi('getCatalog'))
    expect(catalog.map((entry) => entry.id)).toEqual(PLATFORMS.map((platform) => platform.id))
    for (const entry of catalog) {
      await page.getByTestId('sub-provider').selectOption(entry.id)
      await expect(form().locator('[data-testid^="sub-option-"]').count()).resolves.toBe(entry.options.length)
      for (const option of entry.options) await expectOptionShown(option)
      await expect(page.getByTestId('sub-defaults').textContent()).resolves.toContain(entry.retryText)
    }
    await page.getByTestId('sub-provider').selectOption('any')
    await expect(form().locator('[data-testid^="sub-option-"]').count()).resolves.toBe(0)
  })

  it('reaches the options from the platform with the keyboard', async () => {
    await page.getByTestId('sub-provider').selectOption('qovery')
    await page.getByTestId('sub-provider').focus()
    const focused = async () => page.locator(':focus').getAttribute('data-testid')
    await page.keyboard.press('Tab')
    await expect(focused()).resolves.toBe('sub-events')
    await page.keyboard.press('Tab')
    await expect(focused()).resolves.toBe('sub-option-kind')
  })

  it('creates a Qovery subscription with exactly the chosen options and signing, everything else at its default', async () => {
    const url = `${serve.output().match(/Receiver:\s+(\S+)/)![1]!}r/inbox`
    await page.getByTestId('sub-provider').selectOption('qovery')
    await page.getByTestId('sub-name').fill('qovery-slack')
    await page.getByTestId('sub-url').fill(url)
    await page.getByTestId('sub-option-kind').selectOption('SLACK')
    await page.getByTestId('sub-option-secretHeader').selectOption('both')
    await expect(page.getByTestId('sub-scheme').inputValue()).resolves.toBe('none')
    await page.getByTestId('sub-secret').fill('new-secret')
    // Typing a secret picks the platform's default scheme (Qovery: the secret in plain text).
    await expect(page.getByTestId('sub-scheme').inputValue()).resolves.toBe('native')
    await page.getByTestId('sub-previous-secret').fill('old-secret')
    await page.getByTestId('sub-previous-expires').fill('2030-01-31T12:00')
    await page.screenshot({ path: join(SCREENSHOTS, 'subscription-form-qovery.png') })
    await page.getByTestId('sub-create').click()
    await page.getByTestId('subscription-qovery-slack').waitFor()

    const stored = Subscription.array().parse(await callApi('listSubscriptions')).find((s) => s.name === 'qovery-slack')
    expect(stored).toBeDefined()
    const { id, createdAt, updatedAt, ...fields } = stored!
    expect([id, createdAt, updatedAt].every(Boolean)).toBe(true)
    const defaults = SubscriptionDraft.parse({ name: 'qovery-slack', url, provider: 'qovery' })
    expect(fields).toStrictEqual({
      ...defaults,
      options: { kind: 'SLACK', secretHeader: 'both', objects: 'full' },
      signing: { scheme: 'native', secret: 'new-secret', previousSecret: 'old-secret', previousSecretExpiresAt: '2030-01-31T11:00:00.000Z' },
    })
  })

  it('explains why a draft is refused, next to the form, and adds nothing', async () => {
    await page.getByTestId('sub-provider').selectOption('charlescd')
    await page.getByTestId('sub-name').fill('no-categories')
    await page.getByTestId('sub-url').fill('http://127.0.0.1:9/hook')
    for (const category of ['DEPLOY', 'UNDEPLOY']) await page.getByTestId('sub-option-events').getByLabel(category, { exact: true }).uncheck()
    await page.getByTestId('sub-create').click()
    await expect(page.getByTestId('sub-problems').textContent()).resolves.toContain('options.events')
    await expect(page.getByTestId('subscription-no-categories').count()).resolves.toBe(0)
  })
})

describe('the fire form', () => {
  it('shows invalid JSON in the generic template next to it and fires nothing', async () => {
    await page.keyboard.press('Control+2')
    await page.getByTestId('fire-provider').selectOption('generic')
    await page.getByTestId('fire-event-name').fill('build.finished')
    const template = page.getByTestId('fire-template').locator('.cm-content')
    await template.fill('{ "type": ')
    await expect(page.getByTestId('fire-template-error').textContent()).resolves.toMatch(/^Not valid JSON: /)
    await page.getByTestId('fire-submit').click()
    await expect(page.getByTestId('fire-blocked').textContent()).resolves.toContain('template is not valid JSON')
    await expect(page.getByTestId('fire-result').count()).resolves.toBe(0)

    await template.fill('{ "type": "{{event}}" }')
    await expect(page.getByTestId('fire-template-error').count()).resolves.toBe(0)
    await page.getByTestId('fire-submit').click()
    await expect(page.getByTestId('fire-result').textContent()).resolves.toMatch(/deliver(y|ies) queued/)
  })
})
