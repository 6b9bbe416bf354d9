import { CatalogEntry } from '../../src/shared/platforms/catalog'
import { Subscription, type SubscriptionDraft } from '../../src/shared/schemas/subscription'
import { expect, test, useApp } from './fixtures'

const app = useApp({ view: 'subscriptions', context: { timezoneId: 'Europe/Paris' } })

/** A Qovery subscription with every field away from its default. */
const EVERYTHING: SubscriptionDraft = {
  name: 'everything-set',
  url: 'http://127.0.0.1:9/everything',
  provider: 'qovery',
  events: ['DEPLOYMENT_STARTED'],
  enabled: false,
  paused: true,
  signing: { scheme: 'native', secret: 'current-secret', previousSecret: 'old-secret', previousSecretExpiresAt: '2030-01-31T11:00:00.000Z' },
  retry: { preset: 'exponential', baseMs: 500, factor: 3, capMs: 60_000, jitter: 0.1, maxAttempts: 4 },
  timeoutMs: 2_500,
  headers: [
    ['X-Team', 'ops'],
    ['X-Trace', 'a: b'],
  ],
  filters: { events: ['DEPLOYMENT_STARTED'], environmentTypes: ['PRODUCTION'], projectNames: ['shop*'], where: [{ path: 'payload.x', equals: 3 }] },
  concurrency: 2,
  ordered: true,
  options: { kind: 'SLACK', secretHeader: 'both', objects: 'minimal' },
}

const list = async () => Subscription.array().parse(await app.serve.api('listSubscriptions'))

test.describe('editing a subscription in place', () => {
  test('changes only its events: every other field reads back exactly as before', async () => {
    const { page, serve, errors } = app
    const before = Subscription.parse(await serve.api('createSubscription', EVERYTHING))
    const qovery = CatalogEntry.array()
      .parse(await serve.api('getCatalog'))
      .find((entry) => entry.id === 'qovery')!
    const added = qovery.events.map((e) => e.name).find((name) => !before.events.includes(name))!
    const row = page.getByTestId('subscription-everything-set')
    const inbox = page.getByTestId('subscription-Built-in inbox')
    await expect(row).toBeVisible()

    // Keyboard: one row takes Tab, arrows move between rows, Enter opens the editor, Esc closes it and gives the row its focus back.
    await expect(page.locator('[data-testid="subscriptions"] tbody tr[tabindex="0"]')).toHaveCount(1)
    await inbox.focus()
    await page.keyboard.press('ArrowDown')
    await expect(row).toBeFocused()
    await page.keyboard.press('ArrowUp')
    await expect(inbox).toBeFocused()
    await row.focus()
    await page.keyboard.press('Enter')
    const editor = page.getByTestId('subscription-editor')
    await expect(editor).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(editor).toHaveCount(0)
    await expect(row).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(editor).toBeVisible()

    // Only the catalog's events can be picked.
    const events = editor.getByTestId('edit-events')
    await expect.poll(() => events.getByRole('checkbox').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('value')))).toEqual(qovery.events.map((e) => e.name))
    await expect(events.getByRole('checkbox', { checked: true })).toHaveCount(1)

    const sent: unknown[] = []
    page.on('request', (request) => {
      if (request.url().endsWith('/api/updateSubscription')) sent.push(request.postDataJSON())
    })
    await events.getByLabel(added, { exact: true }).check()
    await editor.getByTestId('edit-save').click()
    await expect(editor).toHaveCount(0)

    expect(sent).toEqual([{ id: before.id, changes: { events: [...qovery.events.map((e) => e.name).filter((n) => n === 'DEPLOYMENT_STARTED' || n === added)] } }])
    const after = (await list()).find((s) => s.id === before.id)!
    expect(after).toStrictEqual({ ...before, events: expect.arrayContaining(['DEPLOYMENT_STARTED', added]) as string[], updatedAt: after.updatedAt })
    expect(after.events).toHaveLength(2)
    expect(errors).toEqual([])
  })

  test('shows a refused value next to its field, in words, and saves nothing', async () => {
    const { page } = app
    const before = (await list()).find((s) => s.name === 'everything-set')!
    await page.getByTestId('edit-everything-set').click()
    const editor = page.getByTestId('subscription-editor')
    await editor.getByTestId('edit-concurrency').fill('100')
    await editor.getByTestId('edit-url').fill('ftp://nowhere')
    await editor.getByTestId('edit-save').click()
    await expect(editor.getByTestId('edit-problem-concurrency')).toHaveText('must be at most 64')
    await expect(editor.getByTestId('edit-problem-url')).toHaveText('must be an http:// or https:// URL')
    await expect(editor.getByTestId('edit-concurrency')).toHaveAttribute('aria-invalid', 'true')
    await editor.getByTestId('edit-cancel').click()
    expect((await list()).find((s) => s.id === before.id)).toStrictEqual(before)
  })

  test('keeps every column visible at 1024 px wide', async () => {
    const { page } = app
    await page.setViewportSize({ width: 1024, height: 768 })
    const fits = () =>
      page.getByTestId('subscriptions').evaluate((table) => {
        const box = table.getBoundingClientRect()
        const main = table.closest('.content') ?? table.ownerDocument.body
        const cells = [...table.querySelectorAll('thead th'), ...table.querySelectorAll('tbody tr:first-child > td')]
        return {
          tableInView: box.right <= main.getBoundingClientRect().right + 0.5,
          cellsInside: cells.every((cell) => {
            const r = cell.getBoundingClientRect()
            return r.width > 30 && r.right <= box.right + 0.5
          }),
          buttonsInside: [...table.querySelectorAll('tbody button')].every((b) => b.getBoundingClientRect().right <= box.right + 0.5),
          noScroll: main.scrollWidth <= main.clientWidth,
        }
      })
    await expect.poll(fits).toEqual({ tableInView: true, cellsInside: true, buttonsInside: true, noScroll: true })
    await page.setViewportSize({ width: 1440, height: 900 })
  })
})

