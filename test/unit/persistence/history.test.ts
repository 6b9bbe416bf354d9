import { appendFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openHistory } from '../../../src/main/persistence/history'

/** A record shaped like a delivery: a summary, a body written once, attempts appended. */
interface Rec {
  id: string
  status: 'pending' | 'done'
  note?: string
  body: string
  attempts: { n: number; status: number }[]
}
type Summary = Omit<Rec, 'body' | 'attempts'> & { attemptCount: number }

const codec = {
  summaryFields: ['id', 'status', 'note', 'attemptCount'] as const,
  idOf: (r: Rec) => r.id,
  summarize: ({ body: _body, attempts, ...rest }: Rec): Summary => ({ ...rest, attemptCount: attempts.length }),
  split: (r: Rec) => ({ fixed: { body: r.body }, appended: r.attempts }),
  join: ({ attemptCount: _count, ...summary }: Summary, fixed: { body: string }, attempts: Rec['attempts']): Rec => ({ ...summary, ...fixed, attempts }),
}

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'hookbench-history-')), 'deliveries.index')
/** Every history a test opened, closed after it (their files stay open until then). */
const opened: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((h) => h.close()))
})
const open = async (file: string | undefined, maxRecords = 1000, more: { onEvict?: (s: Summary) => void; segmentBytes?: number } = {}) => {
  const history = await openHistory({ ...codec, file, maxRecords, isPinned: (s) => s.status === 'pending', ...more })
  opened.push(history)
  return history
}
const rec = (id: string, more: Partial<Rec> = {}): Rec => ({ id, status: 'done', body: `body of ${id}`, attempts: [], ...more })
const dataText = (file: string) =>
  readdirSync(`${file}.data`)
    .map((name) => readFileSync(join(`${file}.data`, name), 'utf8'))
    .join('')

