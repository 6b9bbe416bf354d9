import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCaptureHistory } from '../../../src/main/persistence/capture-history'
import { createBodyStore } from '../../../src/main/persistence/body-store'

const capture = (id: string, receivedAt: string) => ({
  id, endpoint: 'inbox', receivedAt, method: 'POST', path: '', query: '', headers: [['Content-Type', 'application/json']],
  bodyBase64: Buffer.from(`{"id":"${id}"}`).toString('base64'), size: 11, remoteAddress: '127.0.0.1', durationMs: 1, outcome: 'answered',
})

describe('a data directory from before the history index', () => {
  it('carries its captures over once, oldest first, and keeps the old file aside', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookbench-migrate-'))
    const older = capture('cap_1', '2026-01-01T00:00:00.000Z')
    const newer = capture('cap_2', '2026-01-02T00:00:00.000Z')
    writeFileSync(join(dir, 'captures.jsonl'), [newer, older].map((c) => JSON.stringify(c) + '\n').join(''))
    const history = await openCaptureHistory(join(dir, 'captures.index'), 100, createBodyStore(undefined))
    expect([...history.summaries()].map((c) => c.id)).toEqual(['cap_2', 'cap_1'])
    expect(await history.get('cap_1')).toEqual(older)
    expect(existsSync(join(dir, 'captures.jsonl'))).toBe(false)
    expect(existsSync(join(dir, 'captures.jsonl.migrated'))).toBe(true)
    await history.close()
    const reopened = await openCaptureHistory(join(dir, 'captures.index'), 100, createBodyStore(undefined))
    expect(reopened.size).toBe(2)
  })
})
