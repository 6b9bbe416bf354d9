import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bench, describe } from 'vitest'
import { z } from 'zod'
import { openJournal } from '../src/main/persistence/journal'

const Record = z.object({ id: z.string(), status: z.string(), body: z.string() })
type Record = z.infer<typeof Record>
const body = JSON.stringify({ event: 'release', data: { app: { name: 'your-app' }, version: 12 } })

async function journalWith(records: number) {
  const file = join(mkdtempSync(join(tmpdir(), 'hookbench-bench-')), 'deliveries.jsonl')
  const journal = await openJournal({ file, schema: Record, idOf: (r: Record) => r.id, maxRecords: 200_000 })
  await Promise.all(Array.from({ length: records }, (_, i) => journal.save({ id: `d${i}`, status: 'delivered', body })))
  return journal
}

describe('journal: a burst of 10,000 deliveries', () => {
  bench(
    'save 10,000 snapshots at once (group commit)',
    async () => {
      await journalWith(10_000)
    },
    { iterations: 5 },
  )
})

describe('journal: one save does not slow down as history grows', async () => {
  const small = await journalWith(1_000)
  const large = await journalWith(100_000)
  let n = 0
  bench('save one delivery with 1,000 in history', async () => {
    await small.save({ id: `x${n++}`, status: 'pending', body })
  })
  bench('save one delivery with 100,000 in history', async () => {
    await large.save({ id: `y${n++}`, status: 'pending', body })
  })
})
