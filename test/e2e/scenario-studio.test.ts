import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src/shared/schemas/run'
import type { ScenarioFile, ScenarioInfo } from '../../src/shared/schemas/scenario-api'
import { openApp } from './app-page'
import { type ServeProcess, startServe } from '../support/serve-process'

const SHOTS = process.env.HOOKBENCH_STUDIO_SHOTS ?? '/tmp/shots'

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

const items = () => page.getByTestId('scenario-item')
const editor = () => page.getByTestId('scenario-editor')
const source = () => page.locator('[data-testid=scenario-source] .cm-content')
const problems = () => page.getByTestId('scenario-problem')
const runDetail = () => page.getByTestId('run-detail')
const isFocused = (testId: string) => page.getByTestId(testId).evaluate((el) => el.matches(':focus-within'))

/** The editor's whole text replaced by `text`, as typed (one input). */
async function replaceSource(text: string) {
  await source().click()
  await page.keyboard.press('Control+A')
  await page.keyboard.insertText(text)
  await page.keyboard.press('Escape')
}

/** The editor's text as CodeMirror holds it (it shows every line, the text being short). */
const editorText = async () => (await page.locator('[data-testid=scenario-source] .cm-line').allTextContents()).join('\n')

describe('the scenario studio', () => {
  it('searches the library and opens a built-in read-only', async () => {
    await expect.poll(() => items().count()).toBe(16)
    await page.getByTestId('scenario-search').fill('flaky')
    await expect.poll(() => items().count()).toBe(1)
    await expect(items().first().getAttribute('data-id')).resolves.toBe('generic-flaky-endpoint')
    // The platform is searched too.
    await page.getByTestId('scenario-search').fill('qovery')
    await expect.poll(async () => (await items().allTextContents()).every((text) => text.includes('qovery'))).toBe(true)
    await expect.poll(() => items().count()).toBe(4)
    await page.getByTestId('scenario-search').press('Escape')
    await expect.poll(() => items().count()).toBe(16)

    await page.locator('[data-testid=scenario-item][data-id=ocean-cd-canary-verified]').click()
    await expect.poll(() => editor().getAttribute('data-id')).toBe('ocean-cd-canary-verified')
    await expect(page.getByTestId('scenario-save').textContent()).resolves.toBe('Save as copy')
    await expect(page.getByTestId('scenario-delete').count()).resolves.toBe(0)
    await expect.poll(() => page.getByTestId('scenario-valid').count()).toBe(1)
  })

  it('makes a new scenario, shows an invalid step inline and in the list, and saves the fix as typed', async () => {
    await page.getByTestId('scenario-new').click()
    await expect.poll(() => editor().getAttribute('data-id')).toBe('new-scenario')
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
    await expect.poll(() => page.getByTestId('scenario-dirty').count()).toBe(1)
    const problem = problems().filter({ hasText: 'steps[1].wait' })
    await problem.waitFor()
    await expect(problem.textContent()).resolves.toContain('line 18')
    await expect.poll(() => page.locator('[data-testid=scenario-source] .cm-lint-marker-error').count()).toBeGreaterThan(0)
    await expect(page.locator('[data-testid=scenario-source] .cm-lintRange-error').first().textContent()).resolves.toContain('soon')

    // The problem takes the cursor to its place: the value is replaced from there.
    await problem.click()
    await expect.poll(() => isFocused('scenario-source')).toBe(true)
    await page.keyboard.press('Shift+End')
    await page.keyboard.insertText('2s')
    await page.getByTestId('scenario-valid').waitFor()
    await expect.poll(() => page.locator('[data-testid=scenario-source] .cm-lint-marker-error').count()).toBe(0)

    // Ctrl+S in the editor saves; the file is exactly the text typed, comment and all.
    await source().press('Control+s')
    await expect.poll(() => page.getByTestId('scenario-dirty').count()).toBe(0)
    const saved = await serve.api<ScenarioFile>('getScenario', { id: 'new-scenario' })
    expect(saved.source).toBe(FLAKY)
    expect(saved).toMatchObject({ name: 'Flaky deploy hook', builtin: false, fileName: 'new-scenario.yaml', steps: 4 })
    await expect(page.locator('[data-testid=scenario-item][data-id=new-scenario]').textContent()).resolves.toContain('Flaky deploy hook')
  })

  it('runs it against an endpoint that fails twice, shows its steps live, and replays it', async () => {
    await page.getByTestId('run-targets').fill('not a url')
    await page.getByTestId('run-vars').fill('9lives=x')
    await page.getByTestId('run-start').click()
    await expect(page.getByTestId('run-error-targets').textContent()).resolves.toContain('Line 1: “not a url” is not an http:// or https:// URL.')
    await expect(page.getByTestId('run-error-vars').textContent()).resolves.toContain('“9lives” is not a variable name')
    await expect.poll(() => isFocused('run-targets')).toBe(true)
    await page.getByTestId('run-targets').fill('')
    await page.getByTestId('run-vars').fill('')
    await page.getByTestId('run-time-scale').fill('0.5')

    await page.getByTestId('run-start').click()
    await runDetail().waitFor()
    await expect.poll(() => runDetail().getAttribute('data-status'), { timeout: 20_000 }).toBe('passed')
    const steps = page.getByTestId('run-step')
    await expect(steps.count()).resolves.toBe(4)
    await expect(steps.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')))).resolves.toEqual(['passed', 'passed', 'passed', 'passed'])
    await expect(steps.nth(0).textContent()).resolves.toContain('fire deploy.succeeded')
    const firstRunId = (await runDetail().getAttribute('data-run-id'))!
    const run = await serve.api<RunSummary>('getRun', { id: firstRunId })
    expect(run).toMatchObject({ status: 'passed', options: { timeScale: 0.5 } })
    await expect(page.getByTestId('run-expectations').locator('li').count()).resolves.toBe(2)

    // The history lists it; opening it shows the same run.
    const history = page.getByTestId('run-item')
    await expect.poll(() => history.count()).toBe(1)
    await page.locator('[aria-label="Close the run"]').click()
    await expect(runDetail().count()).resolves.toBe(0)
    await history.first().click()
    await expect(runDetail().getAttribute('data-run-id')).resolves.toBe(firstRunId)

    // Export JUnit: the report of this run.
    const download = page.waitForEvent('download')
    await page.getByTestId('export-junit').click()
    const file = await download
    expect(file.suggestedFilename()).toBe(`hookbench-run-${firstRunId}.xml`)
    const xml = readFileSync((await file.path())!, 'utf8')
    expect(xml).toContain('<testsuite name="Flaky deploy hook"')
    expect(xml).toContain('tests="4" failures="0"')

    await page.getByTestId('replay-fresh').click()
    await expect.poll(() => runDetail().getAttribute('data-run-id')).not.toBe(firstRunId)
    const replayId = (await runDetail().getAttribute('data-run-id'))!
    await expect.poll(() => runDetail().getAttribute('data-status'), { timeout: 20_000 }).not.toBe('running')
    const replayed = await serve.api<RunSummary>('getRun', { id: replayId })
    expect(replayed.replayOf).toEqual({ runId: firstRunId, mode: 'fresh' })
    // The endpoint is made afresh, so it fails twice again and every expectation holds again.
    expect(replayed.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed', 'passed'])
    expect(replayed.status).toBe('passed')
    await expect(runDetail().getAttribute('data-status')).resolves.toBe('passed')
    await expect(runDetail().textContent()).resolves.toContain(`replay (fresh) of ${firstRunId}`)
    await expect.poll(() => history.count()).toBe(2)
    // Newest first.
    await expect(history.first().getAttribute('data-run-id')).resolves.toBe(replayId)

    await history.nth(1).click()
    await expect(runDetail().getAttribute('data-run-id')).resolves.toBe(firstRunId)
    await page.setViewportSize({ width: 1440, height: 900 })
    await runDetail().scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/studio.png` })
  })

  it('opens a delivery of the run in the Timeline, narrowed to that run', async () => {
    const runId = (await runDetail().getAttribute('data-run-id'))!
    const link = page.getByTestId('run-delivery').first()
    const deliveryId = (await link.textContent())!
    await link.click()
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/timeline?run=${runId}&open=${deliveryId}`)
    await expect.poll(() => page.getByTestId('delivery-detail').locator('strong.mono').textContent()).toBe(deliveryId)
    await expect(page.getByTestId('deliveries-run').inputValue()).resolves.toBe(runId)
    await page.keyboard.press('Control+1')
    await expect.poll(() => editor().getAttribute('data-id')).toBe('new-scenario')
    await expect(runDetail().getAttribute('data-run-id')).resolves.toBe(runId)
  })

  it('saves an edited built-in as a copy, only the line changed; the built-in stays as it was', async () => {
    const builtin = await serve.api<ScenarioFile>('getScenario', { id: 'generic-flaky-endpoint' })
    await page.locator('[data-testid=scenario-item][data-id=generic-flaky-endpoint]').click()
    await expect.poll(() => editor().getAttribute('data-id')).toBe('generic-flaky-endpoint')
    await expect.poll(editorText).toBe(builtin.source)
    await source().click()
    await page.keyboard.press('Control+Home')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('End')
    await page.keyboard.insertText(' (mine)')
    await page.keyboard.press('Escape')
    await page.getByTestId('scenario-save').click()
    await expect.poll(() => editor().getAttribute('data-id')).toBe('generic-flaky-endpoint-copy')
    const copy = await serve.api<ScenarioFile>('getScenario', { id: 'generic-flaky-endpoint-copy' })
    expect(copy.source).toBe(builtin.source.replace('name: Flaky endpoint recovers through retries', 'name: Flaky endpoint recovers through retries (mine)'))
    expect((await serve.api<ScenarioFile>('getScenario', { id: 'generic-flaky-endpoint' })).source).toBe(builtin.source)
    // The built-in has no draft left.
    await page.locator('[data-testid=scenario-item][data-id=generic-flaky-endpoint]').click()
    await expect.poll(editorText).toBe(builtin.source)
    await expect(page.getByTestId('scenario-dirty').count()).resolves.toBe(0)

    // Duplicate takes the next free id.
    await page.getByTestId('scenario-duplicate').click()
    await expect.poll(() => editor().getAttribute('data-id')).toBe('generic-flaky-endpoint-copy-2')
  })

  it('keeps unsaved edits across a reload until they are discarded', async () => {
    await page.locator('[data-testid=scenario-item][data-id=generic-flaky-endpoint-copy]').click()
    await expect.poll(() => editor().getAttribute('data-id')).toBe('generic-flaky-endpoint-copy')
    await source().click()
    await page.keyboard.press('Control+End')
    await page.keyboard.insertText('\n# a note to self')
    await page.reload()
    await page.waitForSelector('[data-app-state="loaded"]')
    await expect.poll(() => editor().getAttribute('data-id')).toBe('generic-flaky-endpoint-copy')
    await page.getByTestId('scenario-restored').waitFor()
    await expect.poll(editorText).toContain('# a note to self')
    await page.getByTestId('scenario-discard').click()
    await expect.poll(editorText).not.toContain('# a note to self')
    await expect(page.getByTestId('scenario-dirty').count()).resolves.toBe(0)
  })

  it('refuses an invalid import in words and changes nothing', async () => {
    const before = await serve.api<ScenarioInfo[]>('listScenarios')
    await page.getByTestId('scenario-import-file').setInputFiles({ name: 'broken.yaml', mimeType: 'application/yaml', buffer: Buffer.from(FLAKY_BROKEN) })
    const banner = page.getByTestId('import-problem')
    await banner.waitFor()
    await expect(banner.textContent()).resolves.toContain('“broken.yaml” was not imported')
    await expect(banner.textContent()).resolves.toContain('line 18')
    expect(await serve.api<ScenarioInfo[]>('listScenarios')).toEqual(before)

    await page.getByTestId('scenario-import-file').setInputFiles({ name: 'Flaky Deploy.yaml', mimeType: 'application/yaml', buffer: Buffer.from(FLAKY) })
    await expect.poll(() => editor().getAttribute('data-id')).toBe('flaky-deploy')
    await expect(banner.count()).resolves.toBe(0)
    expect((await serve.api<ScenarioFile>('getScenario', { id: 'flaky-deploy' })).source).toBe(FLAKY)
  })

  it('deletes a saved scenario after confirmation and brings it back with Undo', async () => {
    await page.getByTestId('scenario-delete').click()
    await page.getByTestId('scenario-confirm-delete-yes').click()
    await expect.poll(() => page.locator('[data-testid=scenario-item][data-id=flaky-deploy]').count()).toBe(0)
    await page.getByTestId('scenario-undo-delete-button').click()
    await expect.poll(() => editor().getAttribute('data-id')).toBe('flaky-deploy')
    expect((await serve.api<ScenarioFile>('getScenario', { id: 'flaky-deploy' })).source).toBe(FLAKY)
  })

  it('moves through the library with the arrow keys: one tab stop, Enter opens', async () => {
    await expect(page.locator('[data-testid=scenario-item][tabindex="0"]').count()).resolves.toBe(1)
    await page.locator('[data-testid=scenario-item][aria-current=true]').focus()
    await page.keyboard.press('Home')
    const focusedId = () => page.evaluate<string | null | undefined>("document.activeElement?.getAttribute('data-id')")
    await expect(focusedId()).resolves.toBe(await items().first().getAttribute('data-id'))
    await page.keyboard.press('ArrowDown')
    const second = await items().nth(1).getAttribute('data-id')
    await expect(focusedId()).resolves.toBe(second)
    await page.keyboard.press('Enter')
    await expect.poll(() => editor().getAttribute('data-id')).toBe(second)
    await expect(page.locator('[data-testid=scenario-item][tabindex="0"]').getAttribute('data-id')).resolves.toBe(second)
  })

  it('fits 1024 × 700 in the dark theme', async () => {
    await page.locator('[data-testid=scenario-item][data-id=new-scenario]').click()
    await page.getByTestId('run-item').first().click()
    await page.locator('html').evaluate((html) => html.setAttribute('data-theme', 'dark'))
    await page.setViewportSize({ width: 1024, height: 700 })
    const overflow = await page.locator('main').evaluate((main) => main.scrollWidth - main.clientWidth)
    expect(overflow, 'horizontal overflow at 1024 px').toBeLessThanOrEqual(0)
    await page.screenshot({ path: `${SHOTS}/studio-1024.png` })
    await runDetail().scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/studio-1024-run.png` })
    expect(errors).toEqual([])
  })
})
