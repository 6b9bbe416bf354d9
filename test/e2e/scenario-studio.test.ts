import { readFileSync } from 'node:fs'
import type { RunSummary } from '../../src/shared/schemas/run'
import type { ScenarioFile, ScenarioInfo } from '../../src/shared/schemas/scenario-api'
import { expect, expectNoSidewaysScroll, reload, shoot, test, useApp } from './fixtures'

/** A scenario whose endpoint fails twice before answering 200; line 18 has an invalid wait. */
const FLAKY_BROKEN = `version: 1
name: Flaky deploy hook
description: The endpoint answers 503 twice, then 200.
provider: generic
endpoints:
  - name: flaky
    response: { failFirst: 2, failStatus: 503 }
subscriptions:
  - name: flaky hook
    url: \${receiver}r/flaky
    provider: generic
    events: [deploy.succeeded]
    retry: { preset: fixed, delaysMs: [500, 1000] }
steps:
  - fire: deploy.succeeded
    id: deployed
  # the third attempt gets through
  - wait: soon
  - expect: { delivery: { step: deployed, status: 200, within: 30s } }
  - expect: { received: { endpoint: flaky, count: 3 } }
`
const FLAKY = FLAKY_BROKEN.replace('wait: soon', 'wait: 2s')

const app = useApp({ view: 'scenarios' })

const items = () => app.page.getByTestId('scenario-item')
const item = (id: string) => app.page.locator(`[data-testid=scenario-item][data-id=${id}]`)
const editor = () => app.page.getByTestId('scenario-editor')
const source = () => app.page.locator('[data-testid=scenario-source] .cm-content')
const problems = () => app.page.getByTestId('scenario-problem')
const runDetail = () => app.page.getByTestId('run-detail')
const lintMarkers = () => app.page.locator('[data-testid=scenario-source] .cm-lint-marker-error')

/** The editor's whole text replaced by `text`, as typed (one input). */
async function replaceSource(text: string) {
  await source().click()
  await app.page.keyboard.press('Control+A')
  await app.page.keyboard.insertText(text)
  await app.page.keyboard.press('Escape')
}

/** The editor's text as CodeMirror holds it (it shows every line, the text being short). */
const editorText = async () => (await app.page.locator('[data-testid=scenario-source] .cm-line').allTextContents()).join('\n')

