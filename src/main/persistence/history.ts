import { createReadStream } from 'node:fs'
import { appendFile, rename, rm, writeFile } from 'node:fs/promises'
import { checkedLine, parseCheckedLine } from './checked-line'
import { type ChunkFile, openChunkFile } from './chunk-file'
import { createAppender } from './append-file'
import { createCoalescingWriter } from './coalescing-writer'
import { summaryRows } from './summary-rows'
import { FILE_MODE } from './private-files'
import { type StorageHealth, createStorageHealth } from './storage-health'
import { type UnreadableLines, createUnreadableLines } from './unreadable-lines'
import type { HistoryPage, PageQuery, SearchQuery } from '../core/record-log'

/**
 * How a kind of record is kept: a summary held in memory (what lists, filters and paging need)
 * and the rest on disk, written once: a `fixed` part with the first save (a body, headers) and
 * `appended` items each written once as they appear (attempts). Appended items are never changed
 * or removed once saved.
 */
export interface HistoryCodec<T, S extends { id: string }, F, A> {
  /** Every field a summary can have (from its schema): the index stores summaries as rows in this order. */
  summaryFields: readonly (keyof S & string)[]
  /** Fields whose values repeat across records (names, URLs): kept once in memory. */
  sharedFields?: readonly (keyof S & string)[]
  idOf(record: T): string
  summarize(record: T): S
  split(record: T): { fixed: F; appended: A[] }
  join(summary: S, fixed: F, appended: A[]): T
}

interface HistoryOptions<T, S extends { id: string }, F, A> extends HistoryCodec<T, S, F, A> {
  /** The index file; its chunks go in `<file>.data/`. Undefined keeps everything in memory (tests). */
  file: string | undefined
  /** Most records kept; the oldest evictable ones go first. */
  maxRecords: number
  /** Records that must never be dropped (e.g. deliveries still pending). */
  isPinned?: (summary: S) => boolean
  /** Told about each record dropped from history (to delete what it refers to). */
  onEvict?: (summary: S) => void
  /** Size of a data segment file (tests make it small). */
  segmentBytes?: number
  /** Told about every write (default: a health nobody listens to). */
  health?: StorageHealth
}

/**
 * One record in memory. `summary` and `refs` are replaced, never changed in place, so a
 * compaction can snapshot them. `refs` holds three numbers per chunk (segment, offset, length):
 * the fixed part, then each appended item.
 */
