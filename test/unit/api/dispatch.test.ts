import { describe, expect, it } from 'vitest'
import { type ApiHandlers, ApiFailure, createDispatcher } from '../../../src/main/api/dispatch'
import type { EngineStatus } from '../../../src/shared/schemas/status'

const status: EngineStatus = {
  version: '1.0.0',
  host: 'web',
  dataDir: '/tmp/x',
  startedAt: '2025-01-01T00:00:00.000Z',
  receiverUrl: null,
  timeScale: 1,
  recoveries: [],
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
