import type { StateCreator } from 'zustand'
import type { Subscription } from '../../../../shared/schemas/subscription'
import { upsert } from '../memo'

/** The subscriptions as the engine last listed them (re-read on each `config` event that names them). */
export interface SubscriptionsSlice {
  subscriptions: Subscription[]
  /** The list has been read once: until then an empty one means "not known yet", not "none". */
  subscriptionsLoaded: boolean
  setSubscriptions(subscriptions: Subscription[]): void
  /** A saved subscription, shown before the engine's event comes: replaced in place, or added last. */
  putSubscription(subscription: Subscription): void
  /** A subscription the engine deleted. */
  dropSubscription(id: string): void
}

export const createSubscriptionsSlice: StateCreator<SubscriptionsSlice> = (set) => ({
  subscriptions: [],
  subscriptionsLoaded: false,
  setSubscriptions: (subscriptions) => set({ subscriptions, subscriptionsLoaded: true }),
  putSubscription: (subscription) => set((s) => ({ subscriptions: upsert(s.subscriptions, subscription, (x) => x.id) })),
  dropSubscription: (id) => set((s) => ({ subscriptions: s.subscriptions.filter((x) => x.id !== id) })),
})
