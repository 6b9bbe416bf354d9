import type { StateCreator } from 'zustand'
import type { Subscription } from '../../../../shared/schemas/subscription'

/** The subscriptions as the engine last listed them (re-read on each `config` event that names them). */
export interface SubscriptionsSlice {
  subscriptions: Subscription[]
  /** The list has been read once: until then an empty one means "not known yet", not "none". */
  subscriptionsLoaded: boolean
  setSubscriptions(subscriptions: Subscription[]): void
}

export const createSubscriptionsSlice: StateCreator<SubscriptionsSlice> = (set) => ({
  subscriptions: [],
  subscriptionsLoaded: false,
  setSubscriptions: (subscriptions) => set({ subscriptions, subscriptionsLoaded: true }),
})
