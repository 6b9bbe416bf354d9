import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { build } from 'rolldown'
import { describe, expect, it } from 'vitest'

const tempDir = () => mkdtempSync(join(tmpdir(), 'hookbench-lock-'))
const LOCK = 'hookbench.lock'
/** A lock left by a process that died (SIGKILL): its pid runs no more. */
const staleLock = (dir: string) => writeFileSync(join(dir, LOCK), JSON.stringify({ pid: 2 ** 22 + 17, host: hostname(), purpose: 'hookbench web' }))

/** Separate processes, as `hookbench serve` started many times at once: the lock is the only thing between them. */
describe('data directory lock across processes', () => {
  it('has exactly one winner among 40 processes started together on a stale lock', async () => {
    const dir = tempDir()
    staleLock(dir)
    const script = await bundleTaker()
    const takers = Array.from({ length: 40 }, () => startTaker(script, dir))
    // All started and waiting: they try at the same moment.
    await Promise.all(takers.map((t) => t.line()))
    for (const taker of takers) taker.child.stdin.write('go\n')
    const outcomes = await Promise.all(takers.map((t) => t.line()))
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1)
    expect(outcomes.filter((o) => o === 'busy')).toHaveLength(39)
    for (const taker of takers) taker.child.stdin.end()
    await Promise.all(takers.map((t) => new Promise((resolve) => t.child.once('exit', resolve))))
    expect(existsSync(join(dir, LOCK))).toBe(false)
  }, 60_000)
})

/** A small program: says "ready", takes the lock on "go", says how it went, and releases it when its input ends. */
async function bundleTaker(): Promise<string> {
  const dir = tempDir()
  const entry = join(dir, 'taker.ts')
  const lockModule = join(import.meta.dirname, '../../../src/main/persistence/data-dir-lock.ts')
  writeFileSync(
    entry,
    `import { createInterface } from 'node:readline'
import { lockDataDir } from ${JSON.stringify(lockModule)}
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
process.stdout.write('ready\\n')
await lines.next()
let lock
try {
  lock = await lockDataDir(process.argv[2], 'child')
  process.stdout.write('won\\n')
} catch (error) {
  process.stdout.write(error.constructor.name === 'DataDirBusyError' ? 'busy\\n' : 'error: ' + error.message + '\\n')
}
await lines.next()
await lock?.release()
`,
  )
  const out = join(dir, 'taker.mjs')
  await build({ input: entry, platform: 'node', output: { file: out, format: 'esm' }, logLevel: 'silent' })
  return out
}

function startTaker(script: string, dataDir: string) {
  const child = spawn(process.execPath, [script, dataDir], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  return { child, line: async () => String((await lines.next()).value) }
}
