import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DataDirBusyError, lockDataDir } from '../../../src/main/persistence/data-dir-lock'

const tempDir = () => mkdtempSync(join(tmpdir(), 'hookbench-lock-'))
const LOCK = 'hookbench.lock'
/** A lock left by a process that died (SIGKILL): its pid runs no more. */
const staleLock = (dir: string) => writeFileSync(join(dir, LOCK), JSON.stringify({ pid: 2 ** 22 + 17, host: hostname(), purpose: 'hookbench web' }))

/** Many takers in one process, each with its own pid; every pid but the stale one counts as alive. */
async function raceInProcess(dir: string, takers: number) {
  const live = new Set<number>()
  const results = await Promise.allSettled(
    Array.from({ length: takers }, (_, k) => {
      const pid = 100_000 + k
      live.add(pid)
      return lockDataDir(dir, `taker ${k}`, { pid, isAlive: (holder) => live.has(holder.pid) })
    }),
  )
  return {
    won: results.filter((r) => r.status === 'fulfilled').length,
    busy: results.filter((r) => r.status === 'rejected' && r.reason instanceof DataDirBusyError).length,
  }
}

describe('data directory lock', () => {
  it('has exactly one winner among 200 simultaneous takers of a free directory', async () => {
    expect(await raceInProcess(tempDir(), 200)).toEqual({ won: 1, busy: 199 })
  })

  it('has exactly one winner among 200 simultaneous takers of a stale lock, and leaves one whole lock', async () => {
    for (let round = 0; round < 5; round++) {
      const dir = tempDir()
      staleLock(dir)
      expect(await raceInProcess(dir, 200)).toEqual({ won: 1, busy: 199 })
      expect(JSON.parse(readFileSync(join(dir, LOCK), 'utf8'))).toMatchObject({ purpose: expect.stringMatching(/^taker /) })
      expect(readdirSync(dir).filter((name) => name.startsWith(`${LOCK}.`) && !name.includes('takeover'))).toEqual([])
    }
  })

  it('releases only its own lock, and a released directory can be taken again', async () => {
    const dir = tempDir()
    const lock = await lockDataDir(dir, 'first')
    await expect(lockDataDir(dir, 'second')).rejects.toThrow(/in use by another Hookbench \(first, pid \d+\)/)
    await lock.release()
    expect(existsSync(join(dir, LOCK))).toBe(false)
    const again = await lockDataDir(dir, 'third')
    await lock.release()
    expect(existsSync(join(dir, LOCK))).toBe(true)
    await again.release()
  })
})
