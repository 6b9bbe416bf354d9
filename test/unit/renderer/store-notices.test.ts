import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MAX_NOTICES, NOTICE_LIFETIME_MS } from '../../../src/renderer/src/store/notices/model'
import { freshStore } from './store-fixture'

describe('notices slice', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('adds notices with their own ids; the same one again is counted, not stacked', () => {
    const { store } = freshStore()
    const { addNotice } = store.getState()
    addNotice('error', 'Engine unreachable')
    addNotice('info', 'Saved')
    addNotice('error', 'Engine unreachable')
    expect(store.getState().notices.map(({ level, message, count }) => [level, message, count])).toEqual([
      ['info', 'Saved', 1],
      ['error', 'Engine unreachable', 2],
    ])
    expect(new Set(store.getState().notices.map((n) => n.id)).size).toBe(2)
  })

  it(`keeps the newest ${MAX_NOTICES}`, () => {
    const { store } = freshStore()
    for (let i = 1; i <= MAX_NOTICES + 1; i++) store.getState().addNotice('info', `n${i}`)
    expect(store.getState().notices.map((n) => n.message)).toEqual(Array.from({ length: MAX_NOTICES }, (_, i) => `n${i + 2}`))
  })

  it('dismisses one notice and keeps the others', () => {
    const { store } = freshStore()
    store.getState().addNotice('info', 'first')
    store.getState().addNotice('warning', 'second')
    const [first] = store.getState().notices
    store.getState().dismissNotice(first!.id)
    expect(store.getState().notices.map((n) => n.message)).toEqual(['second'])
  })

  it('a notice dismisses itself after its level’s lifetime, counted again from a repeat', () => {
    const { store } = freshStore()
    store.getState().addNotice('info', 'saved')
    store.getState().addNotice('error', 'failed')
    vi.advanceTimersByTime(NOTICE_LIFETIME_MS.info - 1_000)
    store.getState().addNotice('info', 'saved')
    vi.advanceTimersByTime(NOTICE_LIFETIME_MS.info - 1)
    expect(store.getState().notices.map((n) => n.message)).toEqual(['failed', 'saved'])
    vi.advanceTimersByTime(1)
    expect(store.getState().notices.map((n) => n.message)).toEqual(['failed'])
    vi.advanceTimersByTime(NOTICE_LIFETIME_MS.error)
    expect(store.getState().notices).toEqual([])
  })

  it('a dismissed notice leaves no timer behind', () => {
    const { store } = freshStore()
    store.getState().addNotice('error', 'failed')
    store.getState().dismissNotice(store.getState().notices[0]!.id)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('two stores count their notices apart', () => {
    const a = freshStore().store
    const b = freshStore().store
    a.getState().addNotice('info', 'only in a')
    expect(b.getState().notices).toEqual([])
  })
})
