import { strToU8, zipSync } from 'fflate'

/** One file in an archive: a relative path with `/` between folders, and its text. */
export interface ArchiveEntry {
  path: string
  text: string
}

/** Every entry gets this date, so the same files always make the same bytes. */
const FIXED_MTIME = new Date('2024-01-01T00:00:00Z')

/** A zip of text files (deflated), built in memory with fflate: exports are small. */
export function zipTexts(entries: ArchiveEntry[]): Uint8Array {
  return zipSync(Object.fromEntries(entries.map((entry) => [entry.path, strToU8(entry.text)])), { level: 6, mtime: FIXED_MTIME })
}
