import type { Run } from '../../src/shared/schemas/run'
import { expect, test, useApp } from './fixtures'

/*
 * The studio knows the language's newer keys: the form adds http, include and load steps and sets
 * a fire's fault, the source view completes them, and a run shows what a load step measured.
 */

const app = useApp({ view: 'scenarios' })

const source = () => app.page.locator('[data-testid=scenario-source] .cm-content')
const sourceText = async () => (await app.page.locator('[data-testid=scenario-source] .cm-line').allTextContents()).join('\n')

/** A small load to the built-in receiver: ten arrivals in a second. */
const LOAD = `version: 1
name: A small load
provider: generic
subscriptions:
  - name: inbox
    url: \${receiver}r/inbox
steps:
  - load:
      fire: deploy.ping
      body: { type: deploy.ping, n: "\${n}" }
      rate: 10/s
      for: 1s
      expect: { latency: { p95: 2s }, errors: { rate: "< 1%" } }
`

test.describe('the studio and the scenario language', () => {
  test('the form adds http, include and load steps and sets a fire\'s fault; the source shows them', async () => {
    const { page } = app
    await page.getByTestId('scenario-new').click()
    await expect(page.getByTestId('scenario-editor')).toHaveAttribute('data-id', 'new-scenario')
    await page.getByTestId('studio-tab-form').click()
    await expect(page.getByTestId('scenario-valid')).toBeVisible()
    await page.getByTestId('form-field-tamper-0').selectOption('replay')
    await expect(page.getByTestId('form-field-by-0')).toBeVisible()
    const addStep = async (kind: string) => {
      // Each edit is checked by the engine before the form settles.
      await expect(page.getByTestId('scenario-valid')).toBeVisible()
      await page.getByTestId('form-add-step').click()
      await page.getByTestId(`form-add-${kind}`).click()
    }
    await addStep('http')
    await page.getByTestId('form-field-url-3').fill('http://127.0.0.1:3000/seed')
    await addStep('load')
    await page.getByTestId('form-field-rate-4').fill('200/s')
    await page.getByTestId('form-field-p95-4').fill('150ms')
    await addStep('include')
    await page.getByTestId('form-field-include-5').fill('deploy-one.yaml')
    await page.getByTestId('studio-tab-source').click()
    await expect.poll(sourceText).toContain('tamper: replay')
    const text = await sourceText()
    expect(text).toMatch(/- http:\n\s+method: POST\n\s+url: http:\/\/127\.0\.0\.1:3000\/seed\n/)
    expect(text).toMatch(/rate: 200\/s/)
    expect(text).toMatch(/p95: 150ms/)
    expect(text).toMatch(/- include: deploy-one\.yaml/)
    // An include of a file the app does not have is said where it is.
    await expect(page.getByTestId('scenario-problem').filter({ hasText: 'steps[5].include' })).toContainText('no file "deploy-one.yaml"')
  })

  test('the source view completes the faults after tamper:', async () => {
    const { page } = app
    await source().click()
    await page.keyboard.press('Control+End')
    await page.keyboard.type('\n  - fire: deploy.succeeded\n    tamper: time')
    const completions = page.locator('.cm-tooltip-autocomplete li')
    await expect.poll(() => completions.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('timestamp-stale'), expect.stringContaining('timestamp-future')]))
    await page.keyboard.press('Escape')
  })

  test('a run shows what a load step measured', async () => {
    const { page, serve } = app
    await page.getByTestId('scenario-new').click()
    // Saved from the template, then opened: typing before it is open would go to the previous scenario.
    await expect(page.getByTestId('scenario-editor')).toHaveAttribute('data-id', 'new-scenario-2')
    await page.getByTestId('studio-tab-source').click()
    await source().click()
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText(LOAD)
    await page.keyboard.press('Escape')
    await expect.poll(sourceText).toContain('name: A small load')
    await expect(page.getByTestId('scenario-valid')).toBeVisible()
    await page.getByTestId('run-time-scale').fill('0')
    await page.getByTestId('run-start').click()
    const detail = page.getByTestId('run-detail')
    await expect(detail).toHaveAttribute('data-status', /^(passed|failed)$/, { timeout: 20_000 })
    const figures = page.getByTestId('run-load')
    await expect(figures).toContainText('10 sent, 10 answered')
    await expect(figures).toContainText("Hookbench's own delay")
    const run = await serve.api<Run>('getRun', { id: (await detail.getAttribute('data-run-id'))! })
    const load = run.steps[0]!.load!
    expect(load).toMatchObject({ sent: 10, answered: 10, errors: { count: 0 } })
    expect(load.latencyMs.p95).toBeLessThan(2_000)
    // The step also judges this machine: its own delay over 100 ms (a busy CI runner) fails it, and says so.
    expect(run.status).toBe(load.keptRate ? 'passed' : 'failed')
    if (!load.keptRate) await expect(figures).toContainText('Hookbench could not keep it')
  })
})
