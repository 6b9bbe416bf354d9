import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seededRandom } from '../../src/shared/core/seeded-random'
import type { DeliverySummary } from '../../src/shared/schemas/delivery'
import type { EngineStatus } from '../../src/shared/schemas/status'
import type { RunSummary } from '../../src/shared/schemas/run'
import { openEngine } from '../../src/main/host/open-engine'
import { hookbench, hookbenchToEnd } from './support/child'
import { startFlakyTarget } from './support/flaky-target'
import { createTally } from './support/tally'

const KILLS = 20
const SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='

/** Six events a few tens of ms apart, each retried quickly: a SIGKILL lands mid-fire, mid-send or mid-retry. */
const STORM = `version: 1
name: crash storm
provider: generic
seed: storm
subscriptions:
  - name: storm target
    url: \${target}
    provider: generic
    signing: { scheme: standard, secret: "${SECRET}" }
    retry: { preset: fixed, delaysMs: [80, 80, 80, 80, 80] }
steps:
${Array.from({ length: 6 }, (_, i) => `  - fire: ${i % 2 ? 'deploy.failed' : 'deploy.succeeded'}\n  - wait: 40ms`).join('\n')}
`

const tally = createTally('crash storm')
let target: Awaited<ReturnType<typeof startFlakyTarget>>
beforeAll(async () => {
  target = await startFlakyTarget('crash-storm-target')
})
afterAll(async () => {
  tally.flush()
  await target.close()
})

/** What the data directory holds, read the way the app reads it at start-up. */
async function readState(dataDir: string) {
  const opened = await openEngine({ dataDir, host: 'cli', resume: false, log: () => {} })
  try {
    const call = async <T>(method: string, input: unknown): Promise<T> => {
      const result = await opened.dispatch(method, input)
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
      return result.data as T
    }
    const deliveries: DeliverySummary[] = []
    let cursor: unknown
    do {
      const page = await call<{ items: DeliverySummary[]; nextCursor?: unknown }>('listDeliveries', { limit: 500, ...(cursor ? { cursor } : {}) })
      deliveries.push(...page.items)
      cursor = page.nextCursor
    } while (cursor)
    return { deliveries, runs: await call<RunSummary[]>('listRuns', { limit: 1000 }), status: await call<EngineStatus>('getStatus', {}) }
  } finally {
    await opened.close()
  }
}

describe('a crash storm: SIGKILL at seeded random moments, each followed by resume', () => {
  it(`loses no delivery, corrupts no file and keeps every id over ${KILLS} kills`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-storm-'))
    const scenario = join(dataDir, '..', `${dataDir.split('/').at(-1)}-storm.yaml`)
    writeFileSync(scenario, STORM)
    const random = seededRandom('crash-storm-1')
    let known = new Map<string, string>()
    const killDelays: number[] = []
    for (let round = 1; round <= KILLS; round++) {
      const run = hookbench(['run', scenario, '--var', `target=${target.url}`, '--data-dir', dataDir])
      // The moment is drawn within the run itself (start-up takes a second on a busy machine).
      await run.printed(/\[1\//)
      const delayMs = random.int(0, 700)
      killDelays.push(delayMs)
      await Promise.race([new Promise((r) => setTimeout(r, delayMs)), run.done])
      run.child.kill('SIGKILL')
      await run.done

      const resumed = await hookbenchToEnd(['resume', '--data-dir', dataDir])
      const { deliveries, runs, status } = await readState(dataDir)
      const ids = new Map(deliveries.map((d) => [d.id, d.eventId]))
      const where = `round ${round} (kill at ${delayMs} ms)`
      tally.check(`${where}: resume exits 0`, resumed.code === 0 ? undefined : `exit ${resumed.code ?? resumed.signal}: ${resumed.stderr.slice(0, 300)}`)
      tally.check(`${where}: every delivery delivered`, deliveries.filter((d) => d.status !== 'delivered').map((d) => `${d.id} ${d.status}`).join(', ') || undefined)
      tally.check(`${where}: every earlier delivery kept with its id and event`, [...known].filter(([id, eventId]) => ids.get(id) !== eventId).join(', ') || undefined)
      tally.check(`${where}: the target got every delivery with its webhook-id`, deliveries.filter((d) => !target.delivered.has(d.id)).map((d) => d.id).join(', ') || undefined)
      tally.check(`${where}: every id the target saw is a stored delivery`, [...target.seen].filter((id) => !ids.has(id)).join(', ') || undefined)
      tally.check(`${where}: every run finished`, runs.filter((r) => r.status === 'running').map((r) => r.id).join(', ') || undefined)
      tally.check(`${where}: no file damaged`, status.skippedLines.length + status.recoveries.length === 0 ? undefined : JSON.stringify([status.skippedLines, status.recoveries]))
      known = ids
    }
    tally.check('hookbench.json is whole JSON', (() => {
      try {
        JSON.parse(readFileSync(join(dataDir, 'hookbench.json'), 'utf8'))
        return undefined
      } catch (error) {
        return String(error)
      }
    })())
    tally.note(`${KILLS} SIGKILLs at ${Math.min(...killDelays)}–${Math.max(...killDelays)} ms after the run's first step began, each resumed: ${known.size} deliveries, ${target.requests} requests (${target.requests - target.delivered.size} answered 500 and retried), none lost`)
    expect(tally.failures).toEqual([])
    expect(known.size).toBeGreaterThan(KILLS)
  }, 150_000)
})
