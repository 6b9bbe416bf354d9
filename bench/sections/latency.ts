import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { EVENT, benchEngine, checkAllDelivered } from '../lib/engine'
import { LATENCY_EVENTS as EVENTS, LATENCY_PER_SECOND as PER_SECOND, ONE_KB_JSON, RUNS, paced, pool, postJson, withDeadline } from '../lib/load'
import { percentile, record } from '../lib/results'
import { FireRequest } from '../../src/shared/schemas/fire'

const SEQ_HEADER = 'x-bench-seq'
const DEADLINE_MS = 2 * 60_000

interface Sink {
  url: string
  /** performance.now() when each request's body had fully arrived, by its SEQ_HEADER value. */
  arrivals: Map<string, number>
  /** SEQ_HEADER values of the requests that carried a Standard Webhooks signature. */
  signed: Set<string>
  close(): Promise<void>
}

/** A node:http sink in this process, so arrival times share the sender's clock. */
async function timestampingSink(): Promise<Sink> {
  const arrivals = new Map<string, number>()
  const signed = new Set<string>()
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const key = req.headers[SEQ_HEADER]
    req.resume()
    req.on('end', () => {
      if (typeof key === 'string') arrivals.set(key, performance.now())
      if (typeof key === 'string' && req.headers['webhook-signature']) signed.add(key)
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' })
      res.end('ok')
    })
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    arrivals,
    signed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Latencies (ms) from each start to its arrival at the sink. */
function latencies(sink: Sink, tag: string, sent: number[]): number[] {
  return sent.map((at, i) => {
    const arrived = sink.arrivals.get(`${tag}-${i}`)
    if (arrived === undefined) throw new Error(`request ${tag}-${i} never arrived at the sink`)
    return arrived - at
  })
}

/** Bare: 1 KB POSTs from an undici pool, at PER_SECOND. */
async function bareRun(sink: Sink, tag: string, events: number, perSecond: number): Promise<number[]> {
  const client = pool(sink.url)
  try {
    const sent: number[] = []
    const requests: Promise<unknown>[] = []
    await paced(events, perSecond, (i) => {
      sent[i] = performance.now()
      requests.push(postJson(client, '/', ONE_KB_JSON, { [SEQ_HEADER]: `${tag}-${i}` }))
    })
    await withDeadline(Promise.all(requests), DEADLINE_MS, 'bare requests')
    return latencies(sink, tag, sent)
  } finally {
    await client.close()
  }
}

/** Engine: signed Divshot fires into the in-process engine, at PER_SECOND; the header rides along. */
async function engineRun(sink: Sink, tag: string, events: number, perSecond: number): Promise<number[]> {
  const engine = await benchEngine(sink.url)
  try {
    const e = engine.opened.engine
    const sent: number[] = []
    const fires: Promise<unknown>[] = []
    await paced(events, perSecond, (i) => {
      sent[i] = performance.now()
      fires.push(e.deliveries.fire(FireRequest.parse({ ...EVENT, headers: [[SEQ_HEADER, `${tag}-${i}`]] })))
    })
    await withDeadline(Promise.all(fires), DEADLINE_MS, 'fires')
    await withDeadline(e.idle(), DEADLINE_MS, 'deliveries')
    checkAllDelivered(engine, events)
    const unsigned = sent.filter((_, i) => !sink.signed.has(`${tag}-${i}`)).length
    if (unsigned > 0) throw new Error(`${unsigned} deliveries arrived without a webhook-signature header`)
    return latencies(sink, tag, sent)
  } finally {
    await engine.close()
  }
}

/**
 * 3. Latency from fire (or, for the bare baseline, from the request's start) to the body's
 * arrival at a node:http sink in this same process, at 50 events/s. Bare and engine runs
 * alternate.
 */
export async function latency(): Promise<void> {
  const sink = await timestampingSink()
  try {
    await bareRun(sink, 'warm-bare', 500, 500) // warm-ups, not recorded
    await engineRun(sink, 'warm-engine', 500, 500)
    const bare = { p50: [] as number[], p99: [] as number[] }
    const engine = { p50: [] as number[], p99: [] as number[] }
    for (let i = 0; i < RUNS; i++) {
      const b = await bareRun(sink, `bare${i}`, EVENTS, PER_SECOND)
      bare.p50.push(percentile(b, 50))
      bare.p99.push(percentile(b, 99))
      const e = await engineRun(sink, `engine${i}`, EVENTS, PER_SECOND)
      engine.p50.push(percentile(e, 50))
      engine.p99.push(percentile(e, 99))
    }
    const common = { section: 'latency', unit: 'ms' } as const
    record({ ...common, id: 'latency.bare.p50', label: '3 Latency p50, bare (undici → node:http)', runs: bare.p50, baseline: null })
    record({ ...common, id: 'latency.bare.p99', label: '3 Latency p99, bare (undici → node:http)', runs: bare.p99, baseline: null })
    record({ ...common, id: 'latency.engine.p50', label: '3 Latency p50, engine fire → receive', runs: engine.p50, baseline: 'latency.bare.p50' })
    record({
      ...common,
      id: 'latency.engine.p99',
      label: '3 Latency p99, engine fire → receive',
      runs: engine.p99,
      baseline: 'latency.bare.p99',
      target: { kind: 'below', value: 5, text: '< 5 ms' },
    })
  } finally {
    await sink.close()
  }
}
