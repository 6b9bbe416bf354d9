import { mkdtempSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Capture } from '../../../src/shared/schemas/receiver'
import type { Run } from '../../../src/shared/schemas/run'
import { openEngine } from '../../../src/main/host/open-engine'
import { runCliCaptured } from '../../support/run-cli'

/*
 * Replays through the CLI, each in a process of its own (a new receiver port every time), read
 * back from the data directory afterwards.
 */

/** A story that sends five requests: a retry, a duplicate and a reorder among them, to an endpoint the file declares. */
const STORY = `
version: 1
name: replayed story
provider: generic
seed: replayed
context: { project: billing, environment: production }
endpoints:
  - name: flaky
    response: { failFirst: 1, failStatus: 503 }
subscriptions:
  - name: app
    url: \${receiver}r/flaky
    provider: generic
    signing: { scheme: standard, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }
    retry: { preset: fixed, delaysMs: [30000] }
    ordered: true
steps:
  - fire: deploy.started
    id: started
  - wait: 2m
  - duplicate: started
  - wait: 1m
  - reorder: reverse
    steps:
      - fire: check.a
      - fire: check.b
  - expect: { delivered: all }
`

async function inDataDir<T>(dataDir: string, read: (engine: Awaited<ReturnType<typeof openEngine>>['engine']) => Promise<T>): Promise<T> {
  const opened = await openEngine({ dataDir, host: 'cli', resume: false, log: () => {} })
  try {
    return await read(opened.engine)
  } finally {
    await opened.close()
  }
}

/** The requests a run's deliveries made, as the receiver captured them, in the order they arrived. */
async function capturedBy(dataDir: string, run: Run): Promise<Capture[]> {
  return inDataDir(dataDir, async (engine) => {
    const ids = new Set((await engine.runs.deliveries(run.id)).map((d) => d.id))
    const summaries = engine.receiver.listCaptures({ limit: 1000 }).items.filter((c) => c.deliveryId !== undefined && ids.has(c.deliveryId)).reverse()
    return Promise.all(summaries.map((c) => engine.receiver.getCapture(c.id)))
  })
}

const runsOf = (dataDir: string) => inDataDir(dataDir, async (engine) => engine.runs.list().map((summary) => engine.runs.get(summary.id)))
const header = (capture: Capture, name: string) => capture.headers.find(([n]) => n.toLowerCase() === name)?.[1]

describe('replay --exact', () => {
  let dataDir: string
  let cwd: string
  let original: Run
  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), 'hookbench-replay-'))
    dataDir = join(cwd, 'data')
    writeFileSync(join(cwd, 'story.yaml'), STORY)
    const result = await runCliCaptured(['run', 'story.yaml', '--data-dir', dataDir, '--time-scale', '0'], { cwd })
    expect(result.code, result.stdout).toBe(0)
    original = (await runsOf(dataDir))[0]!
  })

  it('resends every request the run sent, in its order, byte for byte, to the story\'s endpoint made again; answered as the run was', async () => {
    const sent = await capturedBy(dataDir, original)
    // deploy.started (503, then its retry), its duplicate, then check.b before check.a.
    expect(sent.map((c) => [JSON.parse(Buffer.from(c.bodyBase64, 'base64').toString()).type, c.response?.status])).toEqual([
      ['deploy.started', 503],
      ['deploy.started', 200],
      ['deploy.started', 200],
      ['check.b', 200],
      ['check.a', 200],
    ])
    const result = await runCliCaptured(['replay', original.id, '--exact', '--data-dir', dataDir, '--time-scale', '0'], { cwd })
    expect(result.code, result.stdout).toBe(0)
    expect(result.stdout).toContain('passed: 5 steps, 5 deliveries (replayed story)')
    const replay = (await runsOf(dataDir)).find((r) => r.replayOf?.runId === original.id)!
    const resent = await capturedBy(dataDir, replay)
    expect(resent).toHaveLength(5)
    const bytes = (c: Capture) => [c.bodyBase64, header(c, 'webhook-id'), header(c, 'webhook-timestamp'), header(c, 'webhook-signature'), header(c, 'content-type')]
    expect(resent.map(bytes)).toEqual(sent.map(bytes))
    // The story's endpoint, made again for the replay (its first request refused again), then removed.
    expect(resent.map((c) => c.response?.status)).toEqual([503, 200, 200, 200, 200])
    expect(new Set(resent.map((c) => c.endpoint))).toEqual(new Set([replay.endpoints.flaky]))
    expect(replay.endpoints.flaky).not.toBe(original.endpoints.flaky)
    await inDataDir(dataDir, async (engine) => expect(engine.receiver.endpoint(replay.endpoints.flaky!)).toBeUndefined())
  })

  it('keeps the run\'s relative timing in story time, played at the replay\'s scale', async () => {
    const result = await runCliCaptured(['replay', original.id, '--exact', '--data-dir', dataDir, '--time-scale', '0.0005'], { cwd })
    expect(result.code, result.stdout).toBe(0)
    const runs = await runsOf(dataDir)
    const replay = runs.filter((r) => r.replayOf?.runId === original.id).at(0)!
    const offsets = async (run: Run) =>
      inDataDir(dataDir, async (engine) => {
        const origin = Date.parse(run.storyStartedAt!)
        const attempts = (await engine.runs.deliveries(run.id)).flatMap((d) => d.attempts)
        return attempts.map((a) => Date.parse(a.storyAt!) - origin).sort((a, b) => a - b)
      })
    expect(await offsets(original)).toEqual([0, 30_000, 120_000, 180_000, 180_000])
    expect(await offsets(replay)).toEqual([0, 30_000, 120_000, 180_000, 180_000])
    // 3 min of story at 0.0005 took at least 90 ms of real time.
    expect(Date.parse(replay.finishedAt!) - Date.parse(replay.startedAt)).toBeGreaterThanOrEqual(90)
  })
})

