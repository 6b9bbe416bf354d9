import { createReadStream } from 'node:fs'
import { appendFile, rename, rm, writeFile } from 'node:fs/promises'
import { createOrderedSet } from '../core/ordered-set'
import { checkedLine, parseCheckedLine } from './checked-line'
import { type ChunkFile, type ChunkRef, openChunkFile } from './chunk-file'
import { createCoalescingWriter } from './coalescing-writer'

/**
 * How a kind of record is kept: a summary held in memory (what lists, filters and paging need)
 * and the rest on disk, written once: a `fixed` part with the first save (a body, headers) and
 * `appended` items each written once as they appear (attempts). Appended items are never changed
 * or removed once saved.
 */
export interface HistoryCodec<T, S extends { id: string }, F, A> {
  /** Every field a summary can have (from its schema): the index stores summaries as rows in this order. */
  summaryFields: readonly (keyof S & string)[]
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
}

/** What the index holds for a record; replaced, never changed, so a compaction can snapshot it. */
interface State<S> {
  summary: S
  fixed?: ChunkRef
  appended: ChunkRef[]
}

interface Entry<T, S> {
  id: string
  /** Creation order, for paging cursors; not stored. */
  ordinal: number
  state: State<S>
  /** The whole record, kept while it is pinned or not yet on disk. */
  full?: T
  evicted?: boolean
}

export interface HistoryPage<S> {
  items: S[]
  /** Pass as `before` for the next (older) page; absent on the last page. */
  next?: number
}

/** A line of the index: a record as a whole, or a change to one. */
type IndexLine<S> =
  | { n: unknown[]; f?: ChunkRef; a: ChunkRef[] }
  | { u: string; s?: Partial<Record<keyof S, unknown>>; i: number; a: ChunkRef[] }

/**
 * History of records too many to hold whole in memory (100,000 deliveries): summaries in memory
 * in creation order, details in write-once chunks on disk. Saves append what changed (a summary
 * delta, new chunks), group-committed; the index is compacted in the background, slice by
 * slice, so the event loop never stalls on it. Loading checks each line's CRC instead of
 * re-validating, and skips (and counts) a torn or damaged line.
 */
