import { type ChunkFile, openChunkFile } from './chunk-file'
import { createAppender } from './append-file'
import { createCoalescingWriter } from './coalescing-writer'
import { summaryRows } from './summary-rows'
import { type StorageHealth, createStorageHealth } from './storage-health'
import { createUnreadableLines } from './unreadable-lines'
import { createCompaction } from './history-compaction'
import { createEviction } from './history-eviction'
import { indexLines, prepareIndex, readIndex, readLastWhole } from './history-index'
import { createQueries } from './history-queries'
import { type Entry, LIVE_ORDINALS, createRecords } from './history-records'

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
  /**
   * An index of at least this many bytes is read in the background: the history is returned at
   * once (`loading` until `loaded`), and records saved meanwhile are kept and written as usual,
   * after the records read. 0 reads every index in the background. Default: every index is read
   * before the history is returned.
   */
  backgroundFrom?: number
}

/** Records whose chunk references are counted between two turns of the event loop, once read in the background. */
const RETAIN_SLICE = 20_000

/** How a kind of history is opened: who hears about its writes, and whether it is read in the background. */
export type OpenHistoryOptions = Pick<HistoryOptions<unknown, { id: string }, unknown, unknown>, 'health' | 'backgroundFrom'>

/**
 * History of records too many to hold whole in memory (100,000 deliveries): summaries in memory
 * in creation order, details in write-once chunks on disk. Saves append what changed (a summary
 * delta, new chunks), group-committed; the index is compacted in the background, slice by
 * slice, so the event loop never stalls on it. Loading checks each line's CRC instead of
 * re-validating, and skips (and counts) a torn or damaged line. Its parts: the index's line
 * format (history-index.ts), eviction, compaction and queries, each in a file of its own.
 *
 * Read in the background, it answers from what it has meanwhile (pages, searches and summaries
 * of the records saved since it opened), while a record asked for by id waits for the reading;
 * nothing is evicted or compacted until the reading is done.
 */
