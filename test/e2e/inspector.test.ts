import { mkdirSync, readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Delivery } from '../../src/shared/schemas/delivery'
import { diffJson } from '../../src/renderer/src/views/timeline/attempt-diff'
import { openApp } from './app-page'
import { type ServeProcess, startServe } from '../support/serve-process'

const SHOTS = '/tmp/shots'
const SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='

let browser: Browser
let serve: ServeProcess
let page: Page
let errors: string[] = []
let first: Delivery
let second: Delivery
let subscriptionId: string

/** Two `release` events to the signed subscription, each delivered once. */
async function fire(): Promise<Delivery> {
  const fired = await serve.api<{ deliveries: { id: string }[] }>('fireEvent', { provider: 'divshot', event: 'release', subscriptionIds: [subscriptionId] })
  const id = fired.deliveries[0]!.id
  await expect.poll(async () => (await serve.api<Delivery>('getDelivery', { id })).status, { timeout: 15_000 }).toBe('delivered')
  return serve.api<Delivery>('getDelivery', { id })
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  serve = await startServe()
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
  ;({ browser, page, errors } = await openApp(serve, 'timeline', { permissions: ['clipboard-read', 'clipboard-write'] }))
})
afterAll(async () => {
  await browser?.close()
  expect(await serve.stop()).toBe(0)
})

const row = (id: string) => page.locator(`[data-testid=deliveries] tbody tr[data-key="${id}"]`)
const text = (testId: string) => page.getByTestId(testId).first().innerText()