describe('history', () => {
  it('keeps summaries in memory and reads the whole record back from disk after a reopen', async () => {
    const file = tempFile()
    const history = await open(file)
    const a = rec('a', { status: 'pending' })
    await history.save(a)
    a.attempts.push({ n: 1, status: 500 })
    a.status = 'done'
    a.note = 'retried'
    await history.save(a)
    await history.close()

    const reopened = await open(file)
    expect(reopened.summary('a')).toEqual({ id: 'a', status: 'done', note: 'retried', attemptCount: 1 })
    expect(reopened.live('a')).toBeUndefined()
    expect(await reopened.get('a')).toEqual({ id: 'a', status: 'done', note: 'retried', body: 'body of a', attempts: [{ n: 1, status: 500 }] })
  })

  it('writes the body once and each change as a small line, whatever the number of changes', async () => {
    const file = tempFile()
    const history = await open(file)
    const a = rec('a', { status: 'pending', body: 'B'.repeat(2000) })
    await history.save(a)
    for (let n = 1; n <= 5; n++) {
      a.attempts.push({ n, status: 500 })
      await history.save(a)
    }
    a.status = 'done'
    await history.save(a)
    expect(dataText(file).split('B'.repeat(2000))).toHaveLength(2)
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean)
    expect(lines).toHaveLength(7)
    for (const line of lines) expect(line.length).toBeLessThan(200)
  })

  it('forgets an unset field, after a reopen too', async () => {
    const file = tempFile()
    const history = await open(file)
    const a = rec('a', { note: 'first' })
    await history.save(a)
    delete a.note
    await history.save(a)
    expect(history.summary('a')?.note).toBeUndefined()
    expect((await open(file)).summary('a')?.note).toBeUndefined()
    expect(JSON.stringify((await open(file)).summary('a'))).not.toContain('note')
  })

  it('skips a torn last line from a crash, says so, keeps it aside and appends cleanly after it', async () => {
    const file = tempFile()
    const history = await open(file)
    await history.save(rec('a'))
    await history.close()
    appendFileSync(file, '1a2b3c4d {"n":{"id":"b","sta')

    const reopened = await open(file)
    expect(reopened.skippedLines).toBe(1)
    expect(readFileSync(reopened.unreadableMovedTo!, 'utf8')).toBe('1a2b3c4d {"n":{"id":"b","sta\n')
    await reopened.save(rec('c'))
    await reopened.close()
    // Rewritten without it: the next start reads clean (and makes no second copy).
    const again = await open(file)
    expect(again.skippedLines).toBe(0)
    expect([...again.summaries()].map((s) => s.id)).toEqual(['c', 'a'])
  })

  it('skips a line whose checksum does not match (a damaged byte), keeping the rest', async () => {
    const file = tempFile()
    const history = await open(file)
    for (const id of ['a', 'b', 'c']) await history.save(rec(id))
    await history.close()
    writeFileSync(file, readFileSync(file, 'utf8').replace('["b",', '["x",'))
    const reopened = await open(file)
    expect(reopened.skippedLines).toBe(1)
    expect([...reopened.summaries()].map((s) => s.id)).toEqual(['c', 'a'])
  })

  it('evicts the oldest finished records beyond the limit, never pending ones, and frees their segments', async () => {
    const file = tempFile()
    const evicted: string[] = []
    const history = await open(file, 3, { onEvict: (s) => evicted.push(s.id), segmentBytes: 200 })
    await history.save(rec('old-pending', { status: 'pending' }))
    for (let i = 0; i < 6; i++) await history.save(rec(`done-${i}`, { body: `${i}`.repeat(150) }))
    expect(evicted).toEqual(['done-0', 'done-1', 'done-2', 'done-3'])
    expect([...history.summaries()].map((s) => s.id)).toEqual(['done-5', 'done-4', 'old-pending'])
    // One record per segment here: the evicted records' segments are gone, the rest still read.
    expect(dataText(file)).not.toContain('0'.repeat(150))
    expect(await history.get('done-4')).toMatchObject({ body: '4'.repeat(150) })
    expect(await history.get('old-pending')).toMatchObject({ body: 'body of old-pending' })
    await history.close()
    expect([...(await open(file, 3)).summaries()].map((s) => s.id)).toEqual(['done-5', 'done-4', 'old-pending'])
  })

  it('compacts the index in the background without losing saves made meanwhile', async () => {
    const file = tempFile()
    const history = await open(file, 100_000)
    const records = Array.from({ length: 3000 }, (_, i) => rec(`r${i}`, { status: 'pending' }))
    await Promise.all(records.map((r) => history.save(r)))
    // Every record changes twice: the index passes twice its record count plus 1,000 and compacts.
    for (const status of ['done', 'pending', 'done'] as const) {
      await Promise.all(records.map((r) => history.save({ ...r, status, note: status })))
    }
    const late = Array.from({ length: 500 }, (_, i) => history.save(rec(`late${i}`)))
    await Promise.all(late)
    // In the background, before any close: uncompacted, the file would hold 3,000 × 4 + 500 lines.
    const lines = () => readFileSync(file, 'utf8').split('\n').filter(Boolean).length
    await expect.poll(lines, { timeout: 5000 }).toBeLessThan(3000 * 4)
    await history.close()
    // Closing compacts an index with more than a quarter of stale lines (plus 1,000).
    expect(lines()).toBeLessThanOrEqual(1.25 * 3500 + 1000)

    const reopened = await open(file, 100_000)
    expect(reopened.skippedLines).toBe(0)
    expect(reopened.size).toBe(3500)
    expect(reopened.summary('r0')).toMatchObject({ status: 'done', note: 'done' })
    expect(reopened.summary('late499')).toMatchObject({ status: 'done' })
    expect(await reopened.get('r2999')).toMatchObject({ body: 'body of r2999' })
  })

  it('pages newest first with a cursor that new records do not shift, filtering on the server side', async () => {
    const history = await open(undefined)
    for (let i = 0; i < 25; i++) await history.save(rec(`r${i}`, { note: i % 2 === 0 ? 'even' : 'odd' }))
    const first = history.page({ limit: 10 })
    expect(first.items.map((s) => s.id)).toEqual(Array.from({ length: 10 }, (_, i) => `r${24 - i}`))
    await history.save(rec('newer'))
    const second = history.page({ before: first.next, limit: 10 })
    expect(second.items.map((s) => s.id)).toEqual(Array.from({ length: 10 }, (_, i) => `r${14 - i}`))
    const last = history.page({ before: second.next, limit: 10 })
    expect(last.items).toHaveLength(5)
    expect(last.next).toBeUndefined()

    const even = (s: Summary) => s.note === 'even'
    const pages: string[][] = []
    for (let page = history.page({ limit: 4, match: even }); ; page = history.page({ before: page.next, limit: 4, match: even })) {
      pages.push(page.items.map((s) => s.id))
      if (page.next === undefined) break
    }
    expect(pages.flat()).toEqual(Array.from({ length: 13 }, (_, i) => `r${24 - 2 * i}`))
    expect(history.page({ limit: 1, match: even, count: true }).total).toBe(13)
  })

  it('carries every save of a burst in a handful of writes', async () => {
    const history = await open(tempFile(), 20_000)
    await Promise.all(Array.from({ length: 10_000 }, (_, i) => history.save(rec(`d${i}`))))
    expect(history.writes).toBeLessThanOrEqual(3)
    expect(history.size).toBe(10_000)
  })
})

