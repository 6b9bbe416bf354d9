import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { openDocumentStore } from '../../../src/main/persistence/document-store'
import { openHistory } from '../../../src/main/persistence/history'
import { openJournal } from '../../../src/main/persistence/journal'
import { StorageFailure } from '../../../src/main/persistence/storage-failure'
import { createStorageHealth } from '../../../src/main/persistence/storage-health'
import { createScenarioStore } from '../../../src/main/persistence/scenario-store'
import { disk } from '../../support/failing-disk'

vi.mock('node:fs/promises', async (importOriginal) => (await import('../../support/failing-disk')).failingFs(await importOriginal()))

afterEach(() => {
  disk.fault = undefined
})

const tempDir = () => mkdtempSync(join(tmpdir(), 'hookbench-failing-'))

const Doc = z.object({ items: z.array(z.string()) })
type Doc = z.infer<typeof Doc>
const onDisk = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as Doc).items

describe('document store on a failing disk', () => {
  it('rejects with the cause and the file in words, and undoes the change so memory matches the disk', async () => {
    const file = join(tempDir(), 'hookbench.json')
    const store = await openDocumentStore({ file, schema: Doc, initial: () => ({ items: [] }) })
    await store.update((doc) => doc.items.push('kept'))

    disk.fault = { code: 'ENOSPC' }
    const failed = store.update((doc) => doc.items.push('lost'))
    await expect(failed).rejects.toThrow(new StorageFailure(file, 'the disk is full'))
    await expect(failed).rejects.toMatchObject({ code: 'unavailable', message: `Could not save: the disk is full (${file})` })
    expect(store.read().items).toEqual(['kept'])
    expect(onDisk(file)).toEqual(['kept'])

    disk.fault = undefined
    await store.update((doc) => doc.items.push('after'))
    expect(store.read().items).toEqual(['kept', 'after'])
    expect(onDisk(file)).toEqual(['kept', 'after'])
  })

  it('also undoes changes made while the failing write ran (their callers are told), and none made after', async () => {
    const file = join(tempDir(), 'hookbench.json')
    const store = await openDocumentStore({ file, schema: Doc, initial: () => ({ items: ['untouched'] }) })
    disk.fault = { code: 'EROFS' }
    const first = store.update((doc) => doc.items.push('a'))
    // Made while the first write is under way: it lands in the next write.
    await new Promise((resolve) => setImmediate(resolve))
    const second = store.update((doc) => doc.items.push('b'))
    await expect(first).rejects.toThrow('Could not save: the file system is read-only')
    disk.fault = undefined
    await expect(second).rejects.toThrow('read-only')
    expect(store.read().items).toEqual(['untouched'])
    await store.update((doc) => doc.items.push('c'))
    expect(onDisk(file)).toEqual(['untouched', 'c'])
  })

  it('reports each failing file once to the storage health, and its recovery', async () => {
    const file = join(tempDir(), 'hookbench.json')
    const health = createStorageHealth(() => Date.parse('2025-01-01T00:00:00Z'))
    const changes: unknown[] = []
    health.onChange((change) => changes.push(change))
    const store = await openDocumentStore({ file, schema: Doc, initial: () => ({ items: [] }), health })
    disk.fault = { code: 'ENOSPC' }
    await store.update((doc) => doc.items.push('x')).catch(() => {})
    await store.update((doc) => doc.items.push('y')).catch(() => {})
    expect(health.failing()).toEqual([{ file, message: `Could not save: the disk is full (${file})`, since: '2025-01-01T00:00:00.000Z' }])
    disk.fault = undefined
    await store.update((doc) => doc.items.push('z'))
    expect(health.failing()).toEqual([])
    expect(changes).toEqual([{ failed: expect.objectContaining({ file }) }, { recovered: file }])
  })
})

interface Rec {
  id: string
  status: 'pending' | 'done'
  body: string
  attempts: number[]
}
type Summary = { id: string; status: Rec['status']; attemptCount: number }
const codec = {
  summaryFields: ['id', 'status', 'attemptCount'] as const,
  idOf: (r: Rec) => r.id,
  summarize: ({ id, status, attempts }: Rec): Summary => ({ id, status, attemptCount: attempts.length }),
  split: (r: Rec) => ({ fixed: { body: r.body }, appended: r.attempts }),
  join: ({ id, status }: Summary, fixed: { body: string }, attempts: number[]): Rec => ({ id, status, ...fixed, attempts }),
}
const rec = (id: string, attempts: number[] = []): Rec => ({ id, status: 'done', body: `body of ${id}`, attempts })

