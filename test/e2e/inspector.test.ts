import { readFileSync } from 'node:fs'
import type { Delivery } from '../../src/shared/schemas/delivery'
import { diffJson } from '../../src/renderer/src/views/inspector/attempt-diff'
import { deliveredSoon, expect, expectNoSidewaysScroll, shoot as shootPage, test, useApp } from './fixtures'

const SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='

let first: Delivery
let second: Delivery
let subscriptionId: string

const app = useApp({
  view: 'timeline',
  context: { permissions: ['clipboard-read', 'clipboard-write'] },
  prepare: async (serve) => {
    const { receiverUrl } = await serve.api<{ receiverUrl: string }>('getStatus')
    // The built-in receiver checks Standard Webhooks signatures with the subscription's secret.
    await serve.api('updateEndpoint', { name: 'inbox', changes: { verify: { scheme: 'standard', secrets: [SECRET] } } })
    subscriptionId = (
      await serve.api<{ id: string }>('createSubscription', {
        name: 'signed-inbox',
        url: `${receiverUrl}r/inbox`,
        provider: 'divshot',
        signing: { scheme: 'standard', secret: SECRET },
      })
    ).id
  },
})

/** A `release` event to the signed subscription, delivered once. */
async function fire(): Promise<Delivery> {
  const { serve } = app
  const fired = await serve.api<{ deliveries: { id: string }[] }>('fireEvent', { provider: 'divshot', event: 'release', subscriptionIds: [subscriptionId] })
  const id = fired.deliveries[0]!.id
  return deliveredSoon(serve, id)
}

const row = (id: string) => app.page.locator(`[data-testid=deliveries] tbody tr[data-key="${id}"]`)
const byTestId = (testId: string) => app.page.getByTestId(testId).first()
/** The text of the first `testId` as shown (innerText: line breaks and all). */
const text = (testId: string) => byTestId(testId).innerText()

