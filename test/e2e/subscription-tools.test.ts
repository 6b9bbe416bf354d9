import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { strFromU8, unzipSync } from 'fflate'
import { fixtureFiles } from '../../src/main/platforms/export'
import type { Delivery, DeliverySummary } from '../../src/shared/schemas/delivery'
import { Subscription } from '../../src/shared/schemas/subscription'
import type { ServeProcess } from '../support/serve-process'
import { expect, expectNoSidewaysScroll, gotoApp, reload, shoot as shootPage, test, useApp } from './fixtures'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const fingerprint = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 16)

let subscription: Subscription

/** Every delivery made so far is final. */
async function settled(serve: ServeProcess) {
  const unfinished = async () => (await serve.api<{ items: DeliverySummary[] }>('listDeliveries', { limit: 100 })).items.filter((d) => !['delivered', 'failed', 'cancelled'].includes(d.status))
  await expect.poll(unfinished, { message: 'the set-up deliveries finish' }).toEqual([])
}

const app = useApp({
  view: 'subscriptions',
  context: { timezoneId: 'Europe/Paris' },
  prepare: async (serve) => {
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
    await settled(serve)
  },
})

const list = async () => Subscription.array().parse(await app.serve.api('listSubscriptions'))
const editor = () => app.page.getByTestId('subscription-editor')

async function openEditor() {
  if (await editor().count()) return
  await app.page.getByTestId('edit-tools').click()
  await expect(editor()).toBeVisible()
}

