import type { Delivery } from '../../src/shared/schemas/delivery'
import type { Run } from '../../src/shared/schemas/run'
import type { ScenarioFile } from '../../src/shared/schemas/scenario-api'
import { expect, test, useApp } from './fixtures'

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

const app = useApp({ view: 'scenarios' })

const source = () => app.page.locator('[data-testid=scenario-source] .cm-content')
const sourceText = async () => (await app.page.locator('[data-testid=scenario-source] .cm-line').allTextContents()).join('\n')

test.describe('a deploy story, written, run and inspected in the UI', () => {
  let deliveryId = ''

  test('is written in the source view, its invalid step shown inline, and extended in the form view', async () => {
    const { page, serve } = app
    await page.getByTestId('scenario-new').click()
    // Saved from the template, then opened: typing starts once it is the open scenario.
    await expect(page.getByTestId('scenario-editor')).toHaveAttribute('data-id', 'new-scenario')
    await page.getByTestId('studio-tab-source').click()
    await expect.poll(sourceText).toContain('name: New scenario')
    await source().click()
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText(STORY)
    await expect(page.getByTestId('scenario-problem').filter({ hasText: 'steps[1].wait' })).toBeVisible()
    const underlined = page.locator('[data-testid=scenario-source] .cm-lintRange-error').first()
    await expect(underlined).toContainText('later')

    // Fixed in the editor: the step's value replaced where the error is underlined.
    await underlined.dblclick()
    await page.keyboard.insertText('5s')
    await expect(page.getByTestId('scenario-valid')).toBeVisible()
    await expect.poll(sourceText).toContain('  - wait: 5s')

    // The form view adds a last step: every delivery got through.
    await page.getByTestId('studio-tab-form').click()
    await page.getByTestId('form-add-step').click()
    await page.getByTestId('form-add-expect').click()
    await page.getByTestId('studio-tab-source').click()
    await expect.poll(sourceText).toMatch(/- expect: \{ delivery: \{ step: deployed, status: 200, within: 30s \} \}\n\s+- expect:/)
    await expect(page.getByTestId('scenario-valid')).toBeVisible()
    await source().press('Control+s')
    await expect(page.getByTestId('scenario-dirty')).toHaveCount(0)
    const saved = await serve.api<ScenarioFile>('getScenario', { id: 'new-scenario' })
    expect(saved.steps).toBe(4)
    expect(saved.source).toContain('  - wait: 5s\n')
  })

  test('runs against the endpoint that fails twice and passes', async () => {
    const { page, serve } = app
    await page.getByTestId('run-start').click()
    const detail = page.getByTestId('run-detail')
    await expect(detail).toHaveAttribute('data-status', 'passed', { timeout: 30_000 })
    const run = await serve.api<Run>('getRun', { id: (await detail.getAttribute('data-run-id'))! })
    deliveryId = run.steps[0]!.deliveryIds[0]!
    const delivery = await serve.api<Delivery>('getDelivery', { id: deliveryId })
    expect(delivery.attempts.map((a) => a.response?.status)).toEqual([503, 503, 200])
  })

  test('shows the three attempts on the timeline, their backoff gaps to scale', async () => {
    const { page, serve } = app
    await page.keyboard.press('Control+4')
    await page.locator('label:has([data-testid=timeline-mode-time])').click()
    const marks = page.locator(`[data-testid=time-delivery][data-id="${deliveryId}"]`)
    await expect(marks).toHaveAttribute('data-attempts', '3')
    await page.getByTestId('time-plot').focus()
    for (let i = 0; i < 5; i++) await page.keyboard.press('+')
    // The attempts' x after the last paint, as the mark's focus target says.
    const xs = () => marks.evaluate((target) => String(target.getAttribute('data-xs') ?? '').split(' ').map(Number))
    // Backoffs of 1 s then 2 s, drawn to scale: the gaps on screen are in the ratio of the attempts'
    // recorded start times (a busy machine stretches the first gap a little, the drawing with it).
    const started = (await serve.api<Delivery>('getDelivery', { id: deliveryId })).attempts.map((a) => Date.parse(a.startedAt))
    const recorded = (started[2]! - started[1]!) / (started[1]! - started[0]!)
    expect(recorded).toBeGreaterThan(1.2)
    await expect(async () => {
      const at = await xs()
      const widths = at.slice(1).map((x, i) => x - at[i]!)
      expect(widths).toHaveLength(2)
      expect(widths[0]!).toBeGreaterThan(20)
      expect(widths[1]! / widths[0]!).toBeCloseTo(recorded, 1)
    }).toPass({ timeout: 10_000 })
    await marks.click()
    await expect(page.getByTestId('delivery-detail').locator('strong.mono').first()).toHaveText(deliveryId)
  })

  test('explains the signature as valid and diffs the failed attempt against the successful one', async () => {
    const { page, errors } = app
    await expect(page.getByTestId('verdict').first()).toContainText('Valid', { useInnerText: true })
    const expected = page.getByTestId('sig-expected').first()
    await expect(expected).toHaveText(/^v1,/, { useInnerText: true })
    await expect(page.getByTestId('sig-received').first()).toHaveText(await expected.innerText(), { useInnerText: true })
    await expect(page.getByTestId('delivery-detail')).not.toContainText(SECRET, { useInnerText: true })

    await page.getByTestId('compare-attempts').click()
    await expect(page.getByTestId('attempt-diff')).toBeVisible()
    await page.getByTestId('diff-from').selectOption('0')
    await page.getByTestId('diff-to').selectOption('2')
    await expect(page.getByTestId('diff-status')).toHaveText('503 → 200')
    // A retry is signed anew: its timestamp and signature change, its id does not.
    const changed = () => page.locator('[data-testid=diff-request-headers] tbody tr th').allTextContents()
    await expect.poll(changed).toEqual(expect.arrayContaining(['webhook-timestamp', 'webhook-signature']))
    await expect.poll(changed).not.toContain('webhook-id')
    expect(errors).toEqual([])
  })
})
