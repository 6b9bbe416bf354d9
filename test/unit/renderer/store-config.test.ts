import { describe, expect, it } from 'vitest'
import { describeCatalog } from '../../../src/main/platforms/catalog'
import { Endpoint } from '../../../src/shared/schemas/receiver'
import { ClusterHeartbeat } from '../../../src/shared/schemas/heartbeat'
import { freshStore, subscription } from './store-fixture'

const cluster = (clusterId: string, health: ClusterHeartbeat['health']) => ClusterHeartbeat.parse({ clusterId, health, outages: 0, timeoutMs: 30_000 })

describe('the configuration slices (catalog, subscriptions, receiver, controllers, settings)', () => {
  it('starts empty', () => {
    const { store } = freshStore()
    expect(store.getState()).toMatchObject({ catalog: [], subscriptions: [], endpoints: [], heartbeats: { controllers: [], clusters: [] }, settings: undefined })
  })

  it('each slice replaces its own part; the other parts stay the very same', () => {
    const { store } = freshStore()
    const catalog = describeCatalog()
    store.getState().setCatalog(catalog)
    const before = store.getState()
    const subscriptions = [subscription('s1', 'qovery')]
    before.setSubscriptions(subscriptions)
    const after = store.getState()
    expect(after.subscriptions).toBe(subscriptions)
    expect(after.catalog).toBe(catalog)
    expect(after.endpoints).toBe(before.endpoints)
    expect(after.heartbeats).toBe(before.heartbeats)
  })

  it('putCluster replaces a cluster in place, or adds it last; controllers stay', () => {
    const { store } = freshStore()
    const controllers = store.getState().heartbeats.controllers
    store.getState().setHeartbeats({ controllers, clusters: [cluster('a', 'healthy'), cluster('b', 'healthy')] })
    store.getState().putCluster(cluster('a', 'failed'))
    store.getState().putCluster(cluster('c', 'healthy'))
    const { heartbeats } = store.getState()
    expect(heartbeats.clusters.map((c) => [c.clusterId, c.health])).toEqual([
      ['a', 'failed'],
      ['b', 'healthy'],
      ['c', 'healthy'],
    ])
    expect(heartbeats.controllers).toBe(controllers)
  })

  it('putEndpoint replaces the endpoint of that name or adds it; removeEndpoint drops only that one', () => {
    const { store } = freshStore()
    const inbox = Endpoint.parse({ name: 'inbox' })
    const strict = Endpoint.parse({ name: 'strict' })
    store.getState().setEndpoints([inbox, strict])
    const slow = Endpoint.parse({ name: 'inbox', response: { delayMs: 500 } })
    store.getState().putEndpoint(slow)
    store.getState().putEndpoint(Endpoint.parse({ name: 'new' }))
    expect(store.getState().endpoints.map((e) => e.name)).toEqual(['inbox', 'strict', 'new'])
    expect(store.getState().endpoints[0]).toBe(slow)
    expect(store.getState().endpoints[1]).toBe(strict)
    store.getState().removeEndpoint('strict')
    expect(store.getState().endpoints.map((e) => e.name)).toEqual(['inbox', 'new'])
    store.getState().removeEndpoint('missing')
    expect(store.getState().endpoints.map((e) => e.name)).toEqual(['inbox', 'new'])
  })
})
