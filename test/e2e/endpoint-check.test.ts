import { readFileSync } from 'node:fs'
import { type CheckEndpoint, startCheckEndpoint } from '../support/check-endpoints'
import { expect, expectNoSidewaysScroll, shoot, test, useApp } from './fixtures'

/*
 * The Check view against two handlers running in this test process on 127.0.0.1: a correct one
 * (verifies with the Standard Webhooks library, counts each delivery once) and a naive one
 * (accepts everything).
 */

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const QOVERY_SECRET = 'qovery-s3cr3t-value'
const VERIFICATION_CASES = ['body-altered', 'wrong-secret', 'signature-missing', 'signature-malformed', 'other-scheme', 'timestamp-stale', 'timestamp-future']

const app = useApp({ view: 'check' })
let correct: CheckEndpoint
let naive: CheckEndpoint
let qovery: CheckEndpoint

test.beforeAll(async () => {
  correct = await startCheckEndpoint({ behaviour: 'correct', scheme: 'standard', secret: SECRET, knownEvents: ['deploy.succeeded', 'deploy.started'] })
  naive = await startCheckEndpoint({ behaviour: 'naive', scheme: 'standard', secret: SECRET })
  qovery = await startCheckEndpoint({ behaviour: 'correct', scheme: 'native', secret: QOVERY_SECRET, secretHeader: 'Qovery-Secret' })
})
test.afterAll(async () => {
  await Promise.all([correct?.close(), naive?.close(), qovery?.close()])
})

const rows = () => app.page.getByTestId('check-case')
const caseRow = (id: string) => app.page.locator(`[data-testid=check-case][data-case="${id}"]`)

/** Runs the check and waits until this new one (not the one shown before) has finished. */
async function runCheck() {
  const summary = app.page.getByTestId('check-summary')
  const before = (await summary.count()) > 0 ? await summary.getAttribute('data-check') : null
  await app.page.getByTestId('check-run').click()
  await expect.poll(async () => (await summary.count()) > 0 && (await summary.getAttribute('data-check')) !== before && (await summary.getAttribute('data-state')), { timeout: 20_000 }).toBe('finished')
}

/** Each required case's verdict, by case id. */
const requiredVerdicts = () =>
  rows().evaluateAll((all) =>
    Object.fromEntries(all.filter((row) => row.querySelectorAll('td')[4]?.textContent === 'required').map((row) => [row.getAttribute('data-case'), row.getAttribute('data-verdict')])),
  )

/** The required cases whose verdict is not a pass. */
const requiredNotPassed = async () => Object.entries(await requiredVerdicts()).filter(([, verdict]) => verdict !== 'pass')

