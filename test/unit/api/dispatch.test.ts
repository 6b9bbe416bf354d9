import { describe, expect, it } from 'vitest'
import { type ApiHandlers, ApiFailure, createDispatcher } from '../../../src/main/api/dispatch'
import { createApiHandlers } from '../../../src/main/api/handlers'
import { memoryEngine } from '../../support/memory-engine'
import type { EngineStatus } from '../../../src/shared/schemas/status'

const status: EngineStatus = {
  version: '1.0.0',
  host: 'web',
  dataDir: '/tmp/x',
  startedAt: '2025-01-01T00:00:00.000Z',
  receiverUrl: null,
  timeScale: 1,
  recoveries: [],
  skippedLines: [],
  counts: { subscriptions: 0, deliveries: 0, pendingDeliveries: 0, captures: 0 },
}

function dispatcherWith(getStatus: ApiHandlers['getStatus']) {
  const logged: string[] = []
  const dispatch = createDispatcher({ getStatus } as ApiHandlers, { error: (m) => logged.push(m) })
  return { dispatch, logged }
}

describe('API dispatcher', () => {
  it('returns the handler output as an ok result', async () => {
    const { dispatch } = dispatcherWith(() => status)
    await expect(dispatch('getStatus', {})).resolves.toEqual({ ok: true, data: status })
  })

  it('refuses input that does not match the contract, naming the field', async () => {
    const { dispatch } = dispatcherWith(() => status)
    const result = await dispatch('getStatus', { surprise: true })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(!result.ok && result.error.message).toMatch(/Unrecognized key.*surprise/)
  })

  it('answers an unknown method with not_found', async () => {
    const { dispatch } = dispatcherWith(() => status)
    await expect(dispatch('deleteEverything', {})).resolves.toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('turns an expected failure into its error value', async () => {
    const { dispatch } = dispatcherWith(() => {
      throw new ApiFailure('conflict', 'already exists')
    })
    await expect(dispatch('getStatus', {})).resolves.toEqual({ ok: false, error: { code: 'conflict', message: 'already exists' } })
  })

  it('never leaks a stack trace to the caller, but logs it', async () => {
    const { dispatch, logged } = dispatcherWith(() => {
      throw new TypeError('boom')
    })
    const result = await dispatch('getStatus', {})
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'getStatus failed: boom' } })
    expect(logged[0]).toContain('TypeError: boom')
  })

  it('refuses to return output that breaks the contract', async () => {
    const { dispatch } = dispatcherWith(() => ({ ...status, version: 42 }) as unknown as EngineStatus)
    await expect(dispatch('getStatus', {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } })
  })
})

describe('limits and types at the API boundary, in plain words', () => {
  it('says what was given and what is allowed, the same words a scenario uses', async () => {
    const { engine } = await memoryEngine()
    const dispatch = createDispatcher(createApiHandlers(engine), { error: () => {} })
    const draft = { name: 'n'.repeat(121), url: 'http://127.0.0.1:9/hook', provider: 'divshot', concurrency: 65, timeoutMs: 2.5 }
    const refused = await dispatch('createSubscription', draft)
    expect(!refused.ok && refused.error.issues).toEqual([
      { path: 'name', message: 'is 121 characters long: at most 120 characters' },
      { path: 'timeoutMs', message: '2.5 is not a whole number: write one without a fraction' },
      { path: 'concurrency', message: '65 is too big: at most 64' },
    ])
    const missing = await dispatch('createSubscription', { url: 'http://127.0.0.1:9/hook', provider: 'divshot' })
    expect(!missing.ok && missing.error.message).toBe('Invalid input for createSubscription: name: is required (a string)')
    expect(engine.subscriptions.list()).toHaveLength(0)
  })
})

