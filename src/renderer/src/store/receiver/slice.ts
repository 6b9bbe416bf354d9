import type { StateCreator } from 'zustand'
import type { Endpoint } from '../../../../shared/schemas/receiver'
import { upsert } from '../memo'

/** The receiver's endpoints (captures are too many to hold: their list keeps a window of them), and the one whose script is open. */
export interface ReceiverSlice {
  endpoints: Endpoint[]
  /** The endpoints have been read once: until then an empty list means "not known yet", not "none". */
  endpointsLoaded: boolean
  /** The endpoint whose script is open in the drawer, if any. */
  openEndpoint: string | undefined
  setEndpoints(endpoints: Endpoint[]): void
  /** A saved endpoint, shown before the engine's event comes: replaced in place, or added last. */
  putEndpoint(endpoint: Endpoint): void
  /** An endpoint the engine removed. */
  removeEndpoint(name: string): void
  setOpenEndpoint(name: string | undefined): void
}

export const createReceiverSlice: StateCreator<ReceiverSlice> = (set) => ({
  endpoints: [],
  endpointsLoaded: false,
  openEndpoint: undefined,
  setEndpoints: (endpoints) => set({ endpoints, endpointsLoaded: true }),
  putEndpoint: (endpoint) => set((s) => ({ endpoints: upsert(s.endpoints, endpoint, (e) => e.name) })),
  removeEndpoint: (name) => set((s) => ({ endpoints: s.endpoints.filter((e) => e.name !== name) })),
  setOpenEndpoint: (openEndpoint) => set({ openEndpoint }),
})
