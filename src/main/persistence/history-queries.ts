import type { HistoryPage, PageQuery, SearchQuery } from '../core/record-log'
import type { ChunkFile } from './chunk-file'
import type { Entry, Records } from './history-records'

/** Records read from disk per batch: neighbours, so their chunks come in a few large reads. */
const SEARCH_BATCH = 500
/** Records a search reads at most (beyond the page, it stops counting): a few hundred milliseconds of reading. */
export const SEARCH_READ_BUDGET = 30_000
/** Records a search parses at most before it stops counting: a text in most bodies is counted as "N+". */
export const SEARCH_PARSE_BUDGET = 3_000

/**
 * Reading a history: whole records (from memory where kept, else from their chunks on disk, read
 * together), pages of summaries newest first by cursor, and searches that need the whole record.
 */
export function createQueries<T, S extends { id: string }, F, A>(records: Records<T, S>, chunks: ChunkFile | undefined, join: (summary: S, fixed: F, appended: A[]) => T) {
  /**
   * Whole records: those in memory as they are now, the rest read from disk. What is in memory
   * and each record's summary and chunks are taken before the read: a write that ends meanwhile drops a
   * record from memory (it is on disk now) and a save may add chunks.
   */
  async function load(list: Entry<T, S>[]): Promise<T[]> {
    const inMemory = list.map((entry) => entry.full)
    const onDisk = list.flatMap((entry, k) => (inMemory[k] ? [] : [{ entry, summary: entry.summary, refs: entry.refs }]))
    const values = onDisk.length > 0 ? await chunks!.readMany(onDisk.flatMap((d) => d.refs)) : []
    let at = 0
    const read = new Map<Entry<T, S>, T>()
    for (const { entry, summary, refs } of onDisk) {
      const parts = values.slice(at, (at += refs.length / 3))
      read.set(entry, join(summary, parts[0] as F, parts.slice(1) as A[]))
    }
    return list.map((entry, k) => inMemory[k] ?? read.get(entry)!)
  }

  /** The entries whose whole record `matchRecord` accepts; records on disk whose text `mayMatchText` rules out are never parsed. */
  async function matchingRecords(list: Entry<T, S>[], matchRecord: (record: T) => boolean, mayMatchText?: (json: string) => boolean) {
    if (!mayMatchText || !chunks) {
      const loaded = await load(list)
      return { accepted: new Set(list.filter((_, k) => matchRecord(loaded[k]!))), parsedCount: list.length }
    }
    const inMemory = list.filter((entry) => entry.full)
    const onDisk = list.flatMap((entry) => (entry.full ? [] : [{ entry, refs: entry.refs }]))
    const texts = onDisk.length > 0 ? await chunks.readManyText(onDisk.flatMap((d) => d.refs)) : []
    const candidates: Entry<T, S>[] = []
    let at = 0
    for (const { entry, refs } of onDisk) {
      const parts = texts.slice(at, (at += refs.length / 3))
      if (parts.some(mayMatchText)) candidates.push(entry)
    }
    const loaded = await load([...inMemory, ...candidates])
    return { accepted: new Set([...inMemory, ...candidates].filter((_, k) => matchRecord(loaded[k]!))), parsedCount: candidates.length }
  }

  return {
    /** The whole record: from memory while it is live, else read from disk. */
    async get(id: string): Promise<T | undefined> {
      const entry = records.entries.get(id)
      return entry ? (await load([entry]))[0] : undefined
    },
    /** Whole records for these ids, in order (those no longer kept left out), read from disk in one pass. */
    async getMany(ids: string[]): Promise<T[]> {
      return load(ids.flatMap((id) => records.entries.get(id) ?? []))
    },

    /** Newest first, older than the `before` cursor, keeping those `match` accepts; `count` adds the total (one pass). */
    page(query: PageQuery<S>): HistoryPage<S> {
      const { match, limit } = query
      const { order } = records
      const items: S[] = []
      let last = 0
      let next: number | undefined
      let total = 0
      for (let at = startBefore(order, query.before); at >= 0; at--) {
        const entry = order[at]!
        if (entry.evicted || (match && !match(entry.summary))) continue
        total++
        if (items.length < limit) {
          items.push(entry.summary)
          last = entry.ordinal
        } else if (next === undefined) {
          next = last
          if (!query.count) break
        }
      }
      return { items, ...(next !== undefined && { next }), ...(query.count && { total }) }
    },

    /**
     * Like `page`, for a test on the whole record (a text in bodies): candidates are read from
     * disk a batch of neighbours at a time, and reading stops once the page is full and the next
     * match found, or (counting) once the whole history or the read budget is done.
     */
    async search(query: SearchQuery<T, S>): Promise<HistoryPage<S>> {
      const { match, quick, matchRecord, limit, readBudget = SEARCH_READ_BUDGET, parseBudget = SEARCH_PARSE_BUDGET } = query
      const { order } = records
      const items: S[] = []
      let last = 0
      let next: number | undefined
      let total = 0
      let read = 0
      let parsed = 0
      let at = startBefore(order, query.before)
      const spent = () => read >= readBudget || parsed >= parseBudget
      const done = () => next !== undefined && (!query.count || spent())
      while (at >= 0 && !done()) {
        const batch: Entry<T, S>[] = []
        for (; at >= 0 && batch.length < SEARCH_BATCH; at--) {
          const entry = order[at]!
          if (!entry.evicted && (!match || match(entry.summary))) batch.push(entry)
        }
        const toRead = batch.filter((entry) => !quick?.(entry.summary))
        const { accepted, parsedCount } = await matchingRecords(toRead, matchRecord, query.mayMatchText)
        read += toRead.length
        parsed += parsedCount
        for (const entry of batch) {
          if (!accepted.has(entry) && !quick?.(entry.summary)) continue
          total++
          if (items.length < limit) {
            items.push(entry.summary)
            last = entry.ordinal
          } else next ??= last
        }
        // Out of budget with more to read: the next page carries on after the last record looked at.
        if (spent() && at >= 0) next ??= items.length === limit ? last : order[at + 1]!.ordinal
      }
      return {
        items,
        ...(next !== undefined && { next }),
        ...(query.count && (at < 0 ? { total } : { totalAtLeast: total })),
      }
    },

    /** Every summary, newest first. */
    *summaries(): Generator<S> {
      const { order } = records
      for (let at = order.length - 1; at >= 0; at--) if (!order[at]!.evicted) yield order[at]!.summary
    },
  }
}

/** Index of the newest entry older than the cursor (binary search: ordinals only grow along `order`). */
function startBefore(order: { ordinal: number }[], before: number | undefined): number {
  if (before === undefined) return order.length - 1
  let low = 0
  let high = order.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (order[mid]!.ordinal < before) low = mid + 1
    else high = mid
  }
  return low - 1
}
