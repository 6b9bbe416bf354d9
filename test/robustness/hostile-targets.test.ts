import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RESPONSE_BODY_CAP } from '../../src/shared/schemas/delivery'
import { sendHttp } from '../../src/main/delivery/http-sender'
import { hookbenchToEnd } from './support/child'
import { type HostileKind, startHostileTargets } from './support/hostile-targets'
import { createTally } from './support/tally'

const TIMEOUT_MS = 2_000
/** Time a delivery may take past its timeout (scheduling on 2 busy cores). */
const SLACK_MS = 1_500

const tally = createTally('hostile targets')
let targets: Awaited<ReturnType<typeof startHostileTargets>>
beforeAll(async () => {
  targets = await startHostileTargets()
})
afterAll(async () => {
  tally.flush()
  await targets.close()
})

const KINDS: HostileKind[] = ['hang', 'reset', 'redirect-loop', 'huge-fast', 'huge-slow', 'invalid-http', 'garbage-headers', 'half-response']
const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024)

describe('deliveries to hostile endpoints', () => {
  it('end within the timeout, keep at most the response cap, and hold memory (the engine\'s sender, in-process)', async () => {
    const figures: string[] = []
    for (const kind of KINDS) {
      global.gc?.()
      const before = rssMb()
      const started = performance.now()
      const result = await sendHttp({
        url: targets.url(kind),
        headers: [['Content-Type', 'application/json']],
        body: '{"event":"release"}',
        timeoutMs: TIMEOUT_MS,
        redirects: { mode: 'follow', stopAfter: 10 },
      })
      const ms = Math.round(performance.now() - started)
      const grewMb = rssMb() - before
      const kept = result.kind === 'response' ? result.response.body.length : 0
      tally.check(`${kind}: ends within ${TIMEOUT_MS} ms + slack`, ms <= TIMEOUT_MS + SLACK_MS ? undefined : `${ms} ms`)
      tally.check(`${kind}: response kept to the ${RESPONSE_BODY_CAP}-byte cap`, kept <= RESPONSE_BODY_CAP ? undefined : `${kept} bytes kept`)
      tally.check(`${kind}: memory held`, grewMb < 64 ? undefined : `RSS grew ${grewMb} MB`)
      const outcome = result.kind === 'response' ? `${result.response.status}${result.response.truncated ? `, ${Math.round(result.response.bodyBytes / 1024 / 1024)} MB read, ${kept} B kept` : ''}` : `${result.errorClass}`
      figures.push(`${kind} ${ms} ms (${outcome}, RSS ${grewMb >= 0 ? '+' : ''}${grewMb} MB)`)
    }
    tally.note(`sender, timeout ${TIMEOUT_MS} ms: ${figures.join('; ')}`)
    expect(tally.failures).toEqual([])
  }, 60_000)

  it('`hookbench fire` at each ends failed (exit 1) with a line saying why, within its timeout, no trace', async () => {
    const seen = tally.failures.length
    const figures: string[] = []
    await Promise.all(
      KINDS.map(async (kind) => {
        const started = performance.now()
        const fired = await hookbenchToEnd(['fire', 'divshot', 'release', '--to', targets.url(kind), '--timeout', String(TIMEOUT_MS), '--retry', 'none'], 30_000)
        const ms = Math.round(performance.now() - started)
        const said = `${fired.stdout}${fired.stderr}`
        // `huge-fast` answers 200 after its 64 MB: delivered, the body cut to the cap.
        const wantCode = kind === 'huge-fast' ? 0 : 1
        tally.check(`fire → ${kind}: exit ${wantCode}`, fired.code === wantCode ? undefined : `exit ${fired.code ?? fired.signal}: ${said.slice(0, 300)}`)
        tally.check(`fire → ${kind}: no trace`, /\n\s+at |node:internal/.test(said) ? said.slice(0, 300) : undefined)
        // Start-up of a fresh process on a busy machine comes on top of the delivery's own bound.
        tally.check(`fire → ${kind}: bounded`, ms < TIMEOUT_MS + 10_000 ? undefined : `${ms} ms`)
        figures.push(`${kind} ${ms} ms`)
      }),
    )
    tally.note(`hookbench fire (process start included, 8 at once): ${figures.join(', ')}`)
    expect(tally.failures.slice(seen)).toEqual([])
  }, 60_000)
})
