import type { StateCreator } from 'zustand'
import type { ApiOutput } from '../../../../shared/api/contract'

/** Every platform with its events, options and defaults, as the engine describes them; loaded once at start. */
export type Catalog = ApiOutput<'getCatalog'>

export interface CatalogSlice {
  catalog: Catalog
  /** The catalog has been read: until then an empty one means "not known yet", not "no platforms". */
  catalogLoaded: boolean
  setCatalog(catalog: Catalog): void
}

export const createCatalogSlice: StateCreator<CatalogSlice> = (set) => ({
  catalog: [],
  catalogLoaded: false,
  setCatalog: (catalog) => set({ catalog, catalogLoaded: true }),
})
