import { describe, expect, it } from 'vitest'
import type { OutgoingRequest, SendResult } from '../../../src/main/delivery/http-sender'
import type { AppAnswer, AppRequest } from '../../../src/main/scenarios/expectations'
import type { Run } from '../../../src/shared/schemas/run'
import { memoryEngine } from '../../support/memory-engine'

/*
 * Running the language on a fake clock: values that flow between steps (and what happens when
 * they cannot), http calls, waiting until the app says something, probes that must stay true
 * while the story goes on, facts that `set:` moves, checks on one subscription and on the
 * answers, and load steps played in real time whatever the scale.
 */

interface Setup {
  send?: (request: OutgoingRequest) => SendResult | Promise<SendResult>
  probe?: (request: AppRequest) => AppAnswer | Promise<AppAnswer>
  timeScale?: number
  /** Fake milliseconds per turn while the run is driven. */
  step?: number
}

const answer = (status: number, body = '', headers: Array<[string, string]> = [], durationMs = 2): SendResult => ({ kind: 'response', durationMs, response: { status, headers, body, bodyBytes: body.length, truncated: false } })

async function tell(source: string, setup: Setup = {}) {
  const probes: AppRequest[] = []
  const { engine, clock, sent } = await memoryEngine(200, [], {
    ...(setup.send && { send: async (request) => setup.send!(request) }),
    probe: async (request) => {
      probes.push(request)
      return setup.probe ? setup.probe(request) : { status: 200, headers: [], body: '{}' }
    },
  })
  const started = await engine.runs.start({ source, scenarioId: 'story', options: { timeScale: setup.timeScale ?? 0 } })
  let run: Run | undefined
  void engine.runs.whenDone(started.id).then((done) => (run = done))
  for (let i = 0; i < 5000 && !run; i++) await clock.advance(setup.step ?? 50)
  if (!run) throw new Error('the run did not end')
  return { run, sent, probes, engine, clock }
}

const story = (...lines: string[]) => ['version: 1', 'name: story', 'provider: generic', 'seed: 1', 'subscriptions:', '  - name: app', '    url: http://127.0.0.1:9/hooks', '    retry: { preset: none }', ...lines].join('\n')
const messages = (run: Run) => run.steps.map((s) => `${s.status}: ${s.message}`)

describe('values that flow', () => {
  it('a fire\'s answer is waited for when a later step reads it; a save keeps it for the rest of the run', async () => {
    const { run, sent } = await tell(
      story('steps:', '  - fire: deploy.started', '    id: started', '    save: { ticket: response.body.ticket }', '  - fire: deploy.succeeded', '    body: { ticket: "${ticket}", header: "${steps.started.response.headers.x-request-id}", status: "${steps.started.response.status}" }'),
      { send: (request) => (request.body.includes('deploy.started') ? answer(202, '{"ticket":"T-7"}', [['X-Request-Id', 'req-1']]) : answer(200)) },
    )
    expect(messages(run)).toEqual(['passed: 1 delivery queued', 'passed: 1 delivery queued'])
    expect(JSON.parse(sent[1]!.body)).toEqual({ ticket: 'T-7', header: 'req-1', status: 202 })
    expect(run.values).toEqual({ ticket: 'T-7' })
  })

  it('a path the body does not have fails the step that reads it, saying which', async () => {
    const { run, sent } = await tell(story('steps:', '  - fire: deploy.started', '    id: started', '    body: { a: 1 }', '  - fire: deploy.succeeded', '    body: { b: "${steps.started.body.b}" }'))
    expect(messages(run)[1]).toBe('failed: ${steps.started.body.b}: the body step "started" sent has no b')
    expect(sent).toHaveLength(1)
  })

  it('a save of a path the body does not have fails that step, said of the step itself', async () => {
    const { run } = await tell(story('steps:', '  - fire: deploy.started', '    body: { a: 1 }', '    save: { circle: body.circleId, answer: response.body.missing }'))
    expect(messages(run)[0]).toBe('failed: 1 delivery queued; save circle: the body this step sent has no circleId; save answer: the answer of this step has no missing')
  })

  it('a value from a parallel branch that has not run yet fails the step, saying why', async () => {
    const { run } = await tell(story('steps:', '  - parallel:', '      - repeat: 1', '        steps:', '          - wait: 1m', '          - fire: deploy.started', '            id: late', '            save: { id: body.id }', '      - fire: deploy.succeeded', '        body: { id: "${id}" }'))
    expect(run.steps.find((s) => s.label === 'fire deploy.succeeded')!.message).toBe('${id} has no value yet: the step that saves it has not run (it is in a parallel branch, or failed before saving)')
  })
})

