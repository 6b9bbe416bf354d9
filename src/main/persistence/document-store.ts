import { readFile } from 'node:fs/promises'
import { type Adapter, Low } from 'lowdb'
import type { z } from 'zod'
import { createCoalescingWriter } from './coalescing-writer'
import { type Recovery, moveAside } from './recovery'
import { replaceFile } from './private-files'
import { type StorageHealth, createStorageHealth } from './storage-health'

/**
 * The hot document (settings, subscriptions, endpoints…): small, validated on load, saved with
 * coalesced atomic rewrites. History lives in journals, never here, so writes stay cheap.
 */
export interface DocumentStore<T> {
  read(): T
  /**
   * Applies `mutate` now; resolves once the change is on disk. When the write fails, the document
   * goes back to what is on disk (this change and any made meanwhile are undone) and this rejects
   * with a `StorageFailure`: memory never holds what a restart would lose.
   */
  update(mutate: (doc: T) => void): Promise<void>
  flush(): Promise<void>
  readonly recovery: Recovery | undefined
  readonly writes: number
}

interface OpenOptions<T> {
  /** JSON file path, or undefined for an in-memory store (tests). */
  file: string | undefined
  schema: z.ZodType<T>
  initial: () => T
  /** Told about every write (default: a health nobody listens to). */
  health?: StorageHealth
}

/**
 * lowdb's `Low` holds the document; our adapter reads and writes its file. On top, every change
 * made before a write starts goes out in that one write (group commit), and a failed write puts
 * the document back as it is on disk.
 */
export async function openDocumentStore<T>(options: OpenOptions<T>): Promise<DocumentStore<T>> {
  const { file, schema, initial, health = createStorageHealth() } = options
  const adapter = documentFile(file, schema, health)
  const db = new Low<T>(adapter, initial())
  const empty = db.data
  await db.read()
  /** The document as last written (JSON text): what a failed write rolls back to. */
  let saved = JSON.stringify(db.data)
  /** Changes made since the write in progress took its copy. */
  let changedSinceCopy = false
  /** A failed write undid changes that a later write's callers are waiting on: that write fails too. */
  let undone: unknown

  const rollBack = (error: unknown, undoesLaterChanges: boolean) => {
    db.data = JSON.parse(saved) as T
    undone = undoesLaterChanges ? error : undefined
    changedSinceCopy = false
    return error
  }

  const write = async () => {
    // This write's callers made exactly the changes undone: they fail as the write before did.
    if (undone !== undefined) throw rollBack(undone, false)
    const text = JSON.stringify(db.data)
    changedSinceCopy = false
    try {
      // The adapter serializes the document before its first await: what it writes is `text`.
      await db.write()
      saved = text
    } catch (error) {
      throw rollBack(error, changedSinceCopy)
    }
  }
  const writer = createCoalescingWriter(write)
  // Nothing usable on disk: the empty document is written at once.
  if (db.data === empty) await writer.requestWrite()

  return {
    read: () => db.data,
    update(mutate) {
      mutate(db.data)
      changedSinceCopy = true
      return writer.requestWrite()
    },
    flush: () => writer.idle(),
    recovery: adapter.recovery,
    get writes() {
      return writer.writes
    },
  }
}

/**
 * lowdb adapter for a JSON document file. Reading validates it against the schema: a file that is
 * not JSON or does not match is moved aside, never overwritten, and `recovery` says where. Writing
 * replaces the file at once (a private temporary file renamed over it: a crash leaves the previous
 * version whole) and reports to the storage health. With no file, the document lives in memory.
 */
function documentFile<T>(file: string | undefined, schema: z.ZodType<T>, health: StorageHealth): Adapter<T> & { recovery?: Recovery } {
  return {
    recovery: undefined,
    async read() {
      if (!file) return null
      const { data, recovery } = await load(file, schema)
      this.recovery = recovery
      return data ?? null
    },
    async write(data) {
      if (!file) return
      const text = JSON.stringify(data)
      await health.write(file, () => replaceFile(file, text))
    },
  }
}

async function load<T>(file: string, schema: z.ZodType<T>): Promise<{ data?: T; recovery?: Recovery }> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw error
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { recovery: await moveAside(file, 'not valid JSON') }
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'
    return { recovery: await moveAside(file, `does not match the expected format (${where})`) }
  }
  return { data: parsed.data }
}
