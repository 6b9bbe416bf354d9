import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Delivery } from '../../src/shared/schemas/delivery'
import { secretFingerprint } from '../../src/main/signing/hmac'
import { openApp } from './app-page'
import { type ServeProcess, startServe } from '../support/serve-process'

const TOKEN = 'e2e-shared-link-token-0123'
const SECRET = 'plain-qovery-secret-e2e-51'
const LABEL = `sha256:${secretFingerprint(SECRET)}…`

let browser: Browser
let serve: ServeProcess
let page: Page
let errors: string[] = []

beforeAll(async () => {
  // A token asked for on loopback too: the same gate a server shared on the network has.
  serve = await startServe(['--token', TOKEN])
  const { receiverUrl } = await serve.api<{ receiverUrl: string }>('getStatus')
  const subscription = await serve.api<{ id: string }>('createSubscription', {
    name: 'qovery inbox',
    url: `${receiverUrl}r/inbox`,
    provider: 'qovery',
    signing: { scheme: 'native', secret: SECRET },
  })
  const fired = await serve.api<{ deliveries: { id: string }[] }>('fireEvent', { provider: 'qovery', event: 'DEPLOYMENT_SUCCESSFUL', subscriptionIds: [subscription.id] })
  const id = fired.deliveries[0]!.id
  await vi.waitFor(async () => expect((await serve.api<Delivery>('getDelivery', { id })).status).toBe('delivered'), { timeout: 15_000, interval: 100 })
  ;({ browser, page, errors } = await openApp(serve, 'timeline', { permissions: ['clipboard-read', 'clipboard-write'] }))
})
afterAll(async () => {
  await browser?.close()
  expect(await serve.stop()).toBe(0)
})

describe('web mode with an access token, and secrets in the UI', () => {
  it('opens from the printed link: the token leaves the address bar and the app loads its data and live events', async () => {
    expect(serve.url).toContain(`?token=${TOKEN}`)
    expect(page.url()).not.toContain(TOKEN)
    expect(page.url()).toMatch(/#\/timeline$/)
    await page.locator('[data-testid=deliveries] tbody tr[data-key]').first().waitFor()
    // The event stream carries the cookie too: a new delivery shows up without a reload.
    const before = await page.locator('[data-testid=deliveries] tbody tr[data-key]').count()
    const [subscription] = await serve.api<Array<{ id: string }>>('listSubscriptions')
    await serve.api('fireEvent', { provider: 'qovery', event: 'DEPLOYMENT_SUCCESSFUL', subscriptionIds: [subscription!.id] })
    await expect.poll(() => page.locator('[data-testid=deliveries] tbody tr[data-key]').count(), { timeout: 10_000 }).toBe(before + 1)
    expect(errors).toEqual([])
  })

  it('refuses a browser that has only the bare address', async () => {
    const other = await browser.newPage()
    const response = await other.goto(new URL('/', serve.url).origin)
    expect(response?.status()).toBe(401)
    await expect(other.locator('body').innerText()).resolves.toMatch(/open the full link/)
    await other.close()
  })

  it('shows the secret header by its fingerprint, and puts the secret in cURL only when asked', async () => {
    await page.locator('[data-testid=deliveries] tbody tr[data-key]').last().click()
    const detail = page.getByTestId('delivery-detail')
    await detail.waitFor()
    await page.getByTestId('attempt').first().locator('summary', { hasText: 'Request headers' }).click()
    await expect.poll(() => detail.innerText()).toContain(LABEL)
    await page.getByTestId('attempt-copy-curl').first().click()
    const hidden = await page.getByTestId('attempt-curl').innerText()
    expect(hidden).toContain('"$QOVERY_SECRET"')
    expect(hidden).not.toContain(SECRET)
    expect(await detail.innerText()).not.toContain(SECRET)

    await page.getByTestId('include-secrets').check()
    await expect.poll(() => page.getByTestId('attempt-curl').innerText()).toContain(`Qovery-Secret: ${SECRET}`)
    // The headers shown stay fingerprints: only what is copied carries the secret.
    await expect(page.getByTestId('attempt').first().locator('details').first().innerText()).resolves.not.toContain(SECRET)
  })
})