test.describe('the scenario studio', () => {
  test('searches the library and opens a built-in read-only', async () => {
    const { page } = app
    await expect(items()).toHaveCount(16)
    await page.getByTestId('scenario-search').fill('flaky')
    await expect(items()).toHaveCount(1)
    await expect(items().first()).toHaveAttribute('data-id', 'generic-flaky-endpoint')
    // The platform is searched too.
    await page.getByTestId('scenario-search').fill('qovery')
    await expect(items()).toHaveCount(4)
    await expect.poll(async () => (await items().allTextContents()).every((text) => text.includes('qovery'))).toBe(true)
    await page.getByTestId('scenario-search').press('Escape')
    await expect(items()).toHaveCount(16)

    await item('ocean-cd-canary-verified').click()
    await expect(editor()).toHaveAttribute('data-id', 'ocean-cd-canary-verified')
    await expect(page.getByTestId('scenario-save')).toHaveText('Save as copy')
    await expect(page.getByTestId('scenario-delete')).toHaveCount(0)
    await expect(page.getByTestId('scenario-valid')).toHaveCount(1)
  })

  test('makes a new scenario, shows an invalid step inline and in the list, and saves the fix as typed', async () => {
    const { page, serve } = app
    await page.getByTestId('scenario-new').click()
    await expect(editor()).toHaveAttribute('data-id', 'new-scenario')
    await page.getByTestId('studio-tab-source').click()
    await expect.poll(editorText).toContain('name: New scenario')

    // Completion: step kinds on a new step, then the platform's events after `fire:`.
    const completions = page.locator('.cm-tooltip-autocomplete li')
    await source().click()
    await page.keyboard.press('Control+End')
    await page.keyboard.type('  - fi')
    await expect.poll(() => completions.allTextContents()).toEqual([expect.stringContaining('fire')])
    // Typed on rather than accepted with Enter: CodeMirror ignores an Enter that comes right as its list opens.
    await page.keyboard.type('re: ')
    // Generic events are any name: the file's own are offered.
    await page.keyboard.type('deploy.s')
    await expect.poll(async () => (await completions.allTextContents()).some((text) => text.startsWith('deploy.succeeded'))).toBe(true)
    await page.keyboard.press('Escape')
    await expect.poll(editorText).toContain('  - fire: deploy.s')

    await replaceSource(FLAKY_BROKEN)
    await expect(page.getByTestId('scenario-dirty')).toHaveCount(1)
    // Unsaved, never "saved" beside it.
    await expect(page.getByTestId('scenario-saved')).toHaveCount(0)
    const problem = problems().filter({ hasText: 'steps[1].wait' })
    await expect(problem).toContainText('line 18')
    await expect(lintMarkers().first()).toBeAttached()
    await expect(page.locator('[data-testid=scenario-source] .cm-lintRange-error').first()).toContainText('soon')

    // The problem takes the cursor to its place: the value is replaced from there.
    await problem.click()
    await expect(page.locator('[data-testid=scenario-source]:focus-within')).toHaveCount(1)
    await page.keyboard.press('Shift+End')
    await page.keyboard.insertText('2s')
    await expect(page.getByTestId('scenario-valid')).toBeVisible()
    await expect(lintMarkers()).toHaveCount(0)

    // Ctrl+S in the editor saves; the file is exactly the text typed, comment and all.
    await source().press('Control+s')
    await expect(page.getByTestId('scenario-dirty')).toHaveCount(0)
    await expect(page.getByTestId('scenario-saved')).toBeVisible()
    const saved = await serve.api<ScenarioFile>('getScenario', { id: 'new-scenario' })
    expect(saved.source).toBe(FLAKY)
    expect(saved).toMatchObject({ name: 'Flaky deploy hook', builtin: false, fileName: 'new-scenario.yaml', steps: 4 })
    await expect(item('new-scenario')).toContainText('Flaky deploy hook')
  })

  test('runs it against an endpoint that fails twice, shows its steps live, and replays it', async () => {
    const { page, serve } = app
    await page.getByTestId('run-targets').fill('not a url')
    await page.getByTestId('run-vars').fill('9lives=x')
    await page.getByTestId('run-start').click()
    await expect(page.getByTestId('run-error-targets')).toContainText('Line 1: “not a url” is not an http:// or https:// URL.')
    await expect(page.getByTestId('run-error-vars')).toContainText('“9lives” is not a variable name')
    await expect(page.locator('[data-testid=run-targets]:focus-within')).toHaveCount(1)
    await page.getByTestId('run-targets').fill('')
    await page.getByTestId('run-vars').fill('')
    await page.getByTestId('run-time-scale').fill('0.5')

    await page.getByTestId('run-start').click()
    await expect(runDetail()).toHaveAttribute('data-status', 'passed', { timeout: 20_000 })
    const steps = page.getByTestId('run-step')
    await expect(steps).toHaveCount(4)
    await expect.poll(() => steps.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')))).toEqual(['passed', 'passed', 'passed', 'passed'])
    await expect(steps.nth(0)).toContainText('fire deploy.succeeded')
    const firstRunId = (await runDetail().getAttribute('data-run-id'))!
    const run = await serve.api<RunSummary>('getRun', { id: firstRunId })
    expect(run).toMatchObject({ status: 'passed', options: { timeScale: 0.5 } })
    await expect(page.getByTestId('run-expectations').locator('li')).toHaveCount(2)

    // The history lists it; opening it shows the same run.
    const history = page.getByTestId('run-item')
    await expect(history).toHaveCount(1)
    await page.locator('[aria-label="Close the run"]').click()
    await expect(runDetail()).toHaveCount(0)
    await history.first().click()
    await expect(runDetail()).toHaveAttribute('data-run-id', firstRunId)

    // Export JUnit: the report of this run.
    const download = page.waitForEvent('download')
    await page.getByTestId('export-junit').click()
    const file = await download
    expect(file.suggestedFilename()).toBe(`hookbench-run-${firstRunId}.xml`)
    const xml = readFileSync(await file.path(), 'utf8')
    expect(xml).toContain('<testsuite name="Flaky deploy hook"')
    expect(xml).toContain('tests="4" failures="0"')

    await page.getByTestId('replay-fresh').click()
    await expect(runDetail()).not.toHaveAttribute('data-run-id', firstRunId)
    const replayId = (await runDetail().getAttribute('data-run-id'))!
    await expect(runDetail()).not.toHaveAttribute('data-status', 'running', { timeout: 20_000 })
    const replayed = await serve.api<RunSummary>('getRun', { id: replayId })
    expect(replayed.replayOf).toEqual({ runId: firstRunId, mode: 'fresh' })
    // The endpoint is made afresh, so it fails twice again and every expectation holds again.
    expect(replayed.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed', 'passed'])
    expect(replayed.status).toBe('passed')
    await expect(runDetail()).toHaveAttribute('data-status', 'passed')
    await expect(runDetail()).toContainText(`replay (fresh) of ${firstRunId}`)
    await expect(history).toHaveCount(2)
    // Newest first.
    await expect(history.first()).toHaveAttribute('data-run-id', replayId)

    await history.nth(1).click()
    await expect(runDetail()).toHaveAttribute('data-run-id', firstRunId)
    await page.setViewportSize({ width: 1440, height: 900 })
    await runDetail().scrollIntoViewIfNeeded()
    await shoot(page, 'studio')
  })

  test('opens a delivery of the run in the Timeline, narrowed to that run', async () => {
    const { page } = app
    const runId = (await runDetail().getAttribute('data-run-id'))!
    const link = page.getByTestId('run-delivery').first()
    await expect(link).toHaveText(/\S/)
    const deliveryId = (await link.textContent())!
    await link.click()
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/timeline?run=${runId}&open=${deliveryId}`)
    await expect(page.getByTestId('delivery-detail').locator('strong.mono')).toHaveText(deliveryId)
    await expect(page.getByTestId('deliveries-run')).toHaveValue(runId)
    await page.keyboard.press('Control+1')
    await expect(editor()).toHaveAttribute('data-id', 'new-scenario')
    await expect(runDetail()).toHaveAttribute('data-run-id', runId)
  })

  test('saves an edited built-in as a copy, only the line changed; the built-in stays as it was', async () => {
    const { page, serve } = app
    const builtin = await serve.api<ScenarioFile>('getScenario', { id: 'generic-flaky-endpoint' })
    await item('generic-flaky-endpoint').click()
    await expect(editor()).toHaveAttribute('data-id', 'generic-flaky-endpoint')
    await expect.poll(editorText).toBe(builtin.source)
    await source().click()
    await page.keyboard.press('Control+Home')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('End')
    await page.keyboard.insertText(' (mine)')
    await page.keyboard.press('Escape')
    await page.getByTestId('scenario-save').click()
    await expect(editor()).toHaveAttribute('data-id', 'generic-flaky-endpoint-copy')
    const copy = await serve.api<ScenarioFile>('getScenario', { id: 'generic-flaky-endpoint-copy' })
    expect(copy.source).toBe(builtin.source.replace('name: Flaky endpoint recovers through retries', 'name: Flaky endpoint recovers through retries (mine)'))
    expect((await serve.api<ScenarioFile>('getScenario', { id: 'generic-flaky-endpoint' })).source).toBe(builtin.source)
    // The built-in has no draft left.
    await item('generic-flaky-endpoint').click()
    await expect.poll(editorText).toBe(builtin.source)
    await expect(page.getByTestId('scenario-dirty')).toHaveCount(0)

    // Duplicate takes the next free id.
    await page.getByTestId('scenario-duplicate').click()
    await expect(editor()).toHaveAttribute('data-id', 'generic-flaky-endpoint-copy-2')
  })

  test('keeps unsaved edits across a reload until they are discarded', async () => {
    const { page } = app
    await item('generic-flaky-endpoint-copy').click()
    await expect(editor()).toHaveAttribute('data-id', 'generic-flaky-endpoint-copy')
    await source().click()
    await page.keyboard.press('Control+End')
    await page.keyboard.insertText('\n# a note to self')
    await reload(page)
    await expect(editor()).toHaveAttribute('data-id', 'generic-flaky-endpoint-copy')
    await expect(page.getByTestId('scenario-restored')).toBeVisible()
    await expect.poll(editorText).toContain('# a note to self')
    await page.getByTestId('scenario-discard').click()
    await expect.poll(editorText).not.toContain('# a note to self')
    await expect(page.getByTestId('scenario-dirty')).toHaveCount(0)
  })

  test('refuses an invalid import in words and changes nothing', async () => {
    const { page, serve } = app
    const before = await serve.api<ScenarioInfo[]>('listScenarios')
    await page.getByTestId('scenario-import-file').setInputFiles({ name: 'broken.yaml', mimeType: 'application/yaml', buffer: Buffer.from(FLAKY_BROKEN) })
    const banner = page.getByTestId('import-problem')
    await expect(banner).toContainText('“broken.yaml” was not imported')
    await expect(banner).toContainText('line 18')
    expect(await serve.api<ScenarioInfo[]>('listScenarios')).toEqual(before)

    await page.getByTestId('scenario-import-file').setInputFiles({ name: 'Flaky Deploy.yaml', mimeType: 'application/yaml', buffer: Buffer.from(FLAKY) })
    await expect(editor()).toHaveAttribute('data-id', 'flaky-deploy')
    await expect(banner).toHaveCount(0)
    expect((await serve.api<ScenarioFile>('getScenario', { id: 'flaky-deploy' })).source).toBe(FLAKY)
  })

  test('deletes a saved scenario after confirmation and brings it back with Undo', async () => {
    const { page, serve } = app
    await page.getByTestId('scenario-delete').click()
    await page.getByTestId('scenario-confirm-delete-yes').click()
    await expect(item('flaky-deploy')).toHaveCount(0)
    await page.getByTestId('scenario-undo-delete-button').click()
    await expect(editor()).toHaveAttribute('data-id', 'flaky-deploy')
    expect((await serve.api<ScenarioFile>('getScenario', { id: 'flaky-deploy' })).source).toBe(FLAKY)
  })

  test('moves through the library with the arrow keys: one tab stop, Enter opens', async () => {
    const { page } = app
    const tabStop = page.locator('[data-testid=scenario-item][tabindex="0"]')
    await expect(tabStop).toHaveCount(1)
    await page.locator('[data-testid=scenario-item][aria-current=true]').focus()
    await page.keyboard.press('Home')
    await expect(items().first()).toBeFocused()
    await page.keyboard.press('ArrowDown')
    await expect(items().nth(1)).toBeFocused()
    const second = (await items().nth(1).getAttribute('data-id'))!
    await page.keyboard.press('Enter')
    await expect(editor()).toHaveAttribute('data-id', second)
    await expect(tabStop).toHaveAttribute('data-id', second)
  })

  test('fits 1024 × 700 in the dark theme', async () => {
    const { page, errors } = app
    await item('new-scenario').click()
    await page.getByTestId('run-item').first().click()
    await page.locator('html').evaluate((html) => html.setAttribute('data-theme', 'dark'))
    await page.setViewportSize({ width: 1024, height: 700 })
    await expectNoSidewaysScroll(page.locator('main'), 'horizontal overflow at 1024 px')
    await shoot(page, 'studio-1024')
    await runDetail().scrollIntoViewIfNeeded()
    await shoot(page, 'studio-1024-run')
    expect(errors).toEqual([])
  })
})
