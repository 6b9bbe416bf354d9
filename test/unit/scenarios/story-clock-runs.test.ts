import { describe, expect, it } from 'vitest'
import type { OutgoingRequest, SendResult } from '../../../src/main/delivery/http-sender'
import type { Run } from '../../../src/shared/schemas/run'
import { junitReport } from '../../../src/main/scenarios/junit'
import type { HttpProbe } from '../../../src/main/scenarios/expectations'
import { memoryEngine } from '../../support/memory-engine'
import { controllerInput, subscriptionDraft } from '../../support/inputs'

/*
 * Scenario runs on their own story clock, driven by hand: the engine and the pacers' real timers
 * share one fake clock, so "real time" below is the fake clock's and nothing sleeps.
 */

type Engine = Awaited<ReturnType<typeof memoryEngine>>

/** Lets the pacer's turns and settled promises run (scale 0 needs no time at all). */
const settle = async (turns = 50) => {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve))
}

/** Starts a run and plays real (fake) time in `stepMs` slices until it ends. */
async function play(env: Engine, source: string, options: object, stepMs = 1_000, maxSteps = 10_000) {
  const started = await env.engine.runs.start({ source, scenarioId: 'test', options })
  let run: Run | undefined
  void env.engine.runs.whenDone(started.id).then((done) => (run = done))
  const realStart = env.clock.now()
  await settle()
  for (let i = 0; i < maxSteps && !run; i++) {
    await env.clock.advance(stepMs)
    await settle(5)
  }
  if (!run) throw new Error('the run did not end')
  return { run, realMs: env.clock.now() - realStart }
}

const bodyOf = (request: OutgoingRequest) => JSON.parse(request.body) as Record<string, unknown>

const PROBE = `
version: 1
name: parallel probe
provider: generic
seed: probe
subscriptions:
  - name: app
    url: http://127.0.0.1:9/hooks
    provider: generic
steps:
  - fire: story.begins
  - parallel:
      - repeat: 1
        steps:
          - wait: 10s
          - fire: a.one
          - wait: 10s
          - fire: a.two
      - repeat: 1
        steps:
          - wait: 5s
          - fire: b.one
          - wait: 10s
          - fire: b.two
  - fire: story.ends
  - expect: { delivered: all }
`

describe('the parallel probe of the issue', () => {
  it.each([0, 0.01, 1])('at time scale %s arrives in story order, and the parallel step takes as long as its longest branch', async (timeScale) => {
    const env = await memoryEngine()
    const sliceMs = Math.max(1, 10 * timeScale)
    const { run, realMs } = await play(env, PROBE, { timeScale }, sliceMs)
    expect(run.status, run.reason).toBe('passed')
    const types = env.sent.map((r) => bodyOf(r).type)
    expect(types).toEqual(['story.begins', 'b.one', 'a.one', 'b.two', 'a.two', 'story.ends'])
    const origin = Date.parse(run.storyStartedAt!)
    const offsets = env.sent.map((r) => Date.parse(bodyOf(r).timestamp as string) - origin)
    expect(offsets).toEqual([0, 5_000, 10_000, 15_000, 20_000, 20_000])
    // Real time is the story's 20 s at the scale (give or take a slice per wait: the fake clock moves in slices).
    expect(realMs).toBeGreaterThanOrEqual(20_000 * timeScale)
    expect(realMs).toBeLessThanOrEqual(20_000 * timeScale + 5 * sliceMs)
  })
})

const OUTAGE = `
version: 1
name: outage
provider: ocean-cd
seed: outage
subscriptions:
  - name: cluster health
    url: http://127.0.0.1:9/run
    provider: ocean-cd
    options: { heartbeatClusters: [prod-eu-1] }
steps:
  - heartbeat: start
    cluster: prod-eu-1
  - wait: 2m
  - heartbeat: stop
    cluster: prod-eu-1
  - wait: 7m
  - expect: { received: { event: controller-heartbeat-failure, count: 1 } }
  - expect: { delivered: all }
`

