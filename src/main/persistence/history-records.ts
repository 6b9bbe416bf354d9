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
  /**
   * Takes in the records read from disk, all older than these: they go first in `order`. Where
   * both have an id, the one saved here (later) wins. Returns the older entries kept.
   */
  adopt(older: Records<T, S>): Entry<T, S>[]
}

/**
 * Ordinals of records saved while the history is still being read start here, so that they
 * stay above those of the records read (cursors handed out meanwhile keep their place).
 */
export const LIVE_ORDINALS = 2 ** 40

export function createRecords<T, S extends { id: string }>(firstOrdinal = 0): Records<T, S> {
  let nextOrdinal = firstOrdinal
  const records: Records<T, S> = {
    entries: new Map(),
    order: [],
    add(summary, refs, full) {
      const entry: Entry<T, S> = { summary, refs, ordinal: nextOrdinal++, full }
      records.entries.set(summary.id, entry)
      records.order.push(entry)
      return entry
    },
    adopt(older) {
      const kept = older.order.filter((entry) => !records.entries.has(entry.summary.id))
      const entries = older.entries
      for (const entry of records.order) entries.set(entry.summary.id, entry)
      records.entries = entries
      records.order = kept.length === older.order.length && records.order.length === 0 ? older.order : [...kept, ...records.order]
      nextOrdinal = Math.max(nextOrdinal, older.order.length)
      return kept
    },
  }
  return records
}
