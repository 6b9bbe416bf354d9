import { createHash, randomUUID } from 'node:crypto'
import { link, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { FILE_MODE } from './private-files'
import { SetupError } from '../core/errors'

export interface DataDirLock {
  release(): Promise<void>
}

/** Two processes writing one data directory would corrupt it; this says who holds it. */
export class DataDirBusyError extends SetupError {}

const LOCK_FILE = 'hookbench.lock'
/** Looks at the lock again this many times while another process is taking a stale one over. */
const TRIES = 50
/** A takeover claim this old belongs to a process that died mid-takeover: it no longer counts. */
const CLAIM_EXPIRES_MS = 10_000

interface Holder {
  pid: number
  host: string
  purpose: string
}

export interface LockOptions {
  /** This process (tests race many holders in one process). */
  pid?: number
  /** Whether a holder's process still runs (default: a signal 0 to its pid on this host). */
  isAlive?: (holder: Holder) => boolean
}

/**
 * Takes the data directory for this process. A lock left by a process that no longer runs
 * (a crash, SIGKILL) is taken over, so a killed run never blocks the next one.
 *
 * No two takers can both win, however they interleave: the lock file appears whole or not at
 * all (written aside, then hard-linked into place, which fails if it exists), and a stale lock is
 * replaced only by the one process that claims its takeover (a claim file named after the stale
 * lock's content, created exclusively): a live lock is never removed.
 */
export async function lockDataDir(dataDir: string, purpose: string, options: LockOptions = {}): Promise<DataDirLock> {
  const { pid = process.pid, isAlive = isRunningHere } = options
  const file = join(dataDir, LOCK_FILE)
  const mine = JSON.stringify({ pid, host: hostname(), purpose, since: new Date().toISOString(), nonce: randomUUID() })
  const draft = join(dataDir, `${LOCK_FILE}.${pid}-${randomUUID()}`)
  await writeFile(draft, mine, { mode: FILE_MODE, flag: 'wx' })
  try {
    for (let tries = 0; tries < TRIES; tries++) {
      if (await linkOrExists(draft, file)) return held(file, mine)
      const text = await readText(file)
      // Released or taken over meanwhile: try again.
      if (text === undefined) continue
      const holder = parseHolder(text)
      if (holder && isAlive(holder)) {
        throw new DataDirBusyError(
          `the data directory ${dataDir} is in use by another Hookbench (${holder.purpose}, pid ${holder.pid}); stop it or choose another with --data-dir`,
        )
      }
      if (await claimTakeover(dataDir, text)) {
        await rename(draft, file)
        await removeOldClaims(dataDir)
        return held(file, mine)
      }
      // Another process is taking this stale lock over: its lock will be live when we look again.
      await delay(10 + Math.floor(Math.random() * 20))
    }
  } finally {
    await rm(draft, { force: true })
  }
  throw new DataDirBusyError(`could not lock the data directory ${dataDir}; another Hookbench is starting there`)
}

function held(file: string, mine: string): DataDirLock {
  return {
    // Only our own lock is removed (never one that replaced it).
    async release() {
      if ((await readText(file)) === mine) await rm(file, { force: true })
    },
  }
}

async function linkOrExists(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

const claimName = (dataDir: string, staleText: string) =>
  join(dataDir, `${LOCK_FILE}.takeover-${createHash('sha256').update(staleText).digest('hex').slice(0, 16)}`)

/** True for the one process that may replace this stale lock. */
async function claimTakeover(dataDir: string, staleText: string): Promise<boolean> {
  const claim = claimName(dataDir, staleText)
  try {
    await writeFile(claim, String(process.pid), { mode: FILE_MODE, flag: 'wx' })
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  if (Date.now() - (await mtimeOf(claim)) > CLAIM_EXPIRES_MS) await rm(claim, { force: true })
  return false
}

/** Claims are kept a while: a slow process that read the same stale lock must still lose. */
async function removeOldClaims(dataDir: string) {
  for (const name of await readdir(dataDir)) {
    if (!name.startsWith(`${LOCK_FILE}.takeover-`)) continue
    const claim = join(dataDir, name)
    if (Date.now() - (await mtimeOf(claim)) > CLAIM_EXPIRES_MS) await rm(claim, { force: true })
  }
}

async function mtimeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).mtimeMs
  } catch {
    return Date.now()
  }
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

function parseHolder(text: string): Holder | undefined {
  try {
    const parsed = JSON.parse(text) as { pid?: unknown; host?: unknown; purpose?: unknown }
    if (typeof parsed.pid !== 'number') return undefined
    return { pid: parsed.pid, host: String(parsed.host), purpose: String(parsed.purpose ?? 'unknown') }
  } catch {
    return undefined
  }
}

/** A holder on another machine (a shared folder) cannot be asked: its lock counts as stale, as before. */
function isRunningHere(holder: Holder): boolean {
  if (holder.host !== hostname()) return false
  if (holder.pid === process.pid) return true
  try {
    process.kill(holder.pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
