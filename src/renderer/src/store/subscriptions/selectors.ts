import type { Subscription } from '../../../../shared/schemas/subscription'
import { perList, perListAndArg } from '../memo'
import type { SubscriptionsSlice } from './slice'

/** Subscriptions by id. */
export const subscriptionsById = perList((subscriptions: Subscription[]) => new Map(subscriptions.map((s) => [s.id, s])))
export const selectSubscriptionsById = (s: SubscriptionsSlice) => subscriptionsById(s.subscriptions)
export const selectSubscription = (id: string) => (s: SubscriptionsSlice) => selectSubscriptionsById(s).get(id)

/** The subscriptions an event of this platform can reach: enabled, of the platform or of `any` (paused ones hold it). */
export const enabledSubscriptionsFor = perListAndArg((subscriptions: Subscription[], platform: string) =>
  subscriptions.filter((s) => s.enabled && (s.provider === platform || s.provider === 'any')),
)
export const selectEnabledSubscriptionsFor = (platform: string) => (s: SubscriptionsSlice) => enabledSubscriptionsFor(s.subscriptions, platform)
