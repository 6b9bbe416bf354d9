import { secretFingerprint } from '../../src/main/signing/hmac'
import { deliveredSoon, expect, test, useApp } from './fixtures'

const TOKEN = 'e2e-shared-link-token-0123'
const SECRET = 'plain-qovery-secret-e2e-51'
const LABEL = `sha256:${secretFingerprint(SECRET)}…`

const app = useApp({
  view: 'timeline',
  // A token asked for on loopback too: the same gate a server shared on the network has.
  serveArgs: ['--token', TOKEN],
  context: { permissions: ['clipboard-read', 'clipboard-write'] },
  prepare: async (serve) => {
    const { receiverUrl } = await serve.api<{ receiverUrl: string }>('getStatus')
    const subscription = await serve.api<{ id: string }>('createSubscription', {
      name: 'qovery inbox',
      url: `${receiverUrl}r/inbox`,
      provider: 'qovery',
      signing: { scheme: 'native', secret: SECRET },
    })
    const fired = await serve.api<{ deliveries: { id: string }[] }>('fireEvent', { provider: 'qovery', event: 'DEPLOYMENT_SUCCESSFUL', subscriptionIds: [subscription.id] })
    const id = fired.deliveries[0]!.id
    await deliveredSoon(serve, id)
  },
})

const rows = () => app.page.locator('[data-testid=deliveries] tbody tr[data-key]')

test.describe('web mode with an access token, and secrets in the UI', () => {
  test('opens from the printed link: the token leaves the address bar and the app loads its data and live events', async () => {
    const { page, serve, errors } = app
    expect(serve.url).toContain(`?token=${TOKEN}`)
    expect(page.url()).not.toContain(TOKEN)
    expect(page.url()).toMatch(/#\/timeline$/)
    await expect(rows()).toHaveCount(1)
    // The event stream carries the cookie too: a new delivery shows up without a reload.
    const [subscription] = await serve.api<Array<{ id: string }>>('listSubscriptions')
    await serve.api('fireEvent', { provider: 'qovery', event: 'DEPLOYMENT_SUCCESSFUL', subscriptionIds: [subscription!.id] })
    await expect(rows()).toHaveCount(2)
    expect(errors).toEqual([])
  })

  test('refuses a browser that has only the bare address', async ({ browser }) => {
    const other = await browser.newPage()
    const response = await other.goto(new URL('/', app.serve.url).origin)
    expect(response?.status()).toBe(401)
    await expect(other.locator('body')).toContainText(/open the full link/, { useInnerText: true })
    await other.close()
  })

  test('shows the secret header by its fingerprint, and puts the secret in cURL only when asked', async () => {
    const { page } = app
    await rows().last().click()
    const detail = page.getByTestId('delivery-detail')
    await expect(detail).toBeVisible()
    await page.getByTestId('attempt').first().locator('summary', { hasText: 'Request headers' }).click()
    await expect(detail).toContainText(LABEL, { useInnerText: true })
    await page.getByTestId('attempt-copy-curl').first().click()
    const curl = page.getByTestId('attempt-curl')
    await expect(curl).toContainText('"$QOVERY_SECRET"', { useInnerText: true })
    await expect(curl).not.toContainText(SECRET, { useInnerText: true })
    await expect(detail).not.toContainText(SECRET, { useInnerText: true })

    await page.getByTestId('include-secrets').check()
    await expect(curl).toContainText(`Qovery-Secret: ${SECRET}`, { useInnerText: true })
    // The headers shown stay fingerprints: only what is copied carries the secret.
    await expect(page.getByTestId('attempt').first().locator('details').first()).not.toContainText(SECRET, { useInnerText: true })
  })
})
