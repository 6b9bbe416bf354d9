import { appendFile, rename, rm, writeFile } from 'node:fs/promises'
import { FILE_MODE } from './private-files'

/** Summaries written per slice of a background compaction (a few milliseconds of work each). */
const COMPACTION_SLICE = 2000

export interface CompactionDeps {
  /** The index file; the compacted one is written beside it and swapped in. */
  file: string
  /**
   * The records kept, as they are now: how many, and their whole lines made a slice at a time
   * (a record's values are captured now; making every line at once stalled the engine for
   * a quarter of a second at 100k records).
   */
  snapshot(): { size: number; lines(from: number, to: number): string[] }
  /** Copies lines that could not be read aside before they are left out. */
  setAside(): Promise<void>
  /** Asks for a write: the swap happens inside one, so it never overlaps an append. */
  requestWrite(): Promise<void>
  /** Closes the appender of the index before its file is replaced. */
  closeIndex(): Promise<void>
}

/**
 * Rewrites the index with one line per record, in the background: the records as they are are
 * written to `<file>.compacting` a slice at a time, lines appended meanwhile are kept aside, and at
 * the next write the new file gets them too and replaces the old one. A compaction that fails
 * leaves the old index whole; a later one starts over.
 */
export function createCompaction(deps: CompactionDeps) {
  const tmp = `${deps.file}.compacting`
  let current: { lines: string[]; ready: boolean } | undefined
  let done: Promise<void> = Promise.resolve()

  async function run() {
    const compaction: { lines: string[]; ready: boolean } = { lines: [], ready: false }
    current = compaction
    const snapshot = deps.snapshot()
    try {
      await deps.setAside()
      await rm(tmp, { force: true })
      await writeFile(tmp, '', { mode: FILE_MODE })
      for (let at = 0; at < snapshot.size; at += COMPACTION_SLICE) await appendFile(tmp, snapshot.lines(at, at + COMPACTION_SLICE).join(''))
      compaction.ready = true
      await deps.requestWrite()
    } catch {
      // The old index is still whole; a later save tries again.
      current = undefined
      await rm(tmp, { force: true })
    }
  }

  return {
    /** Whether one is under way (its lines not swapped in yet). */
    get running() {
      return current !== undefined
    },
    /** Its file is written: the next write swaps it in (`finish`). */
    get ready() {
      return current?.ready === true
    },
    /** Starts one; `settled` resolves once it has swapped in or given up. */
    start(): Promise<void> {
      return (done = run())
    },
    settled: () => done,
    /** Lines appended to the old index while it runs, which the new one must have too. */
    appended(lines: string[]) {
      current?.lines.push(...lines)
    },
    /**
     * Runs inside a write: adds what was appended meanwhile, and `lines` (this write's), to the
     * compacted file, then swaps it in. Returns how many lines it holds beyond one per record.
     */
    async finish(lines: string[]): Promise<number> {
      const meanwhile = current!.lines
      try {
        await appendFile(tmp, [...meanwhile, ...lines].join(''))
        await deps.closeIndex()
        await rename(tmp, deps.file)
      } catch (error) {
        // The old index is still whole: the lines go there on the next write, and a later compaction starts over.
        current = undefined
        await rm(tmp, { force: true }).catch(() => {})
        throw error
      }
      current = undefined
      return meanwhile.length
    },
  }
}