describe('the delivery inspector', () => {
  it('explains the signature, shows the body in hex, copies cURL, exports a fixture and compares', async () => {
    first = await fire()
    second = await fire()
    await row(first.id).click()
    await page.getByTestId('delivery-detail').waitFor()

    // The signature, re-verified: valid, what was signed, expected and received side by side.
    await expect.poll(() => text('verdict')).toContain('Valid: signed with the current secret.')
    const signed = await text('signed-content')
    const timestamp = first.attempts[0]!.headers.find(([n]) => n === 'webhook-timestamp')![1]
    expect(signed).toBe(`${first.id}.${timestamp}.${first.body}`)
    const expected = await page.getByTestId('sig-expected').first().innerText()
    expect(expected).toMatch(/^v1,/)
    await expect(page.getByTestId('sig-received').first().innerText()).resolves.toBe(expected)
    await expect(page.locator('[data-testid=signature-table] tbody tr').first().getAttribute('data-matches')).resolves.toBe('true')
    await expect(text('signature-secrets')).resolves.toMatch(/^Checked with the current secret \(fingerprint [0-9a-f]{16}\)\. It matched the current one\.$/)
    await expect(page.getByTestId('delivery-detail').innerText()).resolves.not.toContain(SECRET)

    // Timings of the attempt.
    await expect(text('attempt-timings')).resolves.toMatch(/Started.*\n?.*Took/s)

    // Body as hex: offsets, bytes and ASCII; the choice is remembered.
    await expect(page.getByTestId('delivery-body').getAttribute('data-mode')).resolves.toBe('pretty')
    await page.getByTestId('delivery-body-mode-hex').click()
    await expect.poll(() => page.getByTestId('delivery-body').getAttribute('data-mode')).toBe('hex')
    // Beside the list, 8 bytes a row keep the ASCII column in sight; in wide mode, 16.
    await expect.poll(() => page.getByTestId('delivery-body').getAttribute('data-row-bytes')).toBe('8')
    expect((await text('delivery-body')).split('\n')[0]).toMatch(/^00000000 {2}7b( [0-9a-f]{2}){7} {2}\{.{7}$/)
    await page.getByTestId('timeline-split-wide').click()
    await expect.poll(() => page.getByTestId('delivery-body').getAttribute('data-row-bytes')).toBe('16')
    const hex = await text('delivery-body')
    expect(hex.split('\n')[0]).toMatch(/^00000000 {2}7b ([0-9a-f]{2} ){7} ([0-9a-f]{2} ){7}[0-9a-f]{2} {2}\{.{15}$/)
    await page.getByTestId('timeline-split-wide').click()
    await expect(page.evaluate("localStorage.getItem('hookbench.bodyMode')")).resolves.toBe('hex')
    await expect(page.getByTestId('delivery-body-mode-hex').getAttribute('aria-pressed')).resolves.toBe('true')

    // Copy as cURL: the exact request, in the clipboard and shown.
    await page.getByTestId('attempt-copy-curl').click()
    const curl = await text('attempt-curl')
    expect(curl.startsWith(`curl -X POST '${first.url}'`)).toBe(true)
    expect(curl).toContain(`-H 'webhook-id: ${first.id}'`)
    expect(curl).toContain(`--data-raw '${first.body}'`)
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe(curl)

    // Export as fixture: provider, event, the attempt's headers and the payload.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-fixture').click()])
    expect(download.suggestedFilename()).toBe('divshot-release.json')
    const fixture = JSON.parse(readFileSync((await download.path())!, 'utf8'))
    expect(fixture).toEqual({ provider: 'divshot', event: 'release', deliveryId: first.id, headers: first.attempts[0]!.headers, body: JSON.parse(first.body), rawBody: first.body })

    await shoot('1440-light', 'signature')

    // Compare with the receiver's capture: same body; the receiver side adds connection headers.
    await page.getByTestId('compare-with').click()
    await expect.poll(() => page.getByTestId('compare-target').inputValue()).toMatch(/^capture:/)
    await expect.poll(() => text('compare-request-body')).toBe('No differences in the body')
    const added = await page.locator('[data-testid=compare-request-headers] tbody tr[data-kind=added] th').allInnerTexts()
    expect(added).toEqual(expect.arrayContaining(['Host', 'Content-Length', 'Connection']))
    await expect(page.locator('[data-testid=compare-request-headers] tbody tr:not([data-kind=added])').count()).resolves.toBe(0)
    // Everything, alike headers too.
    await page.getByTestId('compare-only-diffs').uncheck()
    await expect.poll(() => page.locator('[data-testid=compare-request-headers] tbody tr[data-kind=same] th').allInnerTexts()).toContain('webhook-signature')
    await page.getByTestId('compare-only-diffs').check()

    // Compare with the other delivery of the same event: the changed field is listed by path.
    const changedPaths = diffJson(JSON.parse(first.body), JSON.parse(second.body)).map((c) => c.path)
    expect(changedPaths.length).toBeGreaterThan(0)
    await page.getByTestId('compare-target').selectOption(`delivery:${second.id}`)
    await expect.poll(() => page.locator('[data-testid=compare-request-body] tbody th').allInnerTexts()).toEqual(changedPaths)
    await expect(page.locator('[data-testid=compare-request-body] tbody tr').first().getAttribute('data-kind')).resolves.toBe('changed')
    await shoot('1440-light', 'compare')

    // Esc closes the comparison and gives the focus back.
    await page.getByTestId('compare-target').focus()
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('compare-panel').count()).resolves.toBe(0)
    await expect(page.getByTestId('compare-with').evaluate((el) => el.matches(':focus'))).resolves.toBe(true)
    expect(errors).toEqual([])
  })

  it('shows the receiver verdict with the same breakdown, and the body in the remembered view', async () => {
    await page.keyboard.press('Control+5')
    await page.locator('[data-testid=captures] tbody tr[data-key]').first().click()
    await page.getByTestId('capture-detail').waitFor()
    await expect.poll(() => text('verdict')).toContain('Valid: signed with the current secret.')
    await expect(page.getByTestId('sig-received').first().innerText()).resolves.toBe(await page.getByTestId('sig-expected').first().innerText())
    await expect(page.getByTestId('capture-body').getAttribute('data-mode')).resolves.toBe('hex')
    await page.getByTestId('capture-body-mode-pretty').click()
    await expect(text('capture-body')).resolves.toContain('"event": "release"')
    expect(errors).toEqual([])
  })

  it('fits at 1024×700 and in the dark theme', async () => {
    await page.keyboard.press('Control+6')
    await page.locator('label:has([data-testid=theme-dark])').click()
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark')
    await page.keyboard.press('Control+4')
    await row(first.id).click()
    await expect.poll(() => text('verdict')).toContain('Valid')
    await shoot('1440-dark', 'signature')
    await page.setViewportSize({ width: 1024, height: 700 })
    const overflow = await page.locator('main').evaluate((main) => main.scrollWidth - main.clientWidth)
    expect(overflow, 'horizontal overflow at 1024 px').toBeLessThanOrEqual(0)
    await shoot('1024-dark', 'signature')
    await page.getByTestId('compare-with').click()
    await expect.poll(() => text('compare-request-body')).toBe('No differences in the body')
    await shoot('1024-dark', 'compare')
    await page.keyboard.press('Control+6')
    await page.locator('label:has([data-testid=theme-light])').click()
    await page.keyboard.press('Control+4')
    // At 1024 px the inspector is a drawer over the list's right part: the row is clicked where it shows.
    await row(first.id).click({ position: { x: 40, y: 16 } })
    await expect.poll(() => text('verdict')).toContain('Valid')
    await shoot('1024-light', 'signature')
    expect(errors).toEqual([])
  })
})

/** A screenshot with the inspector's `part` scrolled to the top of the detail. */
async function shoot(size: string, part: 'signature' | 'compare') {
  const target = page.getByTestId(part === 'signature' ? 'signature' : 'compare-panel')
  await target.evaluate((el) => {
    const detail = el.closest('.split-detail')!
    detail.scrollTop += el.getBoundingClientRect().top - detail.getBoundingClientRect().top - 8
  })
  await page.screenshot({ path: `${SHOTS}/inspector-${part}-${size}.png` })
}
