import { describe, expect, it } from 'vitest'
import type { Run } from '../../../src/shared/schemas/run'
import { LIBRARY } from '../../../src/main/scenarios/library'
import { memoryEngine } from '../../support/memory-engine'
import { subscriptionDraft } from '../../support/inputs'

const STORY = `
version: 1
name: rollout story
provider: ocean-cd
seed: 7
context: { service: checkout, version: "1.5.0", previousVersion: "1.4.0" }
subscriptions:
  - name: app
    url: http://127.0.0.1:9/hooks
    provider: ocean-cd
steps:
  - fire: rollout-started
    id: started
  - wait: 2m
  - fire: kubernetes-rolling-update-failed
  - fire: rollout-failed
    id: failed
  - duplicate: failed
  - fire: rollout-rolled-back
    drop: true
  - expect: { delivered: all }
  - expect: { delivery: { step: failed, status: 200 } }
`

async function runToEnd(source: string, options: object = {}, status = 200) {
  const { engine, clock, sent } = await memoryEngine(status)
  const started = await engine.runs.start({ source, scenarioId: 'test', options })
  let run: Run | undefined
  void engine.runs.whenDone(started.id).then((done) => (run = done))
  for (let i = 0; i < 500 && !run; i++) await clock.advance(10 * 60_000)
  return { run: run!, engine, sent, clock }
}

