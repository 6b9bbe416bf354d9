/**
 * One record in memory. `summary` and `refs` are replaced, never changed in place, so a
 * compaction can snapshot them. `refs` holds three numbers per chunk (segment, offset, length):
 * the fixed part, then each appended item.
 */
export interface Entry<T, S> {
  summary: S
  refs: number[]
  /** Creation order, for paging cursors; not stored. */
  ordinal: number
  /** The whole record, kept while it is pinned or not yet on disk. */
  full?: T
  evicted?: boolean
  /** Passed over by eviction while pinned: evicted first once it is not. */
  passed?: boolean
}

/** The records of a history in memory: by id, and in creation order (evicted ones stay there until a tidy). */
export interface Records<T, S extends { id: string }> {
  entries: Map<string, Entry<T, S>>
  order: Entry<T, S>[]
  add(summary: S, refs: number[], full?: T): Entry<T, S>
}

export function createRecords<T, S extends { id: string }>(): Records<T, S> {
  let nextOrdinal = 0
  const records: Records<T, S> = {
    entries: new Map(),
    order: [],
    add(summary, refs, full) {
      const entry: Entry<T, S> = { summary, refs, ordinal: nextOrdinal++, full }
      records.entries.set(summary.id, entry)
      records.order.push(entry)
      return entry
    },
  }
  return records
}
