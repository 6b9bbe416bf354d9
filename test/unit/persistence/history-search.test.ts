import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openHistory } from '../../../src/main/persistence/history'

interface Rec {
  id: string
  body: string
}
type Summary = { id: string }
const codec = {
  summaryFields: ['id'] as const,
  idOf: (r: Rec) => r.id,
  summarize: ({ id }: Rec): Summary => ({ id }),
  split: (r: Rec): { fixed: { body: string }; appended: unknown[] } => ({ fixed: { body: r.body }, appended: [] }),
  join: (summary: Summary, fixed: { body: string }): Rec => ({ ...summary, ...fixed }),
}

const opened: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((h) => h.close()))
})

/** 2,000 records on disk (reopened, so nothing is whole in memory); every tenth body says "needle". */
async function onDisk() {
  const file = join(mkdtempSync(join(tmpdir(), 'hookbench-search-')), 'records.index')
  const first = await openHistory({ ...codec, file, maxRecords: 10_000 })
  for (let i = 0; i < 2000; i++) void first.save({ id: `r${i}`, body: i % 10 === 0 ? `a NEEDLE in ${i}` : `hay ${i}` })
  await first.close()
  const history = await openHistory({ ...codec, file, maxRecords: 10_000 })
  opened.push(history)
  return history
}
const hasNeedle = (r: Rec) => /needle/i.test(r.body)

describe('history search: a test on the whole record, read from disk', () => {
  it('reads the bodies from disk, counts every match and pages on with the cursor', async () => {
    const history = await onDisk()
    expect(history.live('r0')).toBeUndefined()
    const first = await history.search({ limit: 150, matchRecord: hasNeedle, count: true })
    expect(first.total).toBe(200)
    expect(first.items[0]).toEqual({ id: 'r1990' })
    const second = await history.search({ limit: 150, before: first.next, matchRecord: hasNeedle })
    expect(second.next).toBeUndefined()
    const ids = [...first.items, ...second.items].map((s) => Number(s.id.slice(1)))
    expect(ids).toEqual(Array.from({ length: 200 }, (_, k) => 1990 - 10 * k))
  })

  it('stops counting at its read budget: a lower bound, and a cursor that carries on from there', async () => {
    const history = await onDisk()
    const first = await history.search({ limit: 5, matchRecord: hasNeedle, count: true, readBudget: 600 })
    expect(first.total).toBeUndefined()
    expect(first.totalAtLeast).toBeGreaterThanOrEqual(50)
    expect(first.totalAtLeast).toBeLessThan(200)
    const seen = first.items.map((s) => s.id)
    for (let before = first.next; before !== undefined; ) {
      const page = await history.search({ limit: 40, before, matchRecord: hasNeedle, readBudget: 600 })
      seen.push(...page.items.map((s) => s.id))
      before = page.next
    }
    expect(seen).toHaveLength(200)
    expect(new Set(seen).size).toBe(200)
  })

  it('does not read what `quick` accepts on its summary, nor what `match` refuses', async () => {
    const history = await onDisk()
    let reads = 0
    const counted = (r: Rec) => (reads++, hasNeedle(r))
    const page = await history.search({ limit: 1000, match: (s) => Number(s.id.slice(1)) < 100, quick: (s) => s.id === 'r55', matchRecord: counted, count: true })
    expect(page.items.map((s) => s.id)).toEqual(['r90', 'r80', 'r70', 'r60', 'r55', 'r50', 'r40', 'r30', 'r20', 'r10', 'r0'])
    expect(reads).toBe(99)
  })
})
