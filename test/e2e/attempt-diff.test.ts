import { deliveredSoon, expect, expectNoSidewaysScroll, shoot, test, useApp } from './fixtures'

const SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='

// Standard Webhooks retries after 5 s; at a quarter of the time that is 1.25 s: quick, and past
// a second, so the retry's `webhook-timestamp` (whole seconds) and so its signature differ.
const app = useApp({ view: 'timeline', serveArgs: ['--time-scale', '0.25'] })

const rows = () => app.page.locator('[data-testid=deliveries] tbody tr[data-key]')

test.describe('comparing two attempts of a delivery', () => {
  test('shows what changed between a 503 and its successful retry', async () => {
    const { page, serve, errors } = app
    const { receiverUrl } = await serve.api<{ receiverUrl: string }>('getStatus')
    await serve.api('updateEndpoint', { name: 'inbox', changes: { response: { failFirst: 1, failStatus: 503, body: '{"ok":true}' } } })
    const subscription = await serve.api<{ id: string }>('createSubscription', {
      name: 'signed-inbox',
      url: `${receiverUrl}r/inbox`,
      provider: 'divshot',
      signing: { scheme: 'standard', secret: SECRET },
      retry: { preset: 'standard-webhooks' },
    })
    const fired = await serve.api<{ deliveries: { id: string }[] }>('fireEvent', { provider: 'divshot', event: 'release', subscriptionIds: [subscription.id] })
    const id = fired.deliveries[0]!.id
    await deliveredSoon(serve, id)

    await page.keyboard.press('Control+4')
    await rows().first().click()
    await expect(page.getByTestId('attempt')).toHaveCount(2)

    // From the keyboard: the button opens the comparison with the pickers focused.
    await page.getByTestId('compare-attempts').focus()
    await page.keyboard.press('Enter')
    const panel = page.getByTestId('attempt-diff')
    await expect(panel).toBeVisible()
    await expect(page.getByTestId('diff-from')).toBeFocused()
    await expect(page.getByTestId('diff-from')).toHaveValue('0')
    await expect(page.getByTestId('diff-to')).toHaveValue('1')
    await expect(page.getByTestId('diff-status')).toHaveText('503 → 200')

    const names = page.locator('[data-testid=diff-request-headers] tbody tr th')
    await expect.poll(() => names.allTextContents()).toEqual(expect.arrayContaining(['webhook-timestamp', 'webhook-signature']))
    await expect.poll(() => names.allTextContents()).not.toContain('webhook-id')
    await expect(page.locator('[data-testid=diff-request-headers] tbody tr:not([data-kind=changed])')).toHaveCount(0)
    // The inbox answered 503 with its failure body, then {"ok":true}.
    await expect(page.getByTestId('diff-body')).toContainText('"ok": true')

    // Swapping the sides swaps the status.
    await page.getByTestId('diff-from').selectOption('1')
    await page.getByTestId('diff-to').selectOption('0')
    await expect(page.getByTestId('diff-status')).toHaveText('200 → 503')
    await page.getByTestId('diff-from').selectOption('0')
    await page.getByTestId('diff-to').selectOption('1')

    await page.keyboard.press('Control+6')
    await page.locator('label:has([data-testid=theme-dark])').click()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await page.keyboard.press('Control+4')
    await rows().first().click()
    await page.getByTestId('compare-attempts').click()
    await page.setViewportSize({ width: 1024, height: 900 })
    await expectNoSidewaysScroll(page.locator('main'), 'horizontal overflow at 1024 px')
    // The detail scrolls on its own under the list at 1024 px: its top shows the comparison's pickers.
    await panel.evaluate((el) => {
      const detail = el.closest('.split-detail')!
      detail.scrollTop += el.getBoundingClientRect().top - detail.getBoundingClientRect().top - 8
    })
    await shoot(page, 'attempt-diff-1024-dark')

    // Esc closes it and gives the focus back to the button.
    await page.getByTestId('diff-to').focus()
    await page.keyboard.press('Escape')
    await expect(panel).toHaveCount(0)
    await expect(page.getByTestId('compare-attempts')).toBeFocused()
    expect(errors).toEqual([])
  })
})