describe('a run\'s controllers keep story time', () => {
  it.each([0, 0.01])('at scale %s the heartbeat failure falls 5 min of story time after the stop, stamped with it, to the run\'s subscription only', async (timeScale) => {
    const env = await memoryEngine()
    // A fresh install's inbox (provider any), someone else's Ocean CD subscription, and the user's own controller of the same cluster.
    await env.engine.setReceiverUrl('http://127.0.0.1:9/')
    await env.engine.subscriptions.create(subscriptionDraft({ name: 'other', url: 'http://127.0.0.1:9/other', provider: 'ocean-cd' }))
    await env.engine.heartbeats.saveController(controllerInput({ clusterId: 'prod-eu-1', running: true }))
    const { run } = await play(env, OUTAGE.replace('{ received: { event: controller-heartbeat-failure, count: 1 } }', '{ delivered: all }'), { timeScale }, 100)
    expect(run.status, run.reason).toBe('passed')
    expect(env.sent.map((r) => [r.url, bodyOf(r).type])).toEqual([['http://127.0.0.1:9/run', 'controller-heartbeat-failure']])
    const stamped = bodyOf(env.sent[0]!).timestamp as string
    // Ocean CD's `DD/MM/YYYY HH:mm:ss` (UTC): 2 min to the stop, 5 min of silence.
    const origin = new Date(Date.parse(run.storyStartedAt!) + 7 * 60_000)
    const pad = (n: number) => String(n).padStart(2, '0')
    expect(stamped).toBe(`${pad(origin.getUTCDate())}/${pad(origin.getUTCMonth() + 1)}/${origin.getUTCFullYear()} ${origin.toISOString().slice(11, 19)}`)
    // The user's own controller was not touched by the run.
    expect(env.engine.heartbeats.controllers()).toMatchObject([{ clusterId: 'prod-eu-1', running: true }])
  })

  it('nothing fires into the user\'s inbox after the run has ended, however long one waits', async () => {
    const env = await memoryEngine()
    await env.engine.setReceiverUrl('http://127.0.0.1:9/')
    // The story stops the controller and ends two minutes later, before its silence would count.
    const short = OUTAGE.replace('  - wait: 7m\n  - expect: { received: { event: controller-heartbeat-failure, count: 1 } }\n  - expect: { delivered: all }\n', '  - wait: 2m\n')
    const { run } = await play(env, short, { timeScale: 1 }, 10_000)
    expect(run.status, run.reason).toBe('passed')
    const sentAtEnd = env.sent.length
    const deliveriesAtEnd = env.engine.deliveries.list({ limit: 1000 }).items.length
    // Past Ocean CD's 5-minute timeout, and far beyond.
    await env.clock.advance(10 * 60_000)
    await settle()
    await env.clock.advance(24 * 3_600_000)
    await settle()
    expect(env.sent.length).toBe(sentAtEnd)
    expect(env.engine.deliveries.list({ limit: 1000 }).items.length).toBe(deliveriesAtEnd)
    expect(env.sent).toEqual([])
  })

  it('a stop without a start is refused before anything runs, saying how to start it', async () => {
    const env = await memoryEngine()
    const source = OUTAGE.replace('  - heartbeat: start\n    cluster: prod-eu-1\n', '')
    await expect(env.engine.runs.start({ source, scenarioId: 'test' })).rejects.toThrow(/steps\[1\]\.heartbeat: the run never started a controller for prod-eu-1, so there is none to stop: add "- heartbeat: start" with "cluster: prod-eu-1" before this step/)
  })
})

/** A sender that answers from a script, one status per request in order (then 200). */
function scripted(statuses: Array<number | [number, Array<[string, string]>]>) {
  let i = 0
  return async (): Promise<SendResult> => {
    const next = statuses[i++] ?? 200
    const [status, headers] = Array.isArray(next) ? next : [next, []]
    return { kind: 'response', durationMs: 5, response: { status, headers, body: '', bodyBytes: 0, truncated: false } }
  }
}

const RETRIED = `
version: 1
name: retried
provider: generic
seed: retried
subscriptions:
  - name: app
    url: http://127.0.0.1:9/hooks
    provider: generic
    retry: { preset: fixed, delaysMs: [3600000, 7200000] }
steps:
  - fire: deploy.succeeded
    id: deployed
  - expect: { delivery: { step: deployed, status: 200, within: 3h10s } }
`

describe('retries of a run\'s deliveries wait in story time', () => {
  it.each([0, 0.001])('at scale %s: attempts an hour and then two hours apart in the story, the same verdict', async (timeScale) => {
    const env = await memoryEngine(200, [], { send: scripted([503, 503]) })
    const { run, realMs } = await play(env, RETRIED, { timeScale }, 1_000)
    expect(run.status, run.reason).toBe('passed')
    const [delivery] = await env.engine.runs.deliveries(run.id)
    const origin = Date.parse(run.storyStartedAt!)
    expect(delivery!.attempts.map((a) => Date.parse(a.storyAt!) - origin)).toEqual([0, 3_600_000, 10_800_000])
    expect(realMs).toBeLessThanOrEqual(10_800_000 * timeScale + 1_000)
  })

  it('the engine\'s own time scale does not leak into a run', async () => {
    const env = await memoryEngine(200, [], { send: scripted([503, 503]), timeScale: 0.0001 })
    const { run, realMs } = await play(env, RETRIED, { timeScale: 0.001 }, 1_000)
    expect(run.status).toBe('passed')
    expect(realMs).toBeGreaterThanOrEqual(10_800)
  })

  it('a Retry-After the endpoint sent is waited in story time and said in the attempt', async () => {
    const env = await memoryEngine(200, [], { send: scripted([[503, [['Retry-After', '120']]]]) })
    const source = RETRIED.replace('retry: { preset: fixed, delaysMs: [3600000, 7200000] }', 'retry: { preset: exponential, baseMs: 1000, maxAttempts: 3, jitter: 0 }\n    signing: { scheme: standard, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }')
    const { run } = await play(env, source, { timeScale: 0 })
    expect(run.status, run.reason).toBe('passed')
    const [delivery] = await env.engine.runs.deliveries(run.id)
    const origin = Date.parse(run.storyStartedAt!)
    expect(delivery!.attempts.map((a) => Date.parse(a.storyAt!) - origin)).toEqual([0, 120_000])
    expect(delivery!.attempts[0]).toMatchObject({ retryInMs: 120_000, note: expect.stringContaining('Retry-After asks for 120 s') })
  })
})

