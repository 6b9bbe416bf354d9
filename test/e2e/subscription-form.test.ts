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

const form = () => app.page.getByTestId('subscription-editor')

/** Opens the one form for a new subscription (a drawer), on the given platform. */
async function openNew(provider?: string) {
  await app.page.getByTestId('new-subscription').click()
  await expect(form()).toHaveAttribute('data-mode', 'create')
  if (provider) await form().getByTestId('edit-provider').selectOption(provider)
}

async function closeForm() {
  await app.page.keyboard.press('Escape')
  await expect(form()).toHaveCount(0)
}

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

const stored = async (name: string) => Subscription.array().parse(await callApi('listSubscriptions')).find((s) => s.name === name)

test.describe('one form for a new subscription', () => {
  test("shows each platform's own options at their defaults, its events from the catalog, and its filters only where its events carry them", async () => {
    const { page } = app
    const catalog = CatalogEntry.array().parse(await callApi('getCatalog'))
    expect(catalog.map((entry) => entry.id)).toEqual(PLATFORMS.map((platform) => platform.id))
    await openNew()
    for (const entry of catalog) {
      await form().getByTestId('edit-provider').selectOption(entry.id)
      await expect(form().locator('[data-testid^="sub-option-"]')).toHaveCount(entry.options.length)
      for (const option of entry.options) await expectOptionShown(option)
      // The platform's default schedule, in words, where retries are chosen.
      await expect(await helpOf(form().getByTestId('edit-retry'))).toContainText(entry.retryText)
      // Events: the catalog's, as checkboxes; nothing to type.
      const boxes = form().getByTestId('edit-events').getByRole('checkbox')
      await expect(boxes).toHaveCount(entry.events.length)
      expect(await boxes.evaluateAll((all) => all.map((b) => b.getAttribute('value')))).toEqual(entry.events.map((e) => e.name))
      const facts = entry.filterFacts.map((f) => f.fact)
      await expect(form().getByTestId('edit-environment-types')).toHaveCount(facts.includes('environmentType') ? 1 : 0)
      await expect(form().getByTestId('edit-project-names')).toHaveCount(facts.includes('projectName') ? 1 : 0)
      // A new subscription has no previous secret to show.
      await expect(form().getByTestId('edit-previous-secret')).toHaveCount(0)
    }
    // CharlesCD's events carry a project (its service) but no environment type.
    await form().getByTestId('edit-provider').selectOption('charlescd')
    await expect(form().getByTestId('edit-environment-types')).toHaveCount(0)
    await form().getByTestId('edit-provider').selectOption('any')
    await expect(form().locator('[data-testid^="sub-option-"]')).toHaveCount(0)
    await closeForm()
    await expect(page.getByTestId('new-subscription')).toBeFocused()
  })

  test('creates a Qovery subscription with exactly the chosen options and the secret it generated, everything else at its default; the new row is selected and in view', async () => {
    const { page, serve } = app
    const url = `${serve.output().match(/Receiver:\s+(\S+)/)![1]!}r/inbox`
    await openNew('qovery')
    await form().getByTestId('edit-name').fill('qovery-slack')
    await form().getByTestId('edit-url').fill(url)
    await form().getByTestId('sub-option-kind').selectOption('SLACK')
    await form().getByTestId('sub-option-secretHeader').selectOption('both')
    // Signed from the start: the platform's scheme (Qovery: its plain secret header) with a fresh secret, shown to copy.
    await expect(form().getByTestId('edit-scheme')).toHaveValue('native')
    await expect(form().getByTestId('edit-secret')).toHaveValue(/^[A-Za-z0-9_-]{43}$/)
    const secret = await form().getByTestId('edit-secret').inputValue()
    await shoot(page, 'subscription-form-qovery')
    await form().getByTestId('edit-save').click()
    await expect(form()).toHaveCount(0)
    await expect(page.locator('.notice').last()).toContainText('Added “qovery-slack”')
    const row = page.getByTestId('subscription-qovery-slack')
    await expect(row).toHaveAttribute('aria-selected', 'true')
    await expect(row).toBeFocused()
    await expect(row).toBeInViewport({ ratio: 0.95 })

    const { id, createdAt, updatedAt, ...fields } = (await stored('qovery-slack'))!
    expect([id, createdAt, updatedAt].every(Boolean)).toBe(true)
    const defaults = SubscriptionDraft.parse({ name: 'qovery-slack', url, provider: 'qovery' })
    expect(fields).toStrictEqual({ ...defaults, options: { kind: 'SLACK', secretHeader: 'both', objects: 'full' }, signing: { scheme: 'native', secret } })
  })

  test('explains why a draft is refused, next to its fields and in words, and adds nothing', async () => {
    await openNew('charlescd')
    await form().getByTestId('edit-name').fill('no-categories')
    await form().getByTestId('edit-url').fill('http://127.0.0.1:9/hook')
    for (const category of ['DEPLOY', 'UNDEPLOY']) await form().getByTestId('sub-option-events').getByLabel(category, { exact: true }).uncheck()
    await form().getByTestId('edit-save').click()
    await expect(form().getByTestId('edit-option-problems')).toHaveText(/^Events: choose at least 1/)
    // A scheme that signs, its secret emptied: refused, with the two ways out.
    for (const category of ['DEPLOY', 'UNDEPLOY']) await form().getByTestId('sub-option-events').getByLabel(category, { exact: true }).check()
    await form().getByTestId('edit-secret').fill('')
    await form().getByTestId('edit-save').click()
    await expect(form().getByTestId('edit-secret')).toHaveAttribute('aria-invalid', 'true')
    await expect(form().getByText('this scheme signs with a secret and none is set: type one or press Generate, or choose “none” to send unsigned')).toHaveCount(1)
    await form().getByTestId('edit-cancel').click()
    await expect(form()).toHaveCount(0)
    await expect(app.page.getByTestId('subscription-no-categories')).toHaveCount(0)
    expect(await stored('no-categories')).toBeUndefined()
  })
})

