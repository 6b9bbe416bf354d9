import { chmod, rename } from 'node:fs/promises'
import { FILE_MODE } from './private-files'

/** What happened to a data file that could not be used, for the message shown to the user. */
export interface Recovery {
  file: string
  movedTo: string
  reason: string
}

/** Moves an unusable file aside (never overwrites it) so the user can inspect or restore it. */
export async function moveAside(file: string, reason: string, nowMs = Date.now()): Promise<Recovery> {
  const stamp = new Date(nowMs).toISOString().replace(/[:.]/g, '-')
  const movedTo = `${file}.corrupt-${stamp}`
  await rename(file, movedTo)
  // A file from an older version may be readable by others; the copy kept aside is not.
  await chmod(movedTo, FILE_MODE)
  return { file, movedTo, reason }
}

export function describeSkippedLines({ file, lines, movedTo }: { file: string; lines: number; movedTo?: string }): string {
  const kept = movedTo ? `; ${lines === 1 ? 'it was' : 'they were'} moved to ${movedTo}` : ''
  return `${lines} unreadable line${lines === 1 ? '' : 's'} in ${file} (a write cut short by a crash, a damaged line, or one from a newer Hookbench) ${lines === 1 ? 'was' : 'were'} skipped${kept}; the rest of the history loaded.`
}

export function describeRecovery(recovery: Recovery): string {
  return `${recovery.file} could not be read (${recovery.reason}); it was moved to ${recovery.movedTo} and Hookbench started with an empty store.`
}
