import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiInput, ApiMethod, ApiOutput } from '../../../src/shared/api/contract'
import type { EngineEvent } from '../../../src/shared/api/events'
import { type OpenedEngine, openEngine } from '../../../src/main/host/open-engine'
import { startReceiver } from '../../../src/main/host/start-receiver'
import { secretFingerprint } from '../../../src/main/signing/hmac'

const QOVERY_SECRET = 'qovery-plain-secret-4f1c'
const CHARLES_KEY = 'charles-application-key-9d2e'
const STANDARD_SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='
const PREVIOUS_SECRET = 'whsec_HyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4='
const ALL_SECRETS = [QOVERY_SECRET, CHARLES_KEY, STANDARD_SECRET, PREVIOUS_SECRET]

const label = (secret: string) => `sha256:${secretFingerprint(secret)}…`

let opened: OpenedEngine
let receiver: { url: string; close(): Promise<void> }
const events: EngineEvent[] = []
const ids: Record<'qovery' | 'charlescd' | 'standard', string> = { qovery: '', charlescd: '', standard: '' }

async function call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const result = await opened.dispatch(method, input)
  if (!result.ok) throw new Error(result.error.message)
  return result.data as ApiOutput<M>
}

/** Which of the secrets a text holds in plain. */
const leaked = (output: unknown) => ALL_SECRETS.filter((secret) => JSON.stringify(output).includes(JSON.stringify(secret).slice(1, -1)))

async function fireAt(name: string, provider: 'qovery' | 'charlescd' | 'divshot', signing: object, event: string, options: object = {}) {
  const subscription = await call('createSubscription', { name, url: `${receiver.url}r/inbox`, provider, options, signing } as ApiInput<'createSubscription'>)
  const fired = await call('fireEvent', { provider, event, subscriptionIds: [subscription.id] })
  const id = fired.deliveries[0]!.id
  await opened.engine.deliveries.whenFinal(id)
  return id
}

beforeAll(async () => {
  opened = await openEngine({ dataDir: mkdtempSync(join(tmpdir(), 'hookbench-secrets-')), host: 'web', log: () => {} })
  receiver = await startReceiver(opened.engine, { host: '127.0.0.1', port: 0 })
  for (const s of opened.engine.subscriptions.list()) await opened.engine.subscriptions.remove(s.id)
  // The event stream as every transport sends it (the door's).
  opened.events((event) => events.push(event))
  ids.qovery = await fireAt('qovery', 'qovery', { scheme: 'native', secret: QOVERY_SECRET }, 'DEPLOYMENT_SUCCESSFUL', { secretHeader: 'both' })
  ids.charlescd = await fireAt('charles', 'charlescd', { scheme: 'native', secret: CHARLES_KEY }, 'FINISH_DEPLOY')
  ids.standard = await fireAt('standard', 'divshot', { scheme: 'standard', secret: STANDARD_SECRET, previousSecret: PREVIOUS_SECRET }, 'release')
})
afterAll(async () => {
  await receiver.close()
  await opened.close()
})

