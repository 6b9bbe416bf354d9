import { writeFile } from 'node:fs/promises'
import { FILE_MODE } from './private-files'

/**
 * Lines of a history file that could not be read at start-up (torn by a crash, damaged, or
 * written by a newer Hookbench). A compaction rewrites the file with the records it knows, so
 * these are first copied to `<file>.unreadable-<time>`, where the user can inspect or restore
 * them; until that copy is written, no compaction may run.
 */
export function createUnreadableLines(file: string | undefined, now: () => number = Date.now) {
  let lines: string[] = []
  let count = 0
  let movedTo: string | undefined
  return {
    add(line: string) {
      lines.push(line)
      count++
    },
    /** How many lines could not be read at start-up. */
    get count() {
      return count
    },
    /** Where they were copied, once they were. */
    get movedTo() {
      return movedTo
    },
    /** Copies the lines not yet copied; throws when the copy cannot be written (nothing may be compacted then). */
    async setAside() {
      if (!file || lines.length === 0) return
      const target = `${file}.unreadable-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`
      // Never over another copy: `wx` fails instead, and the next try gets a later name.
      await writeFile(target, lines.join('\n') + '\n', { mode: FILE_MODE, flag: 'wx' })
      lines = []
      movedTo = target
    },
  }
}
export type UnreadableLines = ReturnType<typeof createUnreadableLines>