describe('replay (fresh) and re-runs', () => {
  it('give every notification new delivery and message ids, while the story\'s own ids follow the seed', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hookbench-replay-'))
    const dataDir = join(cwd, 'data')
    const deploy = [
      'version: 1',
      'name: deploy',
      'provider: qovery',
      'seed: same-seed',
      'context: { project: Shop, environment: production, environmentType: PRODUCTION }',
      'subscriptions:',
      '  - { name: app, url: "${receiver}r/inbox", provider: qovery, signing: { scheme: standard, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" } }',
      'steps:',
      '  - fire: DEPLOYMENT_STARTED',
      '  - fire: DEPLOYMENT_SUCCESSFUL',
      '',
    ].join('\n')
    writeFileSync(join(cwd, 'deploy.yaml'), deploy)
    expect((await runCliCaptured(['run', 'deploy.yaml', '--data-dir', dataDir, '--time-scale', '0'], { cwd })).code).toBe(0)
    expect((await runCliCaptured(['run', 'deploy.yaml', '--data-dir', dataDir, '--time-scale', '0'], { cwd })).code).toBe(0)
    const [second, first] = await runsOf(dataDir)
    expect((await runCliCaptured(['replay', first!.id, '--data-dir', dataDir, '--time-scale', '0'], { cwd })).code).toBe(0)
    const fresh = (await runsOf(dataDir)).find((r) => r.replayOf?.runId === first!.id)!
    const told = []
    for (const run of [first!, second!, fresh]) {
      told.push(
        (await capturedBy(dataDir, run)).map((c) => {
          const body = JSON.parse(Buffer.from(c.bodyBase64, 'base64').toString()) as { payload_id: string; payload: { id: string; project: { id: string } } }
          return { webhookId: header(c, 'webhook-id')!, payloadId: body.payload_id, deployment: body.payload.id, project: body.payload.project.id }
        }),
      )
    }
    expect(told.map((events) => events.length)).toEqual([2, 2, 2])
    const all = told.flat()
    expect(new Set(all.map((e) => e.webhookId)).size).toBe(6)
    expect(new Set(all.map((e) => e.payloadId)).size).toBe(6)
    expect(new Set(all.map((e) => e.deployment)).size).toBe(1)
    expect(new Set(all.map((e) => e.project)).size).toBe(1)
  })
})

describe('replay --var', () => {
  let server: Server
  let base = ''
  const hits: string[] = []
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '')
      req.resume()
      req.on('end', () => res.end('ok'))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(() => new Promise((resolve) => server.close(resolve)))

  it('sends where the new value points, fresh and exact', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hookbench-replay-'))
    const dataDir = join(cwd, 'data')
    writeFileSync(join(cwd, 'app.yaml'), 'version: 1\nname: app\nprovider: divshot\nvars: { app: "http://127.0.0.1:9" }\nsubscriptions:\n  - { name: app, url: "${app}/first", provider: divshot }\nsteps:\n  - fire: release\n')
    expect((await runCliCaptured(['run', 'app.yaml', '--var', `app=${base}/a`, '--data-dir', dataDir, '--time-scale', '0'], { cwd })).code).toBe(0)
    const [run] = await runsOf(dataDir)
    expect((await runCliCaptured(['replay', run!.id, '--var', `app=${base}/b`, '--data-dir', dataDir, '--time-scale', '0'], { cwd })).code).toBe(0)
    expect((await runCliCaptured(['replay', run!.id, '--exact', '--var', `app=${base}/c`, '--data-dir', dataDir, '--time-scale', '0'], { cwd })).code).toBe(0)
    expect(hits).toEqual(['/a/first', '/b/first', '/c/first'])
    expect((await runCliCaptured(['replay', run!.id, '--var', 'not a var', '--data-dir', dataDir], { cwd })).code).toBe(2)
  })
})