describe('runs do not move each other\'s clocks', () => {
  it('a run at scale 0 ends at once while one at scale 1 beside it still waits its story in real time', async () => {
    const env = await memoryEngine()
    const slow = await env.engine.runs.start({ source: PROBE, scenarioId: 'slow', options: { timeScale: 1 } })
    const fast = await env.engine.runs.start({ source: PROBE.replace('name: parallel probe', 'name: fast probe'), scenarioId: 'fast', options: { timeScale: 0 } })
    await settle(200)
    expect((await env.engine.runs.whenDone(fast.id)).status).toBe('passed')
    expect(env.engine.runs.get(slow.id).status).toBe('running')
    expect(env.engine.runs.get(slow.id).storyMs).toBe(Date.parse(env.engine.runs.get(slow.id).storyStartedAt!))
    for (let i = 0; i < 40 && env.engine.runs.get(slow.id).status === 'running'; i++) {
      await env.clock.advance(1_000)
      await settle(5)
    }
    expect(env.clock.now() - Date.parse(env.engine.runs.get(slow.id).startedAt)).toBeGreaterThanOrEqual(20_000)
    expect((await env.engine.runs.whenDone(slow.id)).status).toBe('passed')
  })
})

describe('a test\'s verdict', () => {
  const STORY = `
version: 1
name: verdicts
provider: generic
seed: verdicts
subscriptions:
  - name: app
    url: http://127.0.0.1:9/hooks
    provider: generic
    retry: { preset: none }
steps:
  - fire: deploy.forged
    id: forged
  - expect: { delivery: { step: forged, status: 401 } }
`

  it('a 401 the story expects is a pass, not a failed delivery', async () => {
    const env = await memoryEngine(401)
    const { run } = await play(env, STORY, { timeScale: 0 })
    expect(run).toMatchObject({ status: 'passed', failures: [] })
    expect(run.steps.map((s) => s.status)).toEqual(['passed', 'passed'])
  })

  it('a failed delivery no expectation asked for fails the run, in the record and in JUnit', async () => {
    const env = await memoryEngine(500)
    const source = STORY.replace('  - expect: { delivery: { step: forged, status: 401 } }\n', '  - wait: 1m\n')
    const { run } = await play(env, source, { timeScale: 0 })
    expect(run.steps.every((s) => s.status === 'passed')).toBe(true)
    expect(run).toMatchObject({ status: 'failed', reason: '1 delivery failed that no expectation asked for', failures: [{ event: 'deploy.forged', stepIndex: 0, message: expect.stringContaining('HTTP 500') }] })
    const xml = junitReport([{ run, deliveries: await env.engine.runs.deliveries(run.id) }])
    expect(xml).toMatch(/<testsuite name="verdicts" [^>]*tests="3" failures="1"/)
    expect(xml).toContain('<testcase name="delivery of forged: deploy.forged to verdicts: app"')
  })

  it('a fire that reaches no subscription fails, naming the filter that stopped it', async () => {
    const env = await memoryEngine()
    const source = STORY.replace('    retry: { preset: none }', '    events: [deploy.started]').replace('  - expect: { delivery: { step: forged, status: 401 } }\n', '  - expect: { delivered: all }\n')
    const { run } = await play(env, source, { timeScale: 0 })
    expect(run.status).toBe('failed')
    expect(run.steps[0]).toMatchObject({ status: 'failed', message: expect.stringContaining('deploy.forged reached no subscription (verdicts: app: deploy.forged is not among its events); if the story means it to, say filteredOut: true') })
    expect(run.steps[1]).toMatchObject({ status: 'failed', message: 'no delivery was made, so none was delivered: did every fire reach no subscription?' })
    expect(env.sent).toEqual([])
  })

  it('filteredOut: true passes when the filters keep the event out, and fails when one takes it', async () => {
    const env = await memoryEngine()
    const kept = STORY.replace('    retry: { preset: none }', '    events: [deploy.started]').replace('    id: forged\n', '    id: forged\n    filteredOut: true\n').replace('  - expect: { delivery: { step: forged, status: 401 } }\n', '')
    expect((await play(env, kept, { timeScale: 0 })).run.status).toBe('passed')
    const taken = STORY.replace('    id: forged\n', '    id: forged\n    filteredOut: true\n').replace('  - expect: { delivery: { step: forged, status: 401 } }\n', '')
    const { run } = await play(env, taken, { timeScale: 0 })
    expect(run.steps[0]).toMatchObject({ status: 'failed', message: expect.stringContaining('deploy.forged was expected to be filtered out, but reached verdicts: app') })
  })
})

