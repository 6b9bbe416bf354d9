import { setTimeout as sleep } from 'node:timers/promises'
import { Pool } from 'undici'

/** Requests per figure: every throughput figure sends exactly this many. */
export const REQUESTS = 20_000
/** Client connections of the undici pools (raw baseline and web mode). */
export const CONNECTIONS = 32
/** Fires (or requests) kept in flight by the steady loops. */
export const IN_FLIGHT = 256
/** Latency runs: this many events at this rate (1,000 over 20 s). */
export const LATENCY_EVENTS = 1_000
export const LATENCY_PER_SECOND = 50
/** Runs per figure; each figure is the median of these. */
export const RUNS = 3

/** A 1 KB (1,024-byte) JSON body, the size of a typical deployment notification. */
export const ONE_KB_JSON = (() => {
  const base = { type: 'release', app: 'bench-app', version: 12, padding: '' }
  const size = Buffer.byteLength(JSON.stringify(base))
  return JSON.stringify({ ...base, padding: 'x'.repeat(1024 - size) })
})()

/**
 * Runs `task(0)` … `task(total - 1)` with at most `inFlight` running at once; the first failure
 * stops the loop and is thrown. Bounded by `total`.
 */
export async function runBounded(total: number, inFlight: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0
  let failed = false
  const worker = async () => {
    while (!failed && next < total) {
      const index = next++
      try {
        await task(index)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker))
}

/** Calls `start(i)` for i in 0…total-1 at `perSecond`, on a drift-free schedule; does not wait for what it starts. */
export async function paced(total: number, perSecond: number, start: (index: number) => void): Promise<void> {
  const begin = performance.now()
  const interval = 1000 / perSecond
  for (let index = 0; index < total; index++) {
    const wait = begin + index * interval - performance.now()
    if (wait > 0) await sleep(wait)
    start(index)
  }
}

/** Resolves with `promise`, or rejects once `ms` have passed (so no wait is unbounded). */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms)
  })
  try {
    return await Promise.race([promise, deadline])
  } finally {
    clearTimeout(timer)
  }
}

/** An undici pool of CONNECTIONS keep-alive connections to one origin. */
export function pool(url: string, connections = CONNECTIONS): Pool {
  return new Pool(new URL(url).origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 })
}

/** POSTs JSON and returns the response's status and text (always reads the body). */
export async function postJson(client: Pool, path: string, body: string, headers: Record<string, string> = {}) {
  const res = await client.request({ path, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
  return { status: res.statusCode, text: await res.body.text() }
}

/** Requests per second. */
export const rate = (count: number, ms: number) => count / (ms / 1000)

export interface Timing {
  /** Deliveries per second, first fire to last delivery. */
  perSecond: number
  /** Seconds until every fire had resolved (its deliveries durably queued). */
  firedAfter: number
  /** Seconds until every delivery was delivered. */
  deliveredAfter: number
}

/** Where the time went, run by run: useful to whoever tunes the engine. */
export const phases = (runs: Timing[]) =>
  `all fires resolved after ${runs.map((t) => t.firedAfter.toFixed(1)).join(' / ')} s, all delivered after ${runs.map((t) => t.deliveredAfter.toFixed(1)).join(' / ')} s`
