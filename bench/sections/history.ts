import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CLI_PATH } from '../lib/build'
import { RUNS } from '../lib/load'
import { startTetheredNode, waitForOutput } from '../lib/processes'
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

/** The resident set of the process behind the tether (`serve` itself), in MB. */
function rssOfChildOf(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)
  const status = readFileSync(`/proc/${children[0]}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1])
  return kb / 1024
}

/** Spawns `serve` on the data directory; ms until it says it is ready, and its RSS then. */
async function coldStart(dataDir: string): Promise<{ ms: number; rssMb: number }> {
  const started = performance.now()
  const child = startTetheredNode([CLI_PATH, 'serve', '--port', '0', '--receiver-port', '0', '--no-open', '--data-dir', dataDir])
  try {
    await waitForOutput(child, /Hookbench UI:\s+http/, 'hookbench serve', 60_000)
    const ms = performance.now() - started
    return { ms, rssMb: rssOfChildOf(child.process.pid!) }
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
 * History at 10k and 100k deliveries (seeded the way the engine saves them): `serve` cold start
 * and RSS, the cost of saving a delivery, and listDeliveries page times. Each figure at 100k is
 * compared with the same figure at 10k, measured in this run.
 */
export async function historyScale(): Promise<void> {
  const emptyDir = mkdtempSync(join(tmpdir(), 'hookbench-bench-history-empty-'))
  try {
    const empty = await coldStarts(emptyDir)
    recordStart('empty', empty, null)
    for (const size of SIZES) {
      const dir = await seededDir(size)
      const label = size.toLocaleString('en-US')
      recordStart(label, await coldStarts(dir), size === 100_000 ? '10,000' : 'empty')
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

async function coldStarts(dir: string) {
  const runs = []
  for (let run = 0; run < RUNS; run++) runs.push(await coldStart(dir))
  return runs
}

function recordStart(label: string, runs: { ms: number; rssMb: number }[], baseline: string | null) {
  const id = label.replace(/,/g, '')
  const at100k = label === '100,000'
  record({
    id: `history.start.${id}`,
    section: 'history',
    label: `History ${label}: serve cold start (spawn → ready)`,
    unit: 'ms',
    runs: runs.map((r) => r.ms),
    baseline: baseline && `history.start.${baseline.replace(/,/g, '')}`,
    ...(at100k && { target: { kind: 'below', value: 1000, text: '< 1 s' } }),
  })
  record({
    id: `history.rss.${id}`,
    section: 'history',
    label: `History ${label}: serve RSS when ready`,
    unit: 'MB',
    runs: runs.map((r) => r.rssMb),
    baseline: baseline && `history.rss.${baseline.replace(/,/g, '')}`,
    ...(at100k && { target: { kind: 'below', value: 250, text: '< 250 MB' } }),
  })
}
