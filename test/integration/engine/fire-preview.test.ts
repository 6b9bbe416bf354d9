import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiInput, ApiMethod, ApiOutput } from '../../../src/shared/api/contract'
import type { Result } from '../../../src/shared/result'
import type { Capture } from '../../../src/shared/schemas/receiver'
import { type OpenedEngine, openEngine } from '../../../src/main/host/open-engine'
import { startReceiver } from '../../../src/main/host/start-receiver'
import { serveWeb } from '../../../src/main/web/serve-web'
import { postApi } from '../../support/web-api'
import { endpointInput, subscriptionDraft } from '../../support/inputs'

const SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='
const QOVERY_SECRET = 'qovery-plain-secret'

let opened: OpenedEngine
let receiver: { url: string; close(): Promise<void> }
let web: { url: string; close(): Promise<void> }

beforeAll(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'hookbench-static-'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Hookbench</title>')
  opened = await openEngine({ dataDir: mkdtempSync(join(tmpdir(), 'hookbench-preview-')), host: 'web', log: () => {} })
  receiver = await startReceiver(opened.engine, { host: '127.0.0.1', port: 0 })
  web = await serveWeb(opened, { host: '127.0.0.1', port: 0, staticDir })
  for (const s of opened.engine.subscriptions.list()) await opened.engine.subscriptions.remove(s.id)
})
afterAll(async () => {
  await web.close()
  await receiver.close()
  await opened.close()
})

/** The API as the UI calls it in web mode: POST /api/<method> on 127.0.0.1. */
async function call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<Result<ApiOutput<M>>> {
  const response = await postApi(web.url, method, input)
  return (await response.json()) as Result<ApiOutput<M>>
}
async function data<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const result = await call(method, input)
  if (!result.ok) throw new Error(result.error.message)
  return result.data
}

const engine = () => opened.engine
const bodyOf = (capture: Capture) => Buffer.from(capture.bodyBase64, 'base64').toString('utf8')
const headersOf = (capture: Capture) => Object.fromEntries(capture.headers.map(([n, v]) => [n.toLowerCase(), v]))

async function subscribe(name: string, fields: Record<string, unknown>) {
  if (!engine().receiver.endpoint(name)) await engine().receiver.saveEndpoint(endpointInput({ name }))
  return engine().subscriptions.create(subscriptionDraft({ name, url: `${receiver.url}r/${name}`, ...fields }))
}

/** The one capture a fire left at an endpoint, once the delivery is final. */
async function captured(endpoint: string, deliveryId: string) {
  await engine().deliveries.whenFinal(deliveryId)
  await expect.poll(() => engine().receiver.listCaptures({ limit: 1, endpoint }).items.length).toBe(1)
  return engine().receiver.getCapture(engine().receiver.listCaptures({ limit: 1, endpoint }).items[0]!.id)
}

