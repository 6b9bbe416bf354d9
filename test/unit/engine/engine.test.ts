import { describe, expect, it } from 'vitest'
import { headerValue } from '../../../src/shared/schemas/http'
import { githubDeliveryGuid } from '../../../src/main/signing/sign'
import { memoryEngine } from '../../support/memory-engine'

import type { HeaderPair } from '../../../src/shared/schemas/http'
import { controllerInput, fireRequest, subscriptionDraft } from '../../support/inputs'

async function setup(status = 200, headers: HeaderPair[] = []) {
  const { clock, engine, sent } = await memoryEngine(status, headers)
  const subscribe = (draft: Record<string, unknown>) =>
    engine.subscriptions.create(subscriptionDraft({ name: 'test', url: 'http://127.0.0.1:9/hook', ...draft }))
  return { clock, engine, sent, subscribe }
}

describe('firing events at subscriptions', () => {
  it('applies Qovery filters and says why a subscription was skipped', async () => {
    const { engine, subscribe } = await setup()
    const prod = await subscribe({ provider: 'qovery', filters: { environmentTypes: ['PRODUCTION'], projectNames: ['product*'] } })
    const staging = await subscribe({ provider: 'qovery', filters: { environmentTypes: ['STAGING'] } })
    const off = await subscribe({ provider: 'qovery', enabled: false })
    const divshot = await subscribe({ provider: 'divshot' })
    const result = await engine.deliveries.fire(fireRequest({ provider: 'qovery', event: 'DEPLOYMENT_FAILURE', context: { project: 'Production-EU', environment: 'production' } }))
    expect(result.deliveries.map((d) => d.subscriptionId)).toEqual([prod.id])
    expect(Object.fromEntries(result.skipped.map((s) => [s.subscriptionId, s.reason]))).toEqual({
      [staging.id]: 'environment type PRODUCTION is not in STAGING',
      [off.id]: 'the subscription is disabled',
      [divshot.id]: 'it subscribes to divshot events',
    })
  })

  it('routes CharlesCD events by DEPLOY / UNDEPLOY registration', async () => {
    const { engine, subscribe } = await setup()
    const deployOnly = await subscribe({ provider: 'charlescd', options: { events: ['DEPLOY'] } })
    expect((await engine.deliveries.fire(fireRequest({ provider: 'charlescd', event: 'FINISH_DEPLOY' }))).deliveries).toHaveLength(1)
    const undeploy = await engine.deliveries.fire(fireRequest({ provider: 'charlescd', event: 'START_UNDEPLOY' }))
    expect(undeploy.skipped).toEqual([{ subscriptionId: deployOnly.id, subscriptionName: 'test', reason: 'it is registered for DEPLOY only' }])
  })

  it('builds each payload with its own subscription\'s options only', async () => {
    const { engine, subscribe } = await setup()
    await subscribe({ provider: 'charlescd', options: { format: 'hermes-wire' } })
    await subscribe({ provider: 'any' })
    const result = await engine.deliveries.fire(fireRequest({ provider: 'generic', event: 'build.done' }))
    expect(result.deliveries).toHaveLength(1)
    expect(result.skipped[0]?.reason).toBe('it subscribes to charlescd events')
    const wire = await engine.deliveries.fire(fireRequest({ provider: 'charlescd', event: 'START_DEPLOY' }))
    const bodies = await Promise.all(wire.deliveries.map(async (d) => (await engine.deliveries.get(d.id)).body))
    expect(bodies.map((b) => Object.keys(JSON.parse(b)))).toEqual([['content'], ['subscriptionId', 'executionId', 'event']])
  })

  it('lets a subscription replace a platform header, such as the User-Agent', async () => {
    const { engine, subscribe, sent, clock } = await setup()
    await subscribe({ provider: 'charlescd', headers: [['user-agent', 'my-agent/1.0'], ['X-Team', 'payments']] })
    await engine.deliveries.fire(fireRequest({ provider: 'charlescd', event: 'START_DEPLOY' }))
    await clock.advance(0)
    expect(sent[0]!.headers.filter(([n]) => n.toLowerCase() === 'user-agent')).toEqual([['user-agent', 'my-agent/1.0']])
    expect(sent[0]!.headers).toContainEqual(['X-Team', 'payments'])
  })

  it('rejects bad platform options with the path, at the door', async () => {
    const { dispatch } = await memoryEngine()
    const refused = await dispatch('createSubscription', { name: 'test', url: 'http://127.0.0.1:9/hook', provider: 'qovery', options: { kind: 'TEAMS' } })
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/options\.kind/) } })
  })

  it('holds deliveries of a paused subscription and sends them on resume', async () => {
    const { engine, subscribe, sent, clock } = await setup()
    const sub = await subscribe({ provider: 'divshot', paused: true })
    const [delivery] = (await engine.deliveries.fire(fireRequest({ provider: 'divshot', event: 'release' }))).deliveries
    await clock.advance(60_000)
    expect(sent).toHaveLength(0)
    expect((await engine.deliveries.get(delivery!.id)).status).toBe('held')
    await engine.subscriptions.update({ id: sub.id, changes: { paused: false } })
    await clock.advance(0)
    expect((await engine.deliveries.whenFinal(delivery!.id)).status).toBe('delivered')
  })

  it('signs with the previous secret too until its overlap ends', async () => {
    const { engine, subscribe, clock, sent } = await setup()
    const expires = new Date(clock.now() + 60_000).toISOString()
    await subscribe({ provider: 'divshot', signing: { scheme: 'stripe', secret: 'whsec_new', previousSecret: 'whsec_old', previousSecretExpiresAt: expires } })
    await engine.deliveries.fire(fireRequest({ provider: 'divshot', event: 'release' }))
    await clock.advance(61_000)
    await engine.deliveries.fire(fireRequest({ provider: 'divshot', event: 'release' }))
    await clock.advance(0)
    const signatures = sent.map((r) => r.headers.find(([n]) => n === 'Stripe-Signature')![1].split(',').filter((p) => p.startsWith('v1=')).length)
    expect(signatures).toEqual([2, 1])
  })
})

