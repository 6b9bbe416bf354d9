import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, gotoApp, pageErrors, reload, shoot, test } from './fixtures'

// Each test has a page of its own; none changes what the engine holds.
test.describe.configure({ mode: 'parallel' })
test.use({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' })

test.describe('web mode UI', () => {
  test('loads and shows the engine status read through the API', async ({ page, sharedServe: serve }) => {
    const errors = pageErrors(page, { console: true })
    await gotoApp(page, serve)
    await expect(page.getByTestId('engine-connection')).toHaveText('Engine connected')
    await page.getByTestId('nav-settings').click()
    await expect(page.getByTestId('engine-data-dir')).toHaveText(serve.dataDir)
    await shoot(page, 'settings-light')
    expect(errors).toEqual([])
  })

  test('switches views from the keyboard and keeps the view in the URL', async ({ page, sharedServe: serve }) => {
    await gotoApp(page, serve)
    await page.keyboard.press('Control+3')
    await expect(page.locator('h1')).toHaveText('Subscriptions')
    await expect(page).toHaveURL(/#\/subscriptions$/)
    await page.keyboard.press('Control+5')
    await expect(page.locator('h1')).toHaveText('Receiver')
    await reload(page)
    await expect(page.locator('h1')).toHaveText('Receiver')
  })

  test.describe('in a dark system theme', () => {
    test.use({ colorScheme: 'dark' })

    test('follows the system theme and lets the user override it', async ({ page, sharedServe: serve }) => {
      await gotoApp(page, serve)
      const html = page.locator('html')
      await expect(html).toHaveAttribute('data-theme', 'dark')
      await shoot(page, 'timeline-dark')
      await page.getByTestId('nav-settings').click()
      await page.locator('label', { has: page.getByTestId('theme-light') }).click()
      await expect(page.getByTestId('theme-light')).toBeChecked()
      await expect(html).toHaveAttribute('data-theme', 'light')
      await reload(page)
      await expect(html).toHaveAttribute('data-theme', 'light')
    })
  })
})

test.describe('a data file full of garbage', () => {
  test('is moved aside with a clear message and the app starts empty', async ({ page, hookbench }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-e2e-garbage-'))
    writeFileSync(join(dataDir, 'hookbench.json'), '\u0000garbage{{{ not json')
    const serve = await hookbench.serve([], dataDir)
    expect(serve.output()).toMatch(/hookbench\.json could not be read \(not valid JSON\); it was moved to .*hookbench\.json\.corrupt-/)
    expect(readdirSync(dataDir).some((f) => f.startsWith('hookbench.json.corrupt-'))).toBe(true)
    await gotoApp(page, serve)
    await page.getByTestId('nav-settings').click()
    await expect(page.getByTestId('storage-recovery')).toContainText('moved to')
    expect(await serve.stop()).toBe(0)
  })
})
