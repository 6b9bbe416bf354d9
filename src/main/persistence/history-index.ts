import { createReadStream } from 'node:fs'
import { type FileHandle, appendFile, open, stat } from 'node:fs/promises'
import { checkedLine, parseCheckedBytes, parseCheckedLine } from './checked-line'
import type { Records } from './history-records'
import type { SummaryRows } from './summary-rows'
import type { UnreadableLines } from './unreadable-lines'

/**
 * A line of the index: a record as a whole (`n`: its summary as a row, `r`: its chunks), or a
 * change to one (`u`: its id, `s`: the summary fields that changed, `r`: chunks kept after the
 * first `i` numbers of its refs). Every line carries a CRC-32 (`checked-line.ts`).
 */
export type IndexLine = { n: unknown[]; r: number[] } | { u: string; s?: Record<string, unknown>; i: number; r: number[] }

/** The index lines of a history, for its kind of summary. */
export function indexLines<S extends { id: string }>(rows: SummaryRows<S>) {
  return {
    /** A record as a whole: what a compacted index holds, one line per record. */
    whole: (summary: S, refs: number[]) => checkedLine(JSON.stringify({ n: rows.pack(summary), r: refs })),
    /** A change: the summary's fields that changed and the chunks added after the first `kept` numbers of its refs. */
    change: (id: string, delta: Record<string, unknown> | undefined, kept: number, added: number[]) => checkedLine(JSON.stringify({ u: id, s: delta, i: kept, r: added })),
    /** Replays one line read at start-up onto the records; false when it cannot apply (a change to a record it does not have). */
    apply<T>(records: Records<T, S>, line: IndexLine): boolean {
      if ('n' in line) {
        const summary = rows.unpack(line.n)
        const existing = records.entries.get(summary.id)
        if (existing) Object.assign(existing, { summary, refs: line.r })
        else records.add(summary, line.r)
        return true
      }
      const entry = records.entries.get(line.u)
      if (!entry || line.i > entry.refs.length) return false
      // Loading: no compaction holds the summary yet, so it may change in place.
      if (line.s) entry.summary = rows.applyInPlace(entry.summary, line.s as Partial<Record<keyof S, unknown>>)
      if (line.r.length > 0) entry.refs = [...entry.refs.slice(0, line.i), ...line.r]
      return true
    },
  }
}

/** The line's summary row when it holds a record as a whole. */
const wholeRow = (line: IndexLine | undefined) => (line && 'n' in line ? line.n : undefined)

/** Milliseconds of reading between two turns of the event loop, about. */
const SLICE_MS = 4

/**
 * Makes the index ready for appends before it is read: a torn last line (a crash mid-write) is
 * ended, so the next append starts on a line of its own. Returns the index's size then: what a
 * reading started now must read, whatever is appended meanwhile.
 */
export async function prepareIndex(file: string): Promise<number> {
  let handle: FileHandle
  try {
    handle = await open(file, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw error
  }
  try {
    const { size } = await handle.stat()
    if (size === 0) return 0
    const last = Buffer.alloc(1)
    await handle.read(last, 0, 1, size - 1)
    if (last[0] === NEWLINE) return size
  } finally {
    await handle.close()
  }
  await appendFile(file, '\n')
  return (await stat(file)).size
}

/**
 * Reads the first `size` bytes of the index line by line without holding the whole file, in
 * slices of a few milliseconds with a turn of the event loop between them (a history read in the
 * background leaves the API answering). Returns the lines read.
 */
export async function readIndex(file: string, size: number, apply: (line: IndexLine) => boolean, unreadable: UnreadableLines) {
  let lines = 0
  let sliceStart = performance.now()
  /** Lines are checked and parsed from the bytes: no string of the whole line, no re-encoding for the sum. */
  const take = (buffer: Buffer, start: number, end: number) => {
    if (end === start) return
    lines++
    const parsed = parseCheckedBytes(buffer, start, end) as IndexLine | undefined
    if (!parsed || !apply(parsed)) unreadable.add(buffer.toString('utf8', start, end))
  }
  if (size === 0) return 0
  let rest: Buffer = Buffer.alloc(0)
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 18, end: size - 1 })) {
    const buffer = rest.length > 0 ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer)
    let start = 0
    for (let end = buffer.indexOf(NEWLINE, start), at = 1; end !== -1; end = buffer.indexOf(NEWLINE, start), at++) {
      take(buffer, start, end)
      start = end + 1
      if (at % 64 === 0 && performance.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve))
        sliceStart = performance.now()
      }
    }
    rest = buffer.subarray(start)
  }
  take(rest, 0, rest.length)
  return lines
}

/** Bytes read at a time, from the end, looking for the index's last whole record. */
const TAIL_BLOCK = 64 * 1024

/**
 * The summary row of the index's last whole-record line among its first `size` bytes (lines that
 * do not read are passed over), found by reading backwards from the end: the newest record, known
 * before the rest of the index is read. Records are written in the order they were made, so no
 * record on disk is newer.
 */
export async function readLastWhole(file: string, size: number): Promise<unknown[] | undefined> {
  if (size === 0) return undefined
  const handle = await open(file, 'r')
  try {
    let end = size
    let tail = Buffer.alloc(0)
    while (end > 0) {
      const start = Math.max(0, end - TAIL_BLOCK)
      const block = Buffer.alloc(end - start)
      await handle.read(block, 0, block.length, start)
      tail = Buffer.concat([block, tail])
      end = start
      // Whole lines only: the first one may be cut, unless the file's start was reached.
      const from = end === 0 ? 0 : tail.indexOf(NEWLINE) + 1
      const lines = tail.toString('utf8', from).split('\n')
      for (let at = lines.length - 1; at >= 0; at--) {
        const row = wholeRow(parseCheckedLine(lines[at]!) as IndexLine | undefined)
        if (row) return row
      }
      tail = tail.subarray(0, from)
    }
    return undefined
  } finally {
    await handle.close()
  }
}

const NEWLINE = 0x0a
