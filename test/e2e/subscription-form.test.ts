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

const form = () => page.getByTestId('subscription-editor')

/** Opens the one form for a new subscription (a drawer), on the given platform. */
async function openNew(provider?: string) {
  await page.getByTestId('new-subscription').click()
  await expect.poll(() => form().getAttribute('data-mode')).toBe('create')
  if (provider) await form().getByTestId('edit-provider').selectOption(provider)
}

async function closeForm() {
  await page.keyboard.press('Escape')
  await form().waitFor({ state: 'detached' })
}

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
  await expect.poll(() => form().getByLabel(labelOf(option), { exact: true }).getAttribute('data-testid')).toBe(`sub-option-${option.key}`)
  await expect.poll(() => helpOf(control)).toBe(option.description)
  switch (option.kind) {
    case 'choice':
      await expect.poll(() => control.locator('option').allTextContents()).toEqual(option.default === undefined ? ['Platform default', ...option.values] : option.values)
      await expect.poll(() => control.inputValue()).toBe(option.default ?? '')
      break
    case 'choices':
      for (const value of option.values) {
        const checked = Array.isArray(option.default) && option.default.includes(value)
        await expect.poll(() => control.getByLabel(value, { exact: true }).isChecked()).toBe(checked)
      }
      await expect.poll(() => control.getByRole('checkbox').count()).toBe(option.values.length)
      break
    case 'list':
      await expect.poll(() => control.inputValue()).toBe(Array.isArray(option.default) ? option.default.join(', ') : '')
      break
    case 'text':
      await expect.poll(() => control.inputValue()).toBe(typeof option.default === 'string' ? option.default : '')
  }
}

const stored = async (name: string) => Subscription.array().parse(await callApi('listSubscriptions')).find((s) => s.name === name)

describe('one form for a new subscription', () => {
  it("shows each platform's own options at their defaults, its events from the catalog, and its filters only where its events carry them", async () => {
    const catalog = CatalogEntry.array().parse(await callApi('getCatalog'))
    expect(catalog.map((entry) => entry.id)).toEqual(PLATFORMS.map((platform) => platform.id))
    await openNew()
    for (const entry of catalog) {
      await form().getByTestId('edit-provider').selectOption(entry.id)
      await expect.poll(() => form().locator('[data-testid^="sub-option-"]').count()).toBe(entry.options.length)
      for (const option of entry.options) await expectOptionShown(option)
      // The platform's default schedule, in words, where retries are chosen.
      await expect.poll(() => helpOf(form().getByTestId('edit-retry'))).toContain(entry.retryText)
      // Events: the catalog's, as checkboxes; nothing to type.
      await expect.poll(() => form().getByTestId('edit-events').getByRole('checkbox').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('value')))).toEqual(entry.events.map((e) => e.name))
      const facts = entry.filterFacts.map((f) => f.fact)
      await expect.poll(() => form().getByTestId('edit-environment-types').count()).toBe(facts.includes('environmentType') ? 1 : 0)
      await expect.poll(() => form().getByTestId('edit-project-names').count()).toBe(facts.includes('projectName') ? 1 : 0)
      // A new subscription has no previous secret to show.
      await expect.poll(() => form().getByTestId('edit-previous-secret').count()).toBe(0)
    }
    // CharlesCD's events carry a project (its service) but no environment type.
    await form().getByTestId('edit-provider').selectOption('charlescd')
    await expect.poll(() => form().getByTestId('edit-environment-types').count()).toBe(0)
    await form().getByTestId('edit-provider').selectOption('any')
    await expect.poll(() => form().locator('[data-testid^="sub-option-"]').count()).toBe(0)
    await closeForm()
    await expect.poll(() => page.locator(':focus').getAttribute('data-testid')).toBe('new-subscription')
  })

  it('creates a Qovery subscription with exactly the chosen options and the secret it generated, everything else at its default; the new row is selected and in view', async () => {
    const url = `${serve.output().match(/Receiver:\s+(\S+)/)![1]!}r/inbox`
    await openNew('qovery')
    await form().getByTestId('edit-name').fill('qovery-slack')
    await form().getByTestId('edit-url').fill(url)
    await form().getByTestId('sub-option-kind').selectOption('SLACK')
    await form().getByTestId('sub-option-secretHeader').selectOption('both')
    // Signed from the start: the platform's scheme (Qovery: its plain secret header) with a fresh secret, shown to copy.
    await expect.poll(() => form().getByTestId('edit-scheme').inputValue()).toBe('native')
    const secret = await form().getByTestId('edit-secret').inputValue()
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
    await page.screenshot({ path: join(SCREENSHOTS, 'subscription-form-qovery.png') })
    await form().getByTestId('edit-save').click()
    await form().waitFor({ state: 'detached' })
    await expect.poll(() => page.locator('.notice').last().textContent()).toContain('Added “qovery-slack”')
    const row = page.getByTestId('subscription-qovery-slack')
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true')
    await expect.poll(() => page.locator(':focus').getAttribute('data-testid')).toBe('subscription-qovery-slack')
    const viewport = page.viewportSize()!
    await expect.poll(async () => {
      const box = await row.boundingBox()
      return box !== null && box.y >= 0 && box.y + box.height <= viewport.height
    }).toBe(true)

    const { id, createdAt, updatedAt, ...fields } = (await stored('qovery-slack'))!
    expect([id, createdAt, updatedAt].every(Boolean)).toBe(true)
    const defaults = SubscriptionDraft.parse({ name: 'qovery-slack', url, provider: 'qovery' })
    expect(fields).toStrictEqual({ ...defaults, options: { kind: 'SLACK', secretHeader: 'both', objects: 'full' }, signing: { scheme: 'native', secret } })
  })

  it('explains why a draft is refused, next to its fields and in words, and adds nothing', async () => {
    await openNew('charlescd')
    await form().getByTestId('edit-name').fill('no-categories')
    await form().getByTestId('edit-url').fill('http://127.0.0.1:9/hook')
    for (const category of ['DEPLOY', 'UNDEPLOY']) await form().getByTestId('sub-option-events').getByLabel(category, { exact: true }).uncheck()
    await form().getByTestId('edit-save').click()
    await expect.poll(() => form().getByTestId('edit-option-problems').textContent()).toMatch(/^Events: choose at least 1/)
    // A scheme that signs, its secret emptied: refused, with the two ways out.
    for (const category of ['DEPLOY', 'UNDEPLOY']) await form().getByTestId('sub-option-events').getByLabel(category, { exact: true }).check()
    await form().getByTestId('edit-secret').fill('')
    await form().getByTestId('edit-save').click()
    await expect.poll(() => form().getByTestId('edit-secret').getAttribute('aria-invalid')).toBe('true')
    await expect.poll(() => form().getByText('this scheme signs with a secret and none is set: type one or press Generate, or choose “none” to send unsigned').count()).toBe(1)
    await form().getByTestId('edit-cancel').click()
    await expect.poll(() => page.getByTestId('subscription-no-categories').count()).toBe(0)
    expect(await stored('no-categories')).toBeUndefined()
  })
})

