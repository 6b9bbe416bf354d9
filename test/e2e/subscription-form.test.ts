import type { Locator } from '@playwright/test'
import { PLATFORMS } from '../../src/shared/platforms'
import { CatalogEntry } from '../../src/shared/platforms/catalog'
import type { OptionInfo } from '../../src/shared/platforms/options'
import { Subscription, SubscriptionDraft } from '../../src/shared/schemas/subscription'
import { expect, shoot, test, useApp } from './fixtures'

// A fixed time zone: the expiry field is local time and the API stores UTC.
const app = useApp({ view: 'subscriptions', context: { timezoneId: 'Europe/Paris' } })

/** Calls the API from the page, as the UI does. */
async function callApi(method: string): Promise<unknown> {
  const result = await app.page.evaluate(async (name) => {
    const response = await fetch(`/api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    return (await response.json()) as { ok: boolean; data?: unknown }
  }, method)
  expect(result.ok).toBe(true)
  return result.data
}

const form = () => app.page.getByTestId('subscription-form')

/** The label the form gives an option: `secretHeader` → "Secret header", lists say they are comma-separated. */
function labelOf(option: OptionInfo) {
  const words = option.key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)
  const label = words.charAt(0).toUpperCase() + words.slice(1)
  return option.kind === 'list' ? `${label} (comma-separated)` : label
}

/** The control's help text: the element its aria-describedby names. */
async function helpOf(control: Locator) {
  await expect(control).toHaveAttribute('aria-describedby', /.+/)
  return form().locator(`[id="${await control.getAttribute('aria-describedby')}"]`)
}

/** The option is there, labelled, with its description as help text and its default chosen. */
async function expectOptionShown(option: OptionInfo) {
  const control = form().getByTestId(`sub-option-${option.key}`)
  await expect(form().getByLabel(labelOf(option), { exact: true })).toHaveAttribute('data-testid', `sub-option-${option.key}`)
  await expect(await helpOf(control)).toHaveText(option.description)
  switch (option.kind) {
    case 'choice':
      await expect(control.locator('option')).toHaveText(option.default === undefined ? ['Platform default', ...option.values] : option.values)
      await expect(control).toHaveValue(typeof option.default === 'string' ? option.default : '')
      break
    case 'choices':
      for (const value of option.values) {
        const checked = Array.isArray(option.default) && option.default.includes(value)
        await expect(control.getByLabel(value, { exact: true })).toBeChecked({ checked })
      }
      await expect(control.getByRole('checkbox')).toHaveCount(option.values.length)
      break
    case 'list':
      await expect(control).toHaveValue(Array.isArray(option.default) ? option.default.join(', ') : '')
      break
    case 'text':
      await expect(control).toHaveValue(typeof option.default === 'string' ? option.default : '')
  }
}

test.describe('the new subscription form', () => {
  test("shows every option of each platform's catalog entry, labelled, described and at its default", async () => {
    const { page } = app
    const catalog = CatalogEntry.array().parse(await callApi('getCatalog'))
    expect(catalog.map((entry) => entry.id)).toEqual(PLATFORMS.map((platform) => platform.id))
    for (const entry of catalog) {
      await page.getByTestId('sub-provider').selectOption(entry.id)
      await expect(form().locator('[data-testid^="sub-option-"]')).toHaveCount(entry.options.length)
      for (const option of entry.options) await expectOptionShown(option)
      await expect(page.getByTestId('sub-defaults')).toContainText(entry.retryText)
    }
    await page.getByTestId('sub-provider').selectOption('any')
    await expect(form().locator('[data-testid^="sub-option-"]')).toHaveCount(0)
  })

  test('reaches the options from the platform with the keyboard', async () => {
    const { page } = app
    await page.getByTestId('sub-provider').selectOption('qovery')
    await page.getByTestId('sub-provider').focus()
    await page.keyboard.press('Tab')
    await expect(page.getByTestId('sub-events')).toBeFocused()
    await page.keyboard.press('Tab')
    await expect(page.getByTestId('sub-option-kind')).toBeFocused()
  })

  test('creates a Qovery subscription with exactly the chosen options and signing, everything else at its default', async () => {
    const { page, serve } = app
    const url = `${serve.output().match(/Receiver:\s+(\S+)/)![1]!}r/inbox`
    await page.getByTestId('sub-provider').selectOption('qovery')
    await page.getByTestId('sub-name').fill('qovery-slack')
    await page.getByTestId('sub-url').fill(url)
    await page.getByTestId('sub-option-kind').selectOption('SLACK')
    await page.getByTestId('sub-option-secretHeader').selectOption('both')
    await expect(page.getByTestId('sub-scheme')).toHaveValue('none')
    await page.getByTestId('sub-secret').fill('new-secret')
    // Typing a secret picks the platform's default scheme (Qovery: the secret in plain text).
    await expect(page.getByTestId('sub-scheme')).toHaveValue('native')
    await page.getByTestId('sub-previous-secret').fill('old-secret')
    await page.getByTestId('sub-previous-expires').fill('2030-01-31T12:00')
    await shoot(page, 'subscription-form-qovery')
    await page.getByTestId('sub-create').click()
    await expect(page.getByTestId('subscription-qovery-slack')).toBeVisible()

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

  test('explains why a draft is refused, next to the form, and adds nothing', async () => {
    const { page } = app
    await page.getByTestId('sub-provider').selectOption('charlescd')
    await page.getByTestId('sub-name').fill('no-categories')
    await page.getByTestId('sub-url').fill('http://127.0.0.1:9/hook')
    for (const category of ['DEPLOY', 'UNDEPLOY']) await page.getByTestId('sub-option-events').getByLabel(category, { exact: true }).uncheck()
    await page.getByTestId('sub-create').click()
    await expect(page.getByTestId('sub-problems')).toContainText('options.events')
    await expect(page.getByTestId('subscription-no-categories')).toHaveCount(0)
  })
})

test.describe('the fire form', () => {
  test('shows invalid JSON in the generic template next to it and fires nothing', async () => {
    const { page } = app
    await page.keyboard.press('Control+2')
    await page.getByTestId('fire-provider').selectOption('generic')
    await page.getByTestId('fire-event-name').fill('build.finished')
    const template = page.getByTestId('fire-template').locator('.cm-content')
    await template.fill('{ "type": ')
    await expect(page.getByTestId('fire-template-error')).toHaveText(/^Not valid JSON: /)
    await page.getByTestId('fire-submit').click()
    await expect(page.getByTestId('fire-blocked')).toContainText('template is not valid JSON')
    await expect(page.getByTestId('fire-result')).toHaveCount(0)

    await template.fill('{ "type": "{{event}}" }')
    await expect(page.getByTestId('fire-template-error')).toHaveCount(0)
    await page.getByTestId('fire-submit').click()
    await expect(page.getByTestId('fire-result')).toHaveText(/deliver(y|ies) queued/)
  })
})
