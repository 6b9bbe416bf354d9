import { createHash } from 'node:crypto'
import { type Capture, type CaptureSummary, type Endpoint, ScriptedResponse } from '../../src/shared/schemas/receiver'
import { expect, expectNoSidewaysScroll, shoot, test, useApp } from './fixtures'

// Time runs 100× faster: the 1 s Retry-After waits take 10 ms.
const app = useApp({ view: 'receiver', serveArgs: ['--time-scale', '0.01'] })

const endpointOf = async (name: string) => (await app.serve.api<Endpoint[]>('listEndpoints')).find((e) => e.name === name)!
const rows = () => app.page.locator('[data-testid=captures] tbody tr[data-key]')
const saved = (name: string) => expect(app.page.getByTestId(`changes-${name}`)).toHaveText('No unsaved changes')
const receiverUrl = async () => (await app.serve.api<{ receiverUrl: string }>('getStatus')).receiverUrl

test.describe('scripting an endpoint in the Receiver', () => {
  test('creates an endpoint from the keyboard and opens its script', async () => {
    const { page } = app
    await page.getByTestId('endpoint-name').fill('Flaky!')
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('endpoint-name-error')).toContainText('must be a slug')
    await page.getByTestId('endpoint-name').fill('flaky')
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('endpoint-flaky')).toBeVisible()
    expect((await endpointOf('flaky')).response).toStrictEqual(ScriptedResponse.parse({}))
    // The built-in inbox says why it cannot be removed, and offers no Remove.
    await expect(page.getByTestId('builtin-inbox')).toContainText('cannot be removed')
    await expect(page.getByTestId('remove-inbox')).toHaveCount(0)
  })

  test('refuses a wrong value next to its field, sends nothing, and Esc drops the change', async () => {
    const { page } = app
    await page.getByTestId('status-flaky').fill('700')
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('error-status-flaky')).toHaveText('must be at most 599')
    await expect(page.getByTestId('status-flaky')).toHaveAttribute('aria-invalid', 'true')
    expect((await endpointOf('flaky')).response.status).toBe(200)
    await page.getByTestId('status-flaky').focus()
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('status-flaky')).toHaveValue('200')
    await expect(page.getByTestId('error-status-flaky')).toHaveCount(0)
  })

  test('fails the first 2 requests with 503 and Retry-After: the captures show 503, 503, 200', async () => {
    const { page, serve } = app
    await page.getByTestId('failFirst-flaky').fill('2')
    await page.getByTestId('failStatus-flaky').fill('503')
    await page.getByTestId('retryAfterSec-flaky').fill('1')
    await page.keyboard.press('Enter')
    await saved('flaky')
    expect((await endpointOf('flaky')).response).toStrictEqual(ScriptedResponse.parse({ failFirst: 2, failStatus: 503, retryAfterSec: 1 }))

    const subscription = await serve.api<{ id: string }>('createSubscription', {
      name: 'to-flaky',
      url: `${await receiverUrl()}r/flaky`,
      provider: 'divshot',
      retry: { preset: 'fixed', delaysMs: [100, 100, 100] },
    })
    await serve.api('fireEvent', { provider: 'divshot', event: 'release', subscriptionIds: [subscription.id] })

    await page.getByTestId('captures-endpoint').selectOption('flaky')
    await expect(rows()).toHaveCount(3, { timeout: 15_000 })
    // Newest first.
    await expect(rows().locator('td:nth-child(3)')).toHaveText(['200', '503', '503'])
    const { items } = await serve.api<{ items: CaptureSummary[] }>('listCaptures', { endpoint: 'flaky' })
    for (const summary of items) {
      const capture = await serve.api<Capture>('getCapture', { id: summary.id })
      const retryAfter = capture.response?.headers.find(([name]) => name === 'Retry-After')?.[1]
      expect(retryAfter).toBe(capture.response?.status === 503 ? '1' : undefined)
    }
  })

  test('changing only the delay sends only the delay: everything else stays, even what changed meanwhile', async () => {
    const { page, serve } = app
    await serve.api('updateEndpoint', {
      name: 'flaky',
      changes: {
        response: { headers: [['X-Scripted', 'yes']], body: 'ok', failureRate: 0.25, seed: 7 },
        verify: { scheme: 'github', secrets: ['current', 'previous'], toleranceSec: 60 },
        forward: { url: 'http://127.0.0.1:9/forward', timeoutMs: 2000 },
        maxBodyBytes: 4096,
      },
    })
    await expect(page.getByTestId('maxBodyBytes-flaky')).toHaveValue('4096')
    const before = await endpointOf('flaky')

    await page.getByTestId('delayMs-flaky').fill('250')
    // Someone else changes the body while the delay is being edited: the save must not undo it.
    await serve.api('updateEndpoint', { name: 'flaky', changes: { response: { body: 'changed meanwhile' } } })
    await expect(page.getByTestId('body-flaky')).toHaveValue('changed meanwhile')
    await page.getByTestId('delayMs-flaky').press('Enter')
    await saved('flaky')

    expect(await endpointOf('flaky')).toStrictEqual({ ...before, response: { ...before.response, delayMs: 250, body: 'changed meanwhile' } })
  })

  test('shows stored verify secrets as fingerprints until revealed', async () => {
    const { page } = app
    const current = createHash('sha256').update('current').digest('hex').slice(0, 16)
    await expect(page.getByTestId('secret-fingerprints-flaky')).toContainText(`newest: fingerprint ${current}`)
    await expect(page.getByTestId('endpoint-flaky')).not.toContainText('previous')
    await page.getByTestId('secret-reveal-flaky').click()
    await expect(page.getByTestId('secret-flaky')).toHaveValue('current\nprevious')
  })

  test('explains a failed signature check, and copies a capture as cURL', async () => {
    const { page } = app
    // The script is edited in a drawer over the page: closed, the captures take the clicks.
    await page.getByTestId('script-drawer-close').click()
    await expect(page.getByTestId('script-drawer')).toHaveCount(0)
    await fetch(`${await receiverUrl()}r/flaky`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"unsigned":true}' })
    await expect(rows()).toHaveCount(4)
    await rows().first().click()
    await expect(page.getByTestId('verdict-explanation')).toContainText('no signature header')
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    await page.getByTestId('copy-curl').click()
    await expect.poll(() => page.evaluate<string>('navigator.clipboard.readText()')).toContain(`curl -X POST`)
  })

  test('fits the window at 1440 and 1024 px, light and dark', async () => {
    const { page, errors } = app
    // The notices of the earlier steps would cover the editor. They also go by themselves (an
    // info after 6 s), so one can be gone between counting them and closing it: close the first
    // one left until none is.
    const closeNotice = page.locator('.notice button')
    await expect(async () => {
      const left = await closeNotice.count()
      if (left > 0) await closeNotice.first().click({ timeout: 1_000 })
      expect(left).toBe(0)
    }).toPass()
    for (const theme of ['light', 'dark'] as const) {
      await page.keyboard.press('Control+6')
      await page.locator(`label:has([data-testid=theme-${theme}])`).click()
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
      await page.keyboard.press('Control+5')
      await expect(page.getByTestId('endpoint-row-flaky')).toBeVisible()
      for (const width of [1440, 1024]) {
        await page.setViewportSize({ width, height: 900 })
        await expectNoSidewaysScroll(page.locator('main'), `horizontal overflow at ${width} px (${theme})`)
        // The endpoints and the captures under them, then the script in its drawer.
        await shoot(page, `receiver-script-${width}-${theme}-top`)
        await page.getByTestId('edit-flaky').click()
        await expect(page.getByTestId('endpoint-flaky')).toBeVisible()
        await shoot(page, `receiver-script-${width}-${theme}-editor`)
        await page.getByTestId('script-drawer-close').click()
        await expect(page.getByTestId('script-drawer')).toHaveCount(0)
      }
    }
    expect(errors).toEqual([])
  })
})
