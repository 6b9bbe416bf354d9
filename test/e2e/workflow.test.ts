import { expect, shoot, test, useApp } from './fixtures'

const SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='

// Time runs 100× faster, so a 300 s heartbeat timeout takes 3 s.
const app = useApp({ view: '', serveArgs: ['--time-scale', '0.01'], context: { viewport: { width: 1400, height: 900 } } })

/** Loaded rows of a virtualised list (not its spacers or rows still loading). */
const rows = (testId: string) => app.page.locator(`[data-testid=${testId}] tbody tr[data-key]`)

test.describe('a first session in the UI', () => {
  test('fires an event that lands in the built-in inbox and shows on the timeline', async () => {
    const { page } = app
    await page.keyboard.press('Control+2')
    await page.getByTestId('fire-provider').selectOption('divshot')
    // The payload is edited in the panel's editor: its lines joined are the JSON.
    const editor = page.getByTestId('fire-payload').locator('.cm-content')
    await expect(editor).toContainText('"event": "release"')
    const payload = JSON.parse((await editor.textContent()) ?? '') as { data: { release: { version: number } } }
    // A version the generator never picks (it draws 2-60): set to one it may have drawn (42 once in
    // 59 runs), the text typed equals the payload generated, which is rightly no edit at all.
    payload.data.release.version = 4242
    await editor.fill(JSON.stringify(payload, null, 2))
    await expect(page.getByTestId('fire-payload-state')).toHaveText('edited')
    await page.getByTestId('fire-submit').click()
    await expect(page.getByTestId('fire-result')).toContainText('1 delivery queued')

    await page.keyboard.press('Control+4')
    await rows('deliveries').first().click()
    await expect(page.getByTestId('attempt').first()).toContainText('200')
    await expect(page.getByTestId('delivery-detail')).toContainText('"version": 4242')
    await shoot(page, 'timeline-delivery')
  })

  test('shows the capture with its headers in order and its raw body', async () => {
    const { page } = app
    await page.keyboard.press('Control+5')
    // From the keyboard: focusing the list selects its first row, Enter opens it (once the page of
    // captures has arrived: the list loads when the view opens).
    await expect(rows('captures').first()).toBeVisible()
    await page.getByTestId('captures').focus()
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('capture-body')).toContainText('"event": "release"')
    // In the order they arrived, as the sender wrote them (the Standard Webhooks headers of the
    // inbox subscription's signature among them).
    const headerNames = page.locator('[data-testid=capture-headers] th')
    await expect(headerNames.first()).toHaveText('Host')
    const names = await headerNames.allTextContents()
    expect(names.slice(0, 2)).toEqual(['Host', 'Content-Type'])
    expect(names).toEqual(expect.arrayContaining(['webhook-id', 'webhook-timestamp', 'webhook-signature', 'Content-Length']))
    expect(names.indexOf('webhook-id')).toBeLessThan(names.indexOf('webhook-signature'))
  })

  test('verifies signatures at an endpoint and explains a mismatch', async () => {
    const { page, serve } = app
    // The inbox's script opens in a drawer; its verification is set there.
    await page.getByTestId('edit-inbox').click()
    // A fresh inbox already checks Standard Webhooks with the secret its subscription got: shown
    // as a fingerprint until revealed, then replaced by ours.
    await expect(page.getByTestId('verify-inbox')).toHaveValue('standard')
    await page.getByTestId('secret-reveal-inbox').click()
    await page.getByTestId('secret-inbox').fill(SECRET)
    await page.getByTestId('save-inbox').click()
    await expect(page.getByTestId('changes-inbox')).toHaveText('No unsaved changes')
    await page.getByTestId('script-drawer-close').click()
    await expect(page.getByTestId('script-drawer')).toHaveCount(0)

    await page.keyboard.press('Control+3')
    await page.getByTestId('new-subscription').click()
    const form = page.getByTestId('subscription-editor')
    await form.getByTestId('edit-name').fill('signed')
    await form.getByTestId('edit-url').fill(`${new URL(serve.output().match(/Receiver:\s+(\S+)/)![1]!).origin}/r/inbox`)
    await form.getByTestId('edit-provider').selectOption('divshot')
    await form.getByTestId('edit-scheme').selectOption('standard')
    await form.getByTestId('edit-secret').fill(SECRET)
    await form.getByTestId('edit-save').click()
    await expect(page.getByTestId('subscription-signed')).toBeVisible()

    await page.keyboard.press('Control+2')
    await page.getByTestId('fire-provider').selectOption('divshot')
    await page.getByTestId('fire-regenerate').click()
    // Two subscriptions can receive it now: both are ticked, on purpose, before the fire goes to both.
    await page.getByTestId('fire-choose-signed').check()
    await page.getByTestId('fire-choose-built-in-inbox').check()
    await page.getByTestId('fire-submit').click()
    await expect(page.getByTestId('fire-result')).toContainText('2 deliveries queued')

    await page.keyboard.press('Control+5')
    await expect(rows('captures')).toHaveCount(3)
    // Newest first: one signed with the secret the inbox now checks (valid), and one signed with
    // the secret the first run gave the inbox subscription, which the inbox no longer knows.
    await expect.poll(async () => (await rows('captures').locator('td:nth-child(5)').allTextContents()).slice(0, 2).sort()).toEqual(['valid', 'wrong_secret'])
    await rows('captures').filter({ hasText: 'valid' }).filter({ hasNotText: 'header' }).first().click()
    await expect(page.getByTestId('verdict')).toContainText('signed with the current secret')
    await shoot(page, 'receiver-verdict')
  })

  test('stops a controller and shows the heartbeat failure, fired once', async () => {
    const { page, errors } = app
    await page.keyboard.press('Control+2')
    await page.getByTestId('controller-cluster').fill('prod-eu-1')
    await page.getByTestId('controller-add').click()
    await expect(page.getByTestId('health-prod-eu-1')).toHaveText('healthy')
    await page.getByTestId('toggle-prod-eu-1').click()
    await expect(page.getByTestId('health-prod-eu-1')).toHaveText('failed', { timeout: 15_000 })
    await page.keyboard.press('Control+4')
    await expect(rows('deliveries').filter({ hasText: 'controller-heartbeat-failure' })).toHaveCount(1)
    expect(errors).toEqual([])
  })
})
