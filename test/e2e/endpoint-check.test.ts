import { mkdirSync, readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp } from './app-page'
import { type CheckEndpoint, startCheckEndpoint } from '../support/check-endpoints'
import { type ServeProcess, startServe } from '../support/serve-process'

/*
 * The Check view against two handlers running in this test process on 127.0.0.1: a correct one
 * (verifies with the Standard Webhooks library, counts each delivery once) and a naive one
 * (accepts everything).
 */

const SHOTS = process.env.HOOKBENCH_CHECK_SHOTS ?? '/tmp/shots'
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const QOVERY_SECRET = 'qovery-s3cr3t-value'
const VERIFICATION_CASES = ['body-altered', 'wrong-secret', 'signature-missing', 'signature-malformed', 'other-scheme', 'timestamp-stale', 'timestamp-future']

let browser: Browser
let serve: ServeProcess
let page: Page
let errors: string[] = []
let correct: CheckEndpoint
let naive: CheckEndpoint
let qovery: CheckEndpoint

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  correct = await startCheckEndpoint({ behaviour: 'correct', scheme: 'standard', secret: SECRET, knownEvents: ['deploy.succeeded', 'deploy.started'] })
  naive = await startCheckEndpoint({ behaviour: 'naive', scheme: 'standard', secret: SECRET })
  qovery = await startCheckEndpoint({ behaviour: 'correct', scheme: 'native', secret: QOVERY_SECRET, secretHeader: 'Qovery-Secret' })
  serve = await startServe()
  ;({ browser, page, errors } = await openApp(serve, 'check'))
})
afterAll(async () => {
  await browser?.close()
  await Promise.all([correct?.close(), naive?.close(), qovery?.close()])
  expect(await serve.stop()).toBe(0)
})

const rows = () => page.getByTestId('check-case')
const verdictOf = async (id: string) => page.locator(`[data-testid=check-case][data-case="${id}"]`).getAttribute('data-verdict')
const isFocused = (testId: string) => page.getByTestId(testId).evaluate((el) => el === el.ownerDocument.activeElement)

/** Runs the check and waits until this new one (not the one shown before) has finished. */
async function runCheck() {
  const summary = page.getByTestId('check-summary')
  const before = (await summary.count()) > 0 ? await summary.getAttribute('data-check') : null
  await page.getByTestId('check-run').click()
  await expect.poll(async () => (await summary.count()) > 0 && (await summary.getAttribute('data-check')) !== before && (await summary.getAttribute('data-state')), { timeout: 20_000 }).toBe('finished')
}

/** Each required case's verdict, by case id. */
async function requiredVerdicts(): Promise<Record<string, string | null>> {
  const found: Record<string, string | null> = {}
  for (const row of await rows().all()) {
    if ((await row.locator('td').nth(4).textContent()) === 'required') found[(await row.getAttribute('data-case'))!] = await row.getAttribute('data-verdict')
  }
  return found
}

