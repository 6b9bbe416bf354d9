import { appendFile, readFile } from 'node:fs/promises'
import type { z } from 'zod'
import { createOrderedSet } from '../core/ordered-set'
import { createAppender } from './append-file'
import { createCoalescingWriter } from './coalescing-writer'
import { replaceFile } from './private-files'
import { type StorageHealth, createStorageHealth } from './storage-health'
import { createUnreadableLines } from './unreadable-lines'

/**
 * Append-only history (deliveries, captures) as JSON lines: one line per saved snapshot, the
 * last snapshot of an id wins. Appends cost the size of the change, not of the history, and
 * the file is compacted (rewritten with live snapshots only) once it is mostly stale lines.
 */
export interface Journal<T> {
  get(id: string): T | undefined
  /** Newest first (by last save). */
  list(): T[]
  /** Records a snapshot now; resolves once it is on disk. */
  save(record: T): Promise<void>
  flush(): Promise<void>
  /** Waits for the write in progress and closes the file. */
  close(): Promise<void>
  readonly size: number
  /** Lines that could not be read at load (e.g. the half-written last line of a crash). */
  readonly skippedLines: number
  /** Where those lines were copied before a compaction could drop them from the file. */
  readonly unreadableMovedTo: string | undefined
  readonly writes: number
}

interface JournalOptions<T> {
  file: string | undefined
  schema: z.ZodType<T>
  idOf: (record: T) => string
  /** Most records kept; the oldest evictable ones go first. */
  maxRecords: number
  /** Records that must never be dropped (e.g. deliveries still pending). */
  isPinned?: (record: T) => boolean
  /** Told about each record dropped from history (to delete what it refers to). */
  onEvict?: (record: T) => void
  /** Told about every write (default: a health nobody listens to). */
  health?: StorageHealth
}

export async function openJournal<T>(options: JournalOptions<T>): Promise<Journal<T>> {
  const { file, schema, idOf, maxRecords, isPinned = () => false, onEvict, health = createStorageHealth() } = options
  const records = new Map<string, T>()
  /** Ids of unpinned records, least recently saved first: eviction never walks the pinned ones. */
  const evictable = createOrderedSet<string>()
  const unreadable = createUnreadableLines(file)
  let linesOnDisk = 0
  let pending: string[] = []

  if (file) {
    const text = await readText(file)
    // A crash can leave a half-written last line; end it so the next append starts clean.
    if (text && !text.endsWith('\n')) await appendFile(file, '\n')
    for (const line of text.split('\n')) {
      if (!line.trim()) continue
      linesOnDisk++
      const parsed = parseLine(line, schema)
      if (parsed === undefined) unreadable.add(line)
      else setLatest(parsed)
    }
  }

  /** Makes the record the newest (`list()` order) and the last to be evicted. */
  function setLatest(record: T) {
    const id = idOf(record)
    records.delete(id)
    records.set(id, record)
    if (isPinned(record)) evictable.delete(id)
    else evictable.push(id)
  }

  const evictOverflow = () => {
    while (records.size > maxRecords && evictable.size > 0) {
      const id = evictable.shift()!
      const record = records.get(id)!
      // Changed in place since its last save: it comes back here when saved unpinned.
      if (isPinned(record)) continue
      records.delete(id)
      onEvict?.(record)
    }
  }

  /** Unreadable lines are copied aside and the file rewritten without them, at once. */
  let mustCompact = unreadable.count > 0
  const shouldCompact = () => mustCompact || linesOnDisk > 2 * records.size + 1000
  const appender = file ? createAppender(file) : undefined

  const writeBatch = async () => {
    const lines = pending
    pending = []
    if (!file) return
    try {
      await health.write(file, async () => {
        // Compacts only once the unreadable lines are safe elsewhere; until then it appends.
        if (shouldCompact() && (await unreadable.setAside().then(() => true, () => false))) await compact()
        else await appender!.append(lines.join(''))
      })
    } catch (error) {
      // Kept for the next write: a disk that fills up loses nothing.
      pending = [...lines, ...pending]
      throw error
    }
  }

  /** Rewrites the file with the live snapshots only. */
  async function compact() {
    await appender!.close()
    await replaceFile(file!, [...records.values()].map((r) => JSON.stringify(r) + '\n').join(''))
    linesOnDisk = records.size
    mustCompact = false
  }

  const writer = createCoalescingWriter(writeBatch)
  evictOverflow()
  if (mustCompact) await writer.requestWrite().catch(() => {})

  return {
    get: (id) => records.get(id),
    list: () => [...records.values()].reverse(),
    save(record) {
      setLatest(record)
      evictOverflow()
      pending.push(JSON.stringify(record) + '\n')
      linesOnDisk++
      return writer.requestWrite()
    },
    flush: () => writer.idle(),
    async close() {
      await writer.idle()
      // Left over from a failed write with no save since: one last try (the disk may have room now).
      if (pending.length > 0) await writer.requestWrite().catch(() => {})
      await appender?.close()
    },
    get size() {
      return records.size
    },
    skippedLines: unreadable.count,
    get unreadableMovedTo() {
      return unreadable.movedTo
    },
    get writes() {
      return writer.writes
    },
  }
}

function parseLine<T>(line: string, schema: z.ZodType<T>): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(line))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ''
    throw error
  }
}