export async function openHistory<T, S extends { id: string }, F, A>(options: HistoryOptions<T, S, F, A>) {
  const { file, maxRecords, isPinned = () => false, onEvict, health = createStorageHealth() } = options
  const rows = summaryRows<S>(options.summaryFields, options.sharedFields)
  const lines = indexLines(rows)
  const chunks: ChunkFile | undefined = file ? await openChunkFile(`${file}.data`, options.segmentBytes) : undefined
  let pendingLines: string[] = []
  let unwritten = new Set<Entry<T, S>>()
  let linesOnDisk = 0
  const unreadable = createUnreadableLines(file)
  // What is on disk now is read; what is appended from here on is this process's own.
  const indexSize = file ? await prepareIndex(file) : 0
  const background = options.backgroundFrom !== undefined && indexSize >= options.backgroundFrom
  const lastRow = file && background ? await readLastWhole(file, indexSize) : undefined
  const records = createRecords<T, S>(background ? LIVE_ORDINALS : 0)
  let loading = true

  const eviction = createEviction(records, {
    maxRecords,
    isPinned,
    evict(entry) {
      records.entries.delete(entry.summary.id)
      entry.evicted = true
      for (let at = 0; at < entry.refs.length; at += 3) chunks?.release(entry.refs[at]!)
      onEvict?.(entry.summary)
    },
  })

  const index = file ? createAppender(file) : undefined
  const compaction = file
    ? createCompaction({
        file,
        snapshot: () => {
          // Summaries and refs are replaced, never changed in place: these are the records as they are now.
          const kept = records.order.filter((e) => !e.evicted).map((e) => ({ summary: e.summary, refs: e.refs }))
          return { size: kept.length, lines: (from, to) => kept.slice(from, to).map((e) => lines.whole(e.summary, e.refs)) }
        },
        setAside: () => unreadable.setAside(),
        requestWrite: () => writer.requestWrite(),
        closeIndex: () => index!.close(),
      })
    : undefined

  const writeBatch = async () => {
    const batch = pendingLines
    const entriesWritten = unwritten
    pendingLines = []
    unwritten = new Set()
    if (!file || !chunks || !compaction) return
    let swapped = false
    try {
      await health.write(file, async () => {
        await chunks.flush()
        if (compaction.ready) {
          swapped = true
          linesOnDisk = records.entries.size + (await compaction.finish(batch))
        } else if (batch.length > 0) await index!.append(batch.join(''))
      })
    } catch (error) {
      // Kept for the next write, whole in memory meanwhile: a disk that fills up loses nothing.
      pendingLines = [...batch, ...pendingLines]
      for (const entry of entriesWritten) unwritten.add(entry)
      throw error
    }
    if (!swapped) compaction.appended(batch)
    linesOnDisk += batch.length
    // On disk now: a finished record need not stay whole in memory.
    for (const entry of entriesWritten) if (!unwritten.has(entry) && !isPinned(entry.summary)) entry.full = undefined
    if (!loading && !compaction.running && linesOnDisk > 2 * records.entries.size + 1000) void compaction.start()
  }
  const writer = createCoalescingWriter(writeBatch)

  /** Reads the index into records of its own, then puts them before those saved meanwhile. */
  async function load() {
    if (file) {
      const read = createRecords<T, S>()
      linesOnDisk += await readIndex(file, indexSize, (line) => lines.apply(read, line), unreadable)
      const kept = records.adopt(read)
      for (let from = 0; from < kept.length; from += RETAIN_SLICE) {
        if (background) await new Promise((resolve) => setImmediate(resolve))
        for (const entry of kept.slice(from, from + RETAIN_SLICE)) for (let at = 0; at < entry.refs.length; at += 3) chunks!.retain(entry.refs[at]!)
      }
    }
    loading = false
    eviction.overflow()
    await chunks?.removeUnreferenced()
    // Unreadable lines are copied aside now, and the index rewritten without them (in the background).
    if (unreadable.count > 0) {
      await unreadable.setAside().catch(() => {})
      void compaction?.start()
    }
  }
  const loaded = load()
  if (background) loaded.catch(() => {})
  else await loaded

  const addChunks = (values: unknown[]) => values.flatMap((value) => chunks!.add(value))

  function saveNew(value: T, summary: S) {
    const { fixed, appended } = options.split(value)
    const refs = chunks ? addChunks([fixed, ...appended]) : []
    if (chunks) pendingLines.push(lines.whole(summary, refs))
    return records.add(summary, refs, value)
  }

  function saveChange(entry: Entry<T, S>, value: T, summary: S) {
    entry.full = value
    if (chunks) {
      const kept = entry.refs.length
      const added = addChunks(options.split(value).appended.slice(kept / 3 - 1))
      const delta = rows.delta(entry.summary, summary)
      if (added.length > 0 || delta) pendingLines.push(lines.change(summary.id, delta, kept, added))
      if (added.length > 0) entry.refs = [...entry.refs, ...added]
    }
    entry.summary = summary
    return entry
  }

  const queries = createQueries<T, S, F, A>(records, chunks, options.join)

  return {
    summary: (id: string): S | undefined => records.entries.get(id)?.summary,
    has: (id: string) => records.entries.has(id),
    /** The summary; while the history is being read, one not read yet is waited for. */
    async find(id: string): Promise<S | undefined> {
      if (loading && !records.entries.has(id)) await loaded
      return records.entries.get(id)?.summary
    },
    async get(id: string): Promise<T | undefined> {
      if (loading && !records.entries.has(id)) await loaded
      return queries.get(id)
    },
    async getMany(ids: string[]): Promise<T[]> {
      if (loading && ids.some((id) => !records.entries.has(id))) await loaded
      return queries.getMany(ids)
    },
    /** The whole record only if it is in memory (pinned or just saved). */
    live: (id: string): T | undefined => records.entries.get(id)?.full,

    /** Records a new state (its summary, when the caller has it already); resolves once it is on disk. */
    save(value: T, summary = options.summarize(value)): Promise<void> {
      const existing = records.entries.get(summary.id)
      const entry = existing ? saveChange(existing, value, summary) : saveNew(value, summary)
      unwritten.add(entry)
      if (!isPinned(summary)) eviction.unpinned(entry)
      if (!loading) eviction.overflow()
      return writer.requestWrite()
    },

    page: queries.page,
    search: queries.search,
    summaries: queries.summaries,

    /** Whether the index is still being read (pages and summaries hold only the records read so far and those saved since). */
    get loading() {
      return loading
    },
    /** Resolves once the index is read (rejects when it cannot be). */
    loaded,
    /** Read in the background: the newest record on disk when the history was opened (the index's last whole record), known before the rest. */
    lastSaved: lastRow && rows.unpack(lastRow),

    flush: () => writer.idle(),
    async close() {
      // Never compacted half read: the snapshot would leave out the records not read yet.
      const read = await loaded.then(() => true, () => false)
      await compaction?.settled()
      await writer.idle()
      // Left over from a failed write with no save since: one last try (the disk may have room now).
      if (pendingLines.length > 0) await writer.requestWrite().catch(() => {})
      // The next start reads one line per record instead of replaying changes: a quicker start
      // for a moment's work at shutdown (a crash leaves the longer file, which loads all the same).
      if (read && compaction && linesOnDisk > 1.25 * records.entries.size + 1000) await compaction.start()
      await index?.close()
      await chunks?.close()
    },
    get size() {
      return records.entries.size
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