describe('the same form for a change', () => {
  it('edits every kind of field in one save, and what was not touched stays exactly as stored', async () => {
    const before = Subscription.parse(
      await serve.api('createSubscription', {
        name: 'to-edit',
        url: 'http://127.0.0.1:9/edit',
        provider: 'divshot',
        events: ['release'],
        signing: { scheme: 'standard', secret: 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' },
        retry: { preset: 'exponential', baseMs: 500, factor: 3, capMs: 60_000, jitter: 0.1, maxAttempts: 4 },
        timeoutMs: 2_500,
        headers: [['X-Team', 'ops']],
        filters: { events: [], environmentTypes: ['production'], projectNames: ['shop*'], where: [{ path: 'data.x', equals: 3 }] },
        concurrency: 2,
        ordered: true,
        options: { app: 'shop-app' },
      }),
    )
    await page.getByTestId('edit-to-edit').click()
    await expect.poll(() => form().getAttribute('data-mode')).toBe('edit')
    // The stored exponential numbers, editable in place.
    await expect.poll(() => form().getByTestId('edit-retry-attempts').inputValue()).toBe('4')
    await form().getByTestId('edit-retry-attempts').fill('6')
    await form().getByTestId('edit-project-names').fill('shop*, api')
    const sent: unknown[] = []
    page.on('request', (request) => {
      if (request.url().endsWith('/api/updateSubscription')) sent.push(request.postDataJSON())
    })
    await form().getByTestId('edit-save').click()
    await form().waitFor({ state: 'detached' })
    await expect.poll(() => page.locator('.notice').last().textContent()).toContain('Saved “to-edit”')
    expect(sent).toEqual([{ id: before.id, changes: { filters: { projectNames: ['shop*', 'api'] }, retry: { preset: 'exponential', baseMs: 500, factor: 3, capMs: 60_000, jitter: 0.1, maxAttempts: 6 } } }])
    const after = (await stored('to-edit'))!
    expect(after).toStrictEqual({ ...before, filters: { ...before.filters, projectNames: ['shop*', 'api'] }, retry: { preset: 'exponential', baseMs: 500, factor: 3, capMs: 60_000, jitter: 0.1, maxAttempts: 6 }, updatedAt: after.updatedAt })
    await expect.poll(() => page.getByTestId('subscription-to-edit').getAttribute('aria-selected')).toBe('true')
  })

  it('turns fixed waits into numbers the schedule shows, and saves them', async () => {
    await page.getByTestId('edit-to-edit').click()
    await form().getByTestId('edit-retry').selectOption('fixed')
    await form().getByTestId('edit-retry-delays').fill('10s, 2m, 1h30m')
    await expect.poll(() => form().getByTestId('edit-retry-schedule-attempt').allInnerTexts()).toEqual(['1 at 0 s', '2 at +10 s (10 s)', '3 at +2 min 10 s (2 min)', '4 at +1 h 32 min 10 s (1 h 30 min)'])
    await form().getByTestId('edit-save').click()
    await form().waitFor({ state: 'detached' })
    expect((await stored('to-edit'))!.retry).toEqual({ preset: 'fixed', delaysMs: [10_000, 120_000, 5_400_000] })
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
