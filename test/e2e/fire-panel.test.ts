import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, expectNoSidewaysScroll, reload, shoot, test, useApp } from './fixtures'

const SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='
const STORY = [
  '# A story of my own: comments and layout stay as written.',
  'version: 1',
  'name: My release story',
  'provider: divshot',
  'seed: story',
  'context:',
  '  service: shop   # the app',
  'steps:',
  '  - fire: release',
  '  - wait: 30s',
  '',
].join('\n')

const app = useApp({
  view: 'fire',
  prepare: async (serve) => {
    const { receiverUrl } = await serve.api<{ receiverUrl: string }>('getStatus')
    await serve.api('createSubscription', { name: 'signed divshot', url: `${receiverUrl}r/inbox`, provider: 'divshot', signing: { scheme: 'standard', secret: SECRET } })
    await serve.api('saveScenario', { source: STORY, fileName: 'my-story.yaml' })
  },
})

/**
 * The version typed into the payload: outside the 2–60 the generator picks from (the seed is fresh
 * each session), so it always differs from the generated one and is always an edit.
 */
const EDITED_VERSION = 99

const editor = () => app.page.getByTestId('fire-payload').locator('.cm-content')
/** The editor's JSON (CodeMirror renders a line per element: their text joined is the JSON without newlines). */
const payloadInEditor = async () => JSON.parse((await editor().textContent()) ?? '') as { data: { release: { version: unknown } } }

