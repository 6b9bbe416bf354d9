import { Webhook } from 'standardwebhooks'
import type { Capture, CaptureSummary, Endpoint } from '../../src/shared/schemas/receiver'
import type { RunSummary } from '../../src/shared/schemas/run'
import { Subscription } from '../../src/shared/schemas/subscription'
import { expect, reload, shoot, test, useApp } from './fixtures'

/*
 * A first run, as a newcomer meets it: the default inbox subscription signs (Standard Webhooks,
 * a fresh secret) and the inbox verifies it, a start card leads to a first fire, a built-in
 * scenario and a delivery opened; Fire targets are chosen on purpose. A later start keeps it all.
 */

const app = useApp({ view: 'timeline' })

const subscriptions = async () => Subscription.array().parse(await app.serve.api('listSubscriptions'))
const card = () => app.page.getByTestId('start-card')

test.describe('a first run', () => {
  test('fires one event from the start card: its delivery opens with a valid signature, which the reference library confirms', async () => {
    const { page, serve } = app
    // Clicked before the subscriptions are read (the status comes first): the card reads them itself.
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/api/listSubscriptions', async (route) => {
      await held
      await route.continue()
    })
    await reload(page)
    await card().getByTestId('start-fire').click()
    release()
    await page.unrouteAll({ behavior: 'wait' })
    await expect(page.getByTestId('delivery-detail')).toBeVisible()
    await expect(page.getByTestId('verdict').first()).toContainText('Valid', { useInnerText: true })
    await expect(card().locator('li').first()).toHaveAttribute('data-done', 'true')
    await shoot(page, 'first-run-fire')

    // Through the API: the inbox subscription signs with the secret the inbox checks.
    const [inbox] = await subscriptions()
    expect(inbox).toMatchObject({ name: 'Built-in inbox', provider: 'any', signing: { scheme: 'standard' } })
    const secret = inbox!.signing.secret!
    const endpoint = (await serve.api<Endpoint[]>('listEndpoints')).find((e) => e.name === 'inbox')!
    expect(endpoint.verify).toMatchObject({ scheme: 'standard', secrets: [secret], rejectInvalid: false })
    const [summary] = (await serve.api<{ items: CaptureSummary[] }>('listCaptures', { endpoint: 'inbox', limit: 1 })).items
    expect(summary!.verdict).toMatchObject({ valid: true, reason: 'valid' })
    const capture = await serve.api<Capture>('getCapture', { id: summary!.id, reveal: true })
    const headers = Object.fromEntries(capture.headers.map(([n, v]) => [n.toLowerCase(), v]))
    expect(new Webhook(secret).verify(Buffer.from(capture.bodyBase64, 'base64').toString('utf8'), headers)).toBeTruthy()

    // The Receiver says so too.
    await page.keyboard.press('Control+5')
    await expect(page.locator('[data-testid=captures] tbody tr[data-key] td:nth-child(5)').first()).toHaveText('valid')
  })

  test('runs a built-in scenario and opens a delivery from the card, each step ticked once done', async () => {
    const { page, serve } = app
    await page.keyboard.press('Control+4')
    await card().getByTestId('start-run').click()
    await expect(page.locator('.notice').last()).toContainText('Running “')
    await expect.poll(async () => (await serve.api<RunSummary[]>('listRuns', { limit: 5 }))[0]?.status, { timeout: 30_000 }).toBe('passed')
    await expect(card().locator('li').nth(1)).toHaveAttribute('data-done', 'true')
    await page.getByTestId('timeline-split-close').click()
    await card().getByTestId('start-open').click()
    await expect(page.getByTestId('delivery-detail')).toBeVisible()
    await expect(card().locator('li').nth(2)).toHaveAttribute('data-done', 'true')
    // Hidden on request, and it stays hidden.
    await card().getByTestId('start-hide').click()
    await expect(card()).toHaveCount(0)
    await reload(page)
    await expect(page.getByTestId('engine-counters')).toBeVisible()
    await expect(card()).toHaveCount(0)
  })

  test('fires to the subscriptions chosen on purpose: the only one is ticked, two are not until chosen', async () => {
    const { page, serve, errors } = app
    await page.keyboard.press('Control+2')
    await page.getByTestId('fire-provider').selectOption('divshot')
    await expect(page.getByTestId('fire-choose-built-in-inbox')).toBeChecked()
    await serve.api('createSubscription', { name: 'second', url: 'http://127.0.0.1:9/second', provider: 'divshot' })
    await expect(page.getByTestId('fire-choose-second')).toHaveCount(1)
    await expect(page.getByTestId('fire-choose-built-in-inbox')).not.toBeChecked()
    await expect(page.getByTestId('fire-choose-second')).not.toBeChecked()
    await page.getByTestId('fire-choose-built-in-inbox').check()
    await expect(page.getByTestId('fire-submit')).toHaveText('Fire to 1')
    expect(errors).toEqual([])
  })

  test('makes the payload again when it is sent: its timestamp is the fire’s, not the moment the view opened', async () => {
    const { page, serve } = app
    await page.getByTestId('fire-provider').selectOption('divshot')
    const shown = async () => (JSON.parse((await page.getByTestId('fire-payload').locator('.cm-content').textContent()) ?? '{}') as { data?: { release?: { timestamp?: number } } }).data?.release?.timestamp
    await expect.poll(shown).toBeGreaterThan(0)
    const previewedAt = (await shown())!
    await page.waitForTimeout(2_100)
    const firedAt = Math.floor(Date.now() / 1000)
    await page.getByTestId('fire-submit').click()
    await expect(page.getByTestId('fire-result')).toContainText('1 delivery queued')
    const { items } = await serve.api<{ items: { id: string }[] }>('listDeliveries', { limit: 1 })
    const sent = await serve.api<{ body: string }>('getDelivery', { id: items[0]!.id })
    const timestamp = (JSON.parse(sent.body) as { data: { release: { timestamp: number } } }).data.release.timestamp
    expect(timestamp).toBeGreaterThanOrEqual(firedAt)
    expect(timestamp).toBeGreaterThan(previewedAt)
  })

  test('keeps what the data directory has on the next start: no second inbox subscription, the same secrets', async ({ hookbench }) => {
    const before = await subscriptions()
    const verify = (await app.serve.api<Endpoint[]>('listEndpoints')).find((e) => e.name === 'inbox')!.verify
    await app.page.context().close()
    expect(await app.serve.stop()).toBe(0)
    const serve = await hookbench.serve([], app.serve.dataDir)
    const after = Subscription.array().parse(await serve.api('listSubscriptions'))
    // The receiver's port is new: the inbox subscription follows it; nothing else changes.
    expect(after.map((s) => ({ ...s, url: new URL(s.url).pathname, updatedAt: '' }))).toEqual(before.map((s) => ({ ...s, url: new URL(s.url).pathname, updatedAt: '' })))
    expect((await serve.api<Endpoint[]>('listEndpoints')).find((e) => e.name === 'inbox')!.verify).toEqual(verify)
  })
})
