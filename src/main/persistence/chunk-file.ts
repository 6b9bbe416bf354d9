import { type FileHandle, open, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { type Appender, createAppender } from './append-file'
import { checkedJson, checkedLine, parseCheckedLine } from './checked-line'
import { makePrivateDir } from './private-files'

/** Where a chunk lives: segment number, byte offset and byte length. */
export type ChunkRef = [segment: number, offset: number, length: number]

/** `readMany` reads neighbouring chunks together when the gap between them is at most this… */
const SPAN_GAP = 64 * 1024
/** …and the whole read stays under this. */
const SPAN_BYTES = 4 * 1024 * 1024

type Placed = { segment: number; offset: number; length: number }
const fitsSpan = (first: Placed, previous: Placed, next: Placed) =>
  next.segment === first.segment && next.offset - (previous.offset + previous.length) <= SPAN_GAP && next.offset + next.length - first.offset <= SPAN_BYTES

/** A new segment starts past this size, so disk space comes back as old history is evicted. */
export const SEGMENT_BYTES = 64 * 1024 * 1024

const segmentName = (segment: number) => `${String(segment).padStart(6, '0')}.log`

/**
 * Write-once chunks of JSON (delivery bodies, attempts, captured requests) in append-only
 * segment files. A chunk is written once and read back by its ref; a segment is deleted when no
 * live record refers to it any more (`retain`/`release` count the references).
 */
export async function openChunkFile(dir: string, segmentBytes = SEGMENT_BYTES) {
  await makePrivateDir(dir)
  const segments = (await readdir(dir)).filter((f) => /^\d{6}\.log$/.test(f)).map((f) => Number.parseInt(f, 10))
  let current = Math.max(1, ...segments)
  let currentSize = await sizeOf(join(dir, segmentName(current)))
  const live = new Map<number, number>()
  const readers = new Map<number, Promise<FileHandle>>()
  let queued: Array<{ segment: number; lines: string[] }> = []
  /**
   * Until the history has counted the references it read (`removeUnreferenced`), no segment is
   * deleted: one no reference counted yet may still be referred to by records not read yet.
   */
  let counted = false
  let writer: { segment: number; file: Appender } | undefined
  /** The segment being appended to stays open between writes. */
  const appenderFor = async (segment: number) => {
    if (writer?.segment !== segment) {
      await writer?.file.close()
      writer = { segment, file: createAppender(join(dir, segmentName(segment))) }
    }
    return writer.file
  }

  const roll = () => {
    const previous = current
    current++
    currentSize = 0
    if (counted && !live.get(previous)) void removeSegment(previous)
  }

  const retain = (segment: number) => {
    live.set(segment, (live.get(segment) ?? 0) + 1)
  }

  const reader = (segment: number) => {
    let handle = readers.get(segment)
    if (!handle) {
      handle = open(join(dir, segmentName(segment)), 'r')
      readers.set(segment, handle)
    }
    return handle
  }

  /** Reads the chunks (sorted by offset, one segment) with one read from the first to the last. */
  const readSpan = async <V extends NonNullable<unknown> | null>(segment: number, chunks: Array<{ offset: number; length: number }>, decode: (line: string) => V | undefined) => {
    const start = chunks[0]!.offset
    const last = chunks.at(-1)!
    const buffer = Buffer.alloc(last.offset + last.length - start)
    const { bytesRead } = await (await reader(segment)).read(buffer, 0, buffer.length, start)
    return chunks.map(({ offset, length }) => {
      const end = offset - start + length
      const value = end <= bytesRead ? decode(buffer.toString('utf8', offset - start, end - 1)) : undefined
      if (value === undefined) throw new Error(`damaged record in ${join(dir, segmentName(segment))} at byte ${offset}`)
      return value
    })
  }

  /** Chunks by flat ref triples, in the order given, decoded; neighbours in a segment come in one read. */
  const readRefs = async <V extends NonNullable<unknown> | null>(refs: number[], decode: (line: string) => V | undefined): Promise<V[]> => {
    const wanted: Array<{ segment: number; offset: number; length: number; at: number }> = []
    for (let i = 0; i < refs.length; i += 3) wanted.push({ segment: refs[i]!, offset: refs[i + 1]!, length: refs[i + 2]!, at: i / 3 })
    wanted.sort((a, b) => a.segment - b.segment || a.offset - b.offset)
    const values: V[] = new Array(wanted.length)
    for (let from = 0; from < wanted.length; ) {
      const first = wanted[from]!
      let to = from + 1
      while (to < wanted.length && fitsSpan(first, wanted[to - 1]!, wanted[to]!)) to++
      const span = wanted.slice(from, to)
      const read = await readSpan(first.segment, span, decode)
      span.forEach((chunk, k) => (values[chunk.at] = read[k]!))
      from = to
    }
    return values
  }

  const removeSegment = async (segment: number) => {
    const handle = readers.get(segment)
    readers.delete(segment)
    if (handle) await (await handle).close().catch(() => {})
    await rm(join(dir, segmentName(segment)), { force: true })
  }

  return {
    /** Queues a chunk (counted as referenced); its ref can be read once the next `flush` has resolved. */
    add(value: unknown): ChunkRef {
      const line = checkedLine(JSON.stringify(value))
      const length = Buffer.byteLength(line)
      if (currentSize > 0 && currentSize + length > segmentBytes) roll()
      const ref: ChunkRef = [current, currentSize, length]
      currentSize += length
      retain(current)
      const last = queued.at(-1)
      if (last?.segment === current) last.lines.push(line)
      else queued.push({ segment: current, lines: [line] })
      return ref
    },

    /**
     * Writes what was queued. On a failure (a full disk) the unwritten chunks stay queued with
     * their refs, and the next flush writes them at the same offsets: nothing is lost, nothing moves.
     */
    async flush() {
      const batch = queued
      queued = []
      for (const [at, { segment, lines }] of batch.entries()) {
        try {
          await (await appenderFor(segment)).append(lines.join(''))
        } catch (error) {
          queued = [...batch.slice(at), ...queued]
          throw error
        }
      }
    },

    /**
     * Many chunks (refs as flat triples), in the order given. Chunks close together in a segment
     * are read with one read of the span around them: restoring 20,000 pending deliveries reads
     * a few hundred blocks, not 40,000 chunks one by one.
     */
    readMany: (refs: number[]): Promise<unknown[]> => readRefs(refs, parseCheckedLine),

    /** Like `readMany`, each chunk's JSON text (checked, unparsed): a search tests the text before it parses. */
    readManyText: (refs: number[]): Promise<string[]> => readRefs(refs, checkedJson),

    /** Counts a reference found when loading. */
    retain,

    /** Drops a reference; a past segment nothing refers to any more is deleted. */
    release(segment: number) {
      const left = (live.get(segment) ?? 1) - 1
      live.set(segment, left)
      if (counted && left <= 0 && segment !== current) {
        live.delete(segment)
        void removeSegment(segment)
      }
    },

    /** After loading (every reference read counted): deletes past segments no record refers to, and from now on each one as its last reference goes. */
    async removeUnreferenced() {
      counted = true
      const past = new Set([...segments, ...live.keys()])
      for (const segment of past) if (segment < current && !live.get(segment)) await removeSegment(segment)
    },

    async close() {
      await writer?.file.close()
      for (const handle of readers.values()) await (await handle).close().catch(() => {})
      readers.clear()
    },
  }
}
export type ChunkFile = Awaited<ReturnType<typeof openChunkFile>>

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size
  } catch {
    return 0
  }
}
