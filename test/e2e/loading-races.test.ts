import { expect, hold, openApp, reload, test } from './fixtures'

/*
 * The engine's status arrives first and the page is usable from then on; the catalog, the
 * subscriptions, the endpoints and the scenario library arrive a moment later. A click in that
 * gap must not act on the empty lists: each test holds one of those reads across the click.
 */

test.describe('clicks quicker than the first reads', () => {
  test('adding an endpoint under a name taken says so, and leaves that endpoint’s script as it was', async ({ browser, serve }) => {
    await serve.api('saveEndpoint', { name: 'orders', response: { status: 418 } })
    const { page, context, errors } = await openApp(browser, serve, 'receiver')
    const release = await hold(page, 'listEndpoints')
    await reload(page)
    await page.getByTestId('endpoint-name').fill('orders')
    await page.getByTestId('endpoint-add').click()
    await release()
    await expect(page.getByTestId('endpoint-name-error')).toContainText('already an endpoint named “orders”')
    const endpoints = await serve.api<{ name: string; response: { status: number } }[]>('listEndpoints')
    expect(endpoints.find((e) => e.name === 'orders')?.response.status).toBe(418)
    expect(errors).toEqual([])
    await context.close()
  })

  test('New in the studio picks a free id, so a saved scenario of that id stays as it was', async ({ browser, serve }) => {
    const source = 'version: 1\nname: Mine already\nprovider: generic\nsteps:\n  - fire: deploy.ping\n'
    await serve.api('saveScenario', { id: 'new-scenario', source, fileName: 'new-scenario.yaml' })
    const { page, context, errors } = await openApp(browser, serve, 'scenarios')
    await expect(page.getByTestId('scenario-editor')).toHaveAttribute('data-id', /.+/)
    const release = await hold(page, 'listScenarios')
    await reload(page)
    await page.getByTestId('scenario-new').click()
    await release()
    await expect(page.getByTestId('scenario-editor')).toHaveAttribute('data-id', 'new-scenario-2')
    expect((await serve.api<{ source: string }>('getScenario', { id: 'new-scenario' })).source).toBe(source)
    expect(errors).toEqual([])
    await context.close()
  })

  test('a subscription opened before the catalog is read shows its stored options once it is', async ({ browser, serve }) => {
    const { receiverUrl } = await serve.api<{ receiverUrl: string }>('getStatus')
    await serve.api('createSubscription', { name: 'qovery-slack', url: `${receiverUrl}r/inbox`, provider: 'qovery', options: { kind: 'SLACK' } })
    const { page, context, errors } = await openApp(browser, serve, 'subscriptions')
    const release = await hold(page, 'getCatalog')
    await reload(page)
    await page.getByTestId('edit-qovery-slack').click()
    await release()
    const form = page.getByTestId('subscription-editor')
    await expect(form.getByTestId('edit-provider')).toHaveValue('qovery')
    await expect(form.getByTestId('sub-option-kind')).toHaveValue('SLACK')
    expect(errors).toEqual([])
    await context.close()
  })

  test('Fire and Run the check wait for the catalog instead of asking to choose an event or a platform', async ({ browser, serve }) => {
    const { page, context, errors } = await openApp(browser, serve, 'fire')
    const release = await hold(page, 'getCatalog')
    await reload(page)
    await expect(page.getByTestId('fire-submit')).toBeDisabled()
    await page.keyboard.press('Control+7')
    await expect(page.getByTestId('check-run')).toBeDisabled()
    await release()
    await expect(page.getByTestId('check-run')).toBeEnabled()
    await page.keyboard.press('Control+2')
    await expect(page.getByTestId('fire-submit')).toBeEnabled()
    await expect(page.getByTestId('fire-blocked')).toHaveCount(0)
    expect(errors).toEqual([])
    await context.close()
  })

  test('back on Fire, the panel stays put when its preview arrives: a press on Save as scenario step held across it still saves', async ({ browser, serve }) => {
    const { receiverUrl } = await serve.api<{ receiverUrl: string }>('getStatus')
    await serve.api('createSubscription', { name: 'signed divshot', url: `${receiverUrl}r/inbox`, provider: 'divshot', signing: { scheme: 'standard', secret: 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' } })
    await serve.api('saveScenario', { source: 'version: 1\nname: Mine\nprovider: divshot\nsteps:\n  - fire: release\n', fileName: 'mine.yaml' })
    const { page, context, errors } = await openApp(browser, serve, 'fire')
    await page.getByTestId('fire-event').selectOption('release')
    await expect(page.getByTestId('fire-target-signed-divshot')).toBeVisible()
    await page.keyboard.press('Control+4')
    const release = await hold(page, 'previewFire')
    await page.keyboard.press('Control+2')
    await page.getByTestId('fire-save-scenario').selectOption({ label: 'Mine (mine.yaml)' })
    const save = page.getByTestId('fire-save-step')
    await save.scrollIntoViewIfNeeded()
    const pressed = await save.boundingBox()
    await page.mouse.move(pressed!.x + pressed!.width / 2, pressed!.y + pressed!.height / 2)
    await page.mouse.down()
    const answered = page.waitForResponse('**/api/previewFire')
    await release()
    await answered
    await expect(page.getByTestId('fire-target-signed-divshot')).toBeVisible()
    expect(await save.boundingBox()).toEqual(pressed)
    await page.mouse.up()
    await expect(page.getByTestId('fire-save-result')).toContainText('Added as step 2 of “Mine” (mine.yaml)')
    expect(errors).toEqual([])
    await context.close()
  })
})
