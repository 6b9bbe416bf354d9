import { Webhook } from 'standardwebhooks'
import type { Delivery } from '../../src/shared/schemas/delivery'
import type { Capture, CaptureSummary } from '../../src/shared/schemas/receiver'
import { Subscription } from '../../src/shared/schemas/subscription'
import { expect, test, useApp } from './fixtures'

/*
 * Secrets that cannot be lost: one typed or generated is saved with the form; a rotation is one
 * action that takes effect at once; a save that would leave a signing scheme without a secret is
 * refused in words. Each path through the UI, then checked through the API and with the
 * reference library (standardwebhooks) on what the receiver captured.
 */

const SECRET_A = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const SECRET_B = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='
const HOUR = 3_600_000

const app = useApp({ view: 'subscriptions' })
const inbox = async () => `${(await app.serve.api<{ receiverUrl: string }>('getStatus')).receiverUrl}r/inbox`

const form = () => app.page.getByTestId('subscription-editor')
const stored = async (id: string) => Subscription.array().parse(await app.serve.api('listSubscriptions')).find((s) => s.id === id)!
const create = async (name: string, signing: object) => Subscription.parse(await app.serve.api('createSubscription', { name, url: await inbox(), provider: 'divshot', headers: [['X-Team', 'ops']], timeoutMs: 4_000, signing }))

/** Fires one event at the subscription and resolves with what the inbox captured of it (headers lower-cased, body as text). */
async function firedAndCaptured(subscriptionId: string) {
  const { serve } = app
  const fired = await serve.api<{ deliveries: { id: string }[] }>('fireEvent', { provider: 'divshot', event: 'release', subscriptionIds: [subscriptionId] })
  const id = fired.deliveries[0]!.id
  await expect.poll(async () => (await serve.api<Delivery>('getDelivery', { id })).status, { timeout: 10_000 }).toBe('delivered')
  await expect.poll(async () => (await serve.api<{ items: CaptureSummary[] }>('listCaptures', { deliveryId: id, limit: 1 })).items.length).toBe(1)
  const [summary] = (await serve.api<{ items: CaptureSummary[] }>('listCaptures', { deliveryId: id, limit: 1 })).items
  const capture = await serve.api<Capture>('getCapture', { id: summary!.id, reveal: true })
  return { body: Buffer.from(capture.bodyBase64, 'base64').toString('utf8'), headers: Object.fromEntries(capture.headers.map(([n, v]) => [n.toLowerCase(), v])) }
}

const reopenEditor = async (name: string) => {
  await app.page.getByTestId(`edit-${name}`).click()
  await expect(form()).toHaveAttribute('data-mode', 'edit')
}

test.describe('secrets that cannot be lost', () => {
  test('saves a generated secret with the form: switched to Standard Webhooks, Generate, Save, and deliveries sign with it', async () => {
    const { page } = app
    const before = await create('unsigned', { scheme: 'none' })
    await reopenEditor('unsigned')
    await form().getByTestId('edit-scheme').selectOption('standard')
    await form().getByTestId('secret-generate').click()
    await expect(form().getByTestId('edit-new-secret')).toHaveValue(/^whsec_[A-Za-z0-9+/]{43}=$/)
    const generated = await form().getByTestId('edit-new-secret').inputValue()
    await form().getByTestId('edit-save').click()
    await expect(form()).toHaveCount(0)

    // Through the API: the secret shown is the one saved, and nothing else changed.
    const after = await stored(before.id)
    expect(after).toStrictEqual({ ...before, signing: { scheme: 'standard', secret: generated }, updatedAt: after.updatedAt })
    // On the wire: the reference library verifies what the inbox captured.
    const { body, headers } = await firedAndCaptured(before.id)
    expect(new Webhook(generated).verify(body, headers)).toBeTruthy()
    // Back in the form: the current secret is shown by its fingerprint.
    await reopenEditor('unsigned')
    await expect(form().getByTestId('secret-fingerprint')).toHaveText(/^[0-9a-f]{16}$/)
    await page.keyboard.press('Escape')
    await expect(form()).toHaveCount(0)
  })

  test('refuses a save that would leave a signing scheme without a secret, in words, and the API refuses it too', async () => {
    const { serve } = app
    const before = await create('bare', { scheme: 'none' })
    await reopenEditor('bare')
    await form().getByTestId('edit-scheme').selectOption('standard')
    // A secret is offered at once for a scheme that signs; emptied, the save is refused.
    await expect(form().getByTestId('edit-new-secret')).toHaveValue(/^whsec_/)
    await form().getByTestId('edit-new-secret').fill('')
    await form().getByTestId('edit-save').click()
    await expect(form().getByTestId('edit-note')).toHaveText('Not saved: see the messages next to the fields.')
    await expect(form().getByTestId('edit-new-secret')).toHaveAttribute('aria-invalid', 'true')
    await expect(form().getByText('this scheme signs with a secret and none is set: type one or press Generate, or choose “none” to send unsigned')).toHaveCount(1)
    await form().getByTestId('edit-cancel').click()
    await expect(form()).toHaveCount(0)
    expect(await stored(before.id)).toStrictEqual(before)

    const refused = await serve.api('updateSubscription', { id: before.id, changes: { signing: { scheme: 'standard' } } }).catch((error: Error) => error.message)
    expect(refused).toBe('updateSubscription: signing.secret: the standard scheme signs with a secret and none is set: give a secret, or choose the scheme "none" to send unsigned')
    expect(await stored(before.id)).toStrictEqual(before)
  })

  test('rotates in one action that takes effect at once: both secrets sign for the overlap chosen, each verified by the reference library', async () => {
    const { page, errors } = app
    const before = await create('rotating', { scheme: 'standard', secret: SECRET_A })
    await reopenEditor('rotating')
    await form().getByTestId('edit-new-secret').fill(SECRET_B)
    await form().getByTestId('edit-overlap').selectOption('1h')
    const rotatedAt = Date.now()
    await form().getByTestId('edit-rotate').click()
    await expect(form().getByTestId('rotated-secret')).toHaveText(SECRET_B)
    // No Save: the rotation is already in force.
    const after = await stored(before.id)
    expect(after).toStrictEqual({ ...before, signing: { scheme: 'standard', secret: SECRET_B, previousSecret: SECRET_A, previousSecretExpiresAt: after.signing.previousSecretExpiresAt }, updatedAt: after.updatedAt })
    const overlapMs = Date.parse(after.signing.previousSecretExpiresAt!) - rotatedAt
    expect(overlapMs).toBeGreaterThan(HOUR - 10_000)
    expect(overlapMs).toBeLessThanOrEqual(HOUR + 1_000)

    const { body, headers } = await firedAndCaptured(before.id)
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2)
    expect(new Webhook(SECRET_B).verify(body, headers)).toBeTruthy()
    expect(new Webhook(SECRET_A).verify(body, headers)).toBeTruthy()

    // Retiring the old one is one action too: the next delivery carries the new signature only.
    await form().getByTestId('edit-retire').click()
    await expect.poll(async () => (await stored(before.id)).signing).toEqual({ scheme: 'standard', secret: SECRET_B })
    const next = await firedAndCaptured(before.id)
    expect(next.headers['webhook-signature']!.split(' ')).toHaveLength(1)
    expect(new Webhook(SECRET_B).verify(next.body, next.headers)).toBeTruthy()
    expect(() => new Webhook(SECRET_A).verify(next.body, next.headers)).toThrow()
    await page.keyboard.press('Escape')
    await expect(form()).toHaveCount(0)
    expect(errors).toEqual([])
  })
})
