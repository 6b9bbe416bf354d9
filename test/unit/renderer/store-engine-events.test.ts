import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EngineEvent } from '../../../src/shared/api/events'
import { ClusterHeartbeat } from '../../../src/shared/schemas/heartbeat'
import { useHookbench } from '../../../src/renderer/src/store/app-store'
import { applyEvents } from '../../../src/renderer/src/store/events'
import { freshStore, status } from './store-fixture'

const cluster = (clusterId: string, health: ClusterHeartbeat['health']) => ClusterHeartbeat.parse({ clusterId, health, outages: 0, timeoutMs: 30_000 })

describe('applying engine events', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('status, notice, progress and heartbeat events change their slices; config events come back as parts to re-read', () => {
    const { store } = freshStore()
    const events: EngineEvent[] = [
      { type: 'status', status: status({ version: '9.9.9' }) },
      { type: 'notice', level: 'warning', message: 'Storage recovered' },
      { type: 'config', what: 'subscriptions' },
      { type: 'progress', task: 't', label: 'Redelivering', done: 1, total: 4 },
      { type: 'heartbeat', cluster: cluster('eu-1', 'failed') },
      { type: 'config', what: 'endpoints' },
      { type: 'config', what: 'subscriptions' },
    ]
    const stale = applyEvents(store.getState(), events)
    expect([...stale].sort()).toEqual(['endpoints', 'subscriptions'])
    const state = store.getState()
    expect(state).toMatchObject({ connection: 'connected', status: { version: '9.9.9' }, progress: { t: { label: 'Redelivering', done: 1, total: 4 } } })
    expect(state.notices.map((n) => [n.level, n.message])).toEqual([['warning', 'Storage recovered']])
    expect(state.heartbeats.clusters.map((c) => [c.clusterId, c.health])).toEqual([['eu-1', 'failed']])
  })

  it('in order: the last status of a batch wins, a finished task is gone', () => {
    const { store } = freshStore()
    applyEvents(store.getState(), [
      { type: 'status', status: status({ version: '1' }) },
      { type: 'progress', task: 't', label: 'Run', done: 1, total: 2 },
      { type: 'status', status: status({ version: '2' }) },
      { type: 'progress', task: 't', label: 'Run', done: 2, total: 2 },
    ])
    expect(store.getState().status?.version).toBe('2')
    expect(store.getState().progress).toEqual({})
  })

  it('leaves the configuration alone for deliveries, captures and runs (their lists take them), and for config events', () => {
    const { store } = freshStore()
    const before = store.getState()
    const stale = applyEvents(before, [{ type: 'config', what: 'settings' }])
    expect([...stale]).toEqual(['settings'])
    expect(store.getState()).toBe(before)
  })

  it('applies them to the app store, as the event stream does', () => {
    const stale = applyEvents(useHookbench.getState(), [
      { type: 'status', status: status({ version: '3.1.0' }) },
      { type: 'config', what: 'controllers' },
    ])
    expect([...stale]).toEqual(['controllers'])
    expect(useHookbench.getState()).toMatchObject({ connection: 'connected', status: { version: '3.1.0' } })
  })
})

describe('the app store, for code outside React', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    useHookbench.setState(useHookbench.getInitialState(), true)
  })
  afterEach(() => vi.useRealTimers())

  it('acts through its slices', () => {
    const app = () => useHookbench.getState()
    app().setUnreachable('no answer')
    expect(app()).toMatchObject({ connection: 'unreachable', connectionError: 'no answer' })
    app().setStatus(status())
    expect(app()).toMatchObject({ connection: 'connected', connectionError: undefined })
    app().addNotice('info', 'Saved')
    const [notice] = app().notices
    expect(notice).toMatchObject({ level: 'info', message: 'Saved', count: 1 })
    app().dismissNotice(notice!.id)
    expect(app().notices).toEqual([])
    app().showView('receiver')
    app().setTheme('dark')
    expect(app()).toMatchObject({ view: 'receiver', theme: 'dark' })
  })
})