describe('closing a history', () => {
  it('leaves one line per record when most lines were changes, so the next start reads less', async () => {
    const file = tempFile()
    const history = await open(file, 10_000)
    const records = Array.from({ length: 2000 }, (_, i) => rec(`r${i}`, { status: 'pending' }))
    await Promise.all(records.map((r) => history.save(r)))
    await Promise.all(records.map((r) => history.save({ ...r, status: 'done' })))
    await history.close()
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(2000)
    expect((await open(file, 10_000)).summary('r1999')).toMatchObject({ status: 'done' })
  })
})

describe('reading records back from disk', () => {
  it('reads many at once, in the order asked, across segments, each whole', async () => {
    const file = tempFile()
    const history = await open(file, 10_000, { segmentBytes: 4096 })
    const records = Array.from({ length: 300 }, (_, i) => rec(`r${i}`, { body: `${i}:`.padEnd(40 + (i % 7) * 30, 'b'), attempts: [{ n: 1, status: 200 + (i % 3) }] }))
    await Promise.all(records.map((r) => history.save(r)))
    await history.close()
    expect(readdirSync(`${file}.data`).length).toBeGreaterThan(3)

    const reopened = await open(file, 10_000, { segmentBytes: 4096 })
    const ids = ['r299', 'r0', 'gone', 'r150', 'r1', 'r298']
    const read = await reopened.getMany(ids)
    expect(read.map((r) => r.id)).toEqual(['r299', 'r0', 'r150', 'r1', 'r298'])
    for (const r of read) expect(r).toEqual(records.find((x) => x.id === r.id))
  })

  it('reads records in memory and on disk together while a write ends or a save adds attempts meanwhile: each whole, as it was asked for', async () => {
    const history = await open(tempFile())
    const onDisk = rec('on-disk', { attempts: [{ n: 1, status: 500 }] })
    await history.save(onDisk)
    for (let round = 0; round < 20; round++) {
      // Saved, not written yet: in memory until its write ends, which it does while the other is read.
      const fresh = rec(`fresh-${round}`, { attempts: [{ n: 1, status: 200 }] })
      const written = history.save(fresh)
      const reading = history.getMany(['on-disk', fresh.id])
      const changed = { ...onDisk, attempts: [...onDisk.attempts, { n: 2 + round, status: 503 }] }
      const changing = history.save(changed)
      expect(await reading).toEqual([onDisk, fresh])
      await Promise.all([written, changing])
      expect(await history.get('on-disk')).toEqual(changed)
      onDisk.attempts = changed.attempts
    }
  })

  it('says which file and byte when a chunk on disk was damaged, instead of returning wrong data', async () => {
    const file = tempFile()
    const history = await open(file)
    await history.save(rec('a', { body: 'the original body' }))
    await history.close()
    const [segment] = readdirSync(`${file}.data`)
    const path = join(`${file}.data`, segment!)
    writeFileSync(path, readFileSync(path, 'utf8').replace('original', 'tampered'))
    await expect((await open(file)).get('a')).rejects.toThrow(/damaged record in .*\.log at byte 0/)
  })
})
