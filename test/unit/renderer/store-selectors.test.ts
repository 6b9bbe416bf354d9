import { describe, expect, it } from 'vitest'
import { describeCatalog } from '../../../src/main/platforms/catalog'
import { catalogEntryOf, selectCatalogEntry, selectEventNames, selectPlatformEvents, selectPlatformsWithEvents } from '../../../src/renderer/src/store/catalog/selectors'
import { selectConnectionLabel } from '../../../src/renderer/src/store/engine/selectors'
import { selectEnabledSubscriptionsFor, selectSubscription, selectSubscriptionsById } from '../../../src/renderer/src/store/subscriptions/selectors'
import { freshStore, subscription } from './store-fixture'

const catalog = describeCatalog()

function loaded() {
  const { store } = freshStore()
  store.getState().setCatalog(catalog)
  store.getState().setSubscriptions([
      subscription('q1', 'qovery'),
      subscription('q2', 'qovery', { enabled: false }),
      subscription('d1', 'divshot', { paused: true }),
      subscription('a1', 'any'),
  ])
  return store
}

describe('catalog selectors', () => {
  it("a platform's entry, and none for any or an unknown id", () => {
    const state = loaded().getState()
    expect(selectCatalogEntry('qovery')(state)?.title).toBe(catalog.find((e) => e.id === 'qovery')?.title)
    expect(selectCatalogEntry('any')(state)).toBeUndefined()
    expect(selectCatalogEntry('nope')(state)).toBeUndefined()
    expect(catalogEntryOf(catalog, 'divshot')).toBe(selectCatalogEntry('divshot')(state))
  })

  it("a platform's events; the same empty list for an unknown platform (no re-render loop)", () => {
    const state = loaded().getState()
    const qovery = catalog.find((e) => e.id === 'qovery')!
    expect(selectPlatformEvents('qovery')(state)).toBe(qovery.events)
    expect(selectPlatformEvents('nope')(state)).toEqual([])
    expect(selectPlatformEvents('nope')(state)).toBe(selectPlatformEvents('other')(state))
  })

  it("event names: one platform's, or every platform's once, sorted; the same array while the catalog is the same", () => {
    const store = loaded()
    const all = selectEventNames(undefined)(store.getState())
    const everyName = catalog.flatMap((e) => e.events.map((event) => event.name))
    expect(all).toEqual([...new Set(everyName)].sort())
    expect(selectEventNames('')(store.getState())).toEqual(all)
    expect(selectEventNames('divshot')(store.getState())).toEqual(catalog.find((e) => e.id === 'divshot')!.events.map((e) => e.name).sort())
    expect(selectEventNames(undefined)(store.getState())).toBe(all)
    store.getState().setCatalog([...catalog])
    expect(selectEventNames(undefined)(store.getState())).not.toBe(all)
  })

  it('platforms with events of their own, the same array while the catalog is the same', () => {
    const state = loaded().getState()
    const platforms = selectPlatformsWithEvents(state)
    expect(platforms.length).toBeGreaterThan(0)
    expect(platforms.every((p) => p.events.length > 0)).toBe(true)
    expect(platforms.map((p) => p.id)).toEqual(catalog.filter((e) => e.events.length > 0).map((e) => e.id))
    expect(selectPlatformsWithEvents(state)).toBe(platforms)
  })
})

describe('subscription selectors', () => {
  it('subscriptions by id, remembered until the list is replaced', () => {
    const store = loaded()
    const byId = selectSubscriptionsById(store.getState())
    expect([...byId.keys()]).toEqual(['q1', 'q2', 'd1', 'a1'])
    expect(selectSubscription('d1')(store.getState())?.provider).toBe('divshot')
    expect(selectSubscription('gone')(store.getState())).toBeUndefined()
    expect(selectSubscriptionsById(store.getState())).toBe(byId)
    store.getState().setSubscriptions([subscription('n1', 'generic')])
    expect([...selectSubscriptionsById(store.getState()).keys()]).toEqual(['n1'])
  })

  it("enabled subscriptions for a platform: its own and the any ones, paused included, disabled not", () => {
    const state = loaded().getState()
    expect(selectEnabledSubscriptionsFor('qovery')(state).map((s) => s.id)).toEqual(['q1', 'a1'])
    expect(selectEnabledSubscriptionsFor('divshot')(state).map((s) => s.id)).toEqual(['d1', 'a1'])
    expect(selectEnabledSubscriptionsFor('charlescd')(state).map((s) => s.id)).toEqual(['a1'])
    expect(selectEnabledSubscriptionsFor('qovery')(state)).toBe(selectEnabledSubscriptionsFor('qovery')(state))
  })
})

describe('connection label', () => {
  it('says connecting, connected, or unreachable with the reason', () => {
    const { store } = freshStore()
    expect(selectConnectionLabel(store.getState())).toBe('Connecting…')
    store.getState().setUnreachable('connect ECONNREFUSED')
    expect(selectConnectionLabel(store.getState())).toBe('Engine unreachable: connect ECONNREFUSED')
    expect(selectConnectionLabel({ connection: 'connected', connectionError: undefined })).toBe('Engine connected')
  })
})
