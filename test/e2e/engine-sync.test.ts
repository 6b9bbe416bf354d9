import { expect, hold, openApp, reload, test } from './fixtures'

/*
 * The page keeps a copy of the engine's configuration, read at start and again on each event
 * that says a part changed. Two gaps that copy must not fall into: a change made while the event
 * stream was (re)connecting came as no event, and a save's own event may come after the user has
 * already reopened what was saved.
 */

test.describe('the page’s copy of the engine state', () => {
  test('shows a subscription added while the event stream was connecting', async ({ browser, serve }) => {
    const { page, context, errors } = await openApp(browser, serve, 'subscriptions')
    const release = await hold(page, 'events')
    await reload(page)
    // The list is read while the stream is still held, then a subscription is added elsewhere.
    await expect(page.getByTestId('subscriptions').locator('tbody tr')).toHaveCount(1)
    const { receiverUrl } = await serve.api<{ receiverUrl: string }>('getStatus')
    await serve.api('createSubscription', { name: 'added-meanwhile', url: `${receiverUrl}r/inbox`, provider: 'divshot' })
    await release()
    await expect(page.getByTestId('subscription-added-meanwhile')).toBeVisible()
    expect(errors).toEqual([])
    await context.close()
  })

  test('shows on the Timeline a delivery made while the event stream was connecting', async ({ browser, serve }) => {
    const fire = () => serve.api('fireEvent', { provider: 'generic', event: 'deploy.succeeded' })
    await fire()
    const { page, context, errors } = await openApp(browser, serve, 'timeline')
    const rows = page.locator('[data-testid=deliveries] tbody tr[data-key]')
    await expect(rows).toHaveCount(1)
    const release = await hold(page, 'events')
    await reload(page)
    await expect(rows).toHaveCount(1)
    await fire()
    await release()
    await expect(rows).toHaveCount(2)
    expect(errors).toEqual([])
    await context.close()
  })

  test('reopens a saved subscription as saved, before the engine’s event about it is read', async ({ browser, serve }) => {
    const { receiverUrl } = await serve.api<{ receiverUrl: string }>('getStatus')
    await serve.api('createSubscription', { name: 'unsigned', url: `${receiverUrl}r/inbox`, provider: 'divshot', signing: { scheme: 'none' } })
    const { page, context, errors } = await openApp(browser, serve, 'subscriptions')
    const form = page.getByTestId('subscription-editor')
    await page.getByTestId('edit-unsigned').click()
    await form.getByTestId('edit-scheme').selectOption('standard')
    await form.getByTestId('secret-generate').click()
    // The list's re-read after the save is held: what the form shows next comes from the save's answer.
    const release = await hold(page, 'listSubscriptions')
    await form.getByTestId('edit-save').click()
    await expect(form).toHaveCount(0)
    await expect(page.getByTestId('subscription-unsigned')).toContainText('standard')
    await page.getByTestId('edit-unsigned').click()
    await expect(form.getByTestId('secret-fingerprint')).toHaveText(/^[0-9a-f]{16}$/)
    await page.keyboard.press('Escape')
    await release()
    // The held re-read, once answered, leaves it as saved.
    await page.getByTestId('edit-unsigned').click()
    await expect(form.getByTestId('secret-fingerprint')).toHaveText(/^[0-9a-f]{16}$/)
    expect(errors).toEqual([])
    await context.close()
  })
  test('adding an endpoint under a name just taken elsewhere says so, and leaves that endpoint as it was', async ({ browser, serve }) => {
    const { page, context, errors } = await openApp(browser, serve, 'receiver')
    await expect(page.getByTestId('endpoint-add')).toBeVisible()
    // The page hears of nothing from here on: its list of endpoints is a moment old.
    const release = await hold(page, 'events')
    await reload(page)
    await serve.api('saveEndpoint', { name: 'orders', response: { status: 418 } })
    await page.getByTestId('endpoint-name').fill('orders')
    await page.getByTestId('endpoint-add').click()
    await expect(page.getByTestId('endpoint-name-error')).toHaveText('there is already an endpoint named “orders”')
    await expect(page.getByTestId('endpoint-name')).toHaveValue('orders')
    await release()
    const endpoints = await serve.api<{ name: string; response: { status: number } }[]>('listEndpoints')
    expect(endpoints.filter((e) => e.name === 'orders').map((e) => e.response.status)).toEqual([418])
    expect(errors).toEqual([])
    await context.close()
  })
})
