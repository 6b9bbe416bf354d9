import { describe, expect, it, vi } from 'vitest'
import type { Run } from '../../../src/shared/schemas/run'
import { memoryEngine } from '../../support/memory-engine'

/*
 * A story that checks after every fire judges each earlier delivery again and again: the judging
 * must read summaries from memory, not whole records from history, or a run costs the square of
 * its length (2,000 fires, each followed by `delivered: all`, took 147 s instead of 7 s).
 */

const FIRES = 60

const STORY = `
version: 1
name: check after every fire
provider: generic
subscriptions:
  - { name: app, url: "http://127.0.0.1:9/hooks", provider: generic }
steps:
  - repeat: ${FIRES}
    steps:
      - fire: deploy.succeeded
      - expect: { delivered: all }
      - expect: { received: { endpoint: inbox, count: 0 } }
`

describe('expectations over many deliveries', () => {
  it('judge summaries in memory: whole deliveries are read a bounded number of times per delivery, not per delivery and step', async () => {
    const env = await memoryEngine()
    const reads = vi.spyOn(env.deliveries, 'get')
    const started = await env.engine.runs.start({ source: STORY, scenarioId: 'cost', options: { timeScale: 0 } })
    let run: Run | undefined
    void env.engine.runs.whenDone(started.id).then((done) => (run = done))
    for (let i = 0; i < 2_000 && !run; i++) await new Promise((resolve) => setImmediate(resolve))
    expect(run?.status, run?.reason).toBe('passed')
    // Reading each delivery once or twice (the end of the run) is linear; judging from history would be FIRES²/2 = 1,800.
    expect(reads.mock.calls.length).toBeLessThanOrEqual(2 * FIRES)
  })
})
