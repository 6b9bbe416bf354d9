import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { openJournal } from '../../../src/main/persistence/journal'

const Rec = z.object({ id: z.string(), state: z.enum(['pending', 'done']), n: z.number() })
type Rec = z.infer<typeof Rec>

function options(file: string | undefined, maxRecords = 100) {
  return {
    file,
    schema: Rec,
    idOf: (r: Rec) => r.id,
    maxRecords,
    isPinned: (r: Rec) => r.state === 'pending',
  }
}

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'hookbench-journal-')), 'deliveries.jsonl')

describe('journal', () => {
  it('keeps the last snapshot of each record across reopen, newest first', async () => {
    const file = tempFile()
    const journal = await openJournal(options(file))
    await journal.save({ id: 'a', state: 'pending', n: 1 })
    await journal.save({ id: 'b', state: 'pending', n: 1 })
    await journal.save({ id: 'a', state: 'done', n: 2 })
    const reopened = await openJournal(options(file))
    expect(reopened.list()).toEqual([
      { id: 'a', state: 'done', n: 2 },
      { id: 'b', state: 'pending', n: 1 },
    ])
  })

  it('survives a half-written last line from a crash and keeps appending cleanly', async () => {
    const file = tempFile()
    const journal = await openJournal(options(file))
    await journal.save({ id: 'a', state: 'pending', n: 1 })
    appendFileSync(file, '{"id":"b","sta')
    const reopened = await openJournal(options(file))
    expect(reopened.skippedLines).toBe(1)
    await reopened.save({ id: 'c', state: 'done', n: 3 })
    const again = await openJournal(options(file))
    expect(again.list().map((r) => r.id)).toEqual(['c', 'a'])
  })

  it('appends a burst of 10,000 saves in a handful of writes', async () => {
    const journal = await openJournal(options(tempFile(), 20_000))
    await Promise.all(Array.from({ length: 10_000 }, (_, i) => journal.save({ id: `d${i}`, state: 'done', n: i })))
    expect(journal.writes).toBeLessThanOrEqual(3)
    expect(journal.size).toBe(10_000)
  })

  it('evicts the oldest finished records beyond the limit but never pending ones', async () => {
    const evicted: string[] = []
    const journal = await openJournal({ ...options(undefined, 3), onEvict: (r: Rec) => evicted.push(r.id) })
    await journal.save({ id: 'old-pending', state: 'pending', n: 0 })
    for (let i = 0; i < 5; i++) await journal.save({ id: `done-${i}`, state: 'done', n: i })
    expect(journal.list().map((r) => r.id)).toEqual(['done-4', 'done-3', 'old-pending'])
    expect(evicted).toEqual(['done-0', 'done-1', 'done-2'])
  })

  it('evicts in order of last save: a record pinned when saved goes once a later save finishes it', async () => {
    const evicted: string[] = []
    const journal = await openJournal({ ...options(undefined, 3), onEvict: (r: Rec) => evicted.push(r.id) })
    await journal.save({ id: 'a', state: 'done', n: 0 })
    await journal.save({ id: 'slow', state: 'pending', n: 0 })
    await journal.save({ id: 'b', state: 'done', n: 0 })
    await journal.save({ id: 'a', state: 'done', n: 1 })
    await journal.save({ id: 'c', state: 'done', n: 0 })
    expect(evicted).toEqual(['b'])
    await journal.save({ id: 'slow', state: 'done', n: 1 })
    await journal.save({ id: 'd', state: 'done', n: 0 })
    await journal.save({ id: 'e', state: 'done', n: 0 })
    expect(evicted).toEqual(['b', 'a', 'c'])
    expect(journal.list().map((r) => r.id)).toEqual(['e', 'd', 'slow'])
  })

  it('keeps thousands of pending records past the limit and evicts only finished ones, oldest first', async () => {
    const evicted: string[] = []
    const journal = await openJournal({ ...options(undefined, 4_000), onEvict: (r: Rec) => evicted.push(r.id) })
    for (let i = 0; i < 5_000; i++) void journal.save({ id: `p${i}`, state: 'pending', n: i })
    for (let i = 0; i < 300; i++) void journal.save({ id: `d${i}`, state: 'done', n: i })
    for (let i = 0; i < 2_000; i++) void journal.save({ id: `p${i}`, state: 'done', n: i })
    await journal.flush()
    expect(evicted).toHaveLength(1_300)
    expect(evicted.slice(298, 302)).toEqual(['d298', 'd299', 'p0', 'p1'])
    expect(journal.size).toBe(4_000)
    expect(journal.list().filter((r) => r.state === 'pending')).toHaveLength(3_000)
    expect(journal.list()[0]?.id).toBe('p1999')
  })

  it('compacts the file once most lines are stale, so history does not grow without bound', async () => {
    const file = tempFile()
    const journal = await openJournal(options(file))
    for (let i = 0; i < 3000; i++) await journal.save({ id: 'same', state: 'done', n: i })
    const lines = readFileSync(file, 'utf8').trim().split('\n')
    expect(lines.length).toBeLessThan(1100)
    const reopened = await openJournal(options(file))
    expect(reopened.get('same')?.n).toBe(2999)
  })
})
