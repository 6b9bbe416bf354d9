import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openHistory } from '../../../src/main/persistence/history'

/** A record shaped like a delivery: a summary, a body written once, attempts appended. */
interface Rec {
  id: string
  seq: number
  status: 'pending' | 'done'
  body: string
  attempts: { n: number; status: number }[]
}
type Summary = Omit<Rec, 'body' | 'attempts'> & { attemptCount: number }

const codec = {
  summaryFields: ['id', 'seq', 'status', 'attemptCount'] as const,
  idOf: (r: Rec) => r.id,
  summarize: ({ body: _body, attempts, ...rest }: Rec): Summary => ({ ...rest, attemptCount: attempts.length }),
  split: (r: Rec) => ({ fixed: { body: r.body }, appended: r.attempts }),
  join: ({ attemptCount: _count, ...summary }: Summary, fixed: { body: string }, attempts: Rec['attempts']): Rec => ({ ...summary, ...fixed, attempts }),
}

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'hookbench-history-bg-')), 'deliveries.index')
const opened: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((h) => h.close()))
})
const open = async (file: string, options: { maxRecords?: number; backgroundFrom?: number } = {}) => {
  const { maxRecords = 100_000, backgroundFrom } = options
  const history = await openHistory({ ...codec, file, maxRecords, isPinned: (s) => s.status === 'pending', ...(backgroundFrom !== undefined && { backgroundFrom }) })
  opened.push(history)
  return history
}
const rec = (seq: number, more: Partial<Rec> = {}): Rec => ({ id: `r${String(seq).padStart(6, '0')}`, seq, status: 'done', body: `body ${seq}`, attempts: [{ n: 1, status: 200 }], ...more })
const ids = (page: { items: Summary[] }) => page.items.map((s) => s.seq)

/** A history of `count` records on disk (saved, then closed). */
async function written(count: number, file = tempFile()) {
  const history = await open(file)
  await Promise.all(Array.from({ length: count }, (_, seq) => history.save(rec(seq))))
  await history.close()
  opened.splice(opened.indexOf(history), 1)
  return file
}

describe('a history read in the background', () => {
  it('answers at once from what it has, says it is loading, and puts the records read before those saved meanwhile', async () => {
    const file = await written(20_000)
    const history = await open(file, { backgroundFrom: 0 })
    expect(history.loading).toBe(true)
    expect(history.lastSaved?.seq).toBe(19_999)
    await history.save(rec(20_000))
    await history.save(rec(20_001))
    const early = history.page({ limit: 1, count: true })
    expect(ids(early)).toEqual([20_001])
    expect(early.total).toBe(2)
    expect(history.loading).toBe(true)

    await history.loaded
    expect(history.loading).toBe(false)
    expect(history.size).toBe(20_002)
    const newest = history.page({ limit: 3, count: true })
    expect(ids(newest)).toEqual([20_001, 20_000, 19_999])
    expect(newest.total).toBe(20_002)
    // A cursor handed out while loading leads on into the records read since.
    expect(ids(history.page({ limit: 2, before: early.next }))).toEqual([20_000, 19_999])
    expect([...history.summaries()].map((s) => s.seq).slice(-2)).toEqual([1, 0])
  })

  it('gives a record it has not read yet once it has read it, and keeps the event loop turning meanwhile', async () => {
    const file = await written(30_000)
    const history = await open(file, { backgroundFrom: 0 })
    let turns = 0
    const ticking = setInterval(() => turns++, 0)
    try {
      expect(history.summary('r000007')).toBeUndefined()
      expect((await history.get('r000007'))?.body).toBe('body 7')
      expect(await history.find('r000008')).toMatchObject({ seq: 8, status: 'done' })
      expect(history.loading).toBe(false)
      expect(await history.get('nope')).toBeUndefined()
    } finally {
      clearInterval(ticking)
    }
    // Read in slices: timers ran while it was read, not only once it was done.
    expect(turns).toBeGreaterThan(2)
  })

  it('keeps what was saved while it was read, after those records, across a reopen', async () => {
    const file = await written(5_000)
    const history = await open(file, { backgroundFrom: 0 })
    const during = rec(5_000, { status: 'pending', attempts: [] })
    await history.save(during)
    during.status = 'done'
    during.attempts.push({ n: 1, status: 200 })
    await history.save(during)
    await history.close()

    const reopened = await open(file)
    expect(reopened.size).toBe(5_001)
    expect(ids(reopened.page({ limit: 2 }))).toEqual([5_000, 4_999])
    expect(await reopened.get(during.id)).toEqual(during)
  })

  it('evicts nothing while it reads, then the oldest records read, not those saved meanwhile', async () => {
    const file = await written(3_000)
    const evicted: number[] = []
    const history = await openHistory({ ...codec, file, maxRecords: 2_000, isPinned: () => false, backgroundFrom: 0, onEvict: (s) => evicted.push(s.seq) })
    opened.push(history)
    const saves = Array.from({ length: 10 }, (_, k) => history.save(rec(3_000 + k)))
    expect(history.loading).toBe(true)
    expect(history.size).toBe(10)
    expect(evicted).toEqual([])
    await Promise.all([...saves, history.loaded])
    expect(history.size).toBe(2_000)
    expect(evicted).toHaveLength(1_010)
    expect(Math.max(...evicted)).toBe(1_009)
    expect(ids(history.page({ limit: 1 }))).toEqual([3_009])
  })

  it('ends a line torn by a crash before appending, and still skips it', async () => {
    const file = await written(100)
    appendFileSync(file, '0badc0de {"u":"r0')
    const history = await open(file, { backgroundFrom: 0 })
    await history.save(rec(100))
    await history.loaded
    expect(history.skippedLines).toBe(1)
    expect(history.size).toBe(101)
    await history.close()
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean)
    expect(lines.some((line) => line.startsWith('0badc0de'))).toBe(false)
    expect((await open(file)).size).toBe(101)
  })

  it('closed while it reads, it finishes reading first and loses nothing', async () => {
    const file = await written(20_000)
    const history = await open(file, { backgroundFrom: 0 })
    await history.save(rec(20_000))
    await history.close()
    const reopened = await open(file)
    expect(reopened.size).toBe(20_001)
  })

  it('keeps the data segment a save moves past while it reads: records not read yet still refer to it', async () => {
    const file = tempFile()
    const small = { segmentBytes: 4096 }
    const first = await openHistory({ ...codec, file, maxRecords: 1000, ...small })
    await Promise.all(Array.from({ length: 100 }, (_, seq) => first.save(rec(seq))))
    await first.close()
    const history = await openHistory({ ...codec, file, maxRecords: 1000, backgroundFrom: 0, ...small })
    opened.push(history)
    // Larger than a segment: it starts the next one at once.
    await history.save(rec(100, { body: 'x'.repeat(5000) }))
    await history.loaded
    expect((await history.get(rec(99).id))?.body).toBe('body 99')
    expect((await history.getMany(Array.from({ length: 100 }, (_, seq) => rec(seq).id))).map((r) => r.seq)).toHaveLength(100)
  })

  it('reads an index smaller than the threshold before it returns', async () => {
    const file = await written(10)
    const history = await open(file, { backgroundFrom: 1024 * 1024 })
    expect(history.loading).toBe(false)
    expect(history.size).toBe(10)
    // Only a history read in the background needs to know its newest record before the rest.
    expect(history.lastSaved).toBeUndefined()
  })
})
