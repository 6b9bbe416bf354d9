import { appendFileSync, chmodSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeliverySummary } from '../../src/shared/schemas/delivery'
import { openEngine } from '../../src/main/host/open-engine'
import { type Finished, hookbench, hookbenchToEnd } from './support/child'
import { startFlakyTarget } from './support/flaky-target'
import { createTally } from './support/tally'
import { unprivileged } from './support/unprivileged'
import { postApi } from '../support/web-api'

const tally = createTally('storage faults')
let target: Awaited<ReturnType<typeof startFlakyTarget>>
beforeAll(async () => {
  // Never fails: these tests are about the disk, not the network.
  target = await startFlakyTarget('storage-faults', 0)
})
afterAll(async () => {
  tally.flush()
  await target.close()
})

/** A data directory holding three delivered events, made by the CLI as a user would. */
async function dataDirWithHistory(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-faults-'))
  for (let i = 0; i < 3; i++) {
    const fired = await fire(dataDir)
    if (fired.code !== 0) throw new Error(`setup fire failed: ${fired.stderr}`)
  }
  return dataDir
}

const fire = (dataDir: string, as = {}) =>
  hookbenchToEnd(['fire', 'divshot', 'release', '--to', target.url, '--secret=whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', '--data-dir', dataDir], 30_000, as)

async function deliveryIds(dataDir: string): Promise<string[]> {
  const opened = await openEngine({ dataDir, host: 'cli', resume: false, log: () => {} })
  try {
    const result = await opened.dispatch('listDeliveries', { limit: 500 })
    if (!result.ok) throw new Error(result.error.message)
    return (result.data as { items: DeliverySummary[] }).items.map((d) => d.id).sort()
  } finally {
    await opened.close()
  }
}

/** Every file under a directory with its bytes: "nothing already written is lost" compares these. */
function snapshot(dir: string, into = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) snapshot(path, into)
    else into.set(path, readFileSync(path, 'latin1'))
  }
  return into
}

const allText = (dir: string) => [...snapshot(dir).values()].join('\n')

/** One message a person can act on: said on stderr, short, with no stack trace. */
function oneClearMessage(finished: Finished): string | undefined {
  const lines = finished.stderr.trim().split('\n').filter(Boolean)
  if (lines.length === 0) return `nothing said (exit ${finished.code})`
  if (/\n\s+at |node:internal|Node\.js v\d/.test(finished.stderr)) return `a stack trace: ${finished.stderr.slice(0, 300)}`
  if (lines.length > 3) return `${lines.length} lines: ${finished.stderr.slice(0, 300)}`
  return undefined
}

