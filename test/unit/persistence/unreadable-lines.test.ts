import { appendFileSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { openJournal } from '../../../src/main/persistence/journal'
import { openHistory } from '../../../src/main/persistence/history'
import { checkedLine } from '../../../src/main/persistence/checked-line'
import { describeSkippedLines } from '../../../src/main/persistence/recovery'
import { disk } from '../../support/failing-disk'

vi.mock('node:fs/promises', async (importOriginal) => (await import('../../support/failing-disk')).failingFs(await importOriginal()))

afterEach(() => {
  disk.fault = undefined
})

const Run = z.object({ id: z.string(), status: z.enum(['running', 'passed']) })
type Run = z.infer<typeof Run>
const journalOptions = (file: string) => ({ file, schema: Run, idOf: (r: Run) => r.id, maxRecords: 100, isPinned: (r: Run) => r.status === 'running' })
const tempDir = () => mkdtempSync(join(tmpdir(), 'hookbench-unreadable-'))
const asides = (dir: string) => readdirSync(dir).filter((name) => name.includes('.unreadable-'))

/** 1,500 runs saved by a newer Hookbench, with a status this version does not know. */
const futureLines = Array.from({ length: 1500 }, (_, i) => JSON.stringify({ id: `future-${i}`, status: 'quarantined' }))

describe('unreadable lines', () => {
  it('are moved aside, never deleted, when the journal is compacted, and reported', async () => {
    const dir = tempDir()
    const file = join(dir, 'runs.jsonl')
    const journal = await openJournal(journalOptions(file))
    await journal.save({ id: 'known', status: 'passed' })
    await journal.close()
    appendFileSync(file, futureLines.join('\n') + '\n')

    const reopened = await openJournal(journalOptions(file))
    expect(reopened.skippedLines).toBe(1500)
    expect(reopened.list()).toEqual([{ id: 'known', status: 'passed' }])
    const [aside] = asides(dir)
    expect(reopened.unreadableMovedTo).toBe(join(dir, aside!))
    expect(readFileSync(join(dir, aside!), 'utf8')).toBe(futureLines.join('\n') + '\n')
    // The journal itself was rewritten without them: a later start finds nothing to skip or copy.
    expect(readFileSync(file, 'utf8')).toBe(JSON.stringify({ id: 'known', status: 'passed' }) + '\n')
    await reopened.close()
    expect((await openJournal(journalOptions(file))).skippedLines).toBe(0)
    expect(asides(dir)).toHaveLength(1)
    expect(describeSkippedLines({ file, lines: 1500, movedTo: join(dir, aside!) })).toBe(
      `1500 unreadable lines in ${file} (a write cut short by a crash, a damaged line, or one from a newer Hookbench) were skipped; they were moved to ${join(dir, aside!)}; the rest of the history loaded.`,
    )
  })

  it('stay in the journal while they cannot be copied aside (no compaction drops them)', async () => {
    const dir = tempDir()
    const file = join(dir, 'runs.jsonl')
    appendFileSync(file, futureLines.slice(0, 3).join('\n') + '\n')
    disk.fault = { code: 'ENOSPC', path: /\.unreadable-/ }
    const journal = await openJournal(journalOptions(file))
    expect(journal.skippedLines).toBe(3)
    expect(journal.unreadableMovedTo).toBeUndefined()
    // Many saves: enough lines for a compaction, which must wait for the copy.
    for (let i = 0; i < 1200; i++) await journal.save({ id: 'r', status: 'passed' })
    await journal.close()
    expect(readFileSync(file, 'utf8')).toContain(futureLines[2])
    expect(asides(dir)).toEqual([])

    disk.fault = undefined
    const again = await openJournal(journalOptions(file))
    expect(readFileSync(again.unreadableMovedTo!, 'utf8')).toBe(futureLines.slice(0, 3).join('\n') + '\n')
    expect(readFileSync(file, 'utf8')).not.toContain('quarantined')
    await again.close()
  })

  it('of a history index (damaged or torn) are moved aside before its compaction drops them', async () => {
    const dir = tempDir()
    const file = join(dir, 'captures.index')
    const codec = {
      summaryFields: ['id'] as const,
      idOf: (r: { id: string }) => r.id,
      summarize: (r: { id: string }) => ({ id: r.id }),
      split: () => ({ fixed: {}, appended: [] }),
      join: (s: { id: string }) => s,
    }
    const history = await openHistory({ ...codec, file, maxRecords: 100 })
    await history.save({ id: 'a' })
    await history.close()
    const damaged = checkedLine(JSON.stringify({ n: ['b'], r: [] })).replace('"b"', '"x"').trimEnd()
    appendFileSync(file, `${damaged}\n`)

    const reopened = await openHistory({ ...codec, file, maxRecords: 100 })
    expect(reopened.skippedLines).toBe(1)
    await reopened.close()
    expect(readFileSync(reopened.unreadableMovedTo!, 'utf8')).toBe(`${damaged}\n`)
    expect(readFileSync(file, 'utf8')).not.toContain(damaged)
  })
})
