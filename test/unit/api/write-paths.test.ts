import { describe, expect, it } from 'vitest'
import type { ApiMethod } from '../../../src/shared/api/contract'
import { UserSettings } from '../../../src/shared/schemas/document'
import { Controller } from '../../../src/shared/schemas/heartbeat'
import { Endpoint } from '../../../src/shared/schemas/receiver'
import { SubscriptionDraft, SubscriptionShape } from '../../../src/shared/schemas/subscription'
import { memoryEngine } from '../../support/memory-engine'

/**
 * Every write method, every field: changing one field leaves every other field exactly as it
 * was. Each record starts with every field set to something other than its default, so a patch
 * that silently refilled a default would show up as a difference.
 */

type Case = [path: string, value: unknown]

const nest = (path: string, value: unknown): Record<string, unknown> =>
  path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>

function withPath<T>(record: T, path: string, value: unknown): T {
  const copy = structuredClone(record) as Record<string, unknown>
  const keys = path.split('.')
  let at = copy
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>
  at[keys.at(-1)!] = value
  return copy as T
}

/** The top-level fields a table of cases touches, to prove the table misses none. */
const topLevel = (cases: Case[]) => [...new Set(cases.map(([path]) => path.split('.')[0]!))].sort()

async function expectOk<M extends ApiMethod>(promise: Promise<{ ok: boolean; data?: unknown; error?: unknown }>, method: M) {
  const result = await promise
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`)
  return result.data
}

const FULL_SUBSCRIPTION = {
  name: 'Full',
  url: 'http://127.0.0.1:9/full',
  provider: 'qovery',
  events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STARTED'],
  enabled: false,
  paused: true,
  signing: { scheme: 'native', secret: 's3cr3t', previousSecret: 'old-secret', previousSecretExpiresAt: '2030-01-01T00:00:00.000Z', hmacHeader: 'X-Sig' },
  retry: { preset: 'fixed', delaysMs: [10, 20] },
  timeoutMs: 1234,
  headers: [['X-Team', 'core']],
  filters: { events: ['DEPLOYMENT_FAILURE'], environmentTypes: ['PRODUCTION'], projectNames: ['shop*'], where: [{ path: 'payload.id', equals: 'x' }] },
  options: { kind: 'SLACK', secretHeader: 'both' },
  concurrency: 3,
  ordered: true,
} as const

const SUBSCRIPTION_CASES: Case[] = [
  ['name', 'Renamed'],
  ['url', 'http://127.0.0.1:9/other'],
  ['provider', 'divshot'],
  ['events', ['DEPLOYMENT_SUCCESSFUL']],
  ['enabled', true],
  ['paused', false],
  ['signing.scheme', 'none'],
  ['signing.secret', 'n3w-secret'],
  ['signing.previousSecret', 'older'],
  ['signing.previousSecretExpiresAt', '2031-01-01T00:00:00.000Z'],
  ['signing.hmacHeader', 'X-Other'],
  ['retry', { preset: 'divshot' }],
  ['timeoutMs', 5000],
  ['headers', [['X-Team', 'edge']]],
  ['filters.events', []],
  ['filters.environmentTypes', ['STAGING']],
  ['filters.projectNames', ['api']],
  ['filters.where', []],
  ['options.kind', 'STANDARD'],
  ['options.secretHeader', 'Qovery-Signature'],
  ['concurrency', 9],
  ['ordered', false],
]

describe('updateSubscription changes only what it names', () => {
  it('covers every field of a subscription', () => {
    expect(topLevel(SUBSCRIPTION_CASES)).toEqual(Object.keys(SubscriptionShape.shape).sort())
  })

  it.each(SUBSCRIPTION_CASES)('%s', async (path, value) => {
    const { dispatch } = await memoryEngine()
    const created = (await expectOk(dispatch('createSubscription', FULL_SUBSCRIPTION), 'createSubscription')) as Record<string, unknown>
    const updated = await expectOk(dispatch('updateSubscription', { id: created.id, changes: nest(path, value) }), 'updateSubscription')
    // A new platform starts from its own options; everything else stays.
    const expected = path === 'provider' ? { ...withPath(created, path, value), options: {} } : withPath(created, path, value)
    expect(updated).toEqual({ ...expected, updatedAt: expect.any(String) })
    const [stored] = (await expectOk(dispatch('listSubscriptions', {}), 'listSubscriptions')) as unknown[]
    expect(stored).toEqual(updated)
  })

  it('null removes an optional field (back to the platform default) and nothing else', async () => {
    const { dispatch } = await memoryEngine()
    const created = (await expectOk(dispatch('createSubscription', FULL_SUBSCRIPTION), 'createSubscription')) as Record<string, unknown>
    const updated = await expectOk(dispatch('updateSubscription', { id: created.id, changes: { retry: null, timeoutMs: null } }), 'updateSubscription')
    const { retry: _retry, timeoutMs: _timeout, ...rest } = created
    expect(updated).toEqual({ ...rest, updatedAt: expect.any(String) })
  })

  it('pausing, enabling and renaming from the engine keep events, signing and filters', async () => {
    const { engine } = await memoryEngine()
    const created = await engine.subscriptions.create(SubscriptionDraft.parse(FULL_SUBSCRIPTION))
    await engine.subscriptions.update({ id: created.id, changes: { paused: false } })
    await engine.subscriptions.update({ id: created.id, changes: { enabled: true } })
    const renamed = await engine.subscriptions.update({ id: created.id, changes: { name: 'Again' } })
    expect(renamed).toEqual({ ...created, paused: false, enabled: true, name: 'Again', updatedAt: expect.any(String) })
  })
})

const FULL_ENDPOINT = {
  name: 'full',
  response: {
    status: 202,
    headers: [['X-Answer', 'yes']],
    body: 'accepted',
    delayMs: 15,
    failFirst: 2,
    failStatus: 503,
    failureRate: 0.25,
    seed: 7,
    hang: true,
    retryAfterSec: 30,
  },
  verify: { scheme: 'github', secrets: ['current', 'previous'], toleranceSec: 60, hmacHeader: 'X-Sig', secretHeaders: ['X-Key'] },
  forward: { url: 'http://127.0.0.1:9/app', timeoutMs: 2000 },
  maxBodyBytes: 4096,
  dedupe: true,
} as const

const ENDPOINT_CASES: Case[] = [
  ['response.status', 204],
  ['response.headers', []],
  ['response.body', 'ok'],
  ['response.delayMs', 0],
  ['response.failFirst', 0],
  ['response.failStatus', 500],
  ['response.failureRate', 0],
  ['response.seed', 1],
  ['response.hang', false],
  ['response.retryAfterSec', 5],
  ['verify.scheme', 'stripe'],
  ['verify.secrets', ['only']],
  ['verify.toleranceSec', 300],
  ['verify.hmacHeader', 'X-Other'],
  ['verify.secretHeaders', []],
  ['verify.rejectInvalid', true],
  ['forward.url', 'http://127.0.0.1:9/elsewhere'],
  ['forward.timeoutMs', 10_000],
  ['maxBodyBytes', 1024],
  ['dedupe', false],
]

describe('updateEndpoint changes only what it names', () => {
  it('covers every field of an endpoint', () => {
    expect(topLevel(ENDPOINT_CASES)).toEqual(Object.keys(Endpoint.omit({ name: true }).shape).sort())
  })

  it.each(ENDPOINT_CASES)('%s', async (path, value) => {
    const { dispatch } = await memoryEngine()
    const created = await expectOk(dispatch('saveEndpoint', FULL_ENDPOINT), 'saveEndpoint')
    const updated = await expectOk(dispatch('updateEndpoint', { name: 'full', changes: nest(path, value) }), 'updateEndpoint')
    expect(updated).toEqual(withPath(created, path, value))
    const stored = ((await expectOk(dispatch('listEndpoints', {}), 'listEndpoints')) as Array<{ name: string }>).find((e) => e.name === 'full')
    expect(stored).toEqual(updated)
  })

  it('saving an endpoint read back with one field changed keeps the rest', async () => {
    const { dispatch } = await memoryEngine()
    const created = (await expectOk(dispatch('saveEndpoint', FULL_ENDPOINT), 'saveEndpoint')) as Endpoint
    const saved = await expectOk(dispatch('saveEndpoint', { ...created, maxBodyBytes: 99 }), 'saveEndpoint')
    expect(saved).toEqual({ ...created, maxBodyBytes: 99 })
  })

  it('null removes verification and nothing else', async () => {
    const { dispatch } = await memoryEngine()
    const created = (await expectOk(dispatch('saveEndpoint', FULL_ENDPOINT), 'saveEndpoint')) as Endpoint
    const { verify: _verify, ...rest } = created
    await expect(dispatch('updateEndpoint', { name: 'full', changes: { verify: null } })).resolves.toEqual({ ok: true, data: rest })
  })})

describe('createEndpoint never replaces an endpoint', () => {
  it('adds one under a free name, as given', async () => {
    const { dispatch } = await memoryEngine()
    const created = await expectOk(dispatch('createEndpoint', FULL_ENDPOINT), 'createEndpoint')
    const stored = ((await expectOk(dispatch('listEndpoints', {}), 'listEndpoints')) as Endpoint[]).find((e) => e.name === 'full')
    expect(stored).toEqual(created)
  })

  it('refuses a name taken, with how to go on, and the endpoint of that name stays exactly as it was', async () => {
    const { dispatch } = await memoryEngine()
    const existing = await expectOk(dispatch('saveEndpoint', FULL_ENDPOINT), 'saveEndpoint')
    const again = await dispatch('createEndpoint', { name: 'full' })
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: 'There is already an endpoint named "full": choose another name, or change that one\'s script' } })
    const stored = ((await expectOk(dispatch('listEndpoints', {}), 'listEndpoints')) as Endpoint[]).filter((e) => e.name === 'full')
    expect(stored).toEqual([existing])
  })

  it('of two adds of one name at once, one is made and the other refused', async () => {
    const { dispatch } = await memoryEngine()
    const answers = await Promise.all([dispatch('createEndpoint', { name: 'twice', response: { status: 201 } }), dispatch('createEndpoint', { name: 'twice', response: { status: 202 } })])
    expect(answers.map((a) => a.ok)).toEqual([true, false])
    const stored = ((await expectOk(dispatch('listEndpoints', {}), 'listEndpoints')) as Endpoint[]).filter((e) => e.name === 'twice')
    expect(stored.map((e) => e.response.status)).toEqual([201])
  })
})

const FULL_CONTROLLER = {
  clusterId: 'prod-eu-1',
  controllerVersion: '2.0.1',
  nodeName: 'node-a',
  podName: 'pod-a',
  intervalMs: 1000,
  timeoutMs: 5000,
  running: false,
} as const

describe('createController never replaces a controller', () => {
  it('adds one for a cluster that has none, as given', async () => {
    const { dispatch } = await memoryEngine()
    const created = await expectOk(dispatch('createController', FULL_CONTROLLER), 'createController')
    expect(created).toEqual(FULL_CONTROLLER)
    expect(((await expectOk(dispatch('listHeartbeats', {}), 'listHeartbeats')) as { controllers: unknown[] }).controllers).toEqual([FULL_CONTROLLER])
  })

  it('refuses a cluster that has one, with how to go on, and that controller stays exactly as it was', async () => {
    const { dispatch } = await memoryEngine()
    await expectOk(dispatch('saveController', FULL_CONTROLLER), 'saveController')
    const again = await dispatch('createController', { clusterId: 'prod-eu-1', timeoutMs: 60_000, intervalMs: 20_000 })
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Cluster "prod-eu-1" already has a controller: choose another cluster id, or start, stop or remove that one' },
    })
    expect(((await expectOk(dispatch('listHeartbeats', {}), 'listHeartbeats')) as { controllers: unknown[] }).controllers).toEqual([FULL_CONTROLLER])
  })
})

const CONTROLLER_CASES: Case[] = [
  ['controllerVersion', '2.0.2'],
  ['nodeName', 'node-b'],
  ['podName', 'pod-b'],
  ['intervalMs', 2000],
  ['timeoutMs', 9000],
  ['running', true],
]

describe('updateController changes only what it names', () => {
  it('covers every field of a controller', () => {
    expect(topLevel(CONTROLLER_CASES)).toEqual(Object.keys(Controller.omit({ clusterId: true }).shape).sort())
  })

  it.each(CONTROLLER_CASES)('%s', async (path, value) => {
    const { dispatch } = await memoryEngine()
    const created = await expectOk(dispatch('saveController', FULL_CONTROLLER), 'saveController')
    const updated = await expectOk(dispatch('updateController', { clusterId: 'prod-eu-1', changes: nest(path, value) }), 'updateController')
    expect(updated).toEqual(withPath(created, path, value))
    const listed = (await expectOk(dispatch('listHeartbeats', {}), 'listHeartbeats')) as { controllers: unknown[] }
    expect(listed.controllers).toEqual([updated])
  })
})

const SETTINGS_CASES: Case[] = [
  ['history.deliveries', 50_000],
  ['history.captures', 7_000],
]

describe('updateSettings changes only what it names', () => {
  it('covers every user setting', () => {
    expect(topLevel(SETTINGS_CASES)).toEqual(Object.keys(UserSettings.shape).sort())
  })

  it.each(SETTINGS_CASES)('%s', async (path, value) => {
    const { dispatch } = await memoryEngine()
    const start = await expectOk(dispatch('updateSettings', { history: { deliveries: 12_345, captures: 2_345 } }), 'updateSettings')
    const updated = await expectOk(dispatch('updateSettings', nest(path, value)), 'updateSettings')
    expect(updated).toEqual(withPath(start, path, value))
    await expect(dispatch('getSettings', {})).resolves.toEqual({ ok: true, data: updated })
  })
})

describe('saveScenario with the text it replaces never saves over a change made elsewhere', () => {
  const story = (name: string) => `version: 1\nname: ${name}\nprovider: generic\nsteps:\n  - fire: deploy.succeeded\n`
  const savedSource = async (dispatch: Awaited<ReturnType<typeof memoryEngine>>['dispatch']) =>
    ((await expectOk(dispatch('getScenario', { id: 'story' }), 'getScenario')) as { source: string }).source

  it('saves when the file is still the text it was opened with', async () => {
    const { dispatch } = await memoryEngine()
    await expectOk(dispatch('saveScenario', { source: story('First'), fileName: 'story.yaml' }), 'saveScenario')
    await expectOk(dispatch('saveScenario', { id: 'story', source: story('Second'), fileName: 'story.yaml', previousSource: story('First') }), 'saveScenario')
    expect(await savedSource(dispatch)).toBe(story('Second'))
  })

  it('refuses when the file changed since, and keeps that change', async () => {
    const { dispatch } = await memoryEngine()
    await expectOk(dispatch('saveScenario', { source: story('First'), fileName: 'story.yaml' }), 'saveScenario')
    await expectOk(dispatch('saveScenario', { id: 'story', source: story('Theirs'), fileName: 'story.yaml' }), 'saveScenario')
    const mine = await dispatch('saveScenario', { id: 'story', source: story('Mine'), fileName: 'story.yaml', previousSource: story('First') })
    expect(mine).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Scenario "story" was changed since you opened it (in another window, or a step added from Fire); nothing was saved' },
    })
    expect(await savedSource(dispatch)).toBe(story('Theirs'))
  })

  it('refuses when the file was deleted since, and does not bring it back', async () => {
    const { dispatch } = await memoryEngine()
    await expectOk(dispatch('saveScenario', { source: story('First'), fileName: 'story.yaml' }), 'saveScenario')
    await expectOk(dispatch('deleteScenario', { id: 'story' }), 'deleteScenario')
    const mine = await dispatch('saveScenario', { id: 'story', source: story('Mine'), fileName: 'story.yaml', previousSource: story('First') })
    expect(mine).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('"story" was deleted since you opened it') } })
    expect(await dispatch('getScenario', { id: 'story' })).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('null: only under an id still free', async () => {
    const { dispatch } = await memoryEngine()
    await expectOk(dispatch('saveScenario', { source: story('First'), fileName: 'story.yaml', previousSource: null }), 'saveScenario')
    const again = await dispatch('saveScenario', { source: story('Other'), fileName: 'story.yaml', previousSource: null })
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: 'There is already a saved scenario "story": save under another name, or open that one' } })
    expect(await savedSource(dispatch)).toBe(story('First'))
  })

  it('of two saves of the same opened text at once, the first is kept and the second refused', async () => {
    const { dispatch } = await memoryEngine()
    await expectOk(dispatch('saveScenario', { source: story('First'), fileName: 'story.yaml' }), 'saveScenario')
    const both = await Promise.all(
      ['A', 'B'].map((name) => dispatch('saveScenario', { id: 'story', source: story(name), fileName: 'story.yaml', previousSource: story('First') })),
    )
    expect(both.map((answer) => answer.ok)).toEqual([true, false])
    expect(await savedSource(dispatch)).toBe(story('A'))
  })

  it('each save and delete tells every page the library changed', async () => {
    const { dispatch, engine } = await memoryEngine()
    const told: unknown[] = []
    engine.subscribe((event) => event.type === 'config' && told.push(event))
    await expectOk(dispatch('saveScenario', { source: story('First'), fileName: 'story.yaml' }), 'saveScenario')
    await dispatch('saveScenario', { source: story('Refused'), fileName: 'story.yaml', previousSource: null })
    await expectOk(dispatch('deleteScenario', { id: 'story' }), 'deleteScenario')
    expect(told).toEqual([
      { type: 'config', what: 'scenarios' },
      { type: 'config', what: 'scenarios' },
    ])
  })

  it('unset (an import): saved over whatever is there, as before', async () => {
    const { dispatch } = await memoryEngine()
    await expectOk(dispatch('saveScenario', { source: story('First'), fileName: 'story.yaml' }), 'saveScenario')
    await expectOk(dispatch('saveScenario', { source: story('Imported'), fileName: 'story.yaml' }), 'saveScenario')
    expect(await savedSource(dispatch)).toBe(story('Imported'))
  })
})
