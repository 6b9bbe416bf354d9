import type { LoadResult } from '../../src/shared/schemas/run'
import { MAX_LOAD_RATE } from '../../src/shared/schemas/scenario-limits'
import { type BenchEngine, SIGNING, benchEngine } from '../lib/engine'
import { RUNS, withDeadline } from '../lib/load'
import { startBareServer } from '../lib/processes'
import { record } from '../lib/results'

/** How long each rate is held, and the most Hookbench's own delay may reach at its p99. */
const HOLD_SECONDS = 10
const OWN_DELAY_P99_MS = 5
/** Rates tried in turn until one is not kept (capped by the language's MAX_LOAD_RATE)… */
const LADDER = [1_000, 2_000, 4_000, 8_000]
/** …then this many halvings between the last kept and the first not kept. */
const HALVINGS = 2
/** A load of HOLD_SECONDS ends well within this, however slow the machine. */
const PROBE_DEADLINE_MS = 120_000

const story = (url: string, rate: number, seconds: number) => `
version: 1
name: load bench
provider: divshot
subscriptions:
  - name: sink
    url: ${url}
    signing: { scheme: standard, secret: "${SIGNING.secret}" }
    retry: { preset: none }
steps:
  - load: { fire: release, rate: ${rate}/s, for: ${seconds}s }
`

interface Probe {
  rate: number
  kept: boolean
  load: LoadResult
}

/** The bench's engine with no subscription of its own: the story's is the only one the load reaches. */
async function loadEngine(sinkUrl: string): Promise<BenchEngine> {
  const engine = await benchEngine(sinkUrl)
  await engine.opened.engine.subscriptions.remove(engine.subscriptionId)
  return engine
}

/** One load step at `rate` for `seconds`, through a scenario run of the in-process engine. */
async function probe(engine: BenchEngine, sinkUrl: string, rate: number, seconds: number): Promise<Probe> {
  const { runs } = engine.opened.engine
  const started = await runs.start({ source: story(sinkUrl, rate, seconds), scenarioId: 'load-bench', options: { timeScale: 0 } })
  const run = await withDeadline(runs.whenDone(started.id), PROBE_DEADLINE_MS, `a load of ${rate}/s`)
  const load = run.steps[0]?.load
  if (!load) throw new Error(`the load of ${rate}/s measured nothing: ${run.steps[0]?.message ?? run.reason}`)
  const kept = load.keptRate && load.errors.count === 0 && load.sent === rate * seconds && (load.lagMs.p99 ?? Number.POSITIVE_INFINITY) < OWN_DELAY_P99_MS
  return { rate, kept, load }
}

/** The highest rate kept for HOLD_SECONDS: up the ladder, then halving the gap; every probe listed. */
async function highestKept(sinkUrl: string): Promise<{ rate: number; probes: Probe[] }> {
  const engine = await loadEngine(sinkUrl)
  const probes: Probe[] = []
  try {
    let kept = 0
    let missed: number | undefined
    for (const rate of LADDER.filter((r) => r <= MAX_LOAD_RATE)) {
      const p = await probe(engine, sinkUrl, rate, HOLD_SECONDS)
      probes.push(p)
      if (!p.kept) {
        missed = rate
        break
      }
      kept = rate
    }
    for (let i = 0; i < HALVINGS && missed !== undefined && missed - kept > 100; i++) {
      const rate = Math.round((kept + missed) / 200) * 100
      const p = await probe(engine, sinkUrl, rate, HOLD_SECONDS)
      probes.push(p)
      if (p.kept) kept = rate
      else missed = rate
    }
    return { rate: kept, probes }
  } finally {
    await engine.close()
  }
}

const describeProbe = ({ rate, kept, load }: Probe) =>
  `${rate}/s ${kept ? 'kept' : 'missed'} (sent ${load.achievedRate}/s, own delay p99 ${load.lagMs.p99} ms, latency p99 ${load.latencyMs.p99} ms${load.errors.count ? `, ${load.errors.count} errors` : ''})`

/**
 * 5. The highest `load` rate Hookbench keeps for 10 s against the bare sink (in a child), signed
 * (Standard Webhooks), through the real load step of a scenario run in the in-process engine:
 * kept means every arrival sent, at 95% of the rate or more, no error, and Hookbench's own delay
 * (scheduled → sent) under 5 ms at its p99.
 */
export async function loadRate(): Promise<void> {
  const sink = await startBareServer()
  try {
    const warm = await loadEngine(sink.url)
    try {
      await probe(warm, sink.url, 1_000, 2) // warm-up, not recorded
    } finally {
      await warm.close()
    }
    const runs: Array<{ rate: number; probes: Probe[] }> = []
    for (let i = 0; i < RUNS; i++) runs.push(await highestKept(sink.url))
    record({
      id: 'load.rate',
      section: 'load',
      label: `5 Load step: highest rate kept for ${HOLD_SECONDS} s, own delay p99 < ${OWN_DELAY_P99_MS} ms (signed, to the bare sink)`,
      unit: 'arrivals/s',
      runs: runs.map((r) => r.rate),
      baseline: 'raw',
      target: { kind: 'at-least', value: 2_000, text: '≥ 2,000/s' },
      notes: [
        ...runs.map((r, i) => `run ${i + 1}: ${r.probes.map(describeProbe).join('; ')}`),
        `rates tried: ${LADDER.filter((r) => r <= MAX_LOAD_RATE).join(', ')}/s up to the first missed (the language allows ${MAX_LOAD_RATE}/s), then ${HALVINGS} halvings of the gap`,
      ],
    })
  } finally {
    await sink.child.stop()
  }
}