test.describe('subscription tools', () => {
  test("shows the retry schedule in numbers: the platform's default, then a picked preset's", async () => {
    const { page } = app
    await openEditor()
    const schedule = editor().getByTestId('edit-retry-schedule')
    await expect(schedule.getByTestId('edit-retry-schedule-end')).toHaveText('one attempt, no retries')
    await editor().getByTestId('edit-retry').selectOption('divshot')
    await expect(schedule.getByTestId('edit-retry-schedule-attempt')).toHaveText([
      '1 at 0 s',
      '2 at +30 s (30 s)',
      '3 at +1 min 30 s (1 min)',
      '4 at +3 min 30 s (2 min)',
      '5 at +7 min 30 s (4 min)',
      '6 at +15 min 30 s (8 min)',
    ])
    await expect(schedule.getByTestId('edit-retry-schedule-end')).toHaveText('gives up after attempt 6, 15 min 30 s after the first')
    await editor().getByTestId('edit-retry').selectOption('')
    // The form for a new subscription is the same form: it shows it too.
    await page.keyboard.press('Escape')
    await expect(editor()).toHaveCount(0)
    await page.getByTestId('new-subscription').click()
    await editor().getByTestId('edit-retry').selectOption('standard-webhooks')
    await expect(editor().getByTestId('edit-retry-schedule-end')).toHaveText('gives up after attempt 8, 27 h 35 min 5 s after the first')
    await editor().getByTestId('edit-cancel').click()
    await expect(editor()).toHaveCount(0)
  })

  test('previews the filters against the recent deliveries, saying which filter stops an event', async () => {
    await openEditor()
    const preview = editor().getByTestId('filter-preview')
    await expect(preview.getByTestId('filter-preview-summary')).toHaveText('2 of the latest 2 events would be sent; 0 would not.')
    await editor().getByTestId('edit-environment-types').fill('PRODUCTION')
    await expect(preview.getByTestId('filter-preview-summary')).toHaveText('1 of the latest 2 events would be sent; 1 would not.')
    await expect(preview.getByTestId('filter-preview-match')).toContainText('qovery DEPLOYMENT_FAILURE✓ sent')
    await expect(preview.getByTestId('filter-preview-skip')).toContainText('✗ Environment types: environment type STAGING is not in PRODUCTION')
    await editor().getByTestId('edit-where').fill('not a clause')
    await expect(preview.getByTestId('filter-preview-problem')).toHaveText('Payload matches: each line is "path = value" ("not a clause" has no "=")')
    await editor().getByTestId('edit-where').fill('')
    await editor().getByTestId('edit-environment-types').fill('')
    await expect(preview.getByTestId('filter-preview-summary')).toHaveText('2 of the latest 2 events would be sent; 0 would not.')
  })

  test('rotates the secret in one action, at once: fingerprints only, the old secret kept for the overlap chosen, nothing else changes', async () => {
    const { page } = app
    await openEditor()
    const before = (await list()).find((s) => s.id === subscription.id)!
    const secrets = editor().getByTestId('secrets')
    await expect(secrets.getByTestId('secret-fingerprint')).toHaveText(fingerprint(SECRET))
    await expect(page.locator('body')).not.toContainText(SECRET, { useInnerText: true })

    await secrets.getByTestId('secret-generate').click()
    const next = secrets.getByTestId('edit-new-secret')
    await expect(next).toHaveValue(/^whsec_[A-Za-z0-9+/]{43}=$/)
    const generated = await next.inputValue()
    await secrets.getByTestId('edit-overlap').selectOption('7d')
    const sent: unknown[] = []
    const onRequest = (request: { url(): string; postDataJSON(): unknown }) => {
      if (request.url().endsWith('/api/updateSubscription')) sent.push(request.postDataJSON())
    }
    page.on('request', onRequest)
    const rotatedAt = Date.now()
    await secrets.getByTestId('edit-rotate').click()
    // In effect at once, without Save: the fingerprints say so, and the new secret is shown to copy.
    await expect(secrets.getByTestId('previous-fingerprint')).toHaveText(fingerprint(SECRET))
    await expect(secrets.getByTestId('secret-fingerprint')).toHaveText(fingerprint(generated))
    await expect(secrets.getByTestId('rotated-secret')).toHaveText(generated)
    await expect(page.locator('.notice').last()).toContainText('the new secret signs from now on')
    await shoot('signing')
    const after = (await list()).find((s) => s.id === subscription.id)!
    expect(after).toStrictEqual({ ...before, signing: { scheme: 'standard', secret: generated, previousSecret: SECRET, previousSecretExpiresAt: after.signing.previousSecretExpiresAt }, updatedAt: after.updatedAt })
    const overlapMs = Date.parse(after.signing.previousSecretExpiresAt!) - rotatedAt
    expect(overlapMs).toBeGreaterThan(7 * 24 * 3_600_000 - 10_000)
    expect(overlapMs).toBeLessThanOrEqual(7 * 24 * 3_600_000 + 1_000)

    // Save afterwards has nothing left to send; closing keeps the rotation.
    await editor().getByTestId('edit-save').click()
    await expect(editor().getByTestId('edit-note')).toHaveText('Nothing changed.')
    await page.keyboard.press('Escape')
    await expect(editor()).toHaveCount(0)
    page.off('request', onRequest)
    expect(sent).toEqual([{ id: subscription.id, changes: { signing: { secret: generated, previousSecret: SECRET, previousSecretExpiresAt: after.signing.previousSecretExpiresAt } } }])
    expect((await list()).find((s) => s.id === subscription.id)).toStrictEqual(after)
  })

  test('sends a test event to this subscription only and shows the outcome, with a way to the Timeline', async () => {
    const { page, serve } = app
    const other = Subscription.parse(await serve.api('createSubscription', { name: 'bystander', url: 'http://127.0.0.1:9/never', provider: 'qovery' }))
    await openEditor()
    const testEvent = editor().getByTestId('test-event')
    await expect(testEvent.getByTestId('test-event-choice').locator('option').first()).toHaveText('DEPLOYMENT_STARTED')
    await testEvent.getByTestId('test-event-send').click()
    await expect(testEvent.getByTestId('test-event-status')).toHaveText('delivered')
    await expect(testEvent.getByTestId('test-event-text')).toHaveText(/^Delivered: HTTP 2\d\d after 1 attempt$/)
    await shoot('editor')

    const newest = (await serve.api<{ items: DeliverySummary[] }>('listDeliveries', { limit: 1 })).items[0]!
    expect(newest).toMatchObject({ subscriptionId: subscription.id, event: 'DEPLOYMENT_STARTED', status: 'delivered' })
    const delivery = await serve.api<Delivery>('getDelivery', { id: newest.id })
    const signature = delivery.attempts[0]!.headers.find(([name]) => name === 'webhook-signature')![1]
    expect(signature.split(' ').filter((part) => part.startsWith('v1,'))).toHaveLength(2)
    expect((await serve.api<{ items: DeliverySummary[] }>('listDeliveries', { subscriptionId: other.id, limit: 5 })).items).toEqual([])

    await testEvent.getByTestId('test-event-open').click()
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/timeline?subscription=${subscription.id}&open=${newest.id}`)
    await expect(page.locator('[data-testid=deliveries] tbody tr[data-key]').first()).toBeVisible()
    await expect(page.getByTestId('delivery-detail')).toContainText(newest.id)
  })

  test('exports fixtures as a zip from Settings', async () => {
    const { page, errors } = app
    await page.keyboard.press('Control+6')
    const exports = page.getByTestId('exports')
    await exports.getByTestId('export-provider').selectOption('qovery')
    await exports.getByTestId('export-kind-fixtures').check()
    const [download] = await Promise.all([page.waitForEvent('download'), exports.getByTestId('export-platform-files').click()])
    expect(download.suggestedFilename()).toBe('hookbench-fixtures-qovery.zip')
    // Web mode says where it went.
    await expect(page.locator('.notice').last()).toContainText('Downloaded hookbench-fixtures-qovery.zip: your browser keeps it with its other downloads')
    const entries = unzipSync(readFileSync(await download.path()))
    const expected = Object.fromEntries(fixtureFiles('qovery').map((file) => [`fixtures/${file.path}`, file.text]))
    expect(Object.fromEntries(Object.entries(entries).map(([path, bytes]) => [path, strFromU8(bytes)]))).toEqual(expected)
    // No saved scenario yet: the error says so in words.
    await exports.getByTestId('export-scenarios').click()
    await expect(page.locator('.notice').filter({ hasText: 'There are no saved scenarios to export yet' }).first()).toBeVisible()
    expect(errors).toEqual([])
  })

  test('fits and reads at 1440 and 1024 px, light and dark', async () => {
    const { page, serve } = app
    for (const theme of ['light', 'dark'] as const) {
      await page.goto(`${serve.url}#/settings`)
      await page.locator('label', { has: page.getByTestId(`theme-${theme}`) }).click()
      for (const size of [{ width: 1440, height: 900 }, { width: 1024, height: 700 }]) {
        await page.setViewportSize(size)
        // A fresh page: no notices left over from the steps before.
        await gotoApp(page, serve, 'subscriptions')
        await reload(page)
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
        await openEditor()
        await editor().getByTestId('edit-retry').selectOption('standard-webhooks')
        await editor().getByTestId('edit-environment-types').fill('PRODUCTION')
        await editor().getByTestId('filter-preview').scrollIntoViewIfNeeded()
        await expect(editor().getByTestId('filter-preview-summary')).toBeVisible()
        await expectNoSidewaysScroll(page.locator('.content'))
        await shootPage(page, `subs-preview-${size.width}-${theme}`)
        await editor().getByTestId('secrets').scrollIntoViewIfNeeded()
        await shootPage(page, `subs-signing-${size.width}-${theme}`)
        await editor().getByTestId('test-event-send').click()
        await expect(editor().getByTestId('test-event-status')).toHaveText('delivered')
        await editor().getByTestId('test-event').scrollIntoViewIfNeeded()
        await shootPage(page, `subs-test-event-${size.width}-${theme}`)
        await page.goto(`${serve.url}#/settings`)
        await page.getByTestId('exports').scrollIntoViewIfNeeded()
        await shootPage(page, `subs-exports-${size.width}-${theme}`)
      }
    }
  })
})

/** A screenshot of the moment, at the current size and theme. */
async function shoot(name: string) {
  const { width } = app.page.viewportSize()!
  await shootPage(app.page, `subs-${name}-${width}-moment`)
}