export async function openHistory<T, S extends { id: string }, F, A>(options: HistoryOptions<T, S, F, A>) {
  const { file, maxRecords, isPinned = () => false, onEvict } = options
  const entries = new Map<string, Entry<T, S>>()
  const rows = summaryRows<S>(options.summaryFields)
  const wholeLine = (state: State<S>) => checkedLine(JSON.stringify({ n: rows.pack(state.summary), f: state.fixed, a: state.appended }))
  let order: Entry<T, S>[] = []
  let tombstones = 0
  let nextOrdinal = 0
  const evictable = createOrderedSet<Entry<T, S>>()
  const chunks: ChunkFile | undefined = file ? await openChunkFile(`${file}.data`, options.segmentBytes) : undefined
  let pendingLines: string[] = []
  let unwritten = new Set<Entry<T, S>>()
  let linesOnDisk = 0
  let skippedLines = 0
  let compaction: { lines: string[]; tmp: string; ready: boolean } | undefined

  const addEntry = (id: string, state: State<S>, full?: T) => {
    const entry: Entry<T, S> = { id, ordinal: nextOrdinal++, state, full }
    entries.set(id, entry)
    order.push(entry)
    return entry
  }

  const applyLine = (line: IndexLine<S>) => {
    if ('n' in line) {
      const state = { summary: rows.unpack(line.n), fixed: line.f, appended: line.a }
      const existing = entries.get(state.summary.id)
      if (existing) existing.state = state
      else addEntry(state.summary.id, state)
      return true
    }
    const entry = entries.get(line.u)
    if (!entry || line.i > entry.state.appended.length) return false
    entry.state = { summary: applyDelta(entry.state.summary, line.s), fixed: entry.state.fixed, appended: [...entry.state.appended.slice(0, line.i), ...line.a] }
    return true
  }

  if (file) {
    const loaded = await readIndex(file, applyLine)
    linesOnDisk = loaded.lines
    skippedLines = loaded.skipped
    for (const entry of order) for (const ref of refsOf(entry.state)) chunks!.retain(ref)
  }
  for (const entry of order) if (!isPinned(entry.state.summary)) evictable.push(entry)

  function evictOverflow() {
    while (entries.size > maxRecords && evictable.size > 0) {
      const entry = evictable.shift()!
      if (isPinned(entry.state.summary)) continue
      entries.delete(entry.id)
      entry.evicted = true
      tombstones++
      for (const ref of refsOf(entry.state)) chunks?.release(ref)
      onEvict?.(entry.state.summary)
    }
    if (tombstones > 1000 && tombstones > order.length / 2) {
      order = order.filter((e) => !e.evicted)
      tombstones = 0
    }
  }
  evictOverflow()
  await chunks?.removeUnreferenced()

  const writeBatch = async () => {
    const lines = pendingLines
    const batch = unwritten
    pendingLines = []
    unwritten = new Set()
    if (!file || !chunks) return
    await chunks.flush()
    if (compaction?.ready) await finishCompaction(lines)
    else {
      if (lines.length > 0) await appendFile(file, lines.join(''))
      compaction?.lines.push(...lines)
    }
    linesOnDisk += lines.length
    // On disk now: a finished record need not stay whole in memory.
    for (const entry of batch) if (!unwritten.has(entry) && !isPinned(entry.state.summary)) entry.full = undefined
    if (!compaction && linesOnDisk > 2 * entries.size + 1000) void startCompaction()
  }
  const writer = createCoalescingWriter(writeBatch)

  async function startCompaction() {
    const tmp = `${file}.compacting`
    compaction = { lines: [], tmp, ready: false }
    const snapshot = order.filter((e) => !e.evicted).map((e) => e.state)
    try {
      await writeFile(tmp, '')
      for (let at = 0; at < snapshot.length; at += COMPACTION_SLICE) {
        await appendFile(tmp, snapshot.slice(at, at + COMPACTION_SLICE).map(wholeLine).join(''))
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
    await appendFile(tmp, [...meanwhile, ...lines].join(''))
    await rename(tmp, file!)
    linesOnDisk = entries.size + meanwhile.length
    compaction = undefined
  }

  const updatePinned = (entry: Entry<T, S>) => {
    if (isPinned(entry.state.summary)) evictable.delete(entry)
    else if (!evictable.has(entry)) evictable.push(entry)
  }

  async function load(entry: Entry<T, S>): Promise<T> {
    if (entry.full) return entry.full
    const { summary, fixed, appended } = entry.state
    const [fixedPart, ...items] = await Promise.all([chunks!.read(fixed!), ...appended.map((ref) => chunks!.read(ref))])
    return options.join(summary, fixedPart as F, items as A[])
  }

  return {
    summary: (id: string): S | undefined => entries.get(id)?.state.summary,
    has: (id: string) => entries.has(id),
    /** The whole record: from memory while it is live, else read from disk. */
    async get(id: string): Promise<T | undefined> {
      const entry = entries.get(id)
      return entry ? load(entry) : undefined
    },
    /** The whole record only if it is in memory (pinned or just saved). */
    live: (id: string): T | undefined => entries.get(id)?.full,

    /** Records a new state (its summary, when the caller has it already); resolves once it is on disk. */
    save(value: T, summary = options.summarize(value)): Promise<void> {
      const id = options.idOf(value)
      const entry = entries.get(id)
      if (!entry) {
        const { fixed, appended } = options.split(value)
        const state: State<S> = chunks ? { summary, fixed: chunks.add(fixed), appended: appended.map((a) => chunks.add(a)) } : { summary, appended: [] }
        if (chunks) pendingLines.push(wholeLine(state))
        unwritten.add(addEntry(id, state, value))
      } else {
        entry.full = value
        entry.state = chunks ? changedState(entry.state, summary, options.split(value).appended) : { summary, appended: [] }
        unwritten.add(entry)
      }
      updatePinned(entries.get(id)!)
      evictOverflow()
      return writer.requestWrite()

      function changedState(previous: State<S>, next: S, appended: A[]): State<S> {
        const from = previous.appended.length
        const added = appended.slice(from).map((a) => chunks!.add(a))
        const delta = deltaOf(options.summaryFields, previous.summary, next)
        if (added.length > 0 || delta) pendingLines.push(checkedLine(JSON.stringify({ u: id, s: delta, i: from, a: added })))
        return { summary: next, fixed: previous.fixed, appended: added.length > 0 ? [...previous.appended, ...added] : previous.appended }
      }
    },

    /** Newest first, older than the `before` cursor, keeping those `match` accepts. */
    page(query: { before?: number; limit: number; match?: (summary: S) => boolean }): HistoryPage<S> {
      const items: S[] = []
      let last = 0
      for (let at = startBefore(order, query.before); at >= 0; at--) {
        const entry = order[at]!
        if (entry.evicted || (query.match && !query.match(entry.state.summary))) continue
        if (items.length === query.limit) return { items, next: last }
        items.push(entry.state.summary)
        last = entry.ordinal
      }
      return { items }
    },

    /** How many records `match` accepts. */
    count(match?: (summary: S) => boolean): number {
      if (!match) return entries.size
      let n = 0
      for (const entry of entries.values()) if (match(entry.state.summary)) n++
      return n
    },

    /** Every summary, newest first. */
    *summaries(): Generator<S> {
      for (let at = order.length - 1; at >= 0; at--) if (!order[at]!.evicted) yield order[at]!.state.summary
    },

    flush: () => writer.idle(),
    async close() {
      await writer.idle()
      await chunks?.close()
    },
    get size() {
      return entries.size
    },
    skippedLines,
    get writes() {
      return writer.writes
    },
  }
}
export type History<T, S extends { id: string }> = Awaited<ReturnType<typeof openHistory<T, S, unknown, unknown>>>

/** Summaries written per slice of a background compaction (a few milliseconds of work each). */
const COMPACTION_SLICE = 2000

/**
 * Summaries as rows of values in field order (unset fields `null`, trailing ones left off):
 * half the bytes of objects and much quicker to parse at start-up.
 */
function summaryRows<S>(fields: readonly (keyof S & string)[]) {
  return {
    pack(summary: S): unknown[] {
      const row = fields.map((field) => summary[field] ?? null)
      while (row.length > 0 && row.at(-1) === null) row.pop()
      return row
    },
    unpack(row: unknown[]): S {
      const summary: Record<string, unknown> = {}
      for (let i = 0; i < row.length; i++) if (row[i] !== null) summary[fields[i]!] = row[i]
      return summary as S
    },
  }
}

const refsOf = <S>(state: State<S>): ChunkRef[] => (state.fixed ? [state.fixed, ...state.appended] : state.appended)

/** Fields that changed (`null` for one now unset), or undefined when none did. */
function deltaOf<S extends object>(fields: readonly (keyof S)[], previous: S, next: S): Partial<Record<keyof S, unknown>> | undefined {
  let delta: Partial<Record<keyof S, unknown>> | undefined
  for (const key of fields) {
    if (Object.is(previous[key], next[key])) continue
    delta ??= {}
    delta[key] = next[key] === undefined ? null : next[key]
  }
  return delta
}

function applyDelta<S extends object>(summary: S, delta: Partial<Record<keyof S, unknown>> | undefined): S {
  if (!delta) return summary
  const next: Record<string, unknown> = { ...summary, ...delta }
  for (const key of Object.keys(delta)) if (delta[key as keyof S] === null) delete next[key]
  return next as S
}

/** Index of the newest entry older than the cursor (binary search: ordinals only grow along `order`). */
function startBefore<T, S>(order: Entry<T, S>[], before: number | undefined): number {
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

/** Reads the index line by line without holding the whole file; a torn last line is ended first. */
async function readIndex<S>(file: string, apply: (line: IndexLine<S>) => boolean) {
  let lines = 0
  let skipped = 0
  let rest = ''
  const take = (line: string) => {
    if (!line) return
    lines++
    const parsed = parseCheckedLine(line) as IndexLine<S> | undefined
    if (!parsed || !apply(parsed)) skipped++
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
  return { lines, skipped }
}