describe('secrets at the API boundary', () => {
  const STANDARD_FORMAT = 'a standard secret is "whsec_" followed by base64 (24–64 random bytes)'
  const GOOD = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='

  async function setup() {
    const { engine } = await memoryEngine()
    const dispatch = createDispatcher(createApiHandlers(engine), { error: () => {} })
    const draft = (signing: Record<string, unknown>) => ({ name: 'signed', url: 'http://127.0.0.1:9/hook', provider: 'divshot', signing })
    return { engine, dispatch, draft }
  }

  it('createSubscription refuses a bad secret or previous secret, naming the field', async () => {
    const { engine, dispatch, draft } = await setup()
    const created = await dispatch('createSubscription', draft({ scheme: 'standard', secret: 'whsec_abc$' }))
    expect(created).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(!created.ok && created.error.issues).toEqual([
      { path: 'signing.secret', message: `${STANDARD_FORMAT}; "$" is not base64 (character 4 after "whsec_")` },
    ])
    const rotated = await dispatch('createSubscription', draft({ scheme: 'standard', secret: GOOD, previousSecret: 'whsec_' }))
    expect(!rotated.ok && rotated.error.message).toBe(`Invalid input for createSubscription: signing.previousSecret: ${STANDARD_FORMAT}; nothing follows "whsec_"`)
    const native = await dispatch('createSubscription', { ...draft({ scheme: 'native', secret: 'key\r\nX-Injected: 1' }), provider: 'qovery' })
    expect(!native.ok && native.error.issues?.[0]).toEqual({ path: 'signing.secret', message: expect.stringMatching(/valid header value; it contains a carriage return/) })
    expect(engine.subscriptions.list()).toHaveLength(0)
  })

  it('updateSubscription refuses a bad secret and keeps the old one', async () => {
    const { engine, dispatch, draft } = await setup()
    const created = await dispatch('createSubscription', draft({ scheme: 'standard', secret: GOOD }))
    const id = created.ok ? (created.data as { id: string }).id : ''
    const updated = await dispatch('updateSubscription', { id, changes: { signing: { scheme: 'standard', secret: 'whsec_' } } })
    expect(!updated.ok && updated.error.issues).toEqual([{ path: 'signing.secret', message: `${STANDARD_FORMAT}; nothing follows "whsec_"` }])
    const switched = await dispatch('updateSubscription', { id, changes: { signing: { scheme: 'github', secret: '' } } })
    expect(!switched.ok && switched.error.issues?.[0]).toEqual({ path: 'signing.secret', message: 'a github secret cannot be empty' })
    expect(engine.subscriptions.get(id).signing).toEqual({ scheme: 'standard', secret: GOOD })
    // Removing the secret while the scheme still signs: refused, the secret kept.
    const removed = await dispatch('updateSubscription', { id, changes: { signing: { secret: null } } })
    expect(!removed.ok && removed.error.issues).toEqual([{ path: 'signing.secret', message: expect.stringMatching(/^the standard scheme signs with a secret and none is set/) }])
    expect(engine.subscriptions.get(id).signing).toEqual({ scheme: 'standard', secret: GOOD })
  })

  it('saveEndpoint refuses a bad verify secret', async () => {
    const { engine, dispatch } = await setup()
    const saved = await dispatch('saveEndpoint', { name: 'checked', verify: { scheme: 'standard', secrets: ['whsec_-abc'] } })
    expect(!saved.ok && saved.error.issues).toEqual([
      { path: 'verify.secrets.0', message: `${STANDARD_FORMAT}; "-" is URL-safe base64; standard base64 uses "+" and "/" (character 1 after "whsec_")` },
    ])
    expect(engine.receiver.endpoint('checked')).toBeUndefined()
    await expect(dispatch('saveEndpoint', { name: 'checked', verify: { scheme: 'standard', secrets: [GOOD] } })).resolves.toMatchObject({ ok: true })
  })

  it('fireEvent never signs with a refused secret: its subscription was never stored', async () => {
    const { dispatch, draft } = await setup()
    await dispatch('createSubscription', draft({ scheme: 'standard', secret: 'whsec_abc$' }))
    const fired = await dispatch('fireEvent', { provider: 'divshot', event: 'release' })
    expect(fired).toMatchObject({ ok: true, data: { deliveries: [], skipped: [] } })
  })
})