test.describe('the same form for a change', () => {
  test('edits every kind of field in one save, and what was not touched stays exactly as stored', async () => {
    const { page, serve } = app
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
    await expect(form()).toHaveAttribute('data-mode', 'edit')
    // The stored exponential numbers, editable in place.
    await expect(form().getByTestId('edit-retry-attempts')).toHaveValue('4')
    await form().getByTestId('edit-retry-attempts').fill('6')
    await form().getByTestId('edit-project-names').fill('shop*, api')
    const sent: unknown[] = []
    const onRequest = (request: { url(): string; postDataJSON(): unknown }) => {
      if (request.url().endsWith('/api/updateSubscription')) sent.push(request.postDataJSON())
    }
    page.on('request', onRequest)
    await form().getByTestId('edit-save').click()
    await expect(form()).toHaveCount(0)
    await expect(page.locator('.notice').last()).toContainText('Saved “to-edit”')
    page.off('request', onRequest)
    expect(sent).toEqual([{ id: before.id, changes: { filters: { projectNames: ['shop*', 'api'] }, retry: { preset: 'exponential', baseMs: 500, factor: 3, capMs: 60_000, jitter: 0.1, maxAttempts: 6 } } }])
    const after = (await stored('to-edit'))!
    expect(after).toStrictEqual({ ...before, filters: { ...before.filters, projectNames: ['shop*', 'api'] }, retry: { preset: 'exponential', baseMs: 500, factor: 3, capMs: 60_000, jitter: 0.1, maxAttempts: 6 }, updatedAt: after.updatedAt })
    await expect(page.getByTestId('subscription-to-edit')).toHaveAttribute('aria-selected', 'true')
  })

  test('turns fixed waits into numbers the schedule shows, and saves them', async () => {
    const { page } = app
    await page.getByTestId('edit-to-edit').click()
    await form().getByTestId('edit-retry').selectOption('fixed')
    await form().getByTestId('edit-retry-delays').fill('10s, 2m, 1h30m')
    await expect(form().getByTestId('edit-retry-schedule-attempt')).toHaveText(['1 at 0 s', '2 at +10 s (10 s)', '3 at +2 min 10 s (2 min)', '4 at +1 h 32 min 10 s (1 h 30 min)'])
    await form().getByTestId('edit-save').click()
    await expect(form()).toHaveCount(0)
    await expect.poll(async () => (await stored('to-edit'))!.retry).toEqual({ preset: 'fixed', delaysMs: [10_000, 120_000, 5_400_000] })
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