describe('http steps and waiting for the app', () => {
  it('an http step sends its JSON body and headers, fails on another status than asked, and keeps what later steps read', async () => {
    const { run, probes, sent } = await tell(
      story('steps:', '  - http: { method: POST, url: "http://127.0.0.1:9/seed", body: { services: [a, b] }, headers: { X-Token: t1 } }', '    id: seed', '  - http: { method: DELETE, url: "http://127.0.0.1:9/old", status: 204 }', '  - fire: deploy.started', '    body: { seeded: "${steps.seed.response.body.count}" }'),
      { probe: (request) => (request.url.endsWith('/seed') ? { status: 201, headers: [], body: '{"count":2}' } : { status: 200, headers: [], body: '' }) },
    )
    expect(probes[0]).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:9/seed', body: '{"services":["a","b"]}', headers: [['X-Token', 't1']] })
    expect(messages(run)).toEqual(['passed: POST http://127.0.0.1:9/seed answered 201', 'failed: DELETE http://127.0.0.1:9/old answered 200, expected 204', 'passed: 1 delivery queued'])
    expect(JSON.parse(sent[0]!.body)).toEqual({ seeded: 2 })
  })

  it('wait until polls in real time until the app says it, and fails in words at its timeout', async () => {
    let polls = 0
    const { run } = await tell(story('steps:', '  - wait: { until: { url: "http://127.0.0.1:9/status", json: { ready: true } }, timeout: 2s }', '  - wait: { until: { url: "http://127.0.0.1:9/never", json: { ready: true } }, timeout: 1s }'), {
      probe: (request) => (request.url.endsWith('/status') && ++polls >= 3 ? { status: 200, body: '{"ready":true}' } : { status: 200, body: '{"ready":false}' }),
    })
    expect(messages(run)).toEqual(['passed: GET http://127.0.0.1:9/status answered 200 with the expected values', 'failed: waited in vain: GET http://127.0.0.1:9/never after 1 s: ready is false, expected true'])
  })

  it('a stay is judged while story time passes: an event of another branch during it fails it at the poll that sees it', async () => {
    const seen = new Set<string>()
    const { run } = await tell(
      story('steps:', '  - parallel:', '      - expect: { http: { url: "http://127.0.0.1:9/status/ghost", json: { state: unknown }, stay: 1m } }', '      - repeat: 1', '        steps:', '          - wait: 30s', '          - fire: deploy.succeeded', '            body: { service: ghost }'),
      { send: (request) => (seen.add(request.body), answer(200)), probe: () => ({ status: 200, body: JSON.stringify({ state: seen.size > 0 ? 'deployed' : 'unknown' }) }) },
    )
    const stay = run.steps[0]!
    expect(stay).toMatchObject({ status: 'failed', message: expect.stringMatching(/did not stay as asked for 1 min \(poll \d+\): state is "deployed", expected "unknown"/) })
    // The stay takes its story time, whatever the scale: the story's clock reached its end.
    expect(Date.parse(stay.storyEndAt!) - Date.parse(stay.storyAt!)).toBe(60_000)
  })

  it('a stay that holds passes after its time, polled at its start, meanwhile and at its end', async () => {
    const { run, probes } = await tell(story('steps:', '  - expect: { http: { url: "http://127.0.0.1:9/status/ghost", json: { state: unknown }, stay: 2s } }'), { probe: () => ({ status: 200, body: '{"state":"unknown"}' }), timeScale: 1, step: 50 })
    expect(run.steps[0]!.message).toMatch(/^GET http:\/\/127\.0\.0\.1:9\/status\/ghost answered 200 with the expected values for 2 s of story time \(\d+ polls\)$/)
    expect(probes.length).toBeGreaterThanOrEqual(8)
  })
})

