import type { Browser, Page } from 'playwright-core'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Capture, CaptureSummary, Endpoint } from '../../src/shared/schemas/receiver'
import type { RunSummary } from '../../src/shared/schemas/run'
import { Subscription } from '../../src/shared/schemas/subscription'
import { openApp } from './app-page'
import { type ServeProcess, startServe } from '../support/serve-process'

/*
 * A first run, as a newcomer meets it: the default inbox subscription signs (Standard Webhooks,
 * a fresh secret) and the inbox verifies it, a start card leads to a first fire, a built-in
 * scenario and a delivery opened; Fire targets are chosen on purpose. A later start keeps it all.
 */

const SHOTS = process.env.HOOKBENCH_SHOTS ?? '/tmp/shots'

let browser: Browser
let serve: ServeProcess
let page: Page
let errors: string[] = []

beforeAll(async () => {
  serve = await startServe()
  ;({ browser, page, errors } = await openApp(serve, 'timeline'))
})
afterAll(async () => {
  await browser?.close()
  if (serve.child.exitCode === null) expect(await serve.stop()).toBe(0)
})

const subscriptions = async () => Subscription.array().parse(await serve.api('listSubscriptions'))
const card = () => page.getByTestId('start-card')

describe('a first run', () => {
  it('fires one event from the start card: its delivery opens with a valid signature, which the reference library confirms', async () => {
    await expect.poll(() => card().isVisible()).toBe(true)
    await card().getByTestId('start-fire').click()
    const detail = page.getByTestId('delivery-detail')
    await detail.waitFor()
    await expect.poll(() => page.getByTestId('verdict').first().innerText()).toContain('Valid')
    await expect.poll(() => card().locator('li').first().getAttribute('data-done')).toBe('true')
    await page.screenshot({ path: `${SHOTS}/first-run-fire.png` })

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
    await expect.poll(() => page.locator('[data-testid=captures] tbody tr[data-key] td:nth-child(5)').first().textContent()).toBe('valid')
  })

  it('runs a built-in scenario and opens a delivery from the card, each step ticked once done', async () => {
    await page.keyboard.press('Control+4')
    await card().getByTestId('start-run').click()
    await expect.poll(() => page.locator('.notice').last().textContent()).toContain('Running “')
    await expect.poll(async () => (await serve.api<RunSummary[]>('listRuns', { limit: 5 }))[0]?.status, { timeout: 30_000 }).toBe('passed')
    await expect.poll(() => card().locator('li').nth(1).getAttribute('data-done')).toBe('true')
    await page.getByTestId('timeline-split-close').click()
    await card().getByTestId('start-open').click()
    await page.getByTestId('delivery-detail').waitFor()
    await expect.poll(() => card().locator('li').nth(2).getAttribute('data-done')).toBe('true')
    // Hidden on request, and it stays hidden.
    await card().getByTestId('start-hide').click()
    await expect.poll(() => card().count()).toBe(0)
    await page.reload()
    await page.waitForSelector('[data-app-state="loaded"]')
    await expect.poll(() => page.getByTestId('engine-counters').isVisible()).toBe(true)
    expect(await card().count()).toBe(0)
  })

  it('fires to the subscriptions chosen on purpose: the only one is ticked, two are not until chosen', async () => {
    await page.keyboard.press('Control+2')
    await page.getByTestId('fire-provider').selectOption('divshot')
    await expect.poll(() => page.getByTestId('fire-choose-built-in-inbox').isChecked()).toBe(true)
    await serve.api('createSubscription', { name: 'second', url: 'http://127.0.0.1:9/second', provider: 'divshot' })
    await expect.poll(() => page.getByTestId('fire-choose-second').count()).toBe(1)
    await expect.poll(() => page.getByTestId('fire-choose-built-in-inbox').isChecked()).toBe(false)
    await expect.poll(() => page.getByTestId('fire-choose-second').isChecked()).toBe(false)
    await page.getByTestId('fire-choose-built-in-inbox').check()
    await expect.poll(() => page.getByTestId('fire-submit').textContent()).toBe('Fire to 1')
    expect(errors).toEqual([])
  })

  it('makes the payload again when it is sent: its timestamp is the fire’s, not the moment the view opened', async () => {
    await page.getByTestId('fire-provider').selectOption('divshot')
    const shown = async () => (JSON.parse((await page.getByTestId('fire-payload').locator('.cm-content').textContent()) ?? '{}') as { data?: { release?: { timestamp?: number } } }).data?.release?.timestamp
    await expect.poll(shown).toBeGreaterThan(0)
    const previewedAt = (await shown())!
    await page.waitForTimeout(2_100)
    const firedAt = Math.floor(Date.now() / 1000)
    await page.getByTestId('fire-submit').click()
    await expect.poll(() => page.getByTestId('fire-result').textContent()).toContain('1 delivery queued')
    const { items } = await serve.api<{ items: { id: string }[] }>('listDeliveries', { limit: 1 })
    const sent = await serve.api<{ body: string }>('getDelivery', { id: items[0]!.id })
    const timestamp = (JSON.parse(sent.body) as { data: { release: { timestamp: number } } }).data.release.timestamp
    expect(timestamp).toBeGreaterThanOrEqual(firedAt)
    expect(timestamp).toBeGreaterThan(previewedAt)
  })

  it('keeps what the data directory has on the next start: no second inbox subscription, the same secrets', async () => {
    const before = await subscriptions()
    const verify = (await serve.api<Endpoint[]>('listEndpoints')).find((e) => e.name === 'inbox')!.verify
    expect(await serve.stop()).toBe(0)
    serve = await startServe([], serve.dataDir)
    const after = await subscriptions()
    // The receiver's port is new: the inbox subscription follows it; nothing else changes.
    expect(after.map((s) => ({ ...s, url: new URL(s.url).pathname, updatedAt: '' }))).toEqual(before.map((s) => ({ ...s, url: new URL(s.url).pathname, updatedAt: '' })))
    expect((await serve.api<Endpoint[]>('listEndpoints')).find((e) => e.name === 'inbox')!.verify).toEqual(verify)
  })
})
