import { existsSync, mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DataDirBusyError, lockDataDir, startTimeOf } from '../../../src/main/persistence/data-dir-lock'

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

describe('a lock that names a live pid', () => {
  const lockNaming = (dir: string, holder: Record<string, unknown>) =>
    writeFileSync(join(dir, LOCK), JSON.stringify({ host: hostname(), purpose: 'hookbench web', since: '2026-01-01T00:00:00.000Z', ...holder }))
  const bootId = () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()

  it("is taken over when it names this process's own pid but not a lock it took (a container's PID 1 restarted after SIGKILL)", async () => {
    const dir = tempDir()
    // What the killed PID 1 left: its pid is ours now, with another start time and nonce.
    lockNaming(dir, { pid: process.pid, nonce: 'the-killed-one', bootId: bootId(), startTime: '1' })
    const lock = await lockDataDir(dir, 'hookbench web')
    expect(JSON.parse(readFileSync(join(dir, LOCK), 'utf8'))).toMatchObject({ pid: process.pid, purpose: 'hookbench web', bootId: bootId(), startTime: await startTimeOf(process.pid) })
    // Our own live lock still keeps a second taker in this process out.
    await expect(lockDataDir(dir, 'second')).rejects.toThrow(DataDirBusyError)
    await lock.release()
  })

  it('is taken over when its pid now belongs to another process (started later, or in another boot), and kept when it is that process', async () => {
    const other = process.ppid
    const started = await startTimeOf(other)
    expect(started).toMatch(/^\d+$/)
    const reused = tempDir()
    lockNaming(reused, { pid: other, nonce: 'n', bootId: bootId(), startTime: String(Number(started) + 1) })
    await (await lockDataDir(reused, 'after pid reuse')).release()
    const rebooted = tempDir()
    lockNaming(rebooted, { pid: other, nonce: 'n', bootId: '00000000-0000-0000-0000-000000000000', startTime: started })
    await (await lockDataDir(rebooted, 'after a reboot')).release()
    const live = tempDir()
    lockNaming(live, { pid: other, nonce: 'n', bootId: bootId(), startTime: started })
    await expect(lockDataDir(live, 'third')).rejects.toThrow(`in use by another Hookbench (hookbench web, pid ${other})`)
    // A lock from a version that recorded neither: a live pid still counts as its holder.
    const old = tempDir()
    lockNaming(old, { pid: other })
    await expect(lockDataDir(old, 'fourth')).rejects.toThrow(DataDirBusyError)
  })

  it('removes the drafts and takeover claims that killed takers left behind, and keeps fresh ones', async () => {
    const dir = tempDir()
    const longAgo = new Date(Date.now() - 60_000)
    const leftovers = [`${LOCK}.4242-3f1c2d7e-0000-4000-8000-000000000000`, `${LOCK}.takeover-0123456789abcdef`]
    for (const name of leftovers) {
      writeFileSync(join(dir, name), '')
      utimesSync(join(dir, name), longAgo, longAgo)
    }
    const fresh = `${LOCK}.takeover-fedcba9876543210`
    writeFileSync(join(dir, fresh), '')
    const lock = await lockDataDir(dir, 'cleaner')
    expect(readdirSync(dir).sort()).toEqual([LOCK, fresh])
    await lock.release()
    expect(readdirSync(dir)).toEqual([fresh])
  })
})