describe('facts, subscriptions and answers', () => {
  it('set: moves the facts filters see, as the context does', async () => {
    const source = ['version: 1', 'name: story', 'provider: qovery', 'subscriptions:', '  - name: shop only', '    url: http://127.0.0.1:9/hooks', '    filters: { projectNames: [Shop] }', 'context: { project: Payments }', 'steps:', '  - fire: DEPLOYMENT_STARTED', '    set: { payload.project.name: Shop }', '  - fire: DEPLOYMENT_STARTED', '    filteredOut: true'].join('\n')
    const { run, sent } = await tell(source)
    expect(run.status).toBe('passed')
    expect(sent).toHaveLength(1)
    expect(JSON.parse(sent[0]!.body).payload.project.name).toBe('Shop')
    expect(run.steps[1]!.message).toContain('filtered out, as expected')
  })

  it('an expectation and a duplicate about one subscription look at its deliveries only', async () => {
    const source = story('  - name: audit', '    url: http://127.0.0.1:9/audit', '    retry: { preset: none }', 'steps:', '  - fire: deploy.started', '    id: started', '  - duplicate: started', '    subscription: audit', '  - expect: { delivered: all, subscription: app }', '  - expect: { delivered: all, subscription: audit }', '  - expect: { delivery: { step: started, subscription: audit, status: 500 } }')
    const { run, sent } = await tell(source, { send: (request) => answer(request.url.endsWith('/audit') ? 500 : 200) })
    expect(sent.map((r) => r.url)).toEqual(['http://127.0.0.1:9/hooks', 'http://127.0.0.1:9/audit', 'http://127.0.0.1:9/audit'])
    expect(messages(run).slice(1)).toEqual([
      'passed: 1 delivery of started to audit sent again with the same id',
      'passed: 1 delivery, all delivered',
      expect.stringMatching(/^failed: 1 of 1 not delivered: deploy\.started to http:\/\/127\.0\.0\.1:9\/audit: failed \(HTTP 500\)/),
      'passed: 1 delivery as expected',
    ])
  })

  it('the answer: attempts, latency, JSON predicates and headers', async () => {
    const source = [
      'version: 1', 'name: story', 'provider: generic', 'subscriptions:', '  - name: app', '    url: http://127.0.0.1:9/hooks', '    retry: { preset: fixed, delaysMs: [1000, 1000] }', 'steps:',
      '  - fire: deploy.started',
      '  - expect: { delivery: { attempts: 3, under: 50ms, json: { processed: true, took: { lt: 100 }, id: { matches: "^evt_" }, error: { absent: true }, tags: { contains: fast } }, headers: { content-type: { contains: json }, x-id: { exists: true } } } }',
      '  - expect: { delivery: { attempts: 2, under: 1ms, json: { processed: false } } }',
    ].join('\n')
    let n = 0
    const { run } = await tell(source, { send: () => (++n < 3 ? answer(503) : answer(200, '{"processed":true,"took":40,"id":"evt_1","tags":["fast","new"]}', [['Content-Type', 'application/json'], ['X-Id', '9']], 20)) })
    expect(messages(run).slice(1)).toEqual([
      'passed: 1 delivery as expected',
      'failed: deploy.started to story: app took 3 attempts, expected 2; deploy.started to story: app was answered in 20 ms, not under 1 ms; deploy.started to story: app: processed is true, expected false',
    ])
  })
})

describe('load steps', () => {
  it('arrivals go out at their rate in real time at --time-scale 0, the story keeping pace; each is measured, none kept', async () => {
    const source = story(
      'steps:',
      '  - parallel:',
      '      - load: { fire: deploy.ping, body: { n: "${n}" }, rate: 20/s, for: 2s, expect: { latency: { p95: 50ms }, errors: { rate: "< 1%" } } }',
      '      - repeat: 1',
      '        steps:',
      '          - wait: 1s',
      '          - fire: deploy.midway',
    )
    const { run, sent, engine, clock } = await tell(source, { step: 10 })
    expect(run.status).toBe('passed')
    const pings = sent.filter((r) => r.body.includes('"n"'))
    expect(pings.map((r) => JSON.parse(r.body).n)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
    // 50 ms apart on the clock that plays the story in real time; the midway fire one second in.
    const start = pings[0]!.at
    expect(pings.map((r) => r.at - start)).toEqual(Array.from({ length: 40 }, (_, i) => i * 50))
    expect(sent.find((r) => r.body.includes('deploy.midway'))!.at - start).toBe(1000)
    const load = run.steps[0]!.load!
    expect(load).toMatchObject({ rate: 20, forMs: 2000, sent: 40, answered: 40, keptRate: true, errors: { count: 0, rate: 0 }, retries: 0, latencyMs: { p95: 1 } })
    expect(run.steps[0]!.message).toMatch(/^40 requests at 20\/s \(20\/s asked\) over 2 s; latency p50 1 ms, p95 1 ms, p99 1 ms, max 1 ms; errors 0 \(0%\); 0 the platform would retry; Hookbench's own delay \(scheduled → sent\) p50 0 ms, p95 0 ms, p99 0 ms, max 0 ms$/)
    expect(Date.parse(run.steps[0]!.storyEndAt!) - Date.parse(run.steps[0]!.storyAt!)).toBe(2000)
    // Measured, not kept: only the midway fire is a delivery of the run.
    expect((await engine.runs.deliveries(run.id)).map((d) => d.event)).toEqual(['deploy.midway'])
    expect(clock.now() - start).toBeLessThan(3000)
  })

  it('fails on its thresholds, counting errors by kind and what the platform would retry', async () => {
    let n = 0
    // The platform's own schedule (Standard Webhooks for generic) retries a 503.
    const source = story('steps:', '  - load: { fire: deploy.ping, rate: 10/s, for: 1s, expect: { latency: { p95: 10ms }, errors: { rate: "<= 10%" } } }').replace('    retry: { preset: none }\n', '')
    const { run } = await tell(source, { step: 10, send: () => (++n % 4 === 0 ? answer(503, '', [], 30) : answer(200, '', [], 30)) })
    expect(run.steps[0]).toMatchObject({ status: 'failed', load: { sent: 10, errors: { count: 2, rate: 0.2, byKind: { '503': 2 } }, retries: 2 } })
    expect(run.steps[0]!.message).toContain('latency p95 was 30 ms, not under 10 ms; errors were 20% (2 of 10: 2 × HTTP 503), not <= 10%')
  })
})
