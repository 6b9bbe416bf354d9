import { existsSync } from 'node:fs'
import { rename } from 'node:fs/promises'
import type { z } from 'zod'
import { openJournal } from './journal'

/**
 * A data directory from before the history index kept snapshots in `<name>.jsonl`: carries its
 * records over once, oldest first, and keeps the old file as `<name>.jsonl.migrated`.
 */
export async function migrateJournal<T extends { id: string }>(
  indexFile: string | undefined,
  schema: z.ZodType<T>,
  into: { save(record: T): Promise<void>; loaded: Promise<void> },
  oldestFirst: (a: T, b: T) => number,
) {
  const legacy = indexFile?.replace(/\.index$/, '.jsonl')
  if (!legacy || legacy === indexFile || !existsSync(legacy)) return
  // Carried over after the records already in the index (a history read in the background waits here).
  await into.loaded
  const old = await openJournal({ file: legacy, schema, idOf: (r) => r.id, maxRecords: Number.MAX_SAFE_INTEGER })
  await Promise.all(old.list().sort(oldestFirst).map((record) => into.save(record)))
  await rename(legacy, `${legacy}.migrated`)
}
