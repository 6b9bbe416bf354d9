import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'undici'
import { CLI_PATH } from '../lib/build'
import { RUNS } from '../lib/load'
import { spawnedAt, startTetheredNode, waitForOutput } from '../lib/processes'
import { median, record } from '../lib/results'
import { seedDeliveries, seededDelivery } from '../lib/seed-history'
import { openEngine } from '../../src/main/host/open-engine'
import { openDeliveryHistory } from '../../src/main/persistence/delivery-history'

const SIZES = [10_000, 100_000] as const
/** Deliveries saved (queued, sending, final) to measure what one costs with a full history. */
const WRITES = 3_000
/** Page calls per page figure (each figure is their median). */
const PAGE_CALLS = 30

const seeded = new Map<number, string>()
async function seededDir(size: number): Promise<string> {
  let dir = seeded.get(size)
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), `hookbench-bench-history-${size}-`))
    await seedDeliveries(dir, size)
    seeded.set(size, dir)
  }
  return dir
}

/** The process behind the tether (`serve` itself). */
const childOf = (pid: number) => readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0]

/** Its resident set, in MB. */
function rssOfChildOf(pid: number): number {
  const status = readFileSync(`/proc/${childOf(pid)}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1])
  return kb / 1024
}

/** The CPU time it used so far (user and system, every thread), in ms: what its start cost, however busy the machine. */
function cpuOfChildOf(pid: number): number {
  const stat = readFileSync(`/proc/${childOf(pid)}/stat`, 'utf8')
  // The fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks (100 a second).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** How often the bench asks `serve` whether it has read its history. */
const POLL_MS = 20

interface ServeStart {
  /** From serve's spawn to its first API answer (getStatus right after it printed its URL). */
  apiMs: number
  /** …to the first getStatus that no longer says the history is loading. */
  fullMs: number
  /** The slowest getStatus answer meanwhile (the event loop while the history is read). */
  slowestAnswerMs: number
  /** serve's resident set once the history is read. */
  rssMb: number
  /** serve's CPU time when it answered, and when its history was read. */
  apiCpuMs: number
  fullCpuMs: number
}

/** Spawns `serve` on the data directory and times it (from serve's own spawn, not the tether's) until it answers, then until its history is read. */
async function serveStart(dataDir: string): Promise<ServeStart> {
  const child = startTetheredNode([CLI_PATH, 'serve', '--port', '0', '--receiver-port', '0', '--no-open', '--data-dir', dataDir], { saySpawn: true })
  const now = () => performance.timeOrigin + performance.now()
  try {
    const [, url] = await waitForOutput(child, /Hookbench UI:\s+(http\S+)/, 'hookbench serve', 60_000)
    const started = await spawnedAt(child)
    const status = async () => {
      const res = await request(new URL('/api/getStatus', url!), { method: 'POST', headers: { 'content-type': 'application/json', origin: new URL(url!).origin }, body: '{}' })
      const answer = (await res.body.json()) as { ok: boolean; data: { historyLoading?: true } }
      if (!answer.ok) throw new Error('getStatus failed')
      return answer.data
    }
    let loading = (await status()).historyLoading === true
    const apiMs = now() - started
    const apiCpuMs = cpuOfChildOf(child.process.pid!)
    let slowestAnswerMs = 0
    // Bounded: a history that takes a minute to read is a failure, not a figure.
    for (let polls = 0; loading && polls < 60_000 / POLL_MS; polls++) {
      await sleep(POLL_MS)
      const asked = now()
      loading = (await status()).historyLoading === true
      slowestAnswerMs = Math.max(slowestAnswerMs, now() - asked)
    }
    if (loading) throw new Error('serve had not read its history within a minute')
    const fullMs = now() - started
    return { apiMs, fullMs, slowestAnswerMs, rssMb: rssOfChildOf(child.process.pid!), apiCpuMs, fullCpuMs: cpuOfChildOf(child.process.pid!) }
  } finally {
    await child.stop()
  }
}

/** µs per delivery to save WRITES deliveries through their three changes, with `size` already kept. */
async function writeCost(dataDir: string, size: number, run: number): Promise<number> {
  const history = await openDeliveryHistory(join(dataDir, 'deliveries.index'), size + 100_000)
  try {
    const first = size + run * WRITES
    const started = performance.now()
    for (let at = first; at < first + WRITES; at += 100) {
      const batch = Array.from({ length: 100 }, (_, k) => seededDelivery(at + k, Date.now()))
      await Promise.all(batch.map((d) => history.save({ ...d, status: 'queued', attempts: [], finishedAt: undefined, reason: undefined })))
      await Promise.all(batch.map((d) => history.save({ ...d, status: 'sending', attempts: [], finishedAt: undefined, reason: undefined })))
      await Promise.all(batch.map((d) => history.save(d)))
    }
    return ((performance.now() - started) * 1000) / WRITES
  } finally {
    await history.close()
  }
}

/** Median ms of a listDeliveries page of 200: newest, filtered (failed + text), and deep (from the middle). */
async function pageTimes(dataDir: string, size: number): Promise<{ first: number; filtered: number; deep: number }> {
  const { engine, close } = await openEngine({ dataDir, host: 'cli', log: () => {}, resume: false })
  try {
    const { deliveries } = engine
    let cursor: string | undefined
    for (let page = deliveries.list({ limit: 1000 }); page.nextCursor && !cursor; page = deliveries.list({ limit: 1000, cursor: page.nextCursor })) {
      if (page.items.at(-1)!.seq <= size / 2) cursor = page.nextCursor
    }
    const time = (call: () => unknown) =>
      median(
        Array.from({ length: PAGE_CALLS }, () => {
          const started = performance.now()
          call()
          return performance.now() - started
        }),
      )
    return {
      first: time(() => deliveries.list({ limit: 200 })),
      filtered: time(() => deliveries.list({ limit: 200, status: 'failed', text: 'qovery' })),
      deep: time(() => deliveries.list({ limit: 200, cursor })),
    }
  } finally {
    await close()
  }
}

/**
 * History at 0, 10k and 100k deliveries (seeded the way the engine saves them): `serve`'s start
 * (API answering, whole history read, RSS then; compared with an empty directory), the cost of
 * saving a delivery, and listDeliveries page times (100k compared with 10k, measured in this run).
 */
export async function historyScale(): Promise<void> {
  const emptyDir = mkdtempSync(join(tmpdir(), 'hookbench-bench-history-empty-'))
  try {
    recordStart(0, await serveStarts(emptyDir))
    for (const size of SIZES) {
      const dir = await seededDir(size)
      const label = size.toLocaleString('en-US')
      recordStart(size, await serveStarts(dir))
      const writes: number[] = []
      for (let run = 0; run < RUNS; run++) writes.push(await writeCost(dir, size, run))
      record({
        id: `history.write.${size}`,
        section: 'history',
        label: `History ${label}: save one delivery (3 changes)`,
        unit: 'µs',
        runs: writes,
        baseline: size === 100_000 ? 'history.write.10000' : null,
        ...(size === 100_000 && { target: { kind: 'ratio-at-most', ratio: 1.2, text: '≤ 1.2× the cost at 10k' } }),
      })
      const pages = []
      for (let run = 0; run < RUNS; run++) pages.push(await pageTimes(dir, size))
      for (const kind of ['first', 'filtered', 'deep'] as const) {
        record({
          id: `history.page.${kind}.${size}`,
          section: 'history',
          label: `History ${label}: listDeliveries page of 200 (${kind === 'first' ? 'newest' : kind === 'filtered' ? 'status + text filter' : 'cursor at the middle'})`,
          unit: 'ms',
          runs: pages.map((p) => p[kind]),
          baseline: size === 100_000 ? `history.page.${kind}.10000` : null,
          target: { kind: 'below', value: 20, text: '< 20 ms' },
        })
      }
    }
  } finally {
    rmSync(emptyDir, { recursive: true, force: true })
    for (const dir of seeded.values()) rmSync(dir, { recursive: true, force: true })
  }
}

async function serveStarts(dir: string) {
  await serveStart(dir) // warm-up (the disk cache), not recorded
  const runs = []
  for (let run = 0; run < RUNS; run++) runs.push(await serveStart(dir))
  return runs
}

/** `serve`'s start at a history size: API answering (any size), whole history read, RSS then; each compared with the empty directory. */
function recordStart(size: number, runs: ServeStart[]) {
  const id = size === 0 ? 'empty' : String(size)
  const label = size === 0 ? 'empty' : size.toLocaleString('en-US')
  const baseline = (figure: string) => (size === 0 ? null : `history.${figure}.empty`)
  const slowest = Math.max(...runs.map((r) => r.slowestAnswerMs))
  const cpu = (kind: 'apiCpuMs' | 'fullCpuMs') => `serve's CPU time then (every thread): ${runs.map((r) => r[kind]).join(' / ')} ms`
  record({
    id: `history.api.${id}`,
    section: 'history',
    label: `History ${label}: serve answers its API (its spawn → first getStatus answer)`,
    unit: 'ms',
    runs: runs.map((r) => r.apiMs),
    baseline: baseline('api'),
    target: { kind: 'below', value: 600, text: '< 0.6 s at any size' },
    notes: [cpu('apiCpuMs')],
  })
  record({
    id: `history.full.${id}`,
    section: 'history',
    label: `History ${label}: serve has read its whole history (its spawn → getStatus without historyLoading)`,
    unit: 'ms',
    runs: runs.map((r) => r.fullMs),
    baseline: baseline('full'),
    target: { kind: 'below', value: 1000, text: '< 1 s' },
    notes: [cpu('fullCpuMs'), ...(size > 0 ? [`getStatus polled every ${POLL_MS} ms while the history was read; its slowest answer meanwhile: ${slowest.toFixed(0)} ms`] : [])],
  })
  record({
    id: `history.rss.${id}`,
    section: 'history',
    label: `History ${label}: serve RSS with its history read`,
    unit: 'MB',
    runs: runs.map((r) => r.rssMb),
    baseline: baseline('rss'),
    ...(size === 100_000 && { target: { kind: 'below', value: 250, text: '< 250 MB' } }),
  })
}
