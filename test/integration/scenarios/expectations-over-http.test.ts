import { mkdtempSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run } from '../../../src/shared/schemas/run'
import { type OpenedEngine, openEngine } from '../../../src/main/host/open-engine'
import { startReceiver } from '../../../src/main/host/start-receiver'

/*
 * Expectations judged over real HTTP: an `http:` probe against a small app that tracks Ocean CD
 * rollouts, and delivery / received / delivered expectations against the built-in receiver.
 * Each one is shown to pass when it should and to fail, saying why, when it should not.
 */
const SCALE = 0.001

/**
 * The integrator's app: takes Ocean CD rollout webhooks at `/hooks` and serves what it made of
 * them at `GET /api/deploys/<rolloutId>`. It marks a rollout rolled back a little after
 * `rollout-rolled-back` arrives (so the probe has to poll), unless it is `frozen`, in which case
 * it never gets past `failed`.
 */
async function startDeployApp({ frozen }: { frozen: boolean }) {
  const states = new Map<string, string>()
  const received: string[] = []
  let probes = 0
  const timers = new Set<NodeJS.Timeout>()
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const deploy = /^\/api\/deploys\/([^/]+)$/.exec(req.url ?? '')
      if (req.method === 'GET' && deploy) {
        probes++
        const state = states.get(decodeURIComponent(deploy[1]!))
        res.writeHead(state ? 200 : 404, { 'Content-Type': 'application/json' })
        return res.end(JSON.stringify(state ? { state } : { error: 'no such rollout' }))
      }
      if (req.method === 'POST' && req.url === '/hooks') {
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string; rolloutDetails: { id: string } }
        received.push(event.type)
        const id = event.rolloutDetails.id
        if (event.type === 'rollout-started') states.set(id, 'rolling-out')
        if (event.type === 'rollout-failed') states.set(id, 'failed')
        if (event.type === 'rollout-rolled-back' && !frozen) {
          const timer = setTimeout(() => {
            timers.delete(timer)
            states.set(id, 'rolled-back')
          }, 300)
          timers.add(timer)
        }
        res.writeHead(200)
        return res.end('ok')
      }
      res.writeHead(404)
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    received,
    probes: () => probes,
    async close() {
      for (const timer of timers) clearTimeout(timer)
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

const ROLLBACK = `
version: 1
name: the app marks a rolled-back rollout
provider: ocean-cd
seed: app-rollback
vars:
  app: http://127.0.0.1:9
context: { service: payments-api, rolloutSpec: payments-api-prod, version: "5.12.0", previousVersion: "5.11.3" }
subscriptions:
  - name: payments app
    url: \${app}/hooks
    provider: ocean-cd
steps:
  - fire: rollout-started
    set: &rollout { rolloutDetails.id: rol-7b20d5e3 }
  - wait: 10m
  - fire: rollout-failed
    set: *rollout
  - wait: 2m
  - fire: rollout-rolled-back
    id: rolled-back
    set: *rollout
  - expect: { delivery: { step: rolled-back, status: 200 } }
  - expect:
      http:
        url: \${app}/api/deploys/rol-7b20d5e3
        json: { state: rolled-back }
        timeout: 5s
  - expect: { delivered: all }
`

/** Every expectation kind against built-in receiver endpoints, each once right and once wrong. */
const RECEIVER = `
version: 1
name: receiver expectations
provider: generic
seed: receiver-expectations
endpoints:
  - name: accepts-later
    response: { status: 202 }
  - name: broken
    response: { status: 500, body: database is down }
subscriptions:
  - name: queue
    url: \${receiver}r/accepts-later
    provider: generic
    events: [build.started]
  - name: inbox
    url: \${receiver}r/inbox
    provider: generic
    events: [deploy.started, deploy.succeeded]
  - name: broken
    url: \${receiver}r/broken
    provider: generic
    events: [deploy.failed]
    retry: { preset: none }
steps:
  - fire: build.started
    id: queued
  - expect: { delivery: { step: queued, status: 202 } }
  - expect: { delivery: { step: queued, status: 200 } }
  - fire: deploy.started
  - wait: 1m
  - fire: deploy.succeeded
  - expect: { received: { endpoint: inbox, count: 2 } }
  - expect: { received: { endpoint: inbox, count: 3 } }
  - expect: { received: { endpoint: inbox, event: deploy.succeeded, count: 2 } }
  - expect: { delivered: all }
  - fire: deploy.failed
  - expect: { delivered: all }
`

let opened: OpenedEngine
let receiver: { url: string; close(): Promise<void> }
const apps: Array<Awaited<ReturnType<typeof startDeployApp>>> = []

beforeAll(async () => {
  opened = await openEngine({ dataDir: mkdtempSync(join(tmpdir(), 'hookbench-expect-')), host: 'cli', timeScale: SCALE, log: () => {} })
  receiver = await startReceiver(opened.engine, { host: '127.0.0.1', port: 0 })
})
afterAll(async () => {
  for (const app of apps) await app.close()
  await receiver?.close()
  await opened?.close()
})

async function run(source: string, vars: Record<string, string> = {}): Promise<Run> {
  const started = await opened.engine.runs.start({ source, scenarioId: 'expectations', options: { timeScale: SCALE, vars } })
  return opened.engine.runs.whenDone(started.id)
}

const outcome = (run: Run) => run.steps.filter((s) => s.kind === 'expect').map((s) => [s.label, s.status, s.message])

describe('an http expectation polls the integrator\'s app', () => {
  it('passes once the app reports the rollout rolled back, and fails with its last answer when it never does', async () => {
    const [updating, frozen] = await Promise.all([startDeployApp({ frozen: false }), startDeployApp({ frozen: true })])
    apps.push(updating, frozen)
    const [passed, failed] = await Promise.all([run(ROLLBACK, { app: updating.url }), run(ROLLBACK, { app: frozen.url })])

    expect(updating.received).toEqual(['rollout-started', 'rollout-failed', 'rollout-rolled-back'])
    expect(outcome(passed)).toEqual([
      ['expect delivery of rolled-back 200', 'passed', '1 delivery as expected'],
      [`expect GET ${updating.url}/api/deploys/rol-7b20d5e3 → 200`, 'passed', `GET ${updating.url}/api/deploys/rol-7b20d5e3 answered 200 with the expected values`],
      ['expect delivered: all', 'passed', '3 deliveries, all delivered'],
    ])
    expect(passed.status).toBe('passed')
    // The first answer still said "failed": the expectation polled until the app caught up.
    expect(updating.probes()).toBeGreaterThanOrEqual(2)

    expect(frozen.received).toEqual(['rollout-started', 'rollout-failed', 'rollout-rolled-back'])
    const probe = failed.steps.find((s) => s.label.startsWith('expect GET'))!
    expect(probe).toMatchObject({ status: 'failed', message: `GET ${frozen.url}/api/deploys/rol-7b20d5e3 after 5 s: state is "failed", expected "rolled-back"` })
    // It waited the whole timeout (real time: the app is not on the story's clock), then gave up.
    expect(Date.parse(probe.finishedAt!) - Date.parse(probe.startedAt!)).toBeGreaterThanOrEqual(5000)
    expect(frozen.probes()).toBeGreaterThanOrEqual(10)
    expect(failed.steps.filter((s) => s.status === 'failed')).toEqual([probe])
    expect(failed).toMatchObject({ status: 'failed', reason: '1 step failed' })
  })

  it('fails with the connection error when the app is not there', async () => {
    // A port that was just free: nothing listens there now.
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const app = `http://127.0.0.1:${(closed.address() as { port: number }).port}`
    await new Promise((resolve) => closed.close(resolve))
    const source = ROLLBACK.replace('timeout: 5s', 'timeout: 300ms')
    const down = await run(source, { app })
    const probe = down.steps.find((s) => s.label.startsWith('expect GET'))!
    expect(probe).toMatchObject({ status: 'failed', message: `GET ${app}/api/deploys/rol-7b20d5e3 after 300 ms: fetch failed: connect ECONNREFUSED ${app.slice('http://'.length)}` })
    expect(down.status).toBe('failed')
  })
})

describe('delivery, received and delivered expectations against the built-in receiver', () => {
  it('each passes when it holds and fails, saying why, when it does not', async () => {
    const result = await run(RECEIVER)
    // The story's endpoints are the run's own, named for it.
    expect(Object.keys(result.endpoints)).toEqual(['accepts-later', 'broken'])
    const broken = `${receiver.url}r/${result.endpoints.broken}`
    expect(outcome(result)).toEqual([
      ['expect delivery of queued 202', 'passed', '1 delivery as expected'],
      ['expect delivery of queued 200', 'failed', `build.started to ${receiver.url}r/${result.endpoints['accepts-later']}: delivered (HTTP 202), expected HTTP 200`],
      ['expect received 2 request(s) at inbox', 'passed', '2 request(s) at inbox'],
      ['expect received 3 request(s) at inbox', 'failed', 'expected 3 request(s) at inbox, the receiver captured 2'],
      ['expect received 2 deploy.succeeded(s) at inbox', 'failed', 'expected 2 deploy.succeeded(s) at inbox, the receiver captured 1'],
      ['expect delivered: all', 'passed', '3 deliveries, all delivered'],
      ['expect delivered: all', 'failed', `1 of 4 not delivered: deploy.failed to ${broken}: failed (HTTP 500 database is down)`],
    ])
    expect(result.steps.filter((s) => s.kind !== 'expect').every((s) => s.status === 'passed')).toBe(true)
    expect(result).toMatchObject({ status: 'failed', reason: '4 steps failed, 1 delivery failed that no expectation asked for' })
    expect(result.failures).toMatchObject([{ event: 'deploy.failed', stepIndex: 10, message: `deploy.failed to ${broken}: failed (HTTP 500 database is down)` }])
    // Gone with the run.
    expect(opened.engine.receiver.endpoint(result.endpoints.broken!)).toBeUndefined()
  })
})
