import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Delivery } from '../../../src/shared/schemas/delivery'
import { SignatureExplanation } from '../../../src/shared/schemas/signature-explanation'
import type { SigningScheme } from '../../../src/shared/schemas/signing'
import { type Dispatch, createDispatcher } from '../../../src/main/api/dispatch'
import { createApiHandlers } from '../../../src/main/api/handlers'
import { type OpenedEngine, openEngine } from '../../../src/main/host/open-engine'
import { startReceiver } from '../../../src/main/host/start-receiver'
import { secretFingerprint } from '../../../src/main/signing/hmac'

let opened: OpenedEngine
let receiver: { url: string; close(): Promise<void> }
let dispatch: Dispatch

beforeAll(async () => {
  opened = await openEngine({ dataDir: mkdtempSync(join(tmpdir(), 'hookbench-explain-')), host: 'cli', log: () => {} })
  receiver = await startReceiver(opened.engine, { host: '127.0.0.1', port: 0 })
  dispatch = createDispatcher(createApiHandlers(opened.engine), { error: () => {} })
})
afterAll(async () => {
  await receiver.close()
  await opened.close()
})

const engine = () => opened.engine

/** Sends one event over 127.0.0.1 to the built-in inbox, signed as `signing` says; returns the finished delivery. */
async function deliverSigned(signing: Record<string, unknown>, provider = 'generic', event = 'build.finished'): Promise<Delivery> {
  const subscription = await call<{ id: string }>('createSubscription', { name: `explain ${String(signing.scheme)}`, url: `${receiver.url}r/inbox`, provider, signing })
  const fired = await call<{ deliveries: { id: string }[] }>('fireEvent', { provider, event, subscriptionIds: [subscription.id] })
  return engine().deliveries.whenFinal(fired.deliveries[0]!.id)
}

async function call<T>(method: string, input: unknown): Promise<T> {
  const result = await dispatch(method, input)
  if (!result.ok) throw new Error(result.error.message)
  return result.data as T
}

/** Through the API contract: the input and output schemas are checked as the UI's calls are. */
async function explain(input: { deliveryId: string; attempt?: number }) {
  return SignatureExplanation.parse(await call('explainSignature', input))
}