test.describe('the endpoint check in the UI', () => {
  test("shows the form's problems on their fields, in its own words", async () => {
    const { page } = app
    await page.getByTestId('check-url').fill('localhost:3000')
    await page.getByTestId('check-tolerance').fill('soon')
    await page.getByTestId('check-run').click()
    await expect(page.getByTestId('check-error-url')).toHaveText("Enter the endpoint's URL, starting with http:// or https://.")
    await expect(page.getByTestId('check-error-tolerance')).toContainText('like 30s, 5m or 1h')
    // No secret and the platform's default scheme: unsigned, which is no error. Standard needs one.
    await expect(page.getByTestId('check-error-secret')).toHaveCount(0)
    await page.getByTestId('check-scheme').selectOption('standard')
    await page.getByTestId('check-run').click()
    await expect(page.getByTestId('check-error-secret')).toContainText('Enter the secret your endpoint verifies with')
    await expect(page.getByTestId('check-url')).toBeFocused()
    await expect(page.locator('.check-form')).not.toContainText('--')
    // A corrected field loses its error; nothing else the user typed changes.
    await page.getByTestId('check-tolerance').fill('5m')
    await expect(page.getByTestId('check-error-tolerance')).toHaveCount(0)
    await expect(page.getByTestId('check-url')).toHaveValue('localhost:3000')
  })

  test('passes every required case of a correct endpoint, filling the table in', async () => {
    const { page } = app
    await page.getByTestId('check-scheme').selectOption('')
    await page.getByTestId('check-url').fill(correct.url)
    await page.getByTestId('check-secret').fill(SECRET)
    await page.getByTestId('check-probe').fill(correct.probe)
    await runCheck()
    await expect
      .poll(async () => Object.keys(await requiredVerdicts()))
      .toEqual(expect.arrayContaining(['valid', ...VERIFICATION_CASES, 'rotated-secrets', 'replay', 'out-of-order', 'unknown-event', 'unknown-field']))
    await expect.poll(requiredNotPassed).toEqual([])
    const count = Object.keys(await requiredVerdicts()).length
    await expect(page.getByTestId('check-summary-text')).toHaveText(`${count} of ${count} required cases passed: the endpoint passes.`)
    await expect(page.getByTestId('check-export-junit')).toBeEnabled()
  })

  test('fails the verification cases of a naive endpoint; a failed case shows why, its request and its answer', async () => {
    const { page } = app
    await page.getByTestId('check-url').fill(naive.url)
    await page.getByTestId('check-probe').fill(naive.probe)
    await runCheck()
    for (const id of VERIFICATION_CASES) await expect(caseRow(id), id).toHaveAttribute('data-verdict', 'fail')
    await expect(caseRow('valid')).toHaveAttribute('data-verdict', 'pass')
    await expect(page.getByTestId('check-summary-text')).toHaveText(/required cases passed: the endpoint fails 8 cases\.$/)

    // From the keyboard: one tab stop, the arrows move, Enter opens.
    // Focusing the table selects its first row.
    await page.getByTestId('check-cases').focus()
    // Past valid and timing.
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    const detail = page.getByTestId('check-detail')
    await expect(detail.locator('h2')).toHaveText('Body altered after signing')
    await expect(page.getByTestId('check-detail-verdict')).toHaveText('fail')
    await expect(page.getByTestId('check-detail-reason')).toContainText('Accepted a request whose body was changed')
    await expect(page.getByTestId('check-detail-fix')).toContainText('raw body')
    await expect.poll(() => page.getByTestId('check-request-headers').locator('th').allTextContents()).toContain('webhook-signature')
    await expect(page.getByTestId('check-request-body')).toContainText('Xeploy.succeeded')
    await expect(page.getByTestId('check-response-status')).toHaveText('200')
    await expect(page.getByTestId('check-response-body')).toContainText('"ok"')

    await page.setViewportSize({ width: 1440, height: 900 })
    await shoot(page, 'check-1440-light')
    // Esc closes the case and gives the focus back to the table.
    await page.getByTestId('check-detail').focus()
    await page.keyboard.press('Escape')
    await expect(detail).toHaveCount(0)
    await expect(page.getByTestId('check-cases')).toBeFocused()
  })

  test('exports the JUnit report of the check shown', async () => {
    const { page } = app
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('check-export-junit').click()])
    expect(download.suggestedFilename()).toMatch(/^hookbench-check-generic-.+\.xml$/)
    const xml = readFileSync(await download.path(), 'utf8')
    expect(xml).toMatch(/^<\?xml version="1.0"/)
    await expect(rows()).toHaveCount(xml.match(/<testcase /g)?.length ?? 0)
    expect(xml).toContain(`failures="${VERIFICATION_CASES.length + 1}"`)
    expect(xml).toContain(naive.url)
  })

  test('checks a subscription with its own secret, shown only as a fingerprint', async () => {
    const { page, serve } = app
    await serve.api('createSubscription', { name: 'Shop on Qovery', url: qovery.url, provider: 'qovery', signing: { scheme: 'native', secret: QOVERY_SECRET } })
    await page.locator('label', { has: page.getByTestId('check-target-subscription') }).click()
    await expect.poll(() => page.getByTestId('check-subscription').locator('option').allTextContents()).toContain('Shop on Qovery')
    await page.getByTestId('check-subscription').selectOption({ label: 'Shop on Qovery' })
    await page.getByTestId('check-probe').fill(qovery.probe)
    await runCheck()
    await expect.poll(requiredNotPassed).toEqual([])
    await rows().first().click()
    const secretHeader = page.getByTestId('check-request-headers').locator('tr', { hasText: 'Qovery-Secret' }).locator('td')
    await expect(secretHeader).toHaveText(/^sha256:[0-9a-f]{16}…$/)
    await expect(page.locator('main')).not.toContainText(QOVERY_SECRET)
    // The URL typed before is still there for the next URL check.
    await page.locator('label', { has: page.getByTestId('check-target-url') }).click()
    await expect(page.getByTestId('check-url')).toHaveValue(naive.url)
  })

  test('fits at 1440×900 and 1024×700, light and dark', async () => {
    const { page, errors } = app
    await page.getByTestId('check-url').fill(naive.url)
    await page.getByTestId('check-probe').fill(naive.probe)
    await runCheck()
    for (const theme of ['light', 'dark'] as const) {
      await page.keyboard.press('Control+6')
      await page.locator('label', { has: page.getByTestId(`theme-${theme}`) }).click()
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
      await page.keyboard.press('Control+7')
      await expect(page.getByTestId('check-summary')).toBeVisible()
      await page.locator('[data-testid=check-case][data-case="signature-missing"]').click()
      for (const size of [{ width: 1440, height: 900 }, { width: 1024, height: 700 }]) {
        await page.setViewportSize(size)
        await expectNoSidewaysScroll(page.locator('main'), `horizontal overflow at ${size.width} px (${theme})`)
        await page.getByTestId('check-form').evaluate((el) => el.scrollIntoView({ block: 'start' }))
        await shoot(page, `check-${size.width}-${theme}-form`)
        await page.getByTestId('check-summary').evaluate((el) => el.scrollIntoView({ block: 'start' }))
        await shoot(page, `check-${size.width}-${theme}`)
        await page.getByTestId('check-detail').scrollIntoViewIfNeeded()
        await shoot(page, `check-${size.width}-${theme}-case`)
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 })
    expect(errors).toEqual([])
  })
})