describe('damaged and unwritable storage', () => {
  it('a torn last line: one warning, every earlier delivery kept, and the next write starts a fresh line', async () => {
    const dataDir = await dataDirWithHistory()
    const before = await deliveryIds(dataDir)
    appendFileSync(join(dataDir, 'deliveries.index'), '0badc0de {"u":"msg_torn')
    const resumed = await hookbenchToEnd(['resume', '--data-dir', dataDir])
    const warnings = resumed.stderr.split('\n').filter((line) => /unreadable line/.test(line))
    tally.check('torn line: one warning naming the file', warnings.length === 1 && warnings[0]!.includes('deliveries.index') ? undefined : `stderr: ${resumed.stderr.slice(0, 300)}`)
    tally.check('torn line: resume exits 0', resumed.code === 0 ? undefined : `exit ${resumed.code}`)
    const next = await fire(dataDir)
    const after = await deliveryIds(dataDir)
    tally.check('torn line: earlier deliveries kept and the next one recorded', next.code === 0 && before.every((id) => after.includes(id)) && after.length === before.length + 1 ? undefined : `${before.length} before, ${after.length} after (fire exit ${next.code})`)
    expect(tally.failures).toEqual([])
  })

  it('1,500 garbage lines (say, from a newer version) are skipped with one warning per file and kept on disk, not compacted away', async () => {
    const seen = tally.failures.length
    const dataDir = await dataDirWithHistory()
    const before = await deliveryIds(dataDir)
    const garbage = (file: string) => Array.from({ length: 1_500 }, (_, i) => `feedface {"future":"garbage-${file}-${i}","\u0000":"\udcff"}\n`).join('')
    for (const file of ['deliveries.index', 'runs.jsonl']) appendFileSync(join(dataDir, file), garbage(file))
    // Opened and closed twice: a compaction at close has every chance to run.
    for (let i = 0; i < 2; i++) {
      const resumed = await hookbenchToEnd(['resume', '--data-dir', dataDir])
      tally.check(`garbage lines: resume ${i + 1} exits 0 with no trace`, resumed.code === 0 && !/\n\s+at /.test(resumed.stderr) ? undefined : `exit ${resumed.code}: ${resumed.stderr.slice(0, 300)}`)
    }
    const after = await deliveryIds(dataDir)
    const text = allText(dataDir)
    tally.check('garbage lines: every delivery still listed', before.every((id) => after.includes(id)) ? undefined : `${before.length} before, ${after.length} after`)
    for (const file of ['deliveries.index', 'runs.jsonl']) {
      tally.check(`garbage lines: ${file}'s unreadable lines still on disk`, text.includes(`garbage-${file}-0"`) && text.includes(`garbage-${file}-1499"`) ? undefined : 'deleted')
    }
    expect(tally.failures.slice(seen)).toEqual([])
  })

  it('a read-only history file: fire says so once, exits non-zero, and the file is unchanged', async () => {
    const seen = tally.failures.length
    const dataDir = await dataDirWithHistory()
    const as = unprivileged()
    const index = join(dataDir, 'deliveries.index')
    chmodSync(index, 0o444)
    const before = readFileSync(index, 'latin1')
    const fired = await fire(dataDir, as)
    tally.check('read-only file: one clear message', oneClearMessage(fired))
    tally.check('read-only file: exit non-zero', fired.code !== 0 && fired.code !== null ? undefined : `exit ${fired.code ?? fired.signal}`)
    tally.check('read-only file: its bytes unchanged', readFileSync(index, 'latin1') === before ? undefined : 'changed')
    chmodSync(index, 0o644)
    tally.check('read-only file: the earlier deliveries still listed', (await deliveryIds(dataDir)).length >= 3 ? undefined : 'lost')
    expect(tally.failures.slice(seen)).toEqual([])
  })

  it('a data directory made unwritable under serve: a change is refused with a clear answer, serve stays up, memory and disk agree', async () => {
    const seen = tally.failures.length
    const dataDir = await dataDirWithHistory()
    const as = unprivileged()
    const serve = hookbench(['serve', '--port', '0', '--receiver-port', '0', '--no-open', '--data-dir', dataDir], as)
    try {
      await serve.printed(/Hookbench UI:\s+http:\/\/\S+/)
      const url = /Hookbench UI:\s+(http:\/\/\S+)/.exec(serve.output())?.[1] ?? ''
      const config = join(dataDir, 'hookbench.json')
      const before = readFileSync(config, 'latin1')
      // hookbench.json is replaced whole (a new file renamed over it): the directory is what must be writable.
      chmodSync(dataDir, 0o555)
      const created = await callApi(url, 'createSubscription', { name: 'cannot save', url: target.url, provider: 'divshot' })
      tally.check('unwritable dir under serve: createSubscription refused', created.status !== 200 ? undefined : 'answered 200')
      tally.check('unwritable dir under serve: a message and no trace', typeof created.body?.error?.message === 'string' && !/\n\s+at /.test(created.body.error.message) ? undefined : `status ${created.status}`)
      const listed = await callApi(url, 'listSubscriptions', {})
      tally.check('unwritable dir under serve: serve still up', listed.status === 200 ? undefined : `status ${listed.status}`)
      tally.check('unwritable dir under serve: the refused subscription is not listed', listed.body?.data?.every((s) => s.name !== 'cannot save') ? undefined : 'listed although not saved')
      tally.check('unwritable dir under serve: hookbench.json unchanged', readFileSync(config, 'latin1') === before ? undefined : 'changed')
    } finally {
      chmodSync(dataDir, 0o755)
      serve.child.kill('SIGTERM')
      await serve.done
    }
    expect(tally.failures.slice(seen)).toEqual([])
  }, 60_000)

  it('an unwritable data directory: one clear message, non-zero exit, nothing in it changed', async () => {
    const seen = tally.failures.length
    const dataDir = await dataDirWithHistory()
    const as = unprivileged()
    chmodSync(dataDir, 0o555)
    const before = snapshot(dataDir)
    const fired = await fire(dataDir, as)
    chmodSync(dataDir, 0o755)
    tally.check('unwritable dir: one clear message', oneClearMessage(fired))
    tally.check('unwritable dir: exit non-zero', fired.code !== 0 && fired.code !== null ? undefined : `exit ${fired.code ?? fired.signal}`)
    const after = snapshot(dataDir)
    tally.check('unwritable dir: nothing changed', [...before].every(([path, bytes]) => after.get(path) === bytes) && after.size === before.size ? undefined : 'files changed')
    expect(tally.failures.slice(seen)).toEqual([])
  })
})

interface ApiAnswer {
  status: number
  body?: { data?: Array<{ name: string }>; error?: { message?: string } }
}

async function callApi(url: string, method: string, input: unknown): Promise<ApiAnswer> {
  const res = await postApi(url, method, input)
  const text = await res.text()
  try {
    return { status: res.status, body: JSON.parse(text) as ApiAnswer['body'] }
  } catch {
    return { status: res.status }
  }
}
