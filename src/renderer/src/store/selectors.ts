import type { CatalogEntry } from '../../../shared/platforms/catalog'
import type { Subscription } from '../../../shared/schemas/subscription'
import type { Catalog } from './slices/config-slice'
import type { HookbenchState } from './store'
import { connectionText } from '../api/engine-words'

/*
 * Values derived from the store, for `useHookbench(selector)` and for code outside React. A
 * selector must return the same value while its inputs are unchanged (zustand 5 re-renders, and
 * loops, on a new array every call): the ones that build a list remember it per input list.
 */

/** Remembers `derive(list)` until the list is replaced (the store never changes one in place). */
function perList<L extends object, R>(derive: (list: L) => R): (list: L) => R {
  const cache = new WeakMap<L, { value: R }>()
  return (list) => {
    let known = cache.get(list)
    if (!known) cache.set(list, (known = { value: derive(list) }))
    return known.value
  }
}

/** Remembers `derive(list, arg)` for each argument, until the list is replaced. */
function perListAndArg<L extends object, A, R>(derive: (list: L, arg: A) => R): (list: L, arg: A) => R {
  const byList = perList((_: L) => new Map<A, { value: R }>())
  return (list, arg) => {
    const byArg = byList(list)
    let known = byArg.get(arg)
    if (!known) byArg.set(arg, (known = { value: derive(list, arg) }))
    return known.value
  }
}

const NO_EVENTS: CatalogEntry['events'] = []

/** A platform's catalog entry; undefined for `any`, an unknown id, or before the catalog loads. */
export const catalogEntryOf = (catalog: Catalog, platform: string): CatalogEntry | undefined => catalog.find((entry) => entry.id === platform)
export const selectCatalogEntry = (platform: string) => (s: HookbenchState) => catalogEntryOf(s.catalog, platform)

/** The events a platform fires (none for an unknown platform). */
export const selectPlatformEvents = (platform: string) => (s: HookbenchState) => catalogEntryOf(s.catalog, platform)?.events ?? NO_EVENTS

/** The platforms that fire events of their own (not the catch-all entries without a catalog). */
export const platformsWithEvents = perList((catalog: Catalog) => catalog.filter((entry) => entry.events.length > 0))
export const selectPlatformsWithEvents = (s: HookbenchState) => platformsWithEvents(s.catalog)

/** Event names of one platform, or of every platform when none is given: each once, sorted. */
export const eventNamesOf = perListAndArg((catalog: Catalog, platform: string | undefined) => {
  const entries = platform ? catalog.filter((entry) => entry.id === platform) : catalog
  return [...new Set(entries.flatMap((entry) => entry.events.map((event) => event.name)))].sort()
})
export const selectEventNames = (platform: string | undefined) => (s: HookbenchState) => eventNamesOf(s.catalog, platform)

/** Subscriptions by id. */
export const subscriptionsById = perList((subscriptions: Subscription[]) => new Map(subscriptions.map((s) => [s.id, s])))
export const selectSubscriptionsById = (s: HookbenchState) => subscriptionsById(s.subscriptions)
export const selectSubscription = (id: string) => (s: HookbenchState) => selectSubscriptionsById(s).get(id)

/** The subscriptions an event of this platform can reach: enabled, of the platform or of `any` (paused ones hold it). */
export const enabledSubscriptionsFor = perListAndArg((subscriptions: Subscription[], platform: string) =>
  subscriptions.filter((s) => s.enabled && (s.provider === platform || s.provider === 'any')),
)
export const selectEnabledSubscriptionsFor = (platform: string) => (s: HookbenchState) => enabledSubscriptionsFor(s.subscriptions, platform)

/** The status bar's words for the connection to the engine. */
export function selectConnectionLabel(s: Pick<HookbenchState, 'connection' | 'connectionError'>): string {
  return connectionText(s.connection, s.connectionError)
}