describe('secrets in API outputs', () => {
  it('getDelivery shows signing secrets and plain-secret headers as fingerprints', async () => {
    const qovery = await call('getDelivery', { id: ids.qovery })
    expect(leaked(qovery)).toEqual([])
    expect(qovery.signing.secret).toBe(label(QOVERY_SECRET))
    const sent = Object.fromEntries(qovery.attempts[0]!.headers)
    expect(sent['Qovery-Secret']).toBe(label(QOVERY_SECRET))
    expect(sent['Qovery-Signature']).toBe(label(QOVERY_SECRET))
    const charles = await call('getDelivery', { id: ids.charlescd })
    expect(leaked(charles)).toEqual([])
    expect(Object.fromEntries(charles.attempts[0]!.headers.map(([n, v]) => [n.toLowerCase(), v]))['x-application-key']).toBe(label(CHARLES_KEY))
    const standard = await call('getDelivery', { id: ids.standard })
    expect(leaked(standard)).toEqual([])
    expect(standard.signing).toMatchObject({ secret: label(STANDARD_SECRET), previousSecret: label(PREVIOUS_SECRET) })
  })

  it('getDelivery with reveal gives the secrets as sent, and the rest of the delivery is the same', async () => {
    for (const id of Object.values(ids)) {
      const shown = await call('getDelivery', { id })
      const revealed = await call('getDelivery', { id, reveal: true })
      expect(leaked(revealed).length).toBeGreaterThan(0)
      const { signing: _a, headers: _b, attempts: shownAttempts, ...shownRest } = shown
      const { signing: _c, headers: _d, attempts: revealedAttempts, ...revealedRest } = revealed
      expect(shownRest).toEqual(revealedRest)
      expect(shownAttempts.map((a) => ({ ...a, headers: a.headers.map(([n]) => n) }))).toEqual(revealedAttempts.map((a) => ({ ...a, headers: a.headers.map(([n]) => n) })))
    }
    expect(Object.fromEntries((await call('getDelivery', { id: ids.qovery, reveal: true })).attempts[0]!.headers)['Qovery-Secret']).toBe(QOVERY_SECRET)
  })

  it('the engine keeps the secrets it signs with: a redelivery sends the real one', async () => {
    await call('redeliver', { id: ids.qovery })
    await opened.engine.deliveries.whenFinal(ids.qovery)
    const captures = await call('listCaptures', { deliveryId: ids.qovery })
    const newest = await call('getCapture', { id: captures.items[0]!.id, reveal: true })
    expect(Object.fromEntries(newest.headers)['Qovery-Secret']).toBe(QOVERY_SECRET)
  })

  it('getCapture shows the secrets it knows as fingerprints unless revealed', async () => {
    // A standard signature is an HMAC: the secret itself travels only in the native schemes' headers.
    for (const deliveryId of [ids.qovery, ids.charlescd]) {
      const [summary] = (await call('listCaptures', { deliveryId })).items
      const capture = await call('getCapture', { id: summary!.id })
      expect(leaked(capture)).toEqual([])
      expect(leaked(await call('getCapture', { id: summary!.id, reveal: true })).length).toBeGreaterThan(0)
    }
  })

  it('HAR and cURL exports show fingerprints and say so; revealed, they warn that they hold secrets', async () => {
    for (const format of ['har', 'curl'] as const) {
      const masked = await call('exportCaptures', { format })
      expect(leaked(masked.text)).toEqual([])
      expect(masked.text).toContain(label(QOVERY_SECRET))
      expect(masked.text).toMatch(/shown as SHA-256 fingerprints/)
      const revealed = await call('exportCaptures', { format, reveal: true })
      expect(leaked(revealed.text)).toEqual(expect.arrayContaining([QOVERY_SECRET, CHARLES_KEY]))
      expect(revealed.text).toMatch(/contains webhook secrets in plain text/)
    }
    const har = JSON.parse((await call('exportCaptures', { format: 'har' })).text) as { log: { comment?: string } }
    expect(har.log.comment).toMatch(/fingerprints/)
  })

  it('an export without secrets says nothing about them', async () => {
    await call('saveEndpoint', { name: 'plain' })
    await fetch(`${receiver.url}r/plain`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"hello":1}' })
    const har = JSON.parse((await call('exportCaptures', { format: 'har', endpoint: 'plain' })).text) as { log: { comment?: string } }
    expect(har.log.comment).toBeUndefined()
    expect((await call('exportCaptures', { format: 'curl', endpoint: 'plain' })).text).not.toMatch(/secret/i)
  })

  it('lists, runs and the event stream carry no secret', async () => {
    expect(leaked(await call('listDeliveries', {}))).toEqual([])
    expect(leaked(await call('listCaptures', {}))).toEqual([])
    const run = await call('runScenario', {
      id: 'divshot-release',
      options: { targets: [`${receiver.url}r/inbox`], secret: STANDARD_SECRET, scheme: 'standard', timeScale: 0 },
    })
    expect(leaked(run)).toEqual([])
    await opened.engine.runs.whenDone(run.id)
    expect(leaked(await call('listRuns', {}))).toEqual([])
    expect(leaked(await call('getRun', { id: run.id }))).toEqual([])
    expect(leaked(await call('getRunReport', { id: run.id, format: 'json' }))).toEqual([])
    expect(events.some((e) => e.type === 'run')).toBe(true)
    expect(leaked(events)).toEqual([])
  })

  it('subscription CRUD still returns the secrets: the subscription editor edits them', async () => {
    expect(leaked(await call('listSubscriptions', {}))).toEqual(expect.arrayContaining([QOVERY_SECRET, CHARLES_KEY, STANDARD_SECRET]))
  })
})