test.describe('the delivery inspector', () => {
  test('explains the signature, shows the body in hex, copies cURL, exports a fixture and compares', async () => {
    const { page, errors } = app
    first = await fire()
    second = await fire()
    await row(first.id).click()
    await expect(page.getByTestId('delivery-detail')).toBeVisible()

    // The signature, re-verified: valid, what was signed, expected and received side by side.
    await expect(byTestId('verdict')).toContainText('Valid: signed with the current secret.', { useInnerText: true })
    const timestamp = first.attempts[0]!.headers.find(([n]) => n === 'webhook-timestamp')![1]
    await expect.poll(() => text('signed-content')).toBe(`${first.id}.${timestamp}.${first.body}`)
    await expect(byTestId('sig-expected')).toHaveText(/^v1,/, { useInnerText: true })
    await expect(byTestId('sig-received')).toHaveText(await text('sig-expected'), { useInnerText: true })
    await expect(page.locator('[data-testid=signature-table] tbody tr').first()).toHaveAttribute('data-matches', 'true')
    await expect(byTestId('signature-secrets')).toHaveText(/^Checked with the current secret \(fingerprint [0-9a-f]{16}\)\. It matched the current one\.$/, { useInnerText: true })
    await expect(page.getByTestId('delivery-detail')).not.toContainText(SECRET, { useInnerText: true })

    // Timings of the attempt.
    await expect(byTestId('attempt-timings')).toHaveText(/Started.*\n?.*Took/s, { useInnerText: true })

    // Body as hex: offsets, bytes and ASCII; the choice is remembered.
    await expect(page.getByTestId('delivery-body')).toHaveAttribute('data-mode', 'pretty')
    await page.getByTestId('delivery-body-mode-hex').click()
    await expect(page.getByTestId('delivery-body')).toHaveAttribute('data-mode', 'hex')
    // Beside the list, 8 bytes a row keep the ASCII column in sight; in wide mode, 16.
    await expect(page.getByTestId('delivery-body')).toHaveAttribute('data-row-bytes', '8')
    await expect.poll(async () => (await text('delivery-body')).split('\n')[0]).toMatch(/^00000000 {2}7b( [0-9a-f]{2}){7} {2}\{.{7}$/)
    await page.getByTestId('timeline-split-wide').click()
    await expect(page.getByTestId('delivery-body')).toHaveAttribute('data-row-bytes', '16')
    await expect.poll(async () => (await text('delivery-body')).split('\n')[0]).toMatch(/^00000000 {2}7b ([0-9a-f]{2} ){7} ([0-9a-f]{2} ){7}[0-9a-f]{2} {2}\{.{15}$/)
    await page.getByTestId('timeline-split-wide').click()
    await expect.poll(() => page.evaluate("localStorage.getItem('hookbench.bodyMode')")).toBe('hex')
    await expect(page.getByTestId('delivery-body-mode-hex')).toHaveAttribute('aria-pressed', 'true')

    // Copy as cURL: the exact request, in the clipboard and shown.
    await page.getByTestId('attempt-copy-curl').click()
    await expect.poll(() => text('attempt-curl')).toMatch(/^curl -X POST '/)
    const curl = await text('attempt-curl')
    expect(curl.startsWith(`curl -X POST '${first.url}'`)).toBe(true)
    expect(curl).toContain(`-H 'webhook-id: ${first.id}'`)
    expect(curl).toContain(`--data-raw '${first.body}'`)
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe(curl)

    // Export as fixture: provider, event, the attempt's headers and the payload.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-fixture').click()])
    expect(download.suggestedFilename()).toBe('divshot-release.json')
    const fixture = JSON.parse(readFileSync(await download.path(), 'utf8'))
    expect(fixture).toEqual({ provider: 'divshot', event: 'release', deliveryId: first.id, headers: first.attempts[0]!.headers, body: JSON.parse(first.body), rawBody: first.body })

    await shoot('1440-light', 'signature')

    // Compare with the receiver's capture: same body; the receiver side adds connection headers.
    await page.getByTestId('compare-with').click()
    await expect(page.getByTestId('compare-target')).toHaveValue(/^capture:/)
    await expect(byTestId('compare-request-body')).toHaveText('No differences in the body', { useInnerText: true })
    const headerNames = (kind: string) => page.locator(`[data-testid=compare-request-headers] tbody tr${kind} th`).allInnerTexts()
    await expect.poll(() => headerNames('[data-kind=added]')).toEqual(expect.arrayContaining(['Host', 'Content-Length', 'Connection']))
    await expect(page.locator('[data-testid=compare-request-headers] tbody tr:not([data-kind=added])')).toHaveCount(0)
    // Everything, alike headers too.
    await page.getByTestId('compare-only-diffs').uncheck()
    await expect.poll(() => headerNames('[data-kind=same]')).toContain('webhook-signature')
    await page.getByTestId('compare-only-diffs').check()

    // Compare with the other delivery of the same event: the changed field is listed by path.
    const changedPaths = diffJson(JSON.parse(first.body), JSON.parse(second.body)).map((c) => c.path)
    expect(changedPaths.length).toBeGreaterThan(0)
    await page.getByTestId('compare-target').selectOption(`delivery:${second.id}`)
    await expect(page.locator('[data-testid=compare-request-body] tbody th')).toHaveText(changedPaths, { useInnerText: true })
    await expect(page.locator('[data-testid=compare-request-body] tbody tr').first()).toHaveAttribute('data-kind', 'changed')
    await shoot('1440-light', 'compare')

    // Esc closes the comparison and gives the focus back.
    await page.getByTestId('compare-target').focus()
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('compare-panel')).toHaveCount(0)
    await expect(page.getByTestId('compare-with')).toBeFocused()
    expect(errors).toEqual([])
  })

  test('shows the receiver verdict with the same breakdown, and the body in the remembered view', async () => {
    const { page, errors } = app
    await page.keyboard.press('Control+5')
    await page.locator('[data-testid=captures] tbody tr[data-key]').first().click()
    await expect(page.getByTestId('capture-detail')).toBeVisible()
    await expect(byTestId('verdict')).toContainText('Valid: signed with the current secret.', { useInnerText: true })
    await expect(byTestId('sig-received')).toHaveText(await text('sig-expected'), { useInnerText: true })
    await expect(page.getByTestId('capture-body')).toHaveAttribute('data-mode', 'hex')
    await page.getByTestId('capture-body-mode-pretty').click()
    await expect(byTestId('capture-body')).toContainText('"event": "release"', { useInnerText: true })
    expect(errors).toEqual([])
  })

  test('fits at 1024×700 and in the dark theme', async () => {
    const { page, errors } = app
    await page.keyboard.press('Control+6')
    await page.locator('label:has([data-testid=theme-dark])').click()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await page.keyboard.press('Control+4')
    await row(first.id).click()
    await expect(byTestId('verdict')).toContainText('Valid', { useInnerText: true })
    await shoot('1440-dark', 'signature')
    await page.setViewportSize({ width: 1024, height: 700 })
    await expectNoSidewaysScroll(page.locator('main'), 'horizontal overflow at 1024 px')
    await shoot('1024-dark', 'signature')
    await page.getByTestId('compare-with').click()
    await expect(byTestId('compare-request-body')).toHaveText('No differences in the body', { useInnerText: true })
    await shoot('1024-dark', 'compare')
    await page.keyboard.press('Control+6')
    await page.locator('label:has([data-testid=theme-light])').click()
    await page.keyboard.press('Control+4')
    // At 1024 px the inspector is a drawer over the list's right part: the row is clicked where it shows.
    await row(first.id).click({ position: { x: 40, y: 16 } })
    await expect(byTestId('verdict')).toContainText('Valid', { useInnerText: true })
    await shoot('1024-light', 'signature')
    expect(errors).toEqual([])
  })
})

/** A screenshot with the inspector's `part` scrolled to the top of the detail. */
async function shoot(size: string, part: 'signature' | 'compare') {
  const target = app.page.getByTestId(part === 'signature' ? 'signature' : 'compare-panel')
  await target.evaluate((el) => {
    const detail = el.closest('.split-detail')!
    detail.scrollTop += el.getBoundingClientRect().top - detail.getBoundingClientRect().top - 8
  })
  await shootPage(app.page, `inspector-${part}-${size}`)
}
