import { type BenchEngine, EVENT, benchEngine, checkAllDelivered } from '../lib/engine'
import { IN_FLIGHT, REQUESTS, RUNS, type Timing, phases, rate, runBounded, withDeadline } from '../lib/load'
import { startBareServer } from '../lib/processes'
import { record } from '../lib/results'
import { FireRequest } from '../../src/shared/schemas/fire'

/** The longest wait for the engine to deliver what it was given, so no run hangs. */
const IDLE_DEADLINE_MS = 10 * 60_000

/** Fires `count` events, IN_FLIGHT at a time or all at once, and waits until all are delivered. */
async function fireAndDeliver(url: string, count: number, mode: 'steady' | 'burst'): Promise<Timing> {
  const engine: BenchEngine = await benchEngine(url)
  try {
    const { engine: e } = engine.opened
    const started = performance.now()
    if (mode === 'steady') {
      await runBounded(count, IN_FLIGHT, async () => {
        await e.deliveries.fire(FireRequest.parse(EVENT))
      })
    } else {
      await Promise.all(Array.from({ length: count }, () => e.deliveries.fire(FireRequest.parse(EVENT))))
    }
    const fired = performance.now()
    await withDeadline(e.idle(), IDLE_DEADLINE_MS, `delivering ${count} events`)
    const delivered = performance.now()
    checkAllDelivered(engine, count)
    return { perSecond: rate(count, delivered - started), firedAfter: (fired - started) / 1000, deliveredAfter: (delivered - started) / 1000 }
  } finally {
    await engine.close()
  }
}

/**
 * 2a. Steady: the in-process engine (openEngine, persistence on, signed, CONCURRENCY in flight)
 * delivering to a bare node:http sink in a child, IN_FLIGHT fires outstanding at a time.
 * 2c. Burst: the same REQUESTS fired at once. Steady and burst runs alternate, so drift in the
 * machine's speed hits both alike.
 */
export async function engineThroughput(): Promise<void> {
  const sink = await startBareServer()
  try {
    await fireAndDeliver(sink.url, 2_000, 'steady') // warm-up, not recorded
    const steady: Timing[] = []
    const burst: Timing[] = []
    for (let i = 0; i < RUNS; i++) {
      steady.push(await fireAndDeliver(sink.url, REQUESTS, 'steady'))
      burst.push(await fireAndDeliver(sink.url, REQUESTS, 'burst'))
    }
    record({
      id: 'engine.steady',
      section: 'engine',
      label: `2a Engine in-process, steady (${IN_FLIGHT} fires in flight)`,
      unit: 'deliveries/s',
      runs: steady.map((t) => t.perSecond),
      baseline: 'raw',
      notes: [phases(steady)],
      target: { kind: 'ratio-at-least', ratio: 0.5, text: '≥ 0.5× raw' },
    })
    record({
      id: 'engine.burst',
      section: 'engine',
      label: `2c Engine in-process, burst (all fired at once)`,
      unit: 'deliveries/s',
      runs: burst.map((t) => t.perSecond),
      baseline: 'engine.steady',
      notes: [phases(burst)],
      target: { kind: 'ratio-at-least', ratio: 1 / 1.2, text: '≥ steady / 1.2' },
    })
  } finally {
    await sink.child.stop()
  }
}
