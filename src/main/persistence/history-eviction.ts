import type { Entry, Records } from './history-records'

/**
 * Evicts the oldest unpinned records beyond the limit: O(1) per eviction, whatever the history.
 * A record pinned when its turn came (a delivery still pending) is passed over, and evicted first
 * once it is unpinned.
 */
export function createEviction<T, S extends { id: string }>(
  records: Records<T, S>,
  options: { maxRecords: number; isPinned(summary: S): boolean; evict(entry: Entry<T, S>): void },
) {
  const { maxRecords, isPinned } = options
  /** Where the walk along `order` is. */
  let at = 0
  /** Records passed over while pinned and unpinned since: the oldest evictable ones. */
  let late: Entry<T, S>[] = []
  let evictedSinceTidy = 0

  /** Drops evicted records from `order` (keeping the walk's place). */
  const tidy = () => {
    at = records.order.slice(0, at).filter((e) => !e.evicted).length
    records.order = records.order.filter((e) => !e.evicted)
    late = late.filter((e) => !e.evicted)
    evictedSinceTidy = 0
  }

  return {
    unpinned(entry: Entry<T, S>) {
      if (!entry.passed) return
      entry.passed = false
      late.push(entry)
    },
    overflow() {
      const { entries } = records
      while (entries.size > maxRecords && late.length > 0) {
        const entry = late.shift()!
        if (!entry.evicted && !entry.passed && !isPinned(entry.summary)) options.evict(entry)
      }
      while (entries.size > maxRecords && at < records.order.length) {
        const entry = records.order[at++]!
        if (entry.evicted) continue
        if (isPinned(entry.summary)) entry.passed = true
        else options.evict(entry)
        evictedSinceTidy++
      }
      if (evictedSinceTidy > 1000 && evictedSinceTidy > records.order.length / 2) tidy()
    },
  }
}
