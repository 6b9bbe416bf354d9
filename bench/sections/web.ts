import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Pool } from 'undici'
import { CLI_PATH } from '../lib/build'
import { CONCURRENCY, EVENT, SIGNING } from '../lib/engine'
import { IN_FLIGHT, REQUESTS, RUNS, type Timing, phases, pool, postJson, rate, runBounded } from '../lib/load'
import { startTetheredNode, waitForOutput } from '../lib/processes'
import { record } from '../lib/results'

const DELIVERY_DEADLINE_MS = 10 * 60_000
const POLL_MS = 50

interface Status {
  counts: { deliveries: number; pendingDeliveries: number }
}

/** `POST /api/<method>` as the page calls it: the Host the guard expects, and the app's Origin (writes need it). */
async function api<T>(client: Pool, origin: string, method: string, input: unknown = {}): Promise<T> {
  const res = await postJson(client, `/api/${method}`, JSON.stringify(input), { origin })
  const result = JSON.parse(res.text) as { ok: boolean; data: T; error?: { message: string } }
  if (!result.ok) throw new Error(`${method} answered ${res.status}: ${result.error?.message ?? res.text}`)
  return result.data
}

/**
 * One run: a fresh `hookbench serve` (fresh data directory) in a child, one signed Divshot
 * subscription to its built-in receiver's `r/inbox`, REQUESTS fires through `POST /api/fireEvent`
 * with IN_FLIGHT outstanding, then `getStatus` polled until nothing is pending. Returns deliveries/s.
 */
async function webRun(count: number): Promise<Timing> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-bench-web-'))
  const child = startTetheredNode([CLI_PATH, 'serve', '--port', '0', '--receiver-port', '0', '--no-open', '--data-dir', dataDir])
  let client: Pool | undefined
  try {
    const ui = (await waitForOutput(child, /Hookbench UI:\s+(http:\/\/\S+)/, 'hookbench serve'))[1] as string
    const inbox = (await waitForOutput(child, /Receiver:\s+(http:\/\/\S+)/, 'hookbench serve'))[1] as string
    client = pool(ui)
    const c = client
    const origin = new URL(ui).origin
    // Serve's first run subscribes the built-in inbox to every platform: keep only ours.
    const existing = await api<{ id: string }[]>(c, origin, 'listSubscriptions')
    await api(c, origin, 'createSubscription', { name: 'bench', url: inbox, provider: EVENT.provider, concurrency: CONCURRENCY, signing: SIGNING })
    for (const s of existing) await api(c, origin, 'deleteSubscription', { id: s.id })

    const started = performance.now()
    await runBounded(count, IN_FLIGHT, async () => {
      const fired = await api<{ deliveries: unknown[] }>(c, origin, 'fireEvent', EVENT)
      if (fired.deliveries.length !== 1) throw new Error(`a fire made ${fired.deliveries.length} deliveries, not 1`)
    })
    const fired = performance.now()
    const deadline = started + DELIVERY_DEADLINE_MS
    let status = await api<Status>(c, origin, 'getStatus')
    while (status.counts.pendingDeliveries > 0) {
      if (performance.now() > deadline) throw new Error(`${status.counts.pendingDeliveries} deliveries still pending after ${DELIVERY_DEADLINE_MS / 1000} s`)
      await sleep(POLL_MS)
      status = await api<Status>(c, origin, 'getStatus')
    }
    const delivered = performance.now()

    const unsent = (await api<{ total: number }>(c, origin, 'listDeliveries', { limit: 1, status: ['failed', 'cancelled'] })).total
    if (status.counts.deliveries !== count || unsent > 0) {
      throw new Error(`expected ${count} delivered; ${status.counts.deliveries} recorded, ${unsent} failed or cancelled`)
    }
    return { perSecond: rate(count, delivered - started), firedAfter: (fired - started) / 1000, deliveredAfter: (delivered - started) / 1000 }
  } finally {
    await client?.close()
    await child.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * 2b. Web mode: the built CLI's `serve` in a child process, driven over its HTTP API by an
 * undici client in this process: arranged like the raw baseline (client here, server there).
 */
export async function webMode(): Promise<void> {
  const runs: Timing[] = []
  for (let i = 0; i < RUNS; i++) runs.push(await webRun(REQUESTS))
  record({
    id: 'web',
    section: 'web',
    label: `2b Web mode: serve's /api/fireEvent (${IN_FLIGHT} in flight) → its receiver`,
    unit: 'deliveries/s',
    runs: runs.map((t) => t.perSecond),
    baseline: 'raw',
    target: { kind: 'ratio-at-least', ratio: 0.35, text: '≥ 0.35× raw' },
    notes: [
      phases(runs),
      'every run starts a fresh serve process (cold JIT, empty data directory); the rate counts from the first fire to getStatus reporting nothing pending (polled every 50 ms)',
    ],
  })
}