describe('interrupting a run', () => {
  const LONG = `
version: 1
name: long wait
provider: generic
seed: long
subscriptions:
  - name: app
    url: http://127.0.0.1:9/hooks
    provider: generic
steps:
  - fire: deploy.started
  - wait: 10h
  - fire: deploy.succeeded
  - expect: { delivered: all }
`

  it('leaves it interrupted at once inside a long wait, and a resume waits what was left', async () => {
    const env = await memoryEngine()
    const started = await env.engine.runs.start({ source: LONG, scenarioId: 'long', options: { timeScale: 1 } })
    await settle()
    await env.clock.advance(4 * 3_600_000)
    const [interrupted] = await env.engine.runs.interrupt([started.id])
    expect(interrupted).toMatchObject({ status: 'interrupted' })
    expect(interrupted!.steps.map((s) => s.status)).toEqual(['passed', 'interrupted', 'pending', 'pending'])
    expect(interrupted!.storyMs - Date.parse(interrupted!.storyStartedAt!)).toBe(4 * 3_600_000)
    // Nothing it made was removed: the resume needs it.
    expect(env.engine.subscriptions.list().map((s) => s.name)).toContain('long wait: app')

    const resuming = await env.engine.runs.prepareResume({ timeScale: 0.001 })
    expect(resuming.runs.map((r) => r.id)).toEqual([started.id])
    resuming.start()
    await settle()
    await env.clock.advance(6 * 3_600_000 * 0.001 - 1)
    await settle()
    expect(env.engine.runs.get(started.id).status).toBe('running')
    await env.clock.advance(2)
    const done = await env.engine.runs.whenDone(started.id)
    expect(done.status, done.reason).toBe('passed')
    const origin = Date.parse(done.storyStartedAt!)
    expect(env.sent.map((r) => Date.parse(bodyOf(r).timestamp as string) - origin)).toEqual([0, 10 * 3_600_000])
  })

  it('stops an http probe at once, the probe in flight aborted', async () => {
    const probes: AbortSignal[] = []
    // The app never answers: each probe hangs until it is aborted.
    const probe: HttpProbe = ({ signal }) =>
      new Promise((resolve) => {
        probes.push(signal!)
        signal!.addEventListener('abort', () => resolve({ error: 'aborted' }))
      })
    const env = await memoryEngine(200, [], { probe })
    const source = LONG.replace('  - expect: { delivered: all }\n', '  - expect: { http: { url: "http://127.0.0.1:9/status", timeout: 1h } }\n').replace('  - wait: 10h\n', '')
    const started = await env.engine.runs.start({ source, scenarioId: 'probe', options: { timeScale: 0 } })
    await settle()
    expect(probes).toHaveLength(1)
    const [run] = await env.engine.runs.interrupt([started.id])
    expect(probes[0]!.aborted).toBe(true)
    expect(run!.steps.at(-1)).toMatchObject({ status: 'interrupted' })
  })

  it('polls the app every 250 real ms, whatever the scale', async () => {
    let calls = 0
    const probe: HttpProbe = async () => {
      calls++
      return { status: 503, body: '' }
    }
    const env = await memoryEngine(200, [], { probe })
    const source = LONG.replace('  - expect: { delivered: all }\n', '  - expect: { http: { url: "http://127.0.0.1:9/status", timeout: 2s } }\n').replace('  - wait: 10h\n', '')
    const { run, realMs } = await play(env, source, { timeScale: 0 }, 50)
    expect(run.steps.at(-1)).toMatchObject({ status: 'failed', message: 'GET http://127.0.0.1:9/status after 2 s: HTTP 503, expected 200' })
    expect(realMs).toBeGreaterThanOrEqual(2_000)
    expect(calls).toBeGreaterThanOrEqual(8)
    expect(calls).toBeLessThanOrEqual(10)
  })
})
