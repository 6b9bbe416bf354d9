import type { CatalogEntry } from '../../../../shared/platforms/catalog'
import { perList, perListAndArg } from '../memo'
import type { Catalog, CatalogSlice } from './slice'

const NO_EVENTS: CatalogEntry['events'] = []

/** A platform's catalog entry; undefined for `any`, an unknown id, or before the catalog loads. */
export const catalogEntryOf = (catalog: Catalog, platform: string): CatalogEntry | undefined => catalog.find((entry) => entry.id === platform)
export const selectCatalogEntry = (platform: string) => (s: CatalogSlice) => catalogEntryOf(s.catalog, platform)

/** The events a platform fires (none for an unknown platform). */
export const selectPlatformEvents = (platform: string) => (s: CatalogSlice) => catalogEntryOf(s.catalog, platform)?.events ?? NO_EVENTS

/** The platforms that fire events of their own (not the catch-all entries without a catalog). */
export const platformsWithEvents = perList((catalog: Catalog) => catalog.filter((entry) => entry.events.length > 0))
export const selectPlatformsWithEvents = (s: CatalogSlice) => platformsWithEvents(s.catalog)

/** Event names of one platform, or of every platform when none is given: each once, sorted. */
export const eventNamesOf = perListAndArg((catalog: Catalog, platform: string | undefined) => {
  const entries = platform ? catalog.filter((entry) => entry.id === platform) : catalog
  return [...new Set(entries.flatMap((entry) => entry.events.map((event) => event.name)))].sort()
})
export const selectEventNames = (platform: string | undefined) => (s: CatalogSlice) => eventNamesOf(s.catalog, platform)