describe('the endpoint check in the UI', () => {
  it("shows the form's problems on their fields, in its own words", async () => {
    await page.getByTestId('check-url').fill('localhost:3000')
    await page.getByTestId('check-tolerance').fill('soon')
    await page.getByTestId('check-run').click()
    await expect(page.getByTestId('check-error-url').textContent()).resolves.toBe("Enter the endpoint's URL, starting with http:// or https://.")
    await expect(page.getByTestId('check-error-tolerance').textContent()).resolves.toContain('like 30s, 5m or 1h')
    // No secret and the platform's default scheme: unsigned, which is no error. Standard needs one.
    await expect(page.getByTestId('check-error-secret').count()).resolves.toBe(0)
    await page.getByTestId('check-scheme').selectOption('standard')
    await page.getByTestId('check-run').click()
    await expect(page.getByTestId('check-error-secret').textContent()).resolves.toContain('Enter the secret your endpoint verifies with')
    await expect.poll(() => isFocused('check-url')).toBe(true)
    expect(await page.locator('.check-form').textContent()).not.toContain('--')
    // A corrected field loses its error; nothing else the user typed changes.
    await page.getByTestId('check-tolerance').fill('5m')
    await expect(page.getByTestId('check-error-tolerance').count()).resolves.toBe(0)
    await expect(page.getByTestId('check-url').inputValue()).resolves.toBe('localhost:3000')
  })

  it('passes every required case of a correct endpoint, filling the table in', async () => {
    await page.getByTestId('check-scheme').selectOption('')
    await page.getByTestId('check-url').fill(correct.url)
    await page.getByTestId('check-secret').fill(SECRET)
    await page.getByTestId('check-probe').fill(correct.probe)
    await runCheck()
    const verdicts = await requiredVerdicts()
    expect(Object.keys(verdicts)).toEqual(expect.arrayContaining(['valid', ...VERIFICATION_CASES, 'rotated-secrets', 'replay', 'out-of-order', 'unknown-event', 'unknown-field']))
    expect(Object.values(verdicts).every((v) => v === 'pass'), JSON.stringify(verdicts)).toBe(true)
    const count = Object.keys(verdicts).length
    await expect(page.getByTestId('check-summary-text').textContent()).resolves.toBe(`${count} of ${count} required cases passed: the endpoint passes.`)
    await expect(page.getByTestId('check-export-junit').isEnabled()).resolves.toBe(true)
  })

  it('fails the verification cases of a naive endpoint; a failed case shows why, its request and its answer', async () => {
    await page.getByTestId('check-url').fill(naive.url)
    await page.getByTestId('check-probe').fill(naive.probe)
    await runCheck()
    for (const id of VERIFICATION_CASES) expect(await verdictOf(id), id).toBe('fail')
    expect(await verdictOf('valid')).toBe('pass')
    await expect(page.getByTestId('check-summary-text').textContent()).resolves.toMatch(/required cases passed: the endpoint fails 8 cases\.$/)

    // From the keyboard: one tab stop, the arrows move, Enter opens.
    // Focusing the table selects its first row.
    await page.getByTestId('check-cases').focus()
    // Past valid and timing.
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    const detail = page.getByTestId('check-detail')
    await expect(detail.locator('h2').textContent()).resolves.toBe('Body altered after signing')
    await expect(page.getByTestId('check-detail-verdict').textContent()).resolves.toBe('fail')
    await expect(page.getByTestId('check-detail-reason').textContent()).resolves.toContain('Accepted a request whose body was changed')
    await expect(page.getByTestId('check-detail-fix').textContent()).resolves.toContain('raw body')
    await expect(page.getByTestId('check-request-headers').locator('th').allTextContents()).resolves.toContain('webhook-signature')
    await expect(page.getByTestId('check-request-body').textContent()).resolves.toContain('Xeploy.succeeded')
    await expect(page.getByTestId('check-response-status').textContent()).resolves.toBe('200')
    await expect(page.getByTestId('check-response-body').textContent()).resolves.toContain('"ok"')

    await page.setViewportSize({ width: 1440, height: 900 })
    await page.screenshot({ path: `${SHOTS}/check-1440-light.png` })
    // Esc closes the case and gives the focus back to the table.
    await page.getByTestId('check-detail').focus()
    await page.keyboard.press('Escape')
    await expect(detail.count()).resolves.toBe(0)
    await expect.poll(() => isFocused('check-cases')).toBe(true)
  })

  it('exports the JUnit report of the check shown', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('check-export-junit').click()])
    expect(download.suggestedFilename()).toMatch(/^hookbench-check-generic-.+\.xml$/)
    const xml = readFileSync((await download.path())!, 'utf8')
    expect(xml).toMatch(/^<\?xml version="1.0"/)
    expect(xml.match(/<testcase /g)?.length).toBe(await rows().count())
    expect(xml).toContain(`failures="${VERIFICATION_CASES.length + 1}"`)
    expect(xml).toContain(naive.url)
  })

  it("checks a subscription with its own secret, shown only as a fingerprint", async () => {
    await serve.api('createSubscription', { name: 'Shop on Qovery', url: qovery.url, provider: 'qovery', signing: { scheme: 'native', secret: QOVERY_SECRET } })
    await page.locator('label', { has: page.getByTestId('check-target-subscription') }).click()
    await expect.poll(() => page.getByTestId('check-subscription').locator('option').allTextContents()).toContain('Shop on Qovery')
    await page.getByTestId('check-subscription').selectOption({ label: 'Shop on Qovery' })
    await page.getByTestId('check-probe').fill(qovery.probe)
    await runCheck()
    const verdicts = await requiredVerdicts()
    expect(Object.values(verdicts).every((v) => v === 'pass'), JSON.stringify(verdicts)).toBe(true)
    await rows().first().click()
    const secretHeader = page.getByTestId('check-request-headers').locator('tr', { hasText: 'Qovery-Secret' }).locator('td')
    await expect(secretHeader.textContent()).resolves.toMatch(/^sha256:[0-9a-f]{16}…$/)
    expect(await page.locator('main').textContent()).not.toContain(QOVERY_SECRET)
    // The URL typed before is still there for the next URL check.
    await page.locator('label', { has: page.getByTestId('check-target-url') }).click()
    await expect(page.getByTestId('check-url').inputValue()).resolves.toBe(naive.url)
  })

  it('fits at 1440×900 and 1024×700, light and dark', async () => {
    await page.getByTestId('check-url').fill(naive.url)
    await page.getByTestId('check-probe').fill(naive.probe)
    await runCheck()
    for (const theme of ['light', 'dark'] as const) {
      await page.keyboard.press('Control+6')
      await page.locator('label', { has: page.getByTestId(`theme-${theme}`) }).click()
      await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe(theme)
      await page.keyboard.press('Control+7')
      await page.getByTestId('check-summary').waitFor()
      await page.locator('[data-testid=check-case][data-case="signature-missing"]').click()
      for (const size of [{ width: 1440, height: 900 }, { width: 1024, height: 700 }]) {
        await page.setViewportSize(size)
        const overflow = await page.locator('main').evaluate((main) => main.scrollWidth - main.clientWidth)
        expect(overflow, `horizontal overflow at ${size.width} px (${theme})`).toBeLessThanOrEqual(0)
        await page.getByTestId('check-form').evaluate((el) => el.scrollIntoView({ block: 'start' }))
        await page.screenshot({ path: `${SHOTS}/check-${size.width}-${theme}-form.png` })
        await page.getByTestId('check-summary').evaluate((el) => el.scrollIntoView({ block: 'start' }))
        await page.screenshot({ path: `${SHOTS}/check-${size.width}-${theme}.png` })
        await page.getByTestId('check-detail').scrollIntoViewIfNeeded()
        await page.screenshot({ path: `${SHOTS}/check-${size.width}-${theme}-case.png` })
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 })
    expect(errors).toEqual([])
  })
})
