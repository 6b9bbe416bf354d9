import { createReadStream } from 'node:fs'
import { appendFile } from 'node:fs/promises'
import { checkedLine, parseCheckedLine } from './checked-line'
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

/** Reads the index line by line without holding the whole file; a torn last line is ended first. Returns the lines read. */
export async function readIndex(file: string, apply: (line: IndexLine) => boolean, unreadable: UnreadableLines) {
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
