import type { StateCreator } from 'zustand'
import type { ApiOutput } from '../../../../shared/api/contract'
import type { ClusterHeartbeat } from '../../../../shared/schemas/heartbeat'
import { upsert } from '../memo'

/** The simulated Ocean CD controllers and each cluster's heartbeat health. */
export type Heartbeats = ApiOutput<'listHeartbeats'>

export interface ControllersSlice {
  heartbeats: Heartbeats
  setHeartbeats(heartbeats: Heartbeats): void
  /** A cluster's heartbeat health: replaces the cluster's in place, or adds it last. */
  putCluster(cluster: ClusterHeartbeat): void
}

export const createControllersSlice: StateCreator<ControllersSlice> = (set) => ({
  heartbeats: { controllers: [], clusters: [] },
  setHeartbeats: (heartbeats) => set({ heartbeats }),
  putCluster: (cluster) => set((s) => ({ heartbeats: { ...s.heartbeats, clusters: upsert(s.heartbeats.clusters, cluster, (c) => c.clusterId) } })),
})