test.describe('the fire panel', () => {
  test('generates the payload live and shows the signed headers of each subscription', async () => {
    const { page } = app
    await page.getByTestId('fire-provider').selectOption('divshot')
    await page.getByTestId('fire-event').selectOption('release')
    await page.getByTestId('fire-context-service').fill('checkout')
    await expect(editor()).toContainText('"name": "checkout"')
    const signed = page.getByTestId('fire-target-signed-divshot')
    await expect(signed.locator('tr[data-kind=signature] th')).toHaveText(['webhook-id', 'webhook-timestamp', 'webhook-signature'])
    await expect(signed.locator('tr[data-kind=signature] td').last()).toHaveText(/^v1,/)
    // Two subscriptions can receive it: none is ticked until chosen, on purpose.
    await expect(page.getByTestId('fire-choose-built-in-inbox')).not.toBeChecked()
    await expect(page.getByTestId('fire-choose-signed-divshot')).not.toBeChecked()
    await expect(page.getByTestId('fire-choose-hint')).toHaveText('Tick where to send it: 2 subscriptions can receive this event.')
    await page.getByTestId('fire-submit').click()
    await expect(page.getByTestId('fire-blocked')).toHaveText('Choose at least one subscription to fire to.')
    await page.getByTestId('fire-choose-built-in-inbox').check()
    await page.getByTestId('fire-choose-signed-divshot').check()
    await expect(page.getByTestId('fire-submit')).toHaveText('Fire to 2')
    // Remembered: a reload keeps the choice.
    await reload(page)
    await expect(page.getByTestId('fire-choose-signed-divshot')).toBeChecked()
    await expect(page.getByTestId('fire-choose-built-in-inbox')).toBeChecked()
    // (A reload starts a new draft: the context is typed again.)
    await page.getByTestId('fire-context-service').fill('checkout')
    await expect(editor()).toContainText('"name": "checkout"')
    await shoot(page, 'fire-1440-light', { fullPage: true })
  })

  test('shows a wrong type inline and in the list, and fires once it is fixed', async () => {
    const { page } = app
    const payload = await payloadInEditor()
    payload.data.release.version = 'forty-two'
    await editor().fill(JSON.stringify(payload, null, 2))
    await expect(page.getByTestId('fire-payload-state')).toHaveText('edited')
    await expect(page.getByTestId('fire-problems')).toContainText('data.release.version')
    const underline = page.getByTestId('fire-payload').locator('.cm-lintRange-error')
    await expect(underline.first()).toContainText('"version"')
    await page.getByTestId('fire-submit').click()
    await expect(page.getByTestId('fire-blocked')).toContainText('Send it anyway')
    await expect(page.getByTestId('fire-result')).toHaveCount(0)
    await shoot(page, 'fire-problem-1440-light', { fullPage: true })

    payload.data.release.version = EDITED_VERSION
    await editor().fill(JSON.stringify(payload, null, 2))
    await expect(page.getByTestId('fire-problems')).toHaveCount(0)
    await expect(underline).toHaveCount(0)
    // Ctrl+Enter fires from inside the editor, without adding a line to the payload.
    await editor().press('Control+Enter')
    await expect(page.getByTestId('fire-result')).toContainText('2 deliveries queued')
    await expect.poll(payloadInEditor).toEqual(payload)

    await page.getByTestId('fire-open-timeline').click()
    await page.locator('[data-testid=deliveries] tbody tr[data-key]').first().click()
    await expect(page.getByTestId('delivery-detail')).toContainText(`"version": ${EDITED_VERSION}`)
  })

  test('keeps the edited payload across views and saves it as a step of a saved scenario, the rest of the file untouched', async () => {
    const { page, serve, errors } = app
    await page.keyboard.press('Control+2')
    await expect.poll(async () => (await payloadInEditor()).data.release.version).toBe(EDITED_VERSION)
    await page.getByTestId('fire-save-scenario').selectOption({ label: 'My release story (my-story.yaml)' })
    await page.getByTestId('fire-save-step').click()
    await expect(page.getByTestId('fire-save-result')).toContainText('Added as step 3 of “My release story” (my-story.yaml)')
    const saved = await serve.api<{ source: string }>('getScenario', { id: 'my-story' })
    expect(saved.source).toBe(`${STORY}  - fire: release\n    context:\n      service: checkout\n    set:\n      data.release.version: ${EDITED_VERSION}\n`)
    expect(readFileSync(join(serve.dataDir, 'scenarios', 'my-story.yaml'), 'utf8')).toBe(saved.source)
    expect(errors).toEqual([])
  })

  test('fits at 1024 px, light and dark', async () => {
    const { page } = app
    await page.setViewportSize({ width: 1024, height: 700 })
    await expectNoSidewaysScroll(page.locator('main'), 'horizontal overflow at 1024 px')
    await shoot(page, 'fire-1024-light', { fullPage: true })
    await page.keyboard.press('Control+6')
    await page.locator('label:has([data-testid=theme-dark])').click()
    await page.keyboard.press('Control+2')
    await expect(page.getByTestId('fire-payload')).toBeVisible()
    await expect(page.getByTestId('fire-target-signed-divshot')).toBeVisible()
    await shoot(page, 'fire-1024-dark', { fullPage: true })
    await page.getByTestId('fire-submit').scrollIntoViewIfNeeded()
    await shoot(page, 'fire-1024-dark-targets')
    await page.getByTestId('fire-save').scrollIntoViewIfNeeded()
    await shoot(page, 'fire-1024-dark-save')
    await page.setViewportSize({ width: 1440, height: 900 })
    await shoot(page, 'fire-1440-dark', { fullPage: true })
  })

  test("shows the payload of a subscription whose format differs (Qovery's Slack kind)", async () => {
    const { page, serve } = app
    const { receiverUrl } = await serve.api<{ receiverUrl: string }>('getStatus')
    await serve.api('createSubscription', { name: 'qovery slack', url: `${receiverUrl}r/inbox`, provider: 'qovery', options: { kind: 'SLACK' } })
    await reload(page)
    await page.getByTestId('fire-provider').selectOption('qovery')
    await page.getByTestId('fire-event').selectOption('DEPLOYMENT_FAILURE')
    const own = page.getByTestId('fire-target-body-qovery-slack')
    await own.locator('summary').click()
    await expect(own).toContainText('"text"')
    // The editor keeps the platform's standard payload, which the other subscriptions receive.
    await expect(editor()).not.toContainText('"text"')
  })
})
