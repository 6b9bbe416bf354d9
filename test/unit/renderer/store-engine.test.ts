import { describe, expect, it } from 'vitest'
import { freshStore, status } from './store-fixture'

describe('engine slice', () => {
  it('starts connecting, with no status and no work in progress', () => {
    const { store } = freshStore()
    expect(store.getState()).toMatchObject({ status: undefined, connection: 'connecting', connectionError: undefined, progress: {} })
  })

  it('a status makes the engine connected and clears an earlier error', () => {
    const { store } = freshStore()
    store.getState().setUnreachable('connection refused')
    expect(store.getState()).toMatchObject({ connection: 'unreachable', connectionError: 'connection refused' })
    store.getState().setStatus(status({ version: '2.0.0' }))
    expect(store.getState()).toMatchObject({ connection: 'connected', connectionError: undefined, status: { version: '2.0.0' } })
  })

  it('unreachable keeps the last status it had (the status bar still shows the version)', () => {
    const { store } = freshStore()
    store.getState().setStatus(status())
    store.getState().setUnreachable('timed out')
    expect(store.getState().status?.version).toBe('1.2.3')
    expect(store.getState().connection).toBe('unreachable')
  })

  it('tracks progress by task, and forgets a task once done reaches total; other tasks stay', () => {
    const { store } = freshStore()
    const { trackProgress } = store.getState()
    trackProgress({ type: 'progress', task: 'redeliver', label: 'Redelivering', done: 1, total: 3 })
    trackProgress({ type: 'progress', task: 'run', label: 'Running', done: 0, total: 2 })
    trackProgress({ type: 'progress', task: 'redeliver', label: 'Redelivering', done: 2, total: 3 })
    expect(store.getState().progress).toEqual({ redeliver: { label: 'Redelivering', done: 2, total: 3 }, run: { label: 'Running', done: 0, total: 2 } })
    trackProgress({ type: 'progress', task: 'redeliver', label: 'Redelivering', done: 3, total: 3 })
    expect(store.getState().progress).toEqual({ run: { label: 'Running', done: 0, total: 2 } })
  })

  it('leaves the other slices alone', () => {
    const { store } = freshStore()
    const before = store.getState()
    before.setStatus(status())
    const after = store.getState()
    expect([after.notices, after.catalog, after.subscriptions, after.view, after.theme]).toEqual([before.notices, before.catalog, before.subscriptions, before.view, before.theme])
    expect(after.subscriptions).toBe(before.subscriptions)
  })
})