describe('running a scenario', () => {
  it('tells one coherent story: shared rollout id, story-clock timestamps, faults as written', async () => {
    const { run, engine, sent } = await runToEnd(STORY)
    expect(run).toMatchObject({ status: 'passed' })
    expect(run.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed', 'passed', 'passed', 'passed', 'passed', 'passed'])
    const bodies = sent.map((r) => JSON.parse(r.body) as { type: string; timestamp: string; rolloutDetails: { id: string; startTime: string } })
    expect(bodies.map((b) => b.type)).toEqual(['rollout-started', 'kubernetes-rolling-update-failed', 'rollout-failed', 'rollout-failed'])
    expect(new Set(bodies.map((b) => b.rolloutDetails.id)).size).toBe(1)
    expect(new Set(bodies.map((b) => b.rolloutDetails.startTime)).size).toBe(1)
    expect(bodies[0]!.timestamp).not.toBe(bodies[1]!.timestamp)
    // The duplicate is the same delivery sent again: same id, same bytes.
    const failed = run.steps[3]!.deliveryIds
    expect(run.steps[4]!.deliveryIds).toEqual(failed)
    expect(sent[2]!.body).toBe(sent[3]!.body)
    expect((await engine.deliveries.get(failed[0]!)).attempts.map((a) => a.series)).toEqual([0, 1])
    expect(run.steps[5]!.message).toContain('dropped')
    // The run's subscription is gone after it.
    expect(engine.subscriptions.list().map((s) => s.name)).not.toContain('rollout story: app')
  })

  it('same scenario and seed: the same payloads byte for byte, timestamps aside', async () => {
    const strip = (body: string) => body.replace(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/g, 'T')
    const first = await runToEnd(STORY)
    const second = await runToEnd(STORY)
    expect(second.sent.map((r) => strip(r.body))).toEqual(first.sent.map((r) => strip(r.body)))
  })

  it('fails when a delivery fails, and says which expectation did not hold', async () => {
    const { run } = await runToEnd(STORY, {}, 500)
    expect(run.status).toBe('failed')
    expect(run.steps.find((s) => s.label === 'expect delivered: all')).toMatchObject({ status: 'failed', message: expect.stringContaining('HTTP 500') })
  })

  it('runs every built-in scenario to the end against an endpoint that accepts everything', async () => {
    expect(LIBRARY.length).toBeGreaterThanOrEqual(14)
    for (const scenario of LIBRARY) {
      const { run } = await runToEnd(scenario.source, { targets: ["http://127.0.0.1:9/app"] })
      if (!run) throw new Error(`${scenario.id} did not finish`)
      const failed = run.steps.filter((s) => s.status === 'failed' && !s.label.includes('received'))
      expect(failed, `${scenario.id}: ${failed.map((s) => `${s.path} ${s.label}: ${s.message}`).join('; ')}`).toEqual([])
    }
  })

  it('a cancelled run stops where it is, and its waiting deliveries are cancelled', async () => {
    const { engine, clock } = await memoryEngine(500)
    const source = STORY.replace('    provider: ocean-cd\nsteps:', '    provider: ocean-cd\n    retry: { preset: fixed, delaysMs: [60000, 60000, 60000] }\nsteps:')
    const started = await engine.runs.start({ source, scenarioId: 'test' })
    await clock.advance(1000)
    const cancelled = await engine.runs.cancel(started.id)
    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.steps.filter((s) => s.status === 'passed').length).toBeLessThan(cancelled.steps.length)
    const deliveries = await engine.runs.deliveries(started.id)
    expect(deliveries.length).toBeGreaterThan(0)
    expect(deliveries.every((d) => d.status === 'cancelled' || d.status === 'failed')).toBe(true)
  })

  it('--to with --secret signs what goes to the targets, even when the file has its own subscriptions', async () => {
    const { sent } = await runToEnd(STORY, { targets: ['http://127.0.0.1:9/elsewhere'], secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
    expect(sent.length).toBeGreaterThan(0)
    expect(sent.every((r) => r.url === 'http://127.0.0.1:9/elsewhere' && r.headers.some(([name]) => name === 'webhook-signature'))).toBe(true)
  })
})

describe('a run\'s heartbeat outage', () => {
  const OUTAGE = `
version: 1
name: outage
provider: ocean-cd
seed: 3
subscriptions:
  - name: cluster health
    url: http://127.0.0.1:9/run
    provider: ocean-cd
    options: { heartbeatClusters: [prod-eu-1] }
steps:
  - heartbeat: start
    cluster: prod-eu-1
  - heartbeat: stop
    cluster: prod-eu-1
  - wait: 7m
  - expect: { delivered: all }
`

  it('sends controller-heartbeat-failure to the run\'s subscriptions only, not to every Ocean CD or inbox subscription', async () => {
    const { engine, clock, sent } = await memoryEngine()
    // A fresh install's inbox subscription (provider any) and someone else's Ocean CD subscription.
    await engine.setReceiverUrl('http://127.0.0.1:9/')
    await engine.subscriptions.create(subscriptionDraft({ name: 'other', url: 'http://127.0.0.1:9/other', provider: 'ocean-cd' }))
    const started = await engine.runs.start({ source: OUTAGE, scenarioId: 'outage' })
    let run: Run | undefined
    void engine.runs.whenDone(started.id).then((done) => (run = done))
    for (let i = 0; i < 50 && !run; i++) await clock.advance(60_000)
    expect(run?.status).toBe('passed')
    expect(sent.map((r) => [r.url, JSON.parse(r.body).type])).toEqual([['http://127.0.0.1:9/run', 'controller-heartbeat-failure']])
    expect(await engine.runs.deliveries(started.id)).toHaveLength(1)
  })
})

describe('a step id inside a group', () => {
  // The delayed fire and the one it waits for are sent as one group, as are parallel fires.
  const GROUPED = `
version: 1
name: grouped
provider: generic
seed: 5
subscriptions:
  - name: app
    url: http://127.0.0.1:9/hooks
    provider: generic
steps:
  - fire: build.succeeded
    delay: true
  - fire: deploy.started
    id: deploy
  - parallel:
      - fire: notify.slack
        id: slack
      - fire: notify.pager
  - duplicate: deploy
  - duplicate: slack
  - expect: { delivery: { step: deploy, status: 200 } }
`

  it('duplicate resends that step\'s deliveries only, not the rest of its group', async () => {
    const { run, sent } = await runToEnd(GROUPED)
    expect(run.status).toBe('passed')
    expect(sent.map((r) => (JSON.parse(r.body) as { type: string }).type)).toEqual([
      'deploy.started',
      'build.succeeded',
      'notify.slack',
      'notify.pager',
      'deploy.started',
      'notify.slack',
    ])
    expect(run.steps.map((s) => s.deliveryIds.length)).toEqual([2, 1, 1, 1, 1, 1])
  })

  it('expect delivery judges that step\'s deliveries only', async () => {
    const { run, engine } = await runToEnd(GROUPED)
    const judged = run.steps.at(-1)!
    expect(judged).toMatchObject({ status: 'passed', message: '1 delivery as expected' })
    expect(await Promise.all(run.steps[3]!.deliveryIds.map(async (id) => (await engine.deliveries.get(id)).event))).toEqual(['deploy.started'])
  })
})

describe('an exact replay', () => {
  it('keeps what filters look at (environment, project): the filter preview judges the replayed events as the originals', async () => {
    const { run, engine, clock } = await runToEnd(STORY)
    const replayed = await engine.runs.replay({ id: run.id, mode: 'exact' })
    let done: Run | undefined
    void engine.runs.whenDone(replayed.id).then((r) => (done = r))
    for (let i = 0; i < 500 && !done; i++) await clock.advance(10 * 60_000)
    const originals = await Promise.all(run.steps.flatMap((s) => s.deliveryIds).map((id) => engine.deliveries.get(id)))
    const copies = await Promise.all(done!.steps.flatMap((s) => s.deliveryIds).map((id) => engine.deliveries.get(id)))
    expect(copies.length).toBeGreaterThan(0)
    expect(copies.map((d) => d.facts)).toEqual(originals.slice(0, copies.length).map((d) => d.facts))
    expect(copies.every((d) => d.facts?.projectName === 'checkout')).toBe(true)
  })
})