describe('GitHub signing headers', () => {
  const github = { scheme: 'github', secret: 'simulator-secret' }

  it('repeat the delivery\'s GUID on every retry', async () => {
    const { engine, subscribe, sent, clock } = await setup(500)
    await subscribe({ provider: 'divshot', signing: github, retry: { preset: 'fixed', delaysMs: [1000, 1000] } })
    const [queued] = (await engine.deliveries.fire(fireRequest({ provider: 'divshot', event: 'release' }))).deliveries
    await clock.advance(5000)
    expect(sent).toHaveLength(3)
    const guids = sent.map((request) => headerValue(request.headers, 'X-GitHub-Delivery'))
    expect(new Set(guids)).toEqual(new Set([githubDeliveryGuid(queued!.id)]))
    expect(new Set(sent.map((request) => headerValue(request.headers, 'X-GitHub-Hook-ID'))).size).toBe(1)
  })

  it('link a capture to its delivery by GUID, even when another delivery has the same body', async () => {
    const { engine, subscribe, sent, clock } = await setup()
    await subscribe({ provider: 'divshot', signing: github })
    const first = (await engine.deliveries.fire(fireRequest({ provider: 'divshot', event: 'release', seed: 7 }))).deliveries[0]!
    const second = (await engine.deliveries.fire(fireRequest({ provider: 'divshot', event: 'release', seed: 7 }))).deliveries[0]!
    await clock.advance(0)
    expect(sent[0]!.body).toBe(sent[1]!.body)
    const body = Buffer.from(sent[0]!.body)
    expect(engine.receiver.findDelivery({ headers: [['x-github-delivery', githubDeliveryGuid(first.id)]], body })?.deliveryId).toBe(first.id)
    expect(engine.receiver.findDelivery({ headers: [['X-GitHub-Delivery', githubDeliveryGuid(second.id)]], body })?.deliveryId).toBe(second.id)
  })

  it('send GitHub-Hookshot as the User-Agent unless the subscription sets its own', async () => {
    const { engine, subscribe, sent, clock } = await setup()
    await subscribe({ provider: 'divshot', signing: github })
    await subscribe({ provider: 'divshot', signing: github, headers: [['user-agent', 'ci-bot/2']] })
    await engine.deliveries.fire(fireRequest({ provider: 'divshot', event: 'release' }))
    await clock.advance(0)
    const agents = sent.map((request) => request.headers.filter(([name]) => name.toLowerCase() === 'user-agent').map(([, value]) => value))
    expect(agents).toEqual([[expect.stringMatching(/^GitHub-Hookshot\/[0-9a-f]{7}$/)], ['ci-bot/2']])
  })
})