const cases: Array<{ scheme: SigningScheme; secret: string; other: string; provider?: string; event?: string; signed?: RegExp }> = [
  {
    scheme: 'standard',
    secret: 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
    other: 'whsec_//79/Pv6+fj39vX08/Lx8O/u7ezr6uno5+bl5OPi4eA=',
    signed: /^msg_\w+\.\d+\.\{/,
  },
  { scheme: 'github', secret: 'simulator-secret', other: 'another-secret', signed: /^\{/ },
  { scheme: 'stripe', secret: 'whsec_simulator_stripe_style', other: 'whsec_rotated_stripe_style', signed: /^\d+\.\{/ },
  { scheme: 'hmac-sha256', secret: 'plain-hmac-secret', other: 'another-hmac-secret', signed: /^\{/ },
  { scheme: 'native', secret: 's3cr3t-key', other: 'n3w-k3y', provider: 'qovery', event: 'DEPLOYMENT_FAILURE' },
]

describe('explainSignature re-verifies what an attempt sent', () => {
  it.each(cases)('$scheme: valid with the current secret, shown by fingerprint and with what was signed', async ({ scheme, secret, provider, event, signed }) => {
    const delivery = await deliverSigned({ scheme, secret }, provider, event)
    expect(delivery.status).toBe('delivered')
    const explained = await explain({ deliveryId: delivery.id })
    expect(explained).toMatchObject({ deliveryId: delivery.id, attempt: 0, subscriptionFound: true })
    expect(explained.verdict).toMatchObject({ scheme, valid: true, reason: 'valid', matchedSecret: 0 })
    expect(explained.secrets).toEqual([{ role: 'current', fingerprint: secretFingerprint(secret) }])
    expect(JSON.stringify(explained)).not.toContain(secret)
    if (signed) {
      expect(explained.verdict.signedContent).toMatch(signed)
      expect(explained.verdict.signedContent).toContain(delivery.body)
      expect(explained.verdict.received).toEqual(expect.arrayContaining([explained.verdict.expected[0]]))
    }
  })

  it.each(cases)('$scheme: wrong secret once the secret was rotated away', async ({ scheme, secret, other, provider, event }) => {
    const delivery = await deliverSigned({ scheme, secret }, provider, event)
    await engine().subscriptions.update({ id: delivery.subscriptionId, changes: { signing: { secret: other } } })
    const explained = await explain({ deliveryId: delivery.id })
    expect(explained.verdict).toMatchObject({ scheme, valid: false, reason: 'wrong_secret' })
    expect(explained.verdict.matchedSecret).toBeUndefined()
    expect(explained.secrets).toEqual([{ role: 'current', fingerprint: secretFingerprint(other) }])
    expect(JSON.stringify(explained)).not.toContain(other)
  })

  it('matches the previous secret during a rotation, and names it', async () => {
    const [old, fresh] = [cases[0]!.secret, cases[0]!.other]
    const delivery = await deliverSigned({ scheme: 'standard', secret: old })
    const expires = new Date(Date.now() + 3_600_000).toISOString()
    await engine().subscriptions.update({ id: delivery.subscriptionId, changes: { signing: { secret: fresh, previousSecret: old, previousSecretExpiresAt: expires } } })
    const explained = await explain({ deliveryId: delivery.id })
    expect(explained.verdict).toMatchObject({ valid: true, matchedSecret: 1, message: 'signed with the previous secret (rotation)' })
    expect(explained.secrets).toEqual([
      { role: 'current', fingerprint: secretFingerprint(fresh) },
      { role: 'previous', fingerprint: secretFingerprint(old), expiresAt: expires },
    ])
  })

  it('none: nothing to check, and says so', async () => {
    const delivery = await deliverSigned({ scheme: 'none' })
    const explained = await explain({ deliveryId: delivery.id })
    expect(explained.verdict).toMatchObject({ scheme: 'none', reason: 'not_checked', message: 'no signature expected' })
    expect(explained.secrets).toEqual([])
  })

  it('says when the subscription has no secret any more; once it is gone, checks with the secret the delivery was signed with', async () => {
    const delivery = await deliverSigned({ scheme: 'github', secret: 'simulator-secret' })
    // A scheme that signs cannot be left without a secret: it stops signing first.
    await engine().subscriptions.update({ id: delivery.subscriptionId, changes: { signing: { scheme: 'none', secret: null } } })
    const noSecret = await explain({ deliveryId: delivery.id })
    expect(noSecret.verdict).toMatchObject({ valid: false, reason: 'not_checked', message: 'the subscription "explain github" has no secret, so there is nothing to check with' })
    await engine().subscriptions.remove(delivery.subscriptionId)
    const gone = await explain({ deliveryId: delivery.id })
    expect(gone).toMatchObject({ subscriptionFound: false, secrets: [{ role: 'current', fingerprint: secretFingerprint('simulator-secret') }] })
    expect(gone.verdict.valid).toBe(true)
    expect(gone.verdict.message).toMatch(/\(with the secret it was signed with: the subscription "explain github" was deleted\)$/)
  })

  it('checks the attempt asked for, and refuses one that does not exist', async () => {
    const delivery = await deliverSigned({ scheme: 'hmac-sha256', secret: 'plain-hmac-secret' })
    await expect(explain({ deliveryId: delivery.id, attempt: 0 })).resolves.toMatchObject({ attempt: 0, verdict: { valid: true } })
    await expect(dispatch('explainSignature', { deliveryId: delivery.id, attempt: 3 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'not_found', message: `No attempt 4 of delivery "${delivery.id}": it has 1 attempt` },
    })
    await expect(dispatch('explainSignature', { deliveryId: 'nope' })).resolves.toMatchObject({ ok: false, error: { code: 'not_found' } })
  })
})
