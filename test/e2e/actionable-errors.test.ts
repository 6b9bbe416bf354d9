import type { ScenarioFile } from '../../src/shared/schemas/scenario-api'
import { expect, test, useApp } from './fixtures'

/*
 * Errors a person can act on, as the page shows them: the UI's words instead of a CLI flag,
 * destructive actions that ask or can be undone, and one calm notice when the engine is gone.
 */

const app = useApp({ view: 'scenarios' })

const FLAKY = 'generic-flaky-endpoint'
const editor = () => app.page.getByTestId('scenario-editor')
const source = () => app.page.locator('[data-testid=scenario-source] .cm-content')
const editorText = async () => (await app.page.locator('[data-testid=scenario-source] .cm-line').allTextContents()).join('\n')

test.describe('errors a person can act on', () => {
  test('an unknown variable points at the run’s Variables field, and discarded edits come back with Undo', async () => {
    const { page, serve } = app
    const builtin = await serve.api<ScenarioFile>('getScenario', { id: FLAKY })
    expect(builtin.source).toContain('${receiver}')
    await page.locator(`[data-testid=scenario-item][data-id=${FLAKY}]`).click()
    await expect(editor()).toHaveAttribute('data-id', FLAKY)
    await page.getByTestId('studio-tab-source').click()
    await expect.poll(editorText).toBe(builtin.source)

    const edited = builtin.source.replace('${receiver}', '${app}')
    await source().click()
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText(edited)
    await page.keyboard.press('Escape')
    const problem = page.getByTestId('scenario-problem').filter({ hasText: 'unknown variable "app"' })
    await expect(problem).toContainText('set app=… in Variables when you run it')
    await expect(page.getByTestId('scenario-problems')).not.toContainText(/--[a-z]/)

    await page.getByTestId('scenario-discard').click()
    await expect.poll(editorText).toBe(builtin.source)
    await expect(page.getByTestId('scenario-undo-discard-button')).toBeFocused()
    await page.keyboard.press('Enter')
    await expect.poll(editorText).toBe(edited)
    await expect(page.getByTestId('scenario-dirty')).toHaveCount(1)
    await expect(page.getByTestId('scenario-undo-discard')).toHaveCount(0)
    // Nothing was saved along the way: the built-in is as it was.
    expect((await serve.api<ScenarioFile>('getScenario', { id: FLAKY })).source).toBe(builtin.source)

    await page.getByTestId('scenario-discard').click()
    await expect.poll(editorText).toBe(builtin.source)
  })

  test('removing a controller asks first; Esc keeps it, and the others stay as they were', async () => {
    const { page, serve } = app
    await page.keyboard.press('Control+2')
    // Fire's first opening: its payload and subscriptions arrive a moment later and push the
    // controllers down (~150 px), and a click they move away from lands nowhere. Act once they are in.
    await expect(page.getByTestId('fire-targets')).toBeVisible()
    for (const cluster of ['prod-eu-1', 'prod-us-1']) {
      await page.getByTestId('controller-cluster').fill(cluster)
      await page.getByTestId('controller-add').click()
      await expect(page.getByTestId(`remove-controller-${cluster}`)).toBeVisible()
    }
    const before = await serve.api<{ controllers: unknown[] }>('listHeartbeats')

    await page.getByTestId('remove-controller-prod-eu-1').click()
    await expect(page.getByTestId('remove-controller-confirm-prod-eu-1')).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('remove-controller-prod-eu-1')).toBeVisible()
    expect((await serve.api<{ controllers: unknown[] }>('listHeartbeats')).controllers).toEqual(before.controllers)

    await page.getByTestId('remove-controller-prod-eu-1').click()
    await page.getByTestId('remove-controller-keep-prod-eu-1').click()
    expect((await serve.api<{ controllers: unknown[] }>('listHeartbeats')).controllers).toEqual(before.controllers)

    await page.getByTestId('remove-controller-prod-eu-1').click()
    await page.getByTestId('remove-controller-confirm-prod-eu-1').click()
    // The whole row goes (its Remove button is already hidden while the question shows), once the
    // engine has removed it; the other controller stays exactly as it was.
    await expect(page.getByTestId('health-prod-eu-1')).toHaveCount(0)
    await expect(page.getByTestId('health-prod-us-1')).toBeVisible()
    const after = await serve.api<{ controllers: Array<{ clusterId: string }> }>('listHeartbeats')
    expect(after.controllers).toEqual(before.controllers.filter((c) => (c as { clusterId: string }).clusterId !== 'prod-eu-1'))
  })

  test('adding a controller for a cluster that has one says so, and leaves that controller as it was', async () => {
    const { page, serve } = app
    await page.keyboard.press('Control+2')
    await expect(page.getByTestId('fire-targets')).toBeVisible()
    await page.getByTestId('controller-cluster').fill('staging-1')
    await page.getByTestId('controller-add').click()
    await page.getByTestId('toggle-staging-1').click()
    await expect(page.getByTestId('toggle-staging-1')).toHaveText('Start')
    const before = await serve.api<{ controllers: unknown[] }>('listHeartbeats')

    await page.getByTestId('controller-cluster').fill('staging-1')
    await page.getByTestId('controller-add').click()
    await expect(page.getByTestId('controller-error')).toHaveText('Cluster “staging-1” already has a controller: start, stop or remove it below, or choose another cluster id.')
    await expect(page.getByTestId('controller-cluster')).toHaveValue('staging-1')
    await expect(page.getByTestId('toggle-staging-1')).toHaveText('Start')
    expect((await serve.api<{ controllers: unknown[] }>('listHeartbeats')).controllers).toEqual(before.controllers)
    // Typing again clears the message.
    await page.getByTestId('controller-cluster').fill('staging-2')
    await expect(page.getByTestId('controller-error')).toHaveCount(0)
  })

  test('with the engine gone, five failed calls are one notice (×5) and the status bar says so once', async () => {
    const { page, serve, errors } = app
    expect(await serve.stop()).toBe(0)
    const notices = page.locator('.notices .notice')
    await page.getByTestId('controller-cluster').fill('prod-ap-1')
    // A status refresh the page had already planned may fail too: each click adds one at least.
    const count = async () => Number(/\(×(\d+)\)/.exec((await notices.allTextContents()).join(''))?.[1] ?? ((await notices.count()) > 0 ? 1 : 0))
    for (let i = 0; i < 5; i++) {
      const before = await count()
      await page.getByTestId('controller-add').click()
      await expect.poll(count).toBeGreaterThan(before)
    }
    await expect(notices).toHaveCount(1)
    await expect(notices).toHaveText(/^Engine unreachable: no answer \(is Hookbench still running\?\) \(×([5-9]|\d\d)\)×$/)
    await expect(page.getByTestId('engine-connection')).toHaveText('Engine unreachable: no answer (is Hookbench still running?)')
    expect(errors).toEqual([])
  })
})