interface Entry<T, S> {
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

/** Records read from disk per batch: neighbours, so their chunks come in a few large reads. */
const SEARCH_BATCH = 500
/** Records a search reads at most (beyond the page, it stops counting): a few hundred milliseconds of reading. */
export const SEARCH_READ_BUDGET = 30_000
/** Records a search parses at most before it stops counting: a text in most bodies is counted as "N+". */
export const SEARCH_PARSE_BUDGET = 3_000

/** A line of the index: a record as a whole, or a change to one (`i`: refs kept before `r`). */
type IndexLine = { n: unknown[]; r: number[] } | { u: string; s?: Record<string, unknown>; i: number; r: number[] }

/** Summaries written per slice of a background compaction (a few milliseconds of work each). */
const COMPACTION_SLICE = 2000

/**
 * History of records too many to hold whole in memory (100,000 deliveries): summaries in memory
 * in creation order, details in write-once chunks on disk. Saves append what changed (a summary
 * delta, new chunks), group-committed; the index is compacted in the background, slice by
 * slice, so the event loop never stalls on it. Loading checks each line's CRC instead of
 * re-validating, and skips (and counts) a torn or damaged line.
 */
export async function openHistory<T, S extends { id: string }, F, A>(options: HistoryOptions<T, S, F, A>) {
  const { file, maxRecords, isPinned = () => false, onEvict, health = createStorageHealth() } = options
  const rows = summaryRows<S>(options.summaryFields, options.sharedFields)
  const entries = new Map<string, Entry<T, S>>()
  const chunks: ChunkFile | undefined = file ? await openChunkFile(`${file}.data`, options.segmentBytes) : undefined
  const eviction = createEviction()
  let order: Entry<T, S>[] = []
  let nextOrdinal = 0
  let pendingLines: string[] = []
  let unwritten = new Set<Entry<T, S>>()
  let linesOnDisk = 0
  const unreadable = createUnreadableLines(file)
  let compaction: { lines: string[]; tmp: string; ready: boolean } | undefined
  let compacted: Promise<void> = Promise.resolve()

  const wholeLine = (summary: S, refs: number[]) => checkedLine(JSON.stringify({ n: rows.pack(summary), r: refs }))

  const addEntry = (summary: S, refs: number[], full?: T) => {
    const entry: Entry<T, S> = { summary, refs, ordinal: nextOrdinal++, full }
    entries.set(summary.id, entry)
    order.push(entry)
    return entry
  }

  const applyLine = (line: IndexLine) => {
    if ('n' in line) {
      const summary = rows.unpack(line.n)
      const existing = entries.get(summary.id)
      if (existing) Object.assign(existing, { summary, refs: line.r })
      else addEntry(summary, line.r)
      return true
    }
    const entry = entries.get(line.u)
    if (!entry || line.i > entry.refs.length) return false
    // Loading: no compaction holds the summary yet, so it may change in place.
    if (line.s) entry.summary = rows.applyInPlace(entry.summary, line.s as Partial<Record<keyof S, unknown>>)
    if (line.r.length > 0) entry.refs = [...entry.refs.slice(0, line.i), ...line.r]
    return true
  }

  if (file) {
    linesOnDisk = await readIndex(file, applyLine, unreadable)
    for (const entry of order) for (let at = 0; at < entry.refs.length; at += 3) chunks!.retain(entry.refs[at]!)
  }

  const evict = (entry: Entry<T, S>) => {
    entries.delete(entry.summary.id)
    entry.evicted = true
    for (let at = 0; at < entry.refs.length; at += 3) chunks?.release(entry.refs[at]!)
    onEvict?.(entry.summary)
  }

  /** Evicts the oldest unpinned records beyond the limit: O(1) per eviction, whatever the history. */
  function createEviction() {
    /** Where the walk along `order` is. */
    let at = 0
    /** Records passed over while pinned and unpinned since: the oldest evictable ones. */
    let late: Entry<T, S>[] = []
    let evictedSinceTidy = 0
    return {
      unpinned(entry: Entry<T, S>) {
        if (!entry.passed) return
        entry.passed = false
        late.push(entry)
      },
      overflow() {
        while (entries.size > maxRecords && late.length > 0) {
          const entry = late.shift()!
          if (!entry.evicted && !entry.passed && !isPinned(entry.summary)) evict(entry)
        }
        while (entries.size > maxRecords && at < order.length) {
          const entry = order[at++]!
          if (entry.evicted) continue
          if (isPinned(entry.summary)) entry.passed = true
          else evict(entry)
          evictedSinceTidy++
        }
        if (evictedSinceTidy > 1000 && evictedSinceTidy > order.length / 2) this.tidy()
      },
      /** Drops evicted records from `order` (keeping the walk's place). */
      tidy() {
        at = order.slice(0, at).filter((e) => !e.evicted).length
        order = order.filter((e) => !e.evicted)
        late = late.filter((e) => !e.evicted)
        evictedSinceTidy = 0
      },
    }
  }
  eviction.overflow()
  await chunks?.removeUnreferenced()

  const index = file ? createAppender(file) : undefined
  const writeBatch = async () => {
    const lines = pendingLines
    const batch = unwritten
    pendingLines = []
    unwritten = new Set()
    if (!file || !chunks) return
    let swapped = false
    try {
      await health.write(file, async () => {
        await chunks.flush()
        if (compaction?.ready) {
          swapped = true
          await finishCompaction(lines)
        } else if (lines.length > 0) await index!.append(lines.join(''))
      })
    } catch (error) {
      // Kept for the next write, whole in memory meanwhile: a disk that fills up loses nothing.
      pendingLines = [...lines, ...pendingLines]
      for (const entry of batch) unwritten.add(entry)
      throw error
    }
    if (!swapped) compaction?.lines.push(...lines)
    linesOnDisk += lines.length
    // On disk now: a finished record need not stay whole in memory.
    for (const entry of batch) if (!unwritten.has(entry) && !isPinned(entry.summary)) entry.full = undefined
    if (!compaction && linesOnDisk > 2 * entries.size + 1000) compacted = startCompaction()
  }
  const writer = createCoalescingWriter(writeBatch)
  // Unreadable lines are copied aside now, and the index rewritten without them (in the background).
  if (unreadable.count > 0) {
    await unreadable.setAside().catch(() => {})
    compacted = startCompaction()
  }

  async function startCompaction() {
    const tmp = `${file}.compacting`
    compaction = { lines: [], tmp, ready: false }
    const snapshot = order.filter((e) => !e.evicted).map((e) => [e.summary, e.refs] as const)
    try {
      await unreadable.setAside()
      await rm(tmp, { force: true })
      await writeFile(tmp, '', { mode: FILE_MODE })
      for (let at = 0; at < snapshot.length; at += COMPACTION_SLICE) {
        await appendFile(tmp, snapshot.slice(at, at + COMPACTION_SLICE).map(([summary, refs]) => wholeLine(summary, refs)).join(''))
      }
      compaction.ready = true
      await writer.requestWrite()
    } catch {
      // The old index is still whole; a later save tries again.
      compaction = undefined
      await rm(tmp, { force: true })
    }
  }

  /** Runs as a write: adds what was appended meanwhile to the compacted file, then swaps it in. */
  async function finishCompaction(lines: string[]) {
    const { tmp, lines: meanwhile } = compaction!
    try {
      await appendFile(tmp, [...meanwhile, ...lines].join(''))
      await index!.close()
      await rename(tmp, file!)
    } catch (error) {
      // The old index is still whole: the lines go there on the next write, and a later compaction starts over.
      compaction = undefined
      await rm(tmp, { force: true }).catch(() => {})
      throw error
    }
    linesOnDisk = entries.size + meanwhile.length
    compaction = undefined
  }

  /** Whole records: from memory where kept, the rest read from disk together. */
  async function load(list: Entry<T, S>[]): Promise<T[]> {
    const onDisk = list.filter((entry) => !entry.full)
    const values = onDisk.length > 0 ? await chunks!.readMany(onDisk.flatMap((entry) => entry.refs)) : []
    let at = 0
    const read = new Map<Entry<T, S>, T>()
    for (const entry of onDisk) {
      const parts = values.slice(at, (at += entry.refs.length / 3))
      read.set(entry, options.join(entry.summary, parts[0] as F, parts.slice(1) as A[]))
    }
    return list.map((entry) => entry.full ?? read.get(entry)!)
  }

  /** The entries whose whole record `matchRecord` accepts; records on disk whose text `mayMatchText` rules out are never parsed. */
  async function matchingRecords(list: Entry<T, S>[], matchRecord: (record: T) => boolean, mayMatchText?: (json: string) => boolean) {
    if (!mayMatchText || !chunks) {
      const records = await load(list)
      return { accepted: new Set(list.filter((_, k) => matchRecord(records[k]!))), parsedCount: list.length }
    }
    const inMemory = list.filter((entry) => entry.full)
    const onDisk = list.filter((entry) => !entry.full)
    const texts = onDisk.length > 0 ? await chunks.readManyText(onDisk.flatMap((entry) => entry.refs)) : []
    const candidates: Entry<T, S>[] = []
    let at = 0
    for (const entry of onDisk) {
      const parts = texts.slice(at, (at += entry.refs.length / 3))
      if (parts.some(mayMatchText)) candidates.push(entry)
    }
    const records = await load([...inMemory, ...candidates])
    return { accepted: new Set([...inMemory, ...candidates].filter((_, k) => matchRecord(records[k]!))), parsedCount: candidates.length }
  }

  const addChunks = (values: unknown[]) => values.flatMap((value) => chunks!.add(value))

  function saveNew(value: T, summary: S) {
    const { fixed, appended } = options.split(value)
    const refs = chunks ? addChunks([fixed, ...appended]) : []
    if (chunks) pendingLines.push(wholeLine(summary, refs))
    return addEntry(summary, refs, value)
  }

  function saveChange(entry: Entry<T, S>, value: T, summary: S) {
    entry.full = value
    if (chunks) {
      const kept = entry.refs.length
      const added = addChunks(options.split(value).appended.slice(kept / 3 - 1))
      const delta = rows.delta(entry.summary, summary)
      if (added.length > 0 || delta) pendingLines.push(checkedLine(JSON.stringify({ u: summary.id, s: delta, i: kept, r: added })))
      if (added.length > 0) entry.refs = [...entry.refs, ...added]
    }
    entry.summary = summary
    return entry
  }

  return {
    summary: (id: string): S | undefined => entries.get(id)?.summary,
    has: (id: string) => entries.has(id),
    /** The whole record: from memory while it is live, else read from disk. */
    async get(id: string): Promise<T | undefined> {
      const entry = entries.get(id)
      return entry ? (await load([entry]))[0] : undefined
    },
    /** Whole records for these ids, in order (those no longer kept left out), read from disk in one pass. */
    async getMany(ids: string[]): Promise<T[]> {
      return load(ids.flatMap((id) => entries.get(id) ?? []))
    },
    /** The whole record only if it is in memory (pinned or just saved). */
    live: (id: string): T | undefined => entries.get(id)?.full,

    /** Records a new state (its summary, when the caller has it already); resolves once it is on disk. */
    save(value: T, summary = options.summarize(value)): Promise<void> {
      const existing = entries.get(summary.id)
      const entry = existing ? saveChange(existing, value, summary) : saveNew(value, summary)
      unwritten.add(entry)
      if (!isPinned(summary)) eviction.unpinned(entry)
      eviction.overflow()
      return writer.requestWrite()
    },

    /** Newest first, older than the `before` cursor, keeping those `match` accepts; `count` adds the total (one pass). */
    page(query: PageQuery<S>): HistoryPage<S> {
      const { match, limit } = query
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
      for (let at = order.length - 1; at >= 0; at--) if (!order[at]!.evicted) yield order[at]!.summary
    },

    flush: () => writer.idle(),
    async close() {
      await compacted
      await writer.idle()
      // Left over from a failed write with no save since: one last try (the disk may have room now).
      if (pendingLines.length > 0) await writer.requestWrite().catch(() => {})
      // The next start reads one line per record instead of replaying changes: a quicker start
      // for a moment's work at shutdown (a crash leaves the longer file, which loads all the same).
      if (file && linesOnDisk > 1.25 * entries.size + 1000) await (compacted = startCompaction())
      await index?.close()
      await chunks?.close()
    },
    get size() {
      return entries.size
    },
    /** Lines that could not be read at start-up (copied aside to `unreadableMovedTo`). */
    get skippedLines() {
      return unreadable.count
    },
    get unreadableMovedTo() {
      return unreadable.movedTo
    },
    get writes() {
      return writer.writes
    },
  }
}
export type History<T, S extends { id: string }> = Awaited<ReturnType<typeof openHistory<T, S, unknown, unknown>>>

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

/** Reads the index line by line without holding the whole file; a torn last line is ended first. Returns the lines read. */
async function readIndex(file: string, apply: (line: IndexLine) => boolean, unreadable: UnreadableLines) {
  let lines = 0
  let rest = ''
  const take = (line: string) => {
    if (!line) return
    lines++
    const parsed = parseCheckedLine(line) as IndexLine | undefined
    if (!parsed || !apply(parsed)) unreadable.add(line)
  }
  try {
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      const parts = (rest + (chunk as string)).split('\n')
      rest = parts.pop()!
      for (const line of parts) take(line)
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  if (rest) {
    take(rest)
    // The next append must start on a line of its own.
    await appendFile(file, '\n')
  }
  return lines
}
