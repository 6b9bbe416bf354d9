import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Delivery } from '../../src/shared/schemas/delivery'
import type { Run } from '../../src/shared/schemas/run'
import type { ScenarioFile } from '../../src/shared/schemas/scenario-api'
import { openApp } from './app-page'
import { type ServeProcess, startServe } from '../support/serve-process'

/*
 * The whole product in one story, through the UI only: write a scenario in the studio (source and
 * form), fix the invalid step it shows inline, run it against a receiver endpoint that fails twice,
 * watch the three attempts and their backoff on the timeline, open the delivery in the inspector,
 * see its signature valid and diff the failed attempt against the successful one.
 */
const SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='
const DELAYS_MS = [1_000, 2_000]

const STORY = `version: 1
name: Signed deploy hook that fails twice
provider: generic
endpoints:
  - name: flaky
    response: { failFirst: 2, failStatus: 503 }
    verify: { scheme: standard, secrets: ["${SECRET}"] }
subscriptions:
  - name: signed flaky hook
    url: \${receiver}r/flaky
    provider: generic
    events: [deploy.succeeded]
    signing: { scheme: standard, secret: "${SECRET}" }
    retry: { preset: fixed, delaysMs: [${DELAYS_MS.join(', ')}] }
    keep: true
steps:
  - fire: deploy.succeeded
    id: deployed
  - wait: later
  - expect: { delivery: { step: deployed, status: 200, within: 30s } }
`

let browser: Browser
let serve: ServeProcess
let page: Page
let errors: string[] = []

beforeAll(async () => {
  serve = await startServe()
  ;({ browser, page, errors } = await openApp(serve, 'scenarios'))
})
afterAll(async () => {
  await browser?.close()
  expect(await serve.stop()).toBe(0)
})

const source = () => page.locator('[data-testid=scenario-source] .cm-content')
const sourceText = async () => (await page.locator('[data-testid=scenario-source] .cm-line').allTextContents()).join('\n')

describe('a deploy story, written, run and inspected in the UI', () => {
  let deliveryId = ''

  it('is written in the source view, its invalid step shown inline, and extended in the form view', async () => {
    await page.getByTestId('scenario-new').click()
    // Saved from the template, then opened: typing starts once it is the open scenario.
    await expect.poll(() => page.getByTestId('scenario-editor').getAttribute('data-id'), { timeout: 10_000 }).toBe('new-scenario')
    await page.getByTestId('studio-tab-source').click()
    await expect.poll(sourceText).toContain('name: New scenario')
    await source().click()
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText(STORY)
    const problem = page.getByTestId('scenario-problem').filter({ hasText: 'steps[1].wait' })
    await problem.waitFor()
    await expect.poll(() => page.locator('[data-testid=scenario-source] .cm-lintRange-error').first().textContent()).toContain('later')

    // Fixed in the editor: the step's value replaced where the error is underlined.
    await page.locator('[data-testid=scenario-source] .cm-lintRange-error').first().dblclick()
    await page.keyboard.insertText('5s')
    await page.getByTestId('scenario-valid').waitFor()
    expect(await sourceText()).toContain('  - wait: 5s')

    // The form view adds a last step: every delivery got through.
    await page.getByTestId('studio-tab-form').click()
    await page.getByTestId('form-add-step').click()
    await page.getByTestId('form-add-expect').click()
    await page.getByTestId('studio-tab-source').click()
    await expect.poll(sourceText).toMatch(/- expect: \{ delivery: \{ step: deployed, status: 200, within: 30s \} \}\n\s+- expect:/)
    await page.getByTestId('scenario-valid').waitFor()
    await source().press('Control+s')
    await expect.poll(() => page.getByTestId('scenario-dirty').count()).toBe(0)
    const saved = await serve.api<ScenarioFile>('getScenario', { id: 'new-scenario' })
    expect(saved.steps).toBe(4)
    expect(saved.source).toContain('  - wait: 5s\n')
  })

  it('runs against the endpoint that fails twice and passes', async () => {
    await page.getByTestId('run-start').click()
    const detail = page.getByTestId('run-detail')
    await detail.waitFor()
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 30_000 }).toBe('passed')
    const run = await serve.api<Run>('getRun', { id: (await detail.getAttribute('data-run-id'))! })
    deliveryId = run.steps[0]!.deliveryIds[0]!
    const delivery = await serve.api<Delivery>('getDelivery', { id: deliveryId })
    expect(delivery.attempts.map((a) => a.response?.status)).toEqual([503, 503, 200])
  })

  it('shows the three attempts on the timeline, their backoff gaps to scale', async () => {
    await page.keyboard.press('Control+4')
    await page.locator('label:has([data-testid=timeline-mode-time])').click()
    const marks = page.locator(`[data-testid=time-delivery][data-id="${deliveryId}"]`)
    await marks.waitFor()
    await expect.poll(() => marks.getAttribute('data-attempts')).toBe('3')
    await page.getByTestId('time-plot').focus()
    for (let i = 0; i < 5; i++) await page.keyboard.press('+')
    // The attempts' x after the last paint, as the mark's focus target says.
    const xsOf = () => marks.evaluate((target) => String(target.getAttribute('data-xs') ?? '').split(' ').map(Number) as number[])
    await expect.poll(async () => (await xsOf())[2]! - (await xsOf())[0]!).toBeGreaterThan(60)
    const xs = await xsOf()
    const gaps = xs.slice(1).map((x: number, i: number) => x - xs[i]!)
    expect(gaps).toHaveLength(2)
    // 1 s then 2 s: the second gap is about twice the first.
    expect(gaps[1]! / gaps[0]!).toBeGreaterThan(1.5)
    expect(gaps[1]! / gaps[0]!).toBeLessThan(2.6)
    await marks.click()
    await expect.poll(() => page.getByTestId('delivery-detail').locator('strong.mono').first().textContent()).toBe(deliveryId)
  })

  it('explains the signature as valid and diffs the failed attempt against the successful one', async () => {
    await expect.poll(() => page.getByTestId('verdict').first().innerText()).toContain('Valid')
    await expect(page.getByTestId('sig-received').first().innerText()).resolves.toBe(await page.getByTestId('sig-expected').first().innerText())
    await expect(page.getByTestId('delivery-detail').innerText()).resolves.not.toContain(SECRET)

    await page.getByTestId('compare-attempts').click()
    await page.getByTestId('attempt-diff').waitFor()
    await page.getByTestId('diff-from').selectOption('0')
    await page.getByTestId('diff-to').selectOption('2')
    await expect.poll(() => page.getByTestId('diff-status').textContent()).toBe('503 → 200')
    // A retry is signed anew: its timestamp and signature change, its id does not.
    const changed = await page.locator('[data-testid=diff-request-headers] tbody tr th').allTextContents()
    expect(changed).toEqual(expect.arrayContaining(['webhook-timestamp', 'webhook-signature']))
    expect(changed).not.toContain('webhook-id')
    expect(errors).toEqual([])
  })
})