test.describe('deleting a subscription', () => {
  test('asks first, says its waiting deliveries were cancelled, and Undo recreates the same fields', async () => {
    const { page, serve } = app
    const before = Subscription.parse(await serve.api('createSubscription', { ...EVERYTHING, name: 'to-delete' }))
    const row = page.getByTestId('subscription-to-delete')
    await expect(row).toBeVisible()
    await page.getByTestId('delete-to-delete').click()
    await expect(page.getByTestId('confirm-delete')).toContainText('waiting to be sent or retried are cancelled')
    // Keeping it deletes nothing.
    await page.getByTestId('confirm-delete-no').click()
    expect((await list()).some((s) => s.id === before.id)).toBe(true)

    await page.getByTestId('delete-to-delete').click()
    await page.getByTestId('confirm-delete-yes').click()
    await expect(page.getByTestId('undo-delete')).toContainText('Its waiting deliveries were cancelled')
    await expect(row).toHaveCount(0)
    expect((await list()).some((s) => s.name === 'to-delete')).toBe(false)

    await page.getByTestId('undo-delete-button').click()
    await expect(row).toBeVisible()
    await expect(page.getByTestId('undo-delete')).toHaveCount(0)
    const recreated = (await list()).filter((s) => s.name === 'to-delete')
    expect(recreated).toHaveLength(1)
    const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = before
    const { id: _id2, createdAt: _c2, updatedAt: _u2, ...again } = recreated[0]!
    expect(again).toStrictEqual(fields)
  })

  test('stays deleted when Undo is not used', async () => {
    const { page, serve } = app
    await serve.api('createSubscription', { ...EVERYTHING, name: 'gone-for-good' })
    await expect(page.getByTestId('subscription-gone-for-good')).toBeVisible()
    await page.getByTestId('delete-gone-for-good').click()
    await page.getByTestId('confirm-delete-yes').click()
    await expect(page.getByTestId('undo-delete')).toBeVisible()
    await expect(page.getByTestId('subscription-gone-for-good')).toHaveCount(0)
    // The offer ends after a few seconds.
    await expect(page.getByTestId('undo-delete')).toHaveCount(0, { timeout: 15_000 })
    expect((await list()).some((s) => s.name === 'gone-for-good')).toBe(false)
    await expect(page.getByTestId('subscription-gone-for-good')).toHaveCount(0)
  })
})
