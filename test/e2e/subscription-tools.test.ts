import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync } from 'node:fs'
import { strFromU8, unzipSync } from 'fflate'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixtureFiles } from '../../src/main/platforms/export'
import type { Delivery, DeliverySummary } from '../../src/shared/schemas/delivery'
import { Subscription } from '../../src/shared/schemas/subscription'
import { openApp } from './app-page'
import { type ServeProcess, startServe } from '../support/serve-process'

/** Screenshots the task asks for; looked at by a person, not compared. */
const SHOTS = process.env.HOOKBENCH_SUBS_SHOTS ?? '/tmp/shots'
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const fingerprint = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 16)

let browser: Browser
let serve: ServeProcess
let page: Page
let errors: string[] = []
let subscription: Subscription

const list = async () => Subscription.array().parse(await serve.api('listSubscriptions'))
const editor = () => page.getByTestId('subscription-editor')

/** Waits until every delivery made so far is final (set-up runs outside a test, so no expect.poll). */
async function settled() {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    const { items } = await serve.api<{ items: DeliverySummary[] }>('listDeliveries', { limit: 100 })
    if (items.every((d) => ['delivered', 'failed', 'cancelled'].includes(d.status))) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('the set-up deliveries did not finish within 10 s')
}

async function openEditor() {
  if (await editor().count()) return
  await page.getByTestId('edit-tools').click()
  await editor().waitFor()
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  serve = await startServe()
  const { receiverUrl } = await serve.api<{ receiverUrl: string }>('getStatus')
  subscription = Subscription.parse(
    await serve.api('createSubscription', {
      name: 'tools',
      url: `${receiverUrl}r/inbox`,
      provider: 'qovery',
      signing: { scheme: 'standard', secret: SECRET },
      headers: [['X-Team', 'ops']],
      timeoutMs: 4_000,
    }),
  )
  // Recent events for the filter preview: one production Shop deployment, one staging API one.
  await serve.api('fireEvent', { provider: 'qovery', event: 'DEPLOYMENT_FAILURE', context: { environmentType: 'PRODUCTION', project: 'Shop-EU' }, subscriptionIds: [subscription.id] })
  await serve.api('fireEvent', { provider: 'qovery', event: 'DEPLOYMENT_STARTED', context: { environmentType: 'STAGING', project: 'api' }, subscriptionIds: [subscription.id] })
  await settled()
  ;({ browser, page, errors } = await openApp(serve, 'subscriptions', { timezoneId: 'Europe/Paris' }))
})
afterAll(async () => {
  await browser?.close()
  expect(await serve.stop()).toBe(0)
})

