import { expect, shoot, test, useApp } from './fixtures'

const app = useApp({ view: 'timeline', context: { colorScheme: 'light' } })

const palette = () => app.page.getByTestId('command-palette')
const html = () => app.page.locator('html')
const focusedTestId = () => app.page.evaluate<string | null | undefined>("document.activeElement?.getAttribute('data-testid')")

async function openPalette() {
  await app.page.keyboard.press('Control+k')
  await expect(palette()).toBeVisible()
  await expect(app.page.getByTestId('palette-input')).toBeFocused()
}

test.describe('the command palette', () => {
  test('opens with Ctrl+K as a modal dialog, filters as you type and runs the first match on Enter', async () => {
    const { page } = app
    await openPalette()
    await expect(palette()).toHaveAttribute('role', 'dialog')
    await expect(palette()).toHaveAttribute('aria-modal', 'true')
    // Each view shows its shortcut.
    await expect(page.getByTestId('palette-go-receiver')).toContainText('Ctrl+5')
    await page.keyboard.type('recei')
    await expect(palette().getByRole('option').first()).toContainText('Go to Receiver')
    await shoot(page, 'palette-1440-light')
    await page.keyboard.press('Enter')
    await expect(palette()).toHaveCount(0)
    await expect(page.locator('[data-testid=nav-receiver][aria-current=page]')).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Receiver', level: 1 })).toBeVisible()
  })

  test('picks "Toggle theme" with the arrow keys and switches the theme', async () => {
    const { page } = app
    await expect(html()).toHaveAttribute('data-theme', 'light')
    await openPalette()
    const toggle = page.getByTestId('palette-toggle-theme')
    // The first option starts selected; each ArrowDown moves the selection one down.
    const options = palette().getByRole('option')
    await expect(options.first()).toHaveAttribute('aria-selected', 'true')
    const index = await options.evaluateAll((all) => all.findIndex((option) => option.getAttribute('data-testid') === 'palette-toggle-theme'))
    expect(index).toBeGreaterThan(0)
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown')
    await expect(toggle).toHaveAttribute('aria-selected', 'true')
    // The input keeps focus and points at the selected option.
    await expect(page.getByTestId('palette-input')).toBeFocused()
    await expect(page.getByTestId('palette-input')).toHaveAttribute('aria-activedescendant', (await toggle.getAttribute('id'))!)
    await page.keyboard.press('Enter')
    await expect(palette()).toHaveCount(0)
    await expect(html()).toHaveAttribute('data-theme', 'dark')

    await page.setViewportSize({ width: 1024, height: 768 })
    await openPalette()
    await shoot(page, 'palette-1024-dark')
    await page.keyboard.press('Escape')
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  test('keeps Tab inside, closes on Esc and gives focus back where it was', async () => {
    const { page } = app
    const filter = page.getByTestId('captures-text')
    await filter.focus()
    await openPalette()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Shift+Tab')
    await expect(page.locator('[role=dialog] :focus')).toHaveCount(1)
    await page.keyboard.press('Escape')
    await expect(palette()).toHaveCount(0)
    await expect(filter).toBeFocused()
    // Esc did not reach the view behind (the filter is unchanged, the view too).
    await expect(page.locator('[data-testid=nav-receiver][aria-current=page]')).toBeVisible()
  })

  test('wires actions to the views: a new subscription focuses its form', async () => {
    const { page } = app
    await openPalette()
    await page.keyboard.type('new sub')
    await page.keyboard.press('Enter')
    await expect.poll(focusedTestId).toBe('edit-name')
    await expect(page.locator('[data-testid=nav-subscriptions][aria-current=page]')).toBeVisible()
    // The form is a drawer over the page: Esc closes it, and the focus goes back to its button.
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('subscription-editor')).toHaveCount(0)
    await expect.poll(focusedTestId).toBe('new-subscription')
  })

  test('switches the timeline to its time view, and starts a new scenario in the studio', async () => {
    const { page } = app
    await openPalette()
    await page.keyboard.type('time view')
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(/#\/timeline\?mode=time$/)
    await expect(page.getByTestId('time-plot')).toBeVisible()
    await openPalette()
    await page.keyboard.type('new scenario')
    await page.keyboard.press('Enter')
    // Saved from the template, then opened: it wins over the scenario the studio opens by itself.
    await expect(page.getByTestId('scenario-editor')).toHaveAttribute('data-id', 'new-scenario')
  })

  test('lists the keyboard shortcuts (from the palette or with ?)', async () => {
    const { page, errors } = app
    await page.locator('#main').focus()
    await page.keyboard.press('Shift+Slash')
    const dialog = page.getByTestId('shortcuts-dialog')
    await expect(dialog).toContainText('Ctrl+K')
    await page.keyboard.press('Escape')
    await expect(dialog).toHaveCount(0)
    expect(errors).toEqual([])
  })
})
