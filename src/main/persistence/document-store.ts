import { readFile } from 'node:fs/promises'
import { Low, Memory } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import type { z } from 'zod'
import { createCoalescingWriter } from './coalescing-writer'
import { type Recovery, moveAside } from './recovery'

/**
 * The hot document (settings, subscriptions, endpoints…): small, validated on load, saved with
 * coalesced atomic rewrites. History lives in journals, never here, so writes stay cheap.
 */
export interface DocumentStore<T> {
  read(): T
  /** Applies `mutate` now; resolves once the change is on disk. */
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
}

export async function openDocumentStore<T>(options: OpenOptions<T>): Promise<DocumentStore<T>> {
  const { file, schema, initial } = options
  const { data, recovery } = file ? await load(file, schema) : { data: undefined, recovery: undefined }
  const db = new Low<T>(file ? new JSONFile<T>(file) : new Memory<T>(), initial())
  db.data = data ?? initial()
  const writer = createCoalescingWriter(() => db.write())
  if (!data) await writer.requestWrite()

  return {
    read: () => db.data,
    update(mutate) {
      mutate(db.data)
      return writer.requestWrite()
    },
    flush: () => writer.idle(),
    recovery,
    get writes() {
      return writer.writes
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
