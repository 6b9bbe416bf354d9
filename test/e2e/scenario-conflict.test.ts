import type { ScenarioFile } from '../../src/shared/schemas/scenario-api'
import { expect, shoot, test, useApp } from './fixtures'

/*
 * A save never goes over a change made elsewhere since the scenario was opened (another window, a
 * step added from Fire): it is refused, the editor keeps the user's text, and the user chooses.
 */

const story = (name: string) => `version: 1\nname: ${name}\nprovider: divshot\nsteps:\n  - fire: release\n`

const app = useApp({
  view: 'scenarios',
  prepare: async (serve) => {
    for (const id of ['story', 'other']) await serve.api('saveScenario', { source: story('First'), fileName: `${id}.yaml` })
  },
})

const source = () => app.page.locator('[data-testid=scenario-source] .cm-content')
const editorText = async () => (await app.page.locator('[data-testid=scenario-source] .cm-line').allTextContents()).join('\n')
const saved = async (id: string) => (await app.serve.api<ScenarioFile>('getScenario', { id })).source

/** Opens a saved scenario and types `text` over its source. */
async function openAndEdit(id: string, text: string) {
  const { page } = app
  await page.keyboard.press('Control+1')
  await page.locator(`[data-testid=scenario-item][data-id=${id}]`).click()
  await expect(page.getByTestId('scenario-editor')).toHaveAttribute('data-id', id)
  await page.getByTestId('studio-tab-source').click()
  await source().click()
  await page.keyboard.press('Control+A')
  await page.keyboard.insertText(text)
  await expect(page.getByTestId('scenario-dirty')).toBeVisible()
}

test.describe('a save after a change elsewhere', () => {
  test('an open scenario without edits, and the library, show a change made elsewhere as it is saved', async () => {
    const { page, serve } = app
    await page.locator('[data-testid=scenario-item][data-id=story]').click()
    await page.getByTestId('studio-tab-source').click()
    await expect.poll(editorText).toBe(story('First'))
    await serve.api('saveScenario', { id: 'story', source: story('Renamed elsewhere'), fileName: 'story.yaml' })
    await expect.poll(editorText).toBe(story('Renamed elsewhere'))
    await expect(page.locator('[data-testid=scenario-item][data-id=story]')).toContainText('Renamed elsewhere')
    await expect(page.getByTestId('scenario-saved')).toBeVisible()
  })

  test('is refused with the choice; the saved version opens, and Undo and Save bring mine back over it', async () => {
    const { page, serve } = app
    await openAndEdit('story', story('Mine'))
    await serve.api('saveScenario', { id: 'story', source: story('Theirs'), fileName: 'story.yaml' })

    await page.getByTestId('scenario-save').click()
    await expect(page.getByTestId('scenario-conflict')).toContainText('Scenario "story" was changed since you opened it')
    await expect(page.getByTestId('scenario-dirty')).toBeVisible()
    await expect.poll(editorText).toBe(story('Mine'))
    expect(await saved('story')).toBe(story('Theirs'))
    await shoot(page, 'scenario-conflict')

    await page.getByTestId('scenario-conflict-theirs').click()
    await expect.poll(editorText).toBe(story('Theirs'))
    await expect(page.getByTestId('scenario-conflict')).toHaveCount(0)
    await expect(page.getByTestId('scenario-saved')).toBeVisible()

    await page.getByTestId('scenario-undo-discard-button').click()
    await expect.poll(editorText).toBe(story('Mine'))
    await page.getByTestId('scenario-save').click()
    await expect(page.getByTestId('scenario-saved')).toBeVisible()
    expect(await saved('story')).toBe(story('Mine'))
  })

  test('goes over it when the user says so, and leaves the other scenarios as they were', async () => {
    const { page, serve } = app
    await openAndEdit('story', story('Mine again'))
    await serve.api('saveScenario', { id: 'story', source: story('Theirs again'), fileName: 'story.yaml' })
    await page.keyboard.press('Control+S')
    await expect(page.getByTestId('scenario-conflict')).toBeVisible()
    await page.getByTestId('scenario-conflict-overwrite').click()
    await expect(page.getByTestId('scenario-conflict')).toHaveCount(0)
    await expect(page.getByTestId('scenario-saved')).toBeVisible()
    expect(await saved('story')).toBe(story('Mine again'))
    expect(await saved('other')).toBe(story('First'))
  })

  test('a step added from Fire while the studio had unsaved edits is not lost by saving them', async () => {
    const { page } = app
    await openAndEdit('other', story('Edited in the studio'))
    await page.keyboard.press('Control+2')
    await page.getByTestId('fire-provider').selectOption('divshot')
    await page.getByTestId('fire-event').selectOption('release')
    await page.getByTestId('fire-save-scenario').selectOption({ label: 'First (other.yaml)' })
    await page.getByTestId('fire-save-step').click()
    await expect(page.getByTestId('fire-save-result')).toContainText('Added as step 2 of “First” (other.yaml)')
    const withStep = await saved('other')

    await page.keyboard.press('Control+1')
    await page.getByTestId('scenario-save').click()
    await expect(page.getByTestId('scenario-conflict')).toContainText('Scenario "other" was changed since you opened it')
    expect(await saved('other')).toBe(withStep)
    await page.getByTestId('scenario-conflict-theirs').click()
    await expect.poll(editorText).toBe(withStep)
  })
})
