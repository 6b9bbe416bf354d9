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

/**
 * Who holds a lock, enough to tell it from a later process given the same pid (a container's
 * PID 1 restarted, pids reused after a reboot or wrap-around): the boot it ran in and the moment
 * its process started (Linux), and the lock's own nonce.
 */
export interface Holder {
  pid: number
  host: string
  purpose: string
  nonce?: string
  /** `/proc/sys/kernel/random/boot_id`: a new one at every boot. */
  bootId?: string
  /** When the process started, in clock ticks since boot (field 22 of `/proc/<pid>/stat`). */
  startTime?: string
}

/** Nonces of the locks this process holds: a lock naming our pid but another nonce is a dead predecessor's. */
const heldHere = new Set<string>()

export interface LockOptions {
  /** This process (tests race many holders in one process). */
  pid?: number
  /** Whether a holder's process still runs (default: `isRunningHere`). */
  isAlive?: (holder: Holder) => boolean | Promise<boolean>
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
  const nonce = randomUUID()
  const identity = { bootId: await bootId(), startTime: await startTimeOf(pid) }
  const mine = JSON.stringify({ pid, host: hostname(), purpose, since: new Date().toISOString(), nonce, ...identity })
  const draft = join(dataDir, `${LOCK_FILE}.${pid}-${randomUUID()}`)
  try {
    // Inside the try: a write cut short (a full disk) leaves no draft behind.
    await writeFile(draft, mine, { mode: FILE_MODE, flag: 'wx' })
    for (let tries = 0; tries < TRIES; tries++) {
      if (await linkOrExists(draft, file)) return await held(dataDir, file, mine, nonce)
      const text = await readText(file)
      // Released or taken over meanwhile: try again.
      if (text === undefined) continue
      const holder = parseHolder(text)
      if (holder && (await isAlive(holder))) {
        throw new DataDirBusyError(
          `the data directory ${dataDir} is in use by another Hookbench (${holder.purpose}, pid ${holder.pid}); stop it or choose another with --data-dir`,
        )
      }
      if (await claimTakeover(dataDir, text)) {
        await rename(draft, file)
        return await held(dataDir, file, mine, nonce)
      }
      // Another process is taking this stale lock over: its lock will be live when we look again.
      await delay(10 + Math.floor(Math.random() * 20))
    }
  } finally {
    await rm(draft, { force: true })
  }
  throw new DataDirBusyError(`could not lock the data directory ${dataDir}; another Hookbench is starting there`)
}

async function held(dataDir: string, file: string, mine: string, nonce: string): Promise<DataDirLock> {
  heldHere.add(nonce)
  await removeDebris(dataDir)
  return {
    // Only our own lock is removed (never one that replaced it).
    async release() {
      heldHere.delete(nonce)
      if ((await readText(file)) === mine) await rm(file, { force: true })
      await removeDebris(dataDir)
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
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      // Created but not written (a full disk): ours, and no use to anyone.
      await rm(claim, { force: true }).catch(() => {})
      throw error
    }
  }
  if (Date.now() - (await mtimeOf(claim)) > CLAIM_EXPIRES_MS) await rm(claim, { force: true })
  return false
}

/**
 * Removes what processes killed while taking the lock left behind: their drafts
 * (`hookbench.lock.<pid>-<uuid>`) and takeover claims. Only old ones: a claim is kept a while so
 * that a slow process that read the same stale lock still loses, and a draft lives while its
 * process tries to lock (well under a second).
 */
async function removeDebris(dataDir: string) {
  const names = await readdir(dataDir).catch(() => [] as string[])
  for (const name of names) {
    if (!name.startsWith(`${LOCK_FILE}.`) || name.includes('.unreadable-')) continue
    const path = join(dataDir, name)
    if (Date.now() - (await mtimeOf(path)) > CLAIM_EXPIRES_MS) await rm(path, { force: true }).catch(() => {})
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
    const parsed = JSON.parse(text) as Record<string, unknown>
    if (typeof parsed.pid !== 'number') return undefined
    const optional = (key: string) => (typeof parsed[key] === 'string' ? { [key]: parsed[key] } : {})
    return {
      pid: parsed.pid,
      host: String(parsed.host),
      purpose: String(parsed.purpose ?? 'unknown'),
      ...optional('nonce'),
      ...optional('bootId'),
      ...optional('startTime'),
    }
  } catch {
    return undefined
  }
}

/**
 * Whether the lock's holder still runs. A holder on another machine (a shared folder) cannot be
 * asked: its lock counts as stale, as before. Our own pid holds it only if this process took it
 * (a container's PID 1, restarted after a SIGKILL, finds its predecessor's lock naming pid 1).
 * Another pid is the holder only in the same boot and, where Linux tells, with the same start time.
 */
export async function isRunningHere(holder: Holder): Promise<boolean> {
  if (holder.host !== hostname()) return false
  if (holder.pid === process.pid) return holder.nonce !== undefined && heldHere.has(holder.nonce)
  const boot = await bootId()
  if (holder.bootId && boot && holder.bootId !== boot) return false
  const started = holder.startTime === undefined ? undefined : await startTimeOf(holder.pid)
  if (started !== undefined) return started === holder.startTime
  try {
    process.kill(holder.pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** This boot's id (Linux); undefined elsewhere. */
async function bootId(): Promise<string | undefined> {
  return (await readText('/proc/sys/kernel/random/boot_id').catch(() => undefined))?.trim() || undefined
}

/** When a process started, in clock ticks since boot (Linux); undefined when unknown or not running. */
export async function startTimeOf(pid: number): Promise<string | undefined> {
  const stat = await readText(`/proc/${pid}/stat`).catch(() => undefined)
  // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ')
  // Field 22 of the line, the 20th after the name (state is field 3).
  return fields?.[19]
}
