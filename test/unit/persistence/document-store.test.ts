import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { openDocumentStore } from '../../../src/main/persistence/document-store'
import { describeRecovery } from '../../../src/main/persistence/recovery'

const Doc = z.object({ version: z.literal(1), items: z.array(z.number()) })
type Doc = z.infer<typeof Doc>
const initial = (): Doc => ({ version: 1, items: [] })

function tempFile() {
  const dir = mkdtempSync(join(tmpdir(), 'hookbench-doc-'))
  return { dir, file: join(dir, 'hookbench.json') }
}

describe('document store', () => {
  it('creates the file on first open and keeps changes across reopen', async () => {
    const { file } = tempFile()
    const store = await openDocumentStore({ file, schema: Doc, initial })
    await store.update((doc) => doc.items.push(1, 2))
    const reopened = await openDocumentStore({ file, schema: Doc, initial })
    expect(reopened.read().items).toEqual([1, 2])
    expect(reopened.recovery).toBeUndefined()
  })

  it('coalesces a burst of 10,000 updates into a handful of writes, all durable', async () => {
    const { file } = tempFile()
    const store = await openDocumentStore({ file, schema: Doc, initial })
    const before = store.writes
    await Promise.all(Array.from({ length: 10_000 }, (_, i) => store.update((doc) => doc.items.push(i))))
    expect(store.writes - before).toBeLessThanOrEqual(3)
    expect((JSON.parse(readFileSync(file, 'utf8')) as Doc).items).toHaveLength(10_000)
  })

  it('moves a garbage file aside, never overwriting it, and starts empty', async () => {
    const { dir, file } = tempFile()
    writeFileSync(file, 'this is {not json')
    const store = await openDocumentStore({ file, schema: Doc, initial })
    expect(store.read()).toEqual(initial())
    expect(store.recovery?.reason).toBe('not valid JSON')
    const aside = readdirSync(dir).find((f) => f.startsWith('hookbench.json.corrupt-'))
    expect(aside).toBeDefined()
    expect(readFileSync(join(dir, aside!), 'utf8')).toBe('this is {not json')
    expect(describeRecovery(store.recovery!)).toContain(`moved to ${join(dir, aside!)}`)
  })

  it('moves aside a file that is JSON but not a Hookbench document, naming the problem', async () => {
    const { file } = tempFile()
    writeFileSync(file, JSON.stringify({ version: 1, items: 'nope' }))
    const store = await openDocumentStore({ file, schema: Doc, initial })
    expect(store.recovery?.reason).toMatch(/^does not match the expected format \(items: /)
    expect(store.read().items).toEqual([])
  })

  it('works in memory when no file is given', async () => {
    const store = await openDocumentStore({ file: undefined, schema: Doc, initial })
    await store.update((doc) => doc.items.push(7))
    expect(store.read().items).toEqual([7])
  })
})
