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
    payload.data.release.version = 42
    await editor.fill(JSON.stringify(payload, null, 2))
    await expect(page.getByTestId('fire-payload-state')).toHaveText('edited')
    await page.getByTestId('fire-submit').click()
    await expect(page.getByTestId('fire-result')).toContainText('1 delivery queued')

    await page.keyboard.press('Control+4')
    await rows('deliveries').first().click()
    await expect(page.getByTestId('attempt').first()).toContainText('200')
    await expect(page.getByTestId('delivery-detail')).toContainText('"version": 42')
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
    await expect.poll(async () => (await page.locator('[data-testid=capture-headers] th').allTextContents()).slice(0, 3)).toEqual(['Host', 'Content-Type', 'Content-Length'])
  })

  test('verifies signatures at an endpoint and explains a mismatch', async () => {
    const { page, serve } = app
    await page.getByTestId('verify-inbox').selectOption('standard')
    await page.getByTestId('secret-inbox').fill(SECRET)
    await page.getByTestId('save-inbox').click()

    await page.keyboard.press('Control+3')
    await page.getByTestId('sub-name').fill('signed')
    await page.getByTestId('sub-url').fill(`${new URL(serve.output().match(/Receiver:\s+(\S+)/)![1]!).origin}/r/inbox`)
    await page.getByTestId('sub-provider').selectOption('divshot')
    await page.getByTestId('sub-scheme').selectOption('standard')
    await page.getByTestId('sub-secret').fill(SECRET)
    await page.getByTestId('sub-create').click()
    await expect(page.getByTestId('subscription-signed')).toBeVisible()

    await page.keyboard.press('Control+2')
    await page.getByTestId('fire-provider').selectOption('divshot')
    await page.getByTestId('fire-regenerate').click()
    // The new subscription shows up in the panel (ticked) before the fire goes to both.
    await expect(page.getByTestId('fire-choose-signed')).toBeVisible()
    await page.getByTestId('fire-submit').click()
    await expect(page.getByTestId('fire-result')).toContainText('2 deliveries queued')

    await page.keyboard.press('Control+5')
    await expect(rows('captures')).toHaveCount(3)
    // Newest first: one signed (valid) and one from the unsigned inbox subscription.
    await expect.poll(async () => (await rows('captures').locator('td:nth-child(5)').allTextContents()).slice(0, 2).sort()).toEqual(['header_missing', 'valid'])
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
