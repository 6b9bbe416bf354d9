import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { type Server, type ServerResponse, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type CheckEndpoint, startCheckEndpoint } from '../support/check-endpoints'
import { CLI_PATH } from '../support/paths'
import { expect, expectNoSidewaysScroll, shoot, test, useApp } from './fixtures'

/*
 * The Check view's platform options, Cancel, the checks kept in the data directory (one of them
 * made by `hookbench check --data-dir` before the app started) and the Subscriptions view's
 * "Check this endpoint", against handlers running in this test process on 127.0.0.1.
 */

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

/** The built `hookbench` with `args` in `cwd`, as a user runs it (asynchronously: the handlers it checks answer from this process). */
function hookbench(args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI_PATH, ...args], { cwd, env: { ...process.env, CI: 'true' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    )
  })
}

let hermes: CheckEndpoint
let qovery: CheckEndpoint
let hanging: { url: string; held: Set<ServerResponse>; server: Server }
let cliCheckUrl = ''

// Before the app's serve starts: the handlers, and a check the CLI keeps in the data directory.
test.beforeAll(async () => {
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
})
test.afterAll(async () => {
  for (const response of hanging?.held ?? []) response.destroy()
  await new Promise<void>((resolve) => (hanging ? hanging.server.close(() => resolve()) : resolve()))
  await Promise.all([hermes?.close(), qovery?.close()])
})

const app = useApp({
  view: 'check',
  dataDir: async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-e2e-checks-'))
    cliCheckUrl = `${qovery.url}?from=cli`
    const cli = await hookbench(['check', cliCheckUrl, '--provider', 'qovery', `--secret=${QOVERY_SECRET}`, '--secret-header', 'Qovery-Signature', '--data-dir', dataDir], dataDir)
    expect(cli.code, cli.output).toBe(0)
    return dataDir
  },
})

const summary = () => app.page.getByTestId('check-summary')
const historyRows = () => app.page.getByTestId('check-history-row')

/** Runs the check and waits until this new one (not the one shown before) reaches `state`. */
async function runCheck(state = 'finished') {
  const before = (await summary().count()) > 0 ? await summary().getAttribute('data-check') : null
  await app.page.getByTestId('check-run').click()
  await expect.poll(async () => (await summary().count()) > 0 && (await summary().getAttribute('data-check')) !== before && (await summary().getAttribute('data-state')), { timeout: 20_000 }).toBe(state)
}

const failedCases = () => app.page.locator('[data-testid=check-case][data-verdict=fail]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case')))

