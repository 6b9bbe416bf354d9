import type { StateCreator } from 'zustand'
import type { Subscription } from '../../../../shared/schemas/subscription'

/** The subscriptions as the engine last listed them (re-read on each `config` event that names them). */
export interface SubscriptionsSlice {
  subscriptions: Subscription[]
  setSubscriptions(subscriptions: Subscription[]): void
}

export const createSubscriptionsSlice: StateCreator<SubscriptionsSlice> = (set) => ({
  subscriptions: [],
  setSubscriptions: (subscriptions) => set({ subscriptions }),
})
