import { mkdirSync, mkdtempSync } from 'node:fs'
import { type Server, type ServerResponse, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp } from './app-page'
import { type CheckEndpoint, startCheckEndpoint } from '../support/check-endpoints'
import { runCliCaptured } from '../support/run-cli'
import { type ServeProcess, startServe } from '../support/serve-process'

/*
 * The Check view's platform options, Cancel, the checks kept in the data directory (one of them
 * made by `hookbench check --data-dir` before the app started) and the Subscriptions view's
 * "Check this endpoint", against handlers running in this test process on 127.0.0.1.
 */

const SHOTS = process.env.HOOKBENCH_CHECK_SHOTS ?? '/tmp/shots'
const CHARLES_KEY = 'charles-app-key-1'
const QOVERY_SECRET = 'qovery-signature-secret'

/** The event of a CharlesCD hermes-wire body: JSON in a JSON string in `content`. */
function isHermesWire(body: string): boolean {
  try {
    const content = (JSON.parse(body) as { content?: unknown }).content
    return typeof content === 'string' && typeof (JSON.parse(JSON.parse(content) as string) as { type?: unknown }).type === 'string'
  } catch {
    return false
  }
}

let browser: Browser
let serve: ServeProcess
let page: Page
let errors: string[] = []
let hermes: CheckEndpoint
let qovery: CheckEndpoint
let hanging: { url: string; held: Set<ServerResponse>; server: Server }
let cliCheckUrl = ''

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  hermes = await startCheckEndpoint({ behaviour: 'correct', scheme: 'native', secret: CHARLES_KEY, secretHeader: 'X-Application-Key', accepts: isHermesWire })
  qovery = await startCheckEndpoint({ behaviour: 'correct', scheme: 'native', secret: QOVERY_SECRET, secretHeader: 'Qovery-Signature' })
  // Answers the first request of a check, then never again: only Cancel ends the check.
  const held = new Set<ServerResponse>()
  let answered = 0
  const server = createServer((request, response) => {
    request.resume()
    if (answered++ === 0) response.writeHead(200).end('ok')
    else held.add(response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  hanging = { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks`, held, server }

  // A check made from the command line into the data directory the app then opens.
  const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-e2e-checks-'))
  cliCheckUrl = `${qovery.url}?from=cli`
  const cli = await runCliCaptured(['check', cliCheckUrl, '--provider', 'qovery', `--secret=${QOVERY_SECRET}`, '--secret-header', 'Qovery-Signature', '--data-dir', dataDir], { cwd: dataDir })
  expect(cli.code, cli.stdout + cli.stderr).toBe(0)
  serve = await startServe([], dataDir)
  ;({ browser, page, errors } = await openApp(serve, 'check'))
})
afterAll(async () => {
  await browser?.close()
  for (const response of hanging?.held ?? []) response.destroy()
  await new Promise<void>((resolve) => (hanging ? hanging.server.close(() => resolve()) : resolve()))
  await Promise.all([hermes?.close(), qovery?.close()])
  expect(await serve.stop()).toBe(0)
})

const summary = () => page.getByTestId('check-summary')
const historyRows = () => page.getByTestId('check-history-row')

/** Runs the check and waits until this new one (not the one shown before) reaches `state`. */
async function runCheck(state = 'finished') {
  const before = (await summary().count()) > 0 ? await summary().getAttribute('data-check') : null
  await page.getByTestId('check-run').click()
  await expect.poll(async () => (await summary().count()) > 0 && (await summary().getAttribute('data-check')) !== before && (await summary().getAttribute('data-state')), { timeout: 20_000 }).toBe(state)
}

const failedCases = () => page.locator('[data-testid=check-case][data-verdict=fail]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case')))

describe('the Check view: options, Cancel, history, and a subscription\'s "Check this endpoint"', () => {
  it('lists the check hookbench check --data-dir kept before the app started, and opens it', async () => {
    await expect.poll(() => historyRows().count()).toBe(1)
    const row = historyRows().first()
    await expect(row.getAttribute('data-state')).resolves.toBe('finished')
    await expect(row.textContent()).resolves.toContain(cliCheckUrl)
    await row.getByTestId('check-history-open').click()
    await expect.poll(() => summary().getAttribute('data-state')).toBe('finished')
    await expect(page.locator('.check-target-line').textContent()).resolves.toContain(cliCheckUrl)
    await expect(page.getByTestId('check-summary-text').textContent()).resolves.toMatch(/required cases passed: the endpoint passes\.$/)
    // Its requests were kept too, the secret as a fingerprint.
    await page.locator('[data-testid=check-case][data-case="valid"]').click()
    const secretHeader = page.getByTestId('check-request-headers').locator('tr', { hasText: 'Qovery-Signature' }).locator('td')
    await expect(secretHeader.textContent()).resolves.toMatch(/^sha256:[0-9a-f]{16}…$/)
    expect(await page.locator('main').textContent()).not.toContain(QOVERY_SECRET)
  })

  it("offers the platform's options, as the subscription form does: a hermes-wire-only handler passes with format hermes-wire", async () => {
    await page.getByTestId('check-provider').selectOption('charlescd')
    await page.getByTestId('check-url').fill(hermes.url)
    await page.getByTestId('check-secret').fill(CHARLES_KEY)
    await page.getByTestId('check-probe').fill(hermes.probe)
    const options = page.getByTestId('check-options')
    await expect(options.getByTestId('check-option-format').inputValue()).resolves.toBe('documented')
    await expect(options.getByTestId('check-option-workspaceId').count()).resolves.toBe(1)
    // The documented format is not what this handler reads.
    await runCheck()
    expect(await failedCases()).toContain('valid')
    await options.getByTestId('check-option-format').selectOption('hermes-wire')
    await runCheck()
    expect(await failedCases()).toEqual([])
    await expect(page.getByTestId('check-summary').getAttribute('data-state')).resolves.toBe('finished')
    await page.locator('[data-testid=check-case][data-case="valid"]').click()
    await expect(page.getByTestId('check-request-body').textContent()).resolves.toContain('"content"')
    // Another platform's options do not carry over.
    await page.getByTestId('check-provider').selectOption('qovery')
    await expect(page.getByTestId('check-option-kind').inputValue()).resolves.toBe('STANDARD')
    await expect(page.getByTestId('check-option-format').count()).resolves.toBe(0)
    await page.getByTestId('check-provider').selectOption('charlescd')
    await expect(page.getByTestId('check-option-format').inputValue()).resolves.toBe('documented')
  })

  it('cancels a running check: the request in flight is abandoned, the cases judged so far stay, the rest say "not run"', async () => {
    await page.getByTestId('check-provider').selectOption('generic')
    await page.getByTestId('check-url').fill(hanging.url)
    await page.getByTestId('check-secret').fill('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')
    await page.getByTestId('check-probe').fill('')
    await runCheck('running')
    await expect.poll(() => hanging.held.size, { timeout: 10_000 }).toBe(1)
    await expect.poll(() => page.locator('[data-testid=check-case][data-verdict=pass]').count()).toBe(1)
    await page.getByTestId('check-cancel').click()
    await expect.poll(() => summary().getAttribute('data-state')).toBe('cancelled')
    await expect(page.getByTestId('check-summary-text').textContent()).resolves.toMatch(/^Cancelled after 1 of \d+ cases: 1 of \d+ required cases passed before it stopped; no verdict on the endpoint\.$/)
    await expect(page.getByTestId('check-cancel').count()).resolves.toBe(0)
    await expect(page.getByTestId('check-run').isEnabled()).resolves.toBe(true)
    await expect(page.locator('[data-testid=check-case][data-verdict=stopped]').count()).resolves.toBeGreaterThan(5)
    await expect(page.getByTestId('check-export-junit').isEnabled()).resolves.toBe(false)
    // Kept, as cancelled: the history lists it first.
    await expect.poll(() => historyRows().first().getAttribute('data-state')).toBe('cancelled')
    await expect(historyRows().count()).resolves.toBe(4)
  })

  it('"Check this endpoint" on a subscription opens the Check view filled in with it', async () => {
    const subscription = await serve.api<{ id: string }>('createSubscription', {
      name: 'Shop on Qovery',
      url: qovery.url,
      provider: 'qovery',
      options: { secretHeader: 'Qovery-Signature' },
      signing: { scheme: 'native', secret: QOVERY_SECRET },
    })
    await page.keyboard.press('Control+3')
    await page.getByTestId('check-Shop on Qovery').click()
    await expect.poll(() => page.locator('#page-title').textContent()).toBe('Check')
    await expect(page.getByTestId('check-target-subscription').isChecked()).resolves.toBe(true)
    await expect(page.getByTestId('check-subscription').inputValue()).resolves.toBe(subscription.id)
    await expect(page.locator('.check-form').textContent()).resolves.toContain('secretHeader Qovery-Signature')
    await page.getByTestId('check-probe').fill(qovery.probe)
    await runCheck()
    expect(await failedCases()).toEqual([])
    await expect(page.locator('.check-target-line').textContent()).resolves.toContain('Shop on Qovery: ')
    // What the user typed for a URL check is still there.
    await page.locator('label', { has: page.getByTestId('check-target-url') }).click()
    await expect(page.getByTestId('check-url').inputValue()).resolves.toBe(hanging.url)
    await page.locator('label', { has: page.getByTestId('check-target-subscription') }).click()
  })

  it('fits at 1440×900 and 1024×700, light and dark', async () => {
    // A check with a failure and a long fix (raw bytes) to look at, on a platform with an option.
    const naive = await startCheckEndpoint({ behaviour: 'reserialising', scheme: 'stripe', secret: 'whsec_simulator_stripe_style' })
    try {
      await page.locator('label', { has: page.getByTestId('check-target-url') }).click()
      await page.getByTestId('check-provider').selectOption('divshot')
      await page.getByTestId('check-scheme').selectOption('stripe')
      await page.getByTestId('check-secret').fill('whsec_simulator_stripe_style')
      await page.getByTestId('check-option-app').fill('shop-front')
      await page.getByTestId('check-url').fill(naive.url)
      await page.getByTestId('check-probe').fill(naive.probe)
      await runCheck()
      expect(await failedCases()).toEqual(['raw-bytes'])
      for (const theme of ['light', 'dark'] as const) {
        await page.keyboard.press('Control+6')
        await page.locator('label', { has: page.getByTestId(`theme-${theme}`) }).click()
        await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe(theme)
        await page.keyboard.press('Control+7')
        await summary().waitFor()
        await page.locator('[data-testid=check-case][data-case="raw-bytes"]').click()
        await expect(page.getByTestId('check-detail-fix').locator('li').count()).resolves.toBeGreaterThanOrEqual(5)
        for (const size of [
          { width: 1440, height: 900 },
          { width: 1024, height: 700 },
        ]) {
          await page.setViewportSize(size)
          const overflow = await page.locator('main').evaluate((main) => main.scrollWidth - main.clientWidth)
          expect(overflow, `horizontal overflow at ${size.width} px (${theme})`).toBeLessThanOrEqual(0)
          await page.getByTestId('check-form').evaluate((el) => el.scrollIntoView({ block: 'start' }))
          await page.screenshot({ path: `${SHOTS}/check-options-${size.width}-${theme}-form.png` })
          await page.getByTestId('check-detail').scrollIntoViewIfNeeded()
          await page.screenshot({ path: `${SHOTS}/check-options-${size.width}-${theme}-case.png` })
          await page.getByTestId('check-history').scrollIntoViewIfNeeded()
          await page.screenshot({ path: `${SHOTS}/check-options-${size.width}-${theme}-history.png` })
        }
      }
      // The subscriptions' row actions, "Check" among them.
      await page.keyboard.press('Control+3')
      for (const width of [1440, 1024]) {
        await page.setViewportSize({ width, height: 800 })
        await page.getByTestId('subscriptions').scrollIntoViewIfNeeded()
        await page.screenshot({ path: `${SHOTS}/check-options-subscriptions-${width}-dark.png` })
      }
      await page.setViewportSize({ width: 1440, height: 900 })
    } finally {
      await naive.close()
    }
    expect(errors).toEqual([])
  })
})