test.describe('the Check view: options, Cancel, history, and a subscription\'s "Check this endpoint"', () => {
  test('lists the check hookbench check --data-dir kept before the app started, and opens it', async () => {
    const { page } = app
    await expect(historyRows()).toHaveCount(1)
    const row = historyRows().first()
    await expect(row).toHaveAttribute('data-state', 'finished')
    await expect(row).toContainText(cliCheckUrl)
    await row.getByTestId('check-history-open').click()
    await expect(summary()).toHaveAttribute('data-state', 'finished')
    await expect(page.locator('.check-target-line')).toContainText(cliCheckUrl)
    await expect(page.getByTestId('check-summary-text')).toHaveText(/required cases passed: the endpoint passes\.$/)
    // Its requests were kept too, the secret as a fingerprint.
    await page.locator('[data-testid=check-case][data-case="valid"]').click()
    const secretHeader = page.getByTestId('check-request-headers').locator('tr', { hasText: 'Qovery-Signature' }).locator('td')
    await expect(secretHeader).toHaveText(/^sha256:[0-9a-f]{16}…$/)
    await expect(page.locator('main')).not.toContainText(QOVERY_SECRET)
  })

  test("offers the platform's options, as the subscription form does: a hermes-wire-only handler passes with format hermes-wire", async () => {
    const { page } = app
    await page.getByTestId('check-provider').selectOption('charlescd')
    await page.getByTestId('check-url').fill(hermes.url)
    await page.getByTestId('check-secret').fill(CHARLES_KEY)
    await page.getByTestId('check-probe').fill(hermes.probe)
    const options = page.getByTestId('check-options')
    await expect(options.getByTestId('check-option-format')).toHaveValue('documented')
    await expect(options.getByTestId('check-option-workspaceId')).toHaveCount(1)
    // The documented format is not what this handler reads.
    await runCheck()
    await expect.poll(failedCases).toContain('valid')
    await options.getByTestId('check-option-format').selectOption('hermes-wire')
    await runCheck()
    await expect.poll(failedCases).toEqual([])
    await expect(summary()).toHaveAttribute('data-state', 'finished')
    await page.locator('[data-testid=check-case][data-case="valid"]').click()
    await expect(page.getByTestId('check-request-body')).toContainText('"content"')
    // Another platform's options do not carry over.
    await page.getByTestId('check-provider').selectOption('qovery')
    await expect(page.getByTestId('check-option-kind')).toHaveValue('STANDARD')
    await expect(page.getByTestId('check-option-format')).toHaveCount(0)
    await page.getByTestId('check-provider').selectOption('charlescd')
    await expect(page.getByTestId('check-option-format')).toHaveValue('documented')
  })

  test('cancels a running check: the request in flight is abandoned, the cases judged so far stay, the rest say "not run"', async () => {
    const { page } = app
    await page.getByTestId('check-provider').selectOption('generic')
    await page.getByTestId('check-url').fill(hanging.url)
    await page.getByTestId('check-secret').fill('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')
    await page.getByTestId('check-probe').fill('')
    await runCheck('running')
    await expect.poll(() => hanging.held.size, { timeout: 10_000 }).toBe(1)
    await expect(page.locator('[data-testid=check-case][data-verdict=pass]')).toHaveCount(1)
    await page.getByTestId('check-cancel').click()
    await expect(summary()).toHaveAttribute('data-state', 'cancelled')
    await expect(page.getByTestId('check-summary-text')).toHaveText(/^Cancelled after 1 of \d+ cases: 1 of \d+ required cases passed before it stopped; no verdict on the endpoint\.$/)
    await expect(page.getByTestId('check-cancel')).toHaveCount(0)
    await expect(page.getByTestId('check-run')).toBeEnabled()
    await expect.poll(() => page.locator('[data-testid=check-case][data-verdict=stopped]').count()).toBeGreaterThan(5)
    await expect(page.getByTestId('check-export-junit')).toBeDisabled()
    // Kept, as cancelled: the history lists it first.
    await expect(historyRows().first()).toHaveAttribute('data-state', 'cancelled')
    await expect(historyRows()).toHaveCount(4)
  })

  test('"Check this endpoint" on a subscription opens the Check view filled in with it', async () => {
    const { page, serve } = app
    const subscription = await serve.api<{ id: string }>('createSubscription', {
      name: 'Shop on Qovery',
      url: qovery.url,
      provider: 'qovery',
      options: { secretHeader: 'Qovery-Signature' },
      signing: { scheme: 'native', secret: QOVERY_SECRET },
    })
    await page.keyboard.press('Control+3')
    await page.getByTestId('check-Shop on Qovery').click()
    await expect(page.locator('#page-title')).toHaveText('Check')
    await expect(page.getByTestId('check-target-subscription')).toBeChecked()
    await expect(page.getByTestId('check-subscription')).toHaveValue(subscription.id)
    await expect(page.locator('.check-form')).toContainText('secretHeader Qovery-Signature')
    await page.getByTestId('check-probe').fill(qovery.probe)
    await runCheck()
    await expect.poll(failedCases).toEqual([])
    await expect(page.locator('.check-target-line')).toContainText('Shop on Qovery: ')
    // What the user typed for a URL check is still there.
    await page.locator('label', { has: page.getByTestId('check-target-url') }).click()
    await expect(page.getByTestId('check-url')).toHaveValue(hanging.url)
    await page.locator('label', { has: page.getByTestId('check-target-subscription') }).click()
  })

  test('fits at 1440×900 and 1024×700, light and dark', async () => {
    const { page, errors } = app
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
      await expect.poll(failedCases).toEqual(['raw-bytes'])
      for (const theme of ['light', 'dark'] as const) {
        await page.keyboard.press('Control+6')
        await page.locator('label', { has: page.getByTestId(`theme-${theme}`) }).click()
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
        await page.keyboard.press('Control+7')
        await expect(summary()).toBeVisible()
        await page.locator('[data-testid=check-case][data-case="raw-bytes"]').click()
        await expect.poll(() => page.getByTestId('check-detail-fix').locator('li').count()).toBeGreaterThanOrEqual(5)
        for (const size of [
          { width: 1440, height: 900 },
          { width: 1024, height: 700 },
        ]) {
          await page.setViewportSize(size)
          await expectNoSidewaysScroll(page.locator('main'), `horizontal overflow at ${size.width} px (${theme})`)
          await page.getByTestId('check-form').evaluate((el) => el.scrollIntoView({ block: 'start' }))
          await shoot(page, `check-options-${size.width}-${theme}-form`)
          await page.getByTestId('check-detail').scrollIntoViewIfNeeded()
          await shoot(page, `check-options-${size.width}-${theme}-case`)
          await page.getByTestId('check-history').scrollIntoViewIfNeeded()
          await shoot(page, `check-options-${size.width}-${theme}-history`)
        }
      }
      // The subscriptions' row actions, "Check" among them.
      await page.keyboard.press('Control+3')
      for (const width of [1440, 1024]) {
        await page.setViewportSize({ width, height: 800 })
        await page.getByTestId('subscriptions').scrollIntoViewIfNeeded()
        await shoot(page, `check-options-subscriptions-${width}-dark`)
      }
      await page.setViewportSize({ width: 1440, height: 900 })
    } finally {
      await naive.close()
    }
    expect(errors).toEqual([])
  })
})
