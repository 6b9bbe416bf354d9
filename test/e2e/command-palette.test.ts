import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp } from './app-page'
import { ROOT } from '../support/paths'
import { type ServeProcess, startServe } from '../support/serve-process'

const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots')

let browser: Browser
let serve: ServeProcess
let page: Page
let errors: string[] = []

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  serve = await startServe()
  ;({ browser, page, errors } = await openApp(serve, 'timeline', { colorScheme: 'light' }))
})
afterAll(async () => {
  await browser?.close()
  expect(await serve.stop()).toBe(0)
})

const palette = () => page.getByTestId('command-palette')
const theme = () => page.evaluate<string | undefined>('document.documentElement.dataset.theme')
const focusedTestId = () => page.evaluate<string | null | undefined>("document.activeElement?.getAttribute('data-testid')")

async function openPalette() {
  await page.keyboard.press('Control+k')
  await palette().waitFor()
  expect(await focusedTestId()).toBe('palette-input')
}

describe('the command palette', () => {
  it('opens with Ctrl+K as a modal dialog, filters as you type and runs the first match on Enter', async () => {
    await openPalette()
    expect(await palette().getAttribute('role')).toBe('dialog')
    expect(await palette().getAttribute('aria-modal')).toBe('true')
    // Each view shows its shortcut.
    await expect(page.getByTestId('palette-go-receiver').textContent()).resolves.toContain('Ctrl+5')
    await page.keyboard.type('recei')
    await expect(palette().getByRole('option').first().textContent()).resolves.toContain('Go to Receiver')
    await page.screenshot({ path: join(SCREENSHOTS, 'palette-1440-light.png') })
    await page.keyboard.press('Enter')
    await palette().waitFor({ state: 'detached' })
    await page.locator('[data-testid=nav-receiver][aria-current=page]').waitFor()
    await page.getByRole('heading', { name: 'Receiver', level: 1 }).waitFor()
  })

  it('picks "Toggle theme" with the arrow keys and switches the theme', async () => {
    const before = await theme()
    expect(before).toBe('light')
    await openPalette()
    const toggle = page.getByTestId('palette-toggle-theme')
    for (let i = 0; i < 20 && (await toggle.getAttribute('aria-selected')) !== 'true'; i++) await page.keyboard.press('ArrowDown')
    expect(await toggle.getAttribute('aria-selected')).toBe('true')
    // The input keeps focus and points at the selected option.
    expect(await page.getByTestId('palette-input').getAttribute('aria-activedescendant')).toBe(await toggle.getAttribute('id'))
    await page.keyboard.press('Enter')
    await palette().waitFor({ state: 'detached' })
    expect(await theme()).toBe('dark')

    await page.setViewportSize({ width: 1024, height: 768 })
    await openPalette()
    await page.screenshot({ path: join(SCREENSHOTS, 'palette-1024-dark.png') })
    await page.keyboard.press('Escape')
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  it('keeps Tab inside, closes on Esc and gives focus back where it was', async () => {
    const filter = page.getByTestId('captures-text')
    await filter.focus()
    await openPalette()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Shift+Tab')
    expect(await page.evaluate<boolean>("Boolean(document.activeElement?.closest('[role=dialog]'))")).toBe(true)
    await page.keyboard.press('Escape')
    await palette().waitFor({ state: 'detached' })
    await expect.poll(focusedTestId).toBe('captures-text')
    // Esc did not reach the view behind (the filter is unchanged, the view too).
    await page.locator('[data-testid=nav-receiver][aria-current=page]').waitFor()
  })

  it('wires actions to the views: a new subscription focuses its form', async () => {
    await openPalette()
    await page.keyboard.type('new sub')
    await page.keyboard.press('Enter')
    await expect.poll(focusedTestId).toBe('edit-name')
    await page.locator('[data-testid=nav-subscriptions][aria-current=page]').waitFor()
    // The form is a drawer over the page: Esc closes it, and the focus goes back to its button.
    await page.keyboard.press('Escape')
    await page.getByTestId('subscription-editor').waitFor({ state: 'detached' })
    await expect.poll(focusedTestId).toBe('new-subscription')
  })

  it('switches the timeline to its time view, and starts a new scenario in the studio', async () => {
    await openPalette()
    await page.keyboard.type('time view')
    await page.keyboard.press('Enter')
    await expect.poll(() => new URL(page.url()).hash).toBe('#/timeline?mode=time')
    await page.getByTestId('time-plot').waitFor()
    await openPalette()
    await page.keyboard.type('new scenario')
    await page.keyboard.press('Enter')
    // Saved from the template, then opened: it wins over the scenario the studio opens by itself.
    await expect.poll(() => page.getByTestId('scenario-editor').getAttribute('data-id'), { timeout: 10_000 }).toBe('new-scenario')
  })

  it('lists the keyboard shortcuts (from the palette or with ?)', async () => {
    await page.locator('#main').focus()
    await page.keyboard.press('Shift+Slash')
    const dialog = page.getByTestId('shortcuts-dialog')
    await dialog.waitFor()
    await expect(dialog.textContent()).resolves.toContain('Ctrl+K')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(errors).toEqual([])
  })
})
