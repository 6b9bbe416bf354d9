import { readFile, rm, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { SetupError } from '../core/errors'

export interface DataDirLock {
  release(): Promise<void>
}

/** Two processes writing one data directory would corrupt it; this says who holds it. */
export class DataDirBusyError extends SetupError {}

const LOCK_FILE = 'hookbench.lock'

/**
 * Takes the data directory for this process. A lock left by a process that no longer runs
 * (a crash, SIGKILL) is taken over, so a killed run never blocks the next one.
 */
export async function lockDataDir(dataDir: string, purpose: string): Promise<DataDirLock> {
  const file = join(dataDir, LOCK_FILE)
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), purpose, since: new Date().toISOString() })
  for (let tries = 0; tries < 2; tries++) {
    try {
      await writeFile(file, mine, { flag: 'wx' })
      return { release: () => rm(file, { force: true }) }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const holder = await readHolder(file)
    if (holder && holder.host === hostname() && isAlive(holder.pid)) {
      throw new DataDirBusyError(
        `the data directory ${dataDir} is in use by another Hookbench (${holder.purpose}, pid ${holder.pid}); stop it or choose another with --data-dir`,
      )
    }
    await rm(file, { force: true })
  }
  throw new DataDirBusyError(`could not lock the data directory ${dataDir}; another Hookbench is starting there`)
}

async function readHolder(file: string): Promise<{ pid: number; host: string; purpose: string } | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { pid?: unknown; host?: unknown; purpose?: unknown }
    if (typeof parsed.pid !== 'number') return undefined
    return { pid: parsed.pid, host: String(parsed.host), purpose: String(parsed.purpose ?? 'unknown') }
  } catch {
    return undefined
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