describe('subscription tools', () => {
  it("shows the retry schedule in numbers: the platform's default, then a picked preset's", async () => {
    await openEditor()
    const schedule = editor().getByTestId('edit-retry-schedule')
    await expect(schedule.getByTestId('edit-retry-schedule-end').textContent()).resolves.toBe('one attempt, no retries')
    await editor().getByTestId('edit-retry').selectOption('divshot')
    await expect(schedule.getByTestId('edit-retry-schedule-attempt').allTextContents()).resolves.toEqual([
      '1 at 0 s',
      '2 at +30 s (30 s)',
      '3 at +1 min 30 s (1 min)',
      '4 at +3 min 30 s (2 min)',
      '5 at +7 min 30 s (4 min)',
      '6 at +15 min 30 s (8 min)',
    ])
    await expect(schedule.getByTestId('edit-retry-schedule-end').textContent()).resolves.toBe('gives up after attempt 6, 15 min 30 s after the first')
    await editor().getByTestId('edit-retry').selectOption('')
    // The form for a new subscription is the same form: it shows it too.
    await page.keyboard.press('Escape')
    await editor().waitFor({ state: 'detached' })
    await page.getByTestId('new-subscription').click()
    await editor().getByTestId('edit-retry').selectOption('standard-webhooks')
    await expect.poll(() => editor().getByTestId('edit-retry-schedule-end').textContent()).toBe('gives up after attempt 8, 27 h 35 min 5 s after the first')
    await editor().getByTestId('edit-cancel').click()
    await editor().waitFor({ state: 'detached' })
  })

  it('previews the filters against the recent deliveries, saying which filter stops an event', async () => {
    await openEditor()
    const preview = editor().getByTestId('filter-preview')
    await expect.poll(() => preview.getByTestId('filter-preview-summary').textContent()).toBe('2 of the latest 2 events would be sent; 0 would not.')
    await editor().getByTestId('edit-environment-types').fill('PRODUCTION')
    await expect.poll(() => preview.getByTestId('filter-preview-summary').textContent()).toBe('1 of the latest 2 events would be sent; 1 would not.')
    await expect(preview.getByTestId('filter-preview-match').textContent()).resolves.toContain('qovery DEPLOYMENT_FAILURE✓ sent')
    await expect(preview.getByTestId('filter-preview-skip').textContent()).resolves.toContain('✗ Environment types: environment type STAGING is not in PRODUCTION')
    await editor().getByTestId('edit-where').fill('not a clause')
    await expect(preview.getByTestId('filter-preview-problem').textContent()).resolves.toBe('Payload matches: each line is "path = value" ("not a clause" has no "=")')
    await editor().getByTestId('edit-where').fill('')
    await editor().getByTestId('edit-environment-types').fill('')
    await expect.poll(() => preview.getByTestId('filter-preview-summary').textContent()).toBe('2 of the latest 2 events would be sent; 0 would not.')
  })

  it('rotates the secret in one action, at once: fingerprints only, the old secret kept for the overlap chosen, nothing else changes', async () => {
    await openEditor()
    const before = (await list()).find((s) => s.id === subscription.id)!
    const secrets = editor().getByTestId('secrets')
    await expect.poll(() => secrets.getByTestId('secret-fingerprint').textContent()).toBe(fingerprint(SECRET))
    await expect.poll(() => page.locator('body').innerText()).not.toContain(SECRET)

    await secrets.getByTestId('secret-generate').click()
    const generated = await secrets.getByTestId('edit-new-secret').inputValue()
    expect(generated).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    await secrets.getByTestId('edit-overlap').selectOption('7d')
    const sent: unknown[] = []
    const onRequest = (request: { url(): string; postDataJSON(): unknown }) => {
      if (request.url().endsWith('/api/updateSubscription')) sent.push(request.postDataJSON())
    }
    page.on('request', onRequest)
    const rotatedAt = Date.now()
    await secrets.getByTestId('edit-rotate').click()
    // In effect at once, without Save: the fingerprints say so, and the new secret is shown to copy.
    await expect.poll(() => secrets.getByTestId('previous-fingerprint').textContent()).toBe(fingerprint(SECRET))
    await expect.poll(() => secrets.getByTestId('secret-fingerprint').textContent()).toBe(fingerprint(generated))
    await expect.poll(() => secrets.getByTestId('rotated-secret').textContent()).toBe(generated)
    await expect.poll(() => page.locator('.notice').last().textContent()).toContain('the new secret signs from now on')
    await shoot('signing')
    const after = (await list()).find((s) => s.id === subscription.id)!
    expect(after).toStrictEqual({ ...before, signing: { scheme: 'standard', secret: generated, previousSecret: SECRET, previousSecretExpiresAt: after.signing.previousSecretExpiresAt }, updatedAt: after.updatedAt })
    const overlapMs = Date.parse(after.signing.previousSecretExpiresAt!) - rotatedAt
    expect(overlapMs).toBeGreaterThan(7 * 24 * 3_600_000 - 10_000)
    expect(overlapMs).toBeLessThanOrEqual(7 * 24 * 3_600_000 + 1_000)

    // Save afterwards has nothing left to send; closing keeps the rotation.
    await editor().getByTestId('edit-save').click()
    await expect.poll(() => editor().getByTestId('edit-note').textContent()).toBe('Nothing changed.')
    await page.keyboard.press('Escape')
    await editor().waitFor({ state: 'detached' })
    page.off('request', onRequest)
    expect(sent).toEqual([{ id: subscription.id, changes: { signing: { secret: generated, previousSecret: SECRET, previousSecretExpiresAt: after.signing.previousSecretExpiresAt } } }])
    expect((await list()).find((s) => s.id === subscription.id)).toStrictEqual(after)
  })

  it('sends a test event to this subscription only and shows the outcome, with a way to the Timeline', async () => {
    const other = Subscription.parse(await serve.api('createSubscription', { name: 'bystander', url: 'http://127.0.0.1:9/never', provider: 'qovery' }))
    await openEditor()
    const test = editor().getByTestId('test-event')
    await expect(test.getByTestId('test-event-choice').locator('option').first().textContent()).resolves.toBe('DEPLOYMENT_STARTED')
    await test.getByTestId('test-event-send').click()
    await expect.poll(() => test.getByTestId('test-event-status').textContent(), { timeout: 10_000 }).toBe('delivered')
    await expect(test.getByTestId('test-event-text').textContent()).resolves.toMatch(/^Delivered: HTTP 2\d\d after 1 attempt$/)
    await shoot('editor')

    const newest = (await serve.api<{ items: DeliverySummary[] }>('listDeliveries', { limit: 1 })).items[0]!
    expect(newest).toMatchObject({ subscriptionId: subscription.id, event: 'DEPLOYMENT_STARTED', status: 'delivered' })
    const delivery = await serve.api<Delivery>('getDelivery', { id: newest.id })
    const signature = delivery.attempts[0]!.headers.find(([name]) => name === 'webhook-signature')![1]
    expect(signature.split(' ').filter((part) => part.startsWith('v1,'))).toHaveLength(2)
    expect((await serve.api<{ items: DeliverySummary[] }>('listDeliveries', { subscriptionId: other.id, limit: 5 })).items).toEqual([])

    await test.getByTestId('test-event-open').click()
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/timeline?subscription=${subscription.id}&open=${newest.id}`)
    await expect(page.locator('[data-testid=deliveries] tbody tr[data-key]').count()).resolves.toBeGreaterThan(0)
    await page.getByTestId('delivery-detail').waitFor()
    await expect(page.getByTestId('delivery-detail').textContent()).resolves.toContain(newest.id)
  })

  it('exports fixtures as a zip from Settings', async () => {
    await page.keyboard.press('Control+6')
    const exports = page.getByTestId('exports')
    await exports.waitFor()
    await exports.getByTestId('export-provider').selectOption('qovery')
    await exports.getByTestId('export-kind-fixtures').check()
    const [download] = await Promise.all([page.waitForEvent('download'), exports.getByTestId('export-platform-files').click()])
    expect(download.suggestedFilename()).toBe('hookbench-fixtures-qovery.zip')
    const entries = unzipSync(readFileSync(await download.path()))
    const expected = Object.fromEntries(fixtureFiles('qovery').map((file) => [`fixtures/${file.path}`, file.text]))
    expect(Object.fromEntries(Object.entries(entries).map(([path, bytes]) => [path, strFromU8(bytes)]))).toEqual(expected)
    // No saved scenario yet: the error says so in words.
    await exports.getByTestId('export-scenarios').click()
    await expect.poll(() => page.locator('.notice').allTextContents()).toContainEqual(expect.stringContaining('There are no saved scenarios to export yet'))
    expect(errors).toEqual([])
  })

  it('fits and reads at 1440 and 1024 px, light and dark', async () => {
    for (const theme of ['light', 'dark'] as const) {
      await page.goto(`${serve.url}#/settings`)
      await page.locator('label', { has: page.getByTestId(`theme-${theme}`) }).click()
      for (const size of [{ width: 1440, height: 900 }, { width: 1024, height: 700 }]) {
        await page.setViewportSize(size)
        // A fresh page: no notices left over from the steps before.
        await page.goto(`${serve.url}#/subscriptions`)
        await page.reload()
        await page.waitForSelector('[data-app-state="loaded"]')
        await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe(theme)
        await openEditor()
        await editor().getByTestId('edit-retry').selectOption('standard-webhooks')
        await editor().getByTestId('edit-environment-types').fill('PRODUCTION')
        await editor().getByTestId('filter-preview').scrollIntoViewIfNeeded()
        await editor().getByTestId('filter-preview-summary').waitFor()
        const overflow = await page.locator('.content').evaluate((main) => main.scrollWidth - main.clientWidth)
        expect(overflow).toBeLessThanOrEqual(0)
        await page.screenshot({ path: `${SHOTS}/subs-preview-${size.width}-${theme}.png` })
        await editor().getByTestId('secrets').scrollIntoViewIfNeeded()
        await page.screenshot({ path: `${SHOTS}/subs-signing-${size.width}-${theme}.png` })
        await editor().getByTestId('test-event-send').click()
        await expect.poll(() => editor().getByTestId('test-event-status').textContent(), { timeout: 10_000 }).toBe('delivered')
        await editor().getByTestId('test-event').scrollIntoViewIfNeeded()
        await page.screenshot({ path: `${SHOTS}/subs-test-event-${size.width}-${theme}.png` })
        await page.goto(`${serve.url}#/settings`)
        await page.getByTestId('exports').scrollIntoViewIfNeeded()
        await page.screenshot({ path: `${SHOTS}/subs-exports-${size.width}-${theme}.png` })
      }
    }
  })
})

/** A screenshot of the moment, at the current size and theme. */
async function shoot(name: string) {
  const { width } = page.viewportSize()!
  await page.screenshot({ path: `${SHOTS}/subs-${name}-${width}-moment.png` })
}