describe('each platform\'s response rules', () => {
  const SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='
  const gaps = (sent: Array<{ at: number }>) => sent.slice(1).map((s, i) => s.at - sent[i]!.at)

  it('CharlesCD retries a 410 like any failure: 4 attempts, 30 s apart', async () => {
    const { engine, subscribe, sent, clock } = await setup(410)
    const sub = await subscribe({ provider: 'charlescd', signing: { scheme: 'native', secret: 's3cr3t-key' } })
    const [delivery] = (await engine.deliveries.fire(fireRequest({ provider: 'charlescd', event: 'FINISH_DEPLOY' }))).deliveries
    await clock.advance(5 * 60_000)
    expect(gaps(sent)).toEqual([30_000, 30_000, 30_000])
    expect(await engine.deliveries.whenFinal(delivery!.id)).toMatchObject({ status: 'failed', reason: 'retries exhausted after 4 attempts; last: HTTP 410' })
    expect(engine.subscriptions.find(sub.id)?.enabled).toBe(true)
  })

  it('a 410 disables a subscription signed the Standard Webhooks way, whatever its platform', async () => {
    const { engine, subscribe, sent, clock } = await setup(410)
    const sub = await subscribe({ provider: 'charlescd', signing: { scheme: 'standard', secret: SECRET } })
    const [delivery] = (await engine.deliveries.fire(fireRequest({ provider: 'charlescd', event: 'FINISH_DEPLOY' }))).deliveries
    await clock.advance(5 * 60_000)
    expect(sent).toHaveLength(1)
    expect(await engine.deliveries.whenFinal(delivery!.id)).toMatchObject({ status: 'failed', rules: { gone: 'disable' } })
    expect(engine.subscriptions.find(sub.id)?.enabled).toBe(false)
  })

  it('Retry-After is honoured under the Standard Webhooks rules only', async () => {
    const { engine, subscribe, sent, clock } = await setup(429, [['Retry-After', '120']])
    await subscribe({ provider: 'divshot', url: 'http://127.0.0.1:9/native' })
    await subscribe({ provider: 'divshot', url: 'http://127.0.0.1:9/standard', signing: { scheme: 'standard', secret: SECRET }, retry: { preset: 'divshot' } })
    await engine.deliveries.fire(fireRequest({ provider: 'divshot', event: 'release' }))
    await clock.advance(150_000)
    const byName = (name: string) => gaps(sent.filter((s) => s.url.endsWith(name)))
    expect(byName('native')).toEqual([30_000, 60_000])
    expect(byName('standard')).toEqual([120_000])
  })
})

describe('heartbeat watchdog in the engine', () => {
  it('fires controller-heartbeat-failure once per outage to Ocean CD subscriptions', async () => {
    const { engine, subscribe, sent, clock } = await setup()
    await subscribe({ provider: 'ocean-cd', options: { heartbeatClusters: ['prod-eu-1'] } })
    await engine.heartbeats.saveController(controllerInput({ clusterId: 'prod-eu-1', podName: 'ctrl-1' }))
    await clock.advance(10 * 60_000)
    expect(sent).toHaveLength(0)
    await engine.heartbeats.saveController(controllerInput({ clusterId: 'prod-eu-1', podName: 'ctrl-1', running: false }))
    await clock.advance(60 * 60_000)
    expect(sent).toHaveLength(1)
    expect(JSON.parse(sent[0]!.body)).toMatchObject({ type: 'controller-heartbeat-failure', clusterId: 'prod-eu-1', controllerDetails: { podName: 'ctrl-1' } })
    engine.heartbeats.beat('prod-eu-1')
    await clock.advance(6 * 60_000)
    expect(sent).toHaveLength(2)
    expect(engine.heartbeats.list()[0]).toMatchObject({ health: 'failed', outages: 2, lastSource: 'http' })
  })
})
