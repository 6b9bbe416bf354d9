import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ScenarioFile } from '../../src/shared/schemas/scenario-api'
import { openApp } from './app-page'
import { type ServeProcess, startServe } from '../support/serve-process'

/*
 * Errors a person can act on, as the page shows them: the UI's words instead of a CLI flag,
 * destructive actions that ask or can be undone, and one calm notice when the engine is gone.
 */

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
  // The last test stops the engine itself; stop() then reports how it ended.
  expect(await serve.stop()).toBe(0)
})

const FLAKY = 'generic-flaky-endpoint'
const editor = () => page.getByTestId('scenario-editor')
const source = () => page.locator('[data-testid=scenario-source] .cm-content')
const editorText = async () => (await page.locator('[data-testid=scenario-source] .cm-line').allTextContents()).join('\n')
const isFocused = (testId: string) => page.getByTestId(testId).evaluate((el) => el.matches(':focus'))

describe('errors a person can act on', () => {
  it('an unknown variable points at the run’s Variables field, and discarded edits come back with Undo', async () => {
    const builtin = await serve.api<ScenarioFile>('getScenario', { id: FLAKY })
    expect(builtin.source).toContain('${receiver}')
    await page.locator(`[data-testid=scenario-item][data-id=${FLAKY}]`).click()
    await expect.poll(() => editor().getAttribute('data-id')).toBe(FLAKY)
    await page.getByTestId('studio-tab-source').click()
    await expect.poll(editorText).toBe(builtin.source)

    const edited = builtin.source.replace('${receiver}', '${app}')
    await source().click()
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText(edited)
    await page.keyboard.press('Escape')
    const problem = page.getByTestId('scenario-problem').filter({ hasText: 'unknown variable "app"' })
    await problem.waitFor()
    await expect(problem.textContent()).resolves.toContain('set app=… in Variables when you run it')
    await expect(page.getByTestId('scenario-problems').textContent()).resolves.not.toMatch(/--[a-z]/)

    await page.getByTestId('scenario-discard').click()
    await expect.poll(editorText).toBe(builtin.source)
    await expect.poll(() => isFocused('scenario-undo-discard-button')).toBe(true)
    await page.keyboard.press('Enter')
    await expect.poll(editorText).toBe(edited)
    await expect(page.getByTestId('scenario-dirty').count()).resolves.toBe(1)
    await expect(page.getByTestId('scenario-undo-discard').count()).resolves.toBe(0)
    // Nothing was saved along the way: the built-in is as it was.
    expect((await serve.api<ScenarioFile>('getScenario', { id: FLAKY })).source).toBe(builtin.source)

    await page.getByTestId('scenario-discard').click()
    await expect.poll(editorText).toBe(builtin.source)
  })

  it('removing a controller asks first; Esc keeps it, and the others stay as they were', async () => {
    await page.keyboard.press('Control+2')
    for (const cluster of ['prod-eu-1', 'prod-us-1']) {
      await page.getByTestId('controller-cluster').fill(cluster)
      await page.getByTestId('controller-add').click()
      await page.getByTestId(`remove-controller-${cluster}`).waitFor()
    }
    const before = await serve.api<{ controllers: unknown[] }>('listHeartbeats')

    await page.getByTestId('remove-controller-prod-eu-1').click()
    await expect.poll(() => isFocused('remove-controller-confirm-prod-eu-1')).toBe(true)
    await page.keyboard.press('Escape')
    await page.getByTestId('remove-controller-prod-eu-1').waitFor()
    expect((await serve.api<{ controllers: unknown[] }>('listHeartbeats')).controllers).toEqual(before.controllers)

    await page.getByTestId('remove-controller-prod-eu-1').click()
    await page.getByTestId('remove-controller-keep-prod-eu-1').click()
    expect((await serve.api<{ controllers: unknown[] }>('listHeartbeats')).controllers).toEqual(before.controllers)

    await page.getByTestId('remove-controller-prod-eu-1').click()
    await page.getByTestId('remove-controller-confirm-prod-eu-1').click()
    await expect.poll(() => page.getByTestId('remove-controller-prod-eu-1').count()).toBe(0)
    const after = await serve.api<{ controllers: Array<{ clusterId: string }> }>('listHeartbeats')
    expect(after.controllers).toEqual(before.controllers.filter((c) => (c as { clusterId: string }).clusterId !== 'prod-eu-1'))
  })

  it('with the engine gone, five failed calls are one notice (×5) and the status bar says so once', async () => {
    expect(await serve.stop()).toBe(0)
    await page.getByTestId('controller-cluster').fill('prod-ap-1')
    for (let i = 0; i < 5; i++) {
      await page.getByTestId('controller-add').click()
      await expect.poll(() => page.locator('.notices .notice').textContent()).toContain(i === 0 ? 'Engine unreachable' : `(×${i + 1})`)
    }
    const notices = page.locator('.notices .notice')
    await expect(notices.count()).resolves.toBe(1)
    await expect(notices.textContent()).resolves.toBe('Engine unreachable: no answer (is Hookbench still running?) (×5)×')
    const status = page.getByTestId('engine-connection')
    await expect.poll(() => status.textContent()).toBe('Engine unreachable: no answer (is Hookbench still running?)')
    expect(errors).toEqual([])
  })
})