describe('history on a failing disk', () => {
  it('keeps what it could not write, cuts back a torn write and writes it all once the disk has room', async () => {
    const file = join(tempDir(), 'deliveries.index')
    const history = await openHistory({ ...codec, file, maxRecords: 100 })
    await history.save(rec('a', [1]))

    disk.fault = { code: 'ENOSPC', torn: true }
    await expect(history.save(rec('b', [1]))).rejects.toThrow(`Could not save: the disk is full`)
    await expect(history.save(rec('a', [1, 2]))).rejects.toThrow('the disk is full')
    // Still whole in memory: listed and readable.
    expect([...history.summaries()].map((s) => s.id)).toEqual(['b', 'a'])
    expect(await history.get('b')).toEqual(rec('b', [1]))

    disk.fault = undefined
    await history.save(rec('c'))
    await history.close()
    const reopened = await openHistory({ ...codec, file, maxRecords: 100 })
    expect(reopened.skippedLines).toBe(0)
    expect(await reopened.getMany(['a', 'b', 'c'])).toEqual([rec('a', [1, 2]), rec('b', [1]), rec('c')])
    await reopened.close()
  })

  it('writes what a failed write left at close, once the disk has room again', async () => {
    const file = join(tempDir(), 'deliveries.index')
    const history = await openHistory({ ...codec, file, maxRecords: 100 })
    disk.fault = { code: 'ENOSPC' }
    await expect(history.save(rec('a', [1]))).rejects.toThrow('the disk is full')
    disk.fault = undefined
    await history.close()
    const reopened = await openHistory({ ...codec, file, maxRecords: 100 })
    expect(await reopened.get('a')).toEqual(rec('a', [1]))
    await reopened.close()
  })
})

const Run = z.object({ id: z.string(), state: z.enum(['running', 'done']) })
describe('journal on a failing disk', () => {
  it('keeps the lines it could not write and writes them with the next save, without a torn line', async () => {
    const file = join(tempDir(), 'runs.jsonl')
    const journal = await openJournal({ file, schema: Run, idOf: (r) => r.id, maxRecords: 100 })
    await journal.save({ id: 'r1', state: 'done' })
    disk.fault = { code: 'ENOSPC', torn: true }
    await expect(journal.save({ id: 'r2', state: 'running' })).rejects.toThrow('Could not save: the disk is full')
    disk.fault = undefined
    await journal.save({ id: 'r2', state: 'done' })
    await journal.close()
    const reopened = await openJournal({ file, schema: Run, idOf: (r) => r.id, maxRecords: 100 })
    expect(reopened.skippedLines).toBe(0)
    expect(reopened.list()).toEqual([
      { id: 'r2', state: 'done' },
      { id: 'r1', state: 'done' },
    ])
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(3)
  })

  it('writes what a failed write left at close, once the disk has room again', async () => {
    const file = join(tempDir(), 'runs.jsonl')
    const journal = await openJournal({ file, schema: Run, idOf: (r) => r.id, maxRecords: 100 })
    disk.fault = { code: 'ENOSPC' }
    await expect(journal.save({ id: 'r1', state: 'done' })).rejects.toThrow('the disk is full')
    disk.fault = undefined
    await journal.close()
    expect((await openJournal({ file, schema: Run, idOf: (r) => r.id, maxRecords: 100 })).list()).toEqual([{ id: 'r1', state: 'done' }])
  })
})

describe('saved scenarios on a failing disk', () => {
  it.each(['ENOSPC', 'EPERM'])('%s: a save is a StorageFailure in words, no temporary file is left, the saved version stays', async (code) => {
    const dir = join(tempDir(), 'scenarios')
    const health = createStorageHealth()
    const store = createScenarioStore(dir, health)
    await store.save({ fileName: 'deploy.yaml', source: 'version: 1 # first\n' })

    disk.fault = { code, path: /scenarios/ }
    const failed = store.save({ fileName: 'deploy.yaml', source: 'version: 1 # second\n' })
    const file = join(dir, 'deploy.yaml')
    await expect(failed).rejects.toMatchObject({ code: 'unavailable', message: `Could not save: ${code === 'ENOSPC' ? 'the disk is full' : 'permission denied'} (${file})` })
    expect(health.failing().map((f) => f.file)).toEqual([file])
    disk.fault = undefined
    expect(readdirSync(dir)).toEqual(['deploy.yaml'])
    expect(readFileSync(file, 'utf8')).toBe('version: 1 # first\n')
  })
})