describe('previewFire', () => {
  it('shows the body a fire with the same seed sends, signed now, and sends and stores nothing', async () => {
    const sub = await subscribe('preview-standard', { provider: 'divshot', signing: { scheme: 'standard', secret: SECRET } })
    const before = { deliveries: engine().status().counts.deliveries, captures: engine().status().counts.captures }
    const preview = await data('previewFire', { provider: 'divshot', event: 'release', seed: 'same-seed', subscriptionIds: [sub.id] })

    expect(preview.problems).toEqual([])
    expect(preview.contentType).toBe('application/json')
    expect(JSON.parse(preview.body)).toEqual(preview.payload)
    const [request] = preview.requests
    expect(request).toMatchObject({ subscriptionId: sub.id, url: sub.url })
    expect(request!.headers.filter((h) => h.kind === 'signature').map((h) => h.name)).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature'])
    const signed = Object.fromEntries(request!.headers.map((h) => [h.name, h.value]))
    expect(new Webhook(SECRET).verify(preview.body, signed)).toEqual(preview.payload)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(engine().status().counts).toMatchObject(before)

    const fired = await data('fireEvent', { provider: 'divshot', event: 'release', seed: preview.seed, occurredAt: preview.occurredAt, subscriptionIds: [sub.id] })
    expect(bodyOf(await captured('preview-standard', fired.deliveries[0]!.id))).toBe(preview.body)
  })

  it('shows a plain secret header as a fingerprint, never the secret', async () => {
    const sub = await subscribe('preview-qovery', {
      provider: 'qovery',
      signing: { scheme: 'native', secret: QOVERY_SECRET },
      options: { kind: 'STANDARD', secretHeader: 'Qovery-Secret' },
    })
    const preview = await data('previewFire', { provider: 'qovery', event: 'DEPLOYMENT_STARTED', subscriptionIds: [sub.id] })
    const header = preview.requests[0]!.headers.find((h) => h.name === 'Qovery-Secret')
    expect(header).toEqual({ name: 'Qovery-Secret', value: expect.stringMatching(/^sha256:[0-9a-f]{16}…$/), kind: 'secret' })
    expect(JSON.stringify(preview)).not.toContain(QOVERY_SECRET)
  })

  it('lists the subscriptions skipped, with the reason', async () => {
    const disabled = await subscribe('preview-disabled', { provider: 'divshot', enabled: false })
    const otherEvents = await subscribe('preview-events', { provider: 'qovery', events: ['DEPLOYMENT_FAILURE'] })
    const filtered = await subscribe('preview-filtered', { provider: 'qovery', filters: { environmentTypes: ['STAGING'] } })
    const preview = await data('previewFire', {
      provider: 'qovery',
      event: 'DEPLOYMENT_STARTED',
      context: { environmentType: 'PRODUCTION' },
      subscriptionIds: [disabled.id, otherEvents.id, filtered.id],
    })
    expect(preview.requests).toEqual([])
    expect(Object.fromEntries(preview.skipped.map((s) => [s.subscriptionName, s.reason]))).toEqual({
      'preview-disabled': 'the subscription is disabled',
      'preview-events': 'DEPLOYMENT_STARTED is not among its events',
      'preview-filtered': expect.stringContaining('PRODUCTION'),
    })
  })

  it('reports the problems of an edited payload at their path, and refuses a body that is not JSON', async () => {
    const base = await data('previewFire', { provider: 'divshot', event: 'release', seed: 1 })
    const wrong = structuredClone(base.payload) as { data: { release: { version: unknown } } }
    wrong.data.release.version = 'thirteen'
    const preview = await data('previewFire', { provider: 'divshot', event: 'release', seed: 1, body: JSON.stringify(wrong, null, 2) })
    expect(preview.problems).toEqual([{ path: 'data.release.version', message: expect.any(String) }])
    expect(preview.body).toBe(JSON.stringify(wrong, null, 2))

    const broken = await call('previewFire', { provider: 'divshot', event: 'release', body: '{ "data": ' })
    expect(broken).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: '(root)', message: expect.stringMatching(/^not valid JSON/) }] } })
  })
})

describe('an edited body', () => {
  it('arrives byte for byte at the receiver and verifies with the Standard Webhooks library', async () => {
    const sub = await subscribe('edited-standard', { provider: 'divshot', signing: { scheme: 'standard', secret: SECRET } })
    const { payload } = await data('previewFire', { provider: 'divshot', event: 'release', seed: 7, subscriptionIds: [sub.id] })
    const edited = JSON.stringify({ ...(payload as object), note: 'edited by hand ✓' }, null, 2).replace('"release"', '"release"  ')
    // An unknown key breaks Divshot's strict schema: refused, unless sent anyway.
    const refused = await call('fireEvent', { provider: 'divshot', event: 'release', body: edited, subscriptionIds: [sub.id] })
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } })

    const fired = await data('fireEvent', { provider: 'divshot', event: 'release', body: edited, allowInvalid: true, subscriptionIds: [sub.id] })
    const capture = await captured('edited-standard', fired.deliveries[0]!.id)
    expect(bodyOf(capture)).toBe(edited)
    expect(new Webhook(SECRET).verify(bodyOf(capture), headersOf(capture))).toEqual(JSON.parse(edited))
    expect(capture.verdict).toBeUndefined()
  })

  it('is sent as the platform wraps it (CharlesCD hermes-wire)', async () => {
    const sub = await subscribe('edited-hermes', { provider: 'charlescd', options: { format: 'hermes-wire', workspaceId: 'ws-1' } })
    const { payload } = await data('previewFire', { provider: 'charlescd', event: 'FINISH_DEPLOY', seed: 3, subscriptionIds: [sub.id] })
    const edited = { ...(payload as Record<string, unknown>), workspaceId: 'ws-edited' }
    const fired = await data('fireEvent', { provider: 'charlescd', event: 'FINISH_DEPLOY', body: JSON.stringify(edited), subscriptionIds: [sub.id] })
    const body = bodyOf(await captured('edited-hermes', fired.deliveries[0]!.id))
    expect(JSON.parse(JSON.parse(JSON.parse(body).content as string) as string)).toEqual(edited)
  })

  it('cannot be combined with set overrides', async () => {
    const result = await call('previewFire', { provider: 'divshot', event: 'release', body: '{}', set: { 'data.release.version': 2 } })
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringContaining('leave the overrides') } })
  })
})
