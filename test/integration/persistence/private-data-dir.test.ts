import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEngine } from '../../../src/main/host/open-engine'
import { startReceiver } from '../../../src/main/host/start-receiver'
import { ensureDataDir } from '../../../src/main/persistence/data-dir'
import { lockDataDir } from '../../../src/main/persistence/data-dir-lock'
import { fireRequest } from '../../support/inputs'

/** Every file and folder under `dir` (itself included) with its permission bits. */
function modes(dir: string): Record<string, string> {
  const found: Record<string, string> = { '.': (statSync(dir).mode & 0o777).toString(8) }
  const walk = (at: string, prefix: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name)
      found[prefix + entry.name] = (statSync(path).mode & 0o777).toString(8)
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`)
    }
  }
  walk(dir, '')
  return found
}

let umask = 0
beforeAll(() => {
  // The usual umask: files would be 0644 and folders 0755 unless Hookbench asks for less.
  umask = process.umask(0o022)
})
afterAll(() => {
  process.umask(umask)
})

describe('data directory permissions', () => {
  it('creates the directory 0700 and every file in it 0600: written, rotated, moved aside and body files alike', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'hookbench-private-')), 'data')
    mkdirSync(dataDir, { mode: 0o700 })
    // A garbage document (moved aside), a torn runs line (copied aside) from an earlier crash, and
    // an older version's runs file (carried over, kept as .migrated).
    writeFileSync(join(dataDir, 'hookbench.json'), '{torn', { mode: 0o644 })
    appendFileSync(join(dataDir, 'runs.log'), '00000000 {"t":"run","run":{"id":"r1","sta')
    chmodSync(join(dataDir, 'runs.log'), 0o600)
    appendFileSync(join(dataDir, 'runs.jsonl'), '{"id":"r1","sta')
    chmodSync(join(dataDir, 'runs.jsonl'), 0o600)
    const logs: string[] = []
    const opened = await openEngine({ dataDir, host: 'cli', log: (line) => logs.push(line) })
    const receiver = await startReceiver(opened.engine, { host: '127.0.0.1', port: 0 })
    try {
      await opened.engine.scenarios.save({ fileName: 'story.yaml', source: readFileSync(join(import.meta.dirname, '../../../examples/checkout-rollback.yaml'), 'utf8') })
      const { deliveries } = await opened.engine.deliveries.fire(fireRequest({ provider: 'divshot', event: 'release' }))
      await opened.engine.deliveries.whenFinal(deliveries[0]!.id)
      // A body large enough for a file of its own.
      await fetch(`${receiver.url}r/inbox`, { method: 'POST', body: 'x'.repeat(300 * 1024) })
      await new Promise((resolve) => setTimeout(resolve, 200))
    } finally {
      await receiver.close()
      await opened.close()
    }
    const all = modes(dataDir)
    expect(Object.keys(all)).toEqual(
      expect.arrayContaining([
        'hookbench.json',
        expect.stringMatching(/^hookbench\.json\.corrupt-/),
        expect.stringMatching(/^runs\.log\.unreadable-/),
        'runs.jsonl.migrated',
        'deliveries.index',
        'runs.log',
        'deliveries.index.data/000001.log',
        expect.stringMatching(/^capture-bodies\/.+\.bin$/),
        'scenarios/story.yaml',
      ]),
    )
    for (const [path, mode] of Object.entries(all)) {
      const isDir = statSync(join(dataDir, path)).isDirectory()
      expect(`${path} ${mode}`).toBe(`${path} ${isDir ? '700' : '600'}`)
    }
  })

  it('creates a missing data directory 0700, with its lock file 0600', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'hookbench-private-')), 'new', 'data')
    await ensureDataDir(dataDir)
    const lock = await lockDataDir(dataDir, 'test')
    expect(modes(dataDir)).toEqual({ '.': '700', 'hookbench.lock': '600' })
    await lock.release()
  })

  it('tightens a data directory an older version left open to others, and says so', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-private-'))
    chmodSync(dataDir, 0o755)
    writeFileSync(join(dataDir, 'hookbench.json'), '{}', { mode: 0o644 })
    mkdirSync(join(dataDir, 'scenarios'), { mode: 0o755 })
    writeFileSync(join(dataDir, 'scenarios', 'a.yaml'), 'version: 1\n', { mode: 0o644 })
    const warnings: string[] = []
    await ensureDataDir(dataDir, (message) => warnings.push(message))
    expect(modes(dataDir)).toEqual({ '.': '700', 'hookbench.json': '600', scenarios: '700', 'scenarios/a.yaml': '600' })
    expect(warnings).toEqual([`the data directory ${dataDir} was readable by other users (mode 0755); it and its files are now readable by you only (0700)`])
  })

  it('leaves a folder holding other things as it is, tightening only its own files, and warns', async () => {
    const project = mkdtempSync(join(tmpdir(), 'hookbench-private-'))
    chmodSync(project, 0o755)
    writeFileSync(join(project, 'README.md'), 'mine', { mode: 0o644 })
    writeFileSync(join(project, 'deliveries.index'), '', { mode: 0o644 })
    const warnings: string[] = []
    await ensureDataDir(project, (message) => warnings.push(message))
    expect(modes(project)).toEqual({ '.': '755', 'README.md': '644', 'deliveries.index': '600' })
    expect(warnings).toEqual([expect.stringContaining('holds other files, so it was left as it is')])
  })
})
