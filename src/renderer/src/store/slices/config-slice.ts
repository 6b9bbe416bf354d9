import type { StateCreator } from 'zustand'
import type { ApiOutput } from '../../../../shared/api/contract'
import type { UserSettings } from '../../../../shared/schemas/document'
import type { ClusterHeartbeat } from '../../../../shared/schemas/heartbeat'
import type { Endpoint } from '../../../../shared/schemas/receiver'
import type { Subscription } from '../../../../shared/schemas/subscription'
import type { HookbenchState } from '../store'

export type Catalog = ApiOutput<'getCatalog'>
export type Heartbeats = ApiOutput<'listHeartbeats'>

/**
 * What the views show; loaded at start, then kept current by the event stream. Deliveries and
 * captures are too many to hold: their lists (lists.ts) keep a window of them.
 */
export interface ConfigData {
  catalog: Catalog
  subscriptions: Subscription[]
  endpoints: Endpoint[]
  heartbeats: Heartbeats
  settings: UserSettings | undefined
}

export interface ConfigSlice extends ConfigData {
  /** Replaces the parts given with what the engine answered; the others stay as they are. */
  setConfig(parts: Partial<ConfigData>): void
  /** A cluster's heartbeat health: replaces the cluster's in place, or adds it last. */
  putCluster(cluster: ClusterHeartbeat): void
  /** A saved endpoint, shown before the engine's event comes: replaced in place, or added last. */
  putEndpoint(endpoint: Endpoint): void
  /** An endpoint the engine removed. */
  removeEndpoint(name: string): void
}

/** Replaces the item with the same key in place, or adds it last. */
export function upsert<T>(list: T[], item: T, key: (item: T) => string): T[] {
  const at = list.findIndex((existing) => key(existing) === key(item))
  if (at !== -1) return list.map((existing, i) => (i === at ? item : existing))
  return [...list, item]
}

export const createConfigSlice: StateCreator<HookbenchState, [], [], ConfigSlice> = (set) => ({
  catalog: [],
  subscriptions: [],
  endpoints: [],
  heartbeats: { controllers: [], clusters: [] },
  settings: undefined,
  setConfig: (parts) => set(parts),
  putCluster: (cluster) => set((s) => ({ heartbeats: { ...s.heartbeats, clusters: upsert(s.heartbeats.clusters, cluster, (c) => c.clusterId) } })),
  putEndpoint: (endpoint) => set((s) => ({ endpoints: upsert(s.endpoints, endpoint, (e) => e.name) })),
  removeEndpoint: (name) => set((s) => ({ endpoints: s.endpoints.filter((e) => e.name !== name) })),
})
