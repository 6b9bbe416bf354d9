import { type ChildProcess, spawn } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run, StepResult } from '../../../src/shared/schemas/run'
import { openEngine } from '../../../src/main/host/open-engine'
import { ROOT } from '../../support/paths'
import { runCliCaptured } from '../../support/run-cli'

/*
 * The scenario language, told to the example app (examples/app.mjs, which verifies Standard
 * Webhooks signatures with the standardwebhooks library, dedupes by id and keeps a status per
 * service): `${i}` in a repeat, an include with parameters, a generic `body:`, a reference to an
 * earlier step's body, a saved value, a per-subscription expectation, a `json` contains, a stale
 * forgery the library refuses while the next normal delivery verifies, a `stay` probe and a load
 * at 200/s for 10 s judged on its p95. The second test breaks each expectation on purpose.
 */

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const FIXTURES = join(ROOT, 'test', 'fixtures', 'scenarios', 'language')

let app: ChildProcess
let appUrl = ''

beforeAll(async () => {
  app = spawn(process.execPath, [join(ROOT, 'examples', 'app.mjs')], { env: { ...process.env, PORT: '0', WEBHOOK_SECRET: SECRET }, stdio: ['ignore', 'pipe', 'inherit'] })
  appUrl = await new Promise<string>((resolve, reject) => {
    app.stdout!.once('data', (chunk: Buffer) => resolve(/http:\/\/[\d.:]+/.exec(chunk.toString())![0]))
    app.once('exit', (code) => reject(new Error(`the example app exited ${code}`)))
  })
})
afterAll(() => {
  app.kill()
})

/** The tour in a folder of its own (with the file it includes), changed as `edits` say. */
function storyFolder(edits: Array<[string, string]> = []): string {
  const cwd = mkdtempSync(join(tmpdir(), 'hookbench-tour-'))
  let text = readFileSync(join(FIXTURES, 'tour.yaml'), 'utf8')
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`the tour has no "${from}" to change`)
    text = text.replace(from, to)
  }
  writeFileSync(join(cwd, 'tour.yaml'), text)
  copyFileSync(join(FIXTURES, 'deploy-service.yaml'), join(cwd, 'deploy-service.yaml'))
  return cwd
}

async function tell(cwd: string) {
  const result = await runCliCaptured(['run', 'tour.yaml', '--var', `app=${appUrl}`, '--time-scale', '0', '--data-dir', 'data', '--report', 'reports/junit.xml'], { cwd })
  const opened = await openEngine({ dataDir: join(cwd, 'data'), host: 'cli', resume: false, log: () => {} })
  try {
    const run = opened.engine.runs.get(opened.engine.runs.list()[0]!.id)
    return { result, run, deliveries: await opened.engine.runs.deliveries(run.id) }
  } finally {
    await opened.close()
  }
}

const stepNamed = (run: Run, name: string): StepResult => {
  const step = run.steps.find((s) => s.id === name || s.label === name)
  if (!step) throw new Error(`no step ${name} in ${run.steps.map((s) => s.id ?? s.label).join(', ')}`)
  return step
}

describe('the language tour', () => {
  it('passes against the example app, every construct doing what it says', async () => {
    const { result, run, deliveries } = await tell(storyFolder())
    expect(result.stderr).toBe('')
    expect(run.steps.filter((s) => s.status !== 'passed').map((s) => `${s.label}: ${s.message}`)).toEqual([])
    expect([result.code, run.status]).toEqual([0, 'passed'])

    // `${i}` and the include's parameters: three services, each started then succeeded, typed as written.
    const bodies = deliveries.filter((d) => d.subscriptionName.endsWith(': app')).map((d) => JSON.parse(d.body) as Record<string, unknown>)
    expect(bodies.slice(0, 6).map((b) => `${b.type} ${b.service} ${b.version}`)).toEqual([
      'deploy.started svc-1 1.1.0',
      'deploy.succeeded svc-1 1.1.0',
      'deploy.started svc-2 1.2.0',
      'deploy.succeeded svc-2 1.2.0',
      'deploy.started svc-3 1.3.0',
      'deploy.succeeded svc-3 1.3.0',
    ])
    // A reference to an earlier body, and the saved value.
    expect(bodies[7]).toEqual({ type: 'deploy.succeeded', service: 'checkout', version: '2.3.0' })
    expect(run.values).toMatchObject({ deployed: '2.3.0' })

    // The stale forgery: the standardwebhooks library refuses it, and the next normal one verifies.
    const verify = (stepId: string) => {
      const delivery = deliveries.find((d) => stepNamed(run, stepId).deliveryIds.includes(d.id))!
      const attempt = delivery.attempts.at(-1)!
      return () => new Webhook(SECRET).verify(delivery.body, Object.fromEntries(attempt.headers.map(([n, v]) => [n.toLowerCase(), v])))
    }
    expect(verify('stale')).toThrow(/too old/)
    expect(verify('fresh')).not.toThrow()
    expect(stepNamed(run, 'stale').message).toContain('timestamp-stale to language tour: app: refused')
    expect(deliveries.find((d) => stepNamed(run, 'stale').deliveryIds.includes(d.id))!.attempts.map((a) => a.response?.status)).toEqual([401])

    // The stay polled while story time passed; the load kept its rate and measured the app.
    expect(stepNamed(run, 'ghost stays unknown').message).toMatch(/answered 200 with the expected values for 3 s of story time \(\d+ polls\)/)
    const load = stepNamed(run, '200 pings a second for 10 s').load!
    expect(load).toMatchObject({ rate: 200, forMs: 10_000, sent: 2000, answered: 2000, keptRate: true, errors: { count: 0 } })
    expect(load.achievedRate).toBeGreaterThan(190)
    expect(load.latencyMs.p95).toBeLessThan(150)
    const checked = await (await fetch(`${appUrl}/status/load-2000`)).json()
    expect(checked).toMatchObject({ state: 'ping', events: 1 })

    const junit = readFileSync(join(result.cwd, 'reports', 'junit.xml'), 'utf8')
    expect(junit).toMatch(/<testsuite name="language tour" timestamp="[^"]+" tests="19" failures="0" errors="0" skipped="0"/)
    expect(junit).toContain('200 pings a second for 10 s')
    expect(junit).toMatch(/2000 requests at [\d.]+\/s \(200\/s asked\) over 10 s; latency p50 [\d.]+ ms, p95 [\d.]+ ms/)
  }, 60_000)

  it('fails each expectation that the app or the story breaks on purpose, saying why', async () => {
    const { result, run } = await tell(
      storyFolder([
        // `${i}`/include: there is no fourth round.
        ['json: { state: succeeded, version: "1.3.0" }', 'json: { state: succeeded, version: "1.4.0" }'],
        // A reference to a field the earlier body does not have.
        ['version: "${steps.started.body.version}"', 'version: "${steps.started.body.release}"'],
        // The saved value is another field than the one the app has.
        ['save: { deployed: body.version }', 'save: { deployed: body.service }'],
        // The audit endpoint answers no JSON.
        ['delivery: { step: succeeded, subscription: app, status: 200, json: { ok: true } }', 'delivery: { step: started, subscription: audit, status: 200, json: { ok: true } }'],
        // A state the app does not have.
        ['state: { contains: succeed }', 'state: { contains: rolled }'],
        // Stale by less than the library's tolerance: it is accepted.
        ['tamper: timestamp-stale', 'tamper: timestamp-stale\n    by: 10s'],
        // Another branch deploys the ghost while the stay lasts.
        ['      - wait: 1s', '      - repeat: 1\n        steps:\n          - wait: 1s\n          - fire: deploy.succeeded\n            body: { type: deploy.succeeded, service: ghost }'],
        // The app answers each webhook 200 ms late.
        ['  - load:', '  - http: { method: POST, url: "${app}/settings", body: { delayMs: 200 } }\n  - load:'],
      ]),
    )
    expect(result.code).toBe(1)
    expect(run.status).toBe('failed')
    const failed = Object.fromEntries(run.steps.filter((s) => s.status === 'failed').map((s) => [s.id ?? s.label, s.message]))
    expect(failed).toEqual({
      'the last round deployed svc-3 1.3.0': expect.stringContaining('version is "1.3.0", expected "1.4.0"'),
      succeeded: '${steps.started.body.release}: the body step "started" sent has no release',
      'the app acted on it': expect.stringMatching(/^deploy\.started to language tour: audit: the body is not JSON/),
      'checkout succeeded': expect.stringContaining('state is "started", which does not contain "rolled"'),
      'checkout is on the saved version': expect.stringContaining('version is "2.3.0", expected "checkout"'),
      stale: expect.stringMatching(/^1 delivery queued; timestamp-stale to language tour: app: accepted a valid signature over a timestamp older than the tolerance .*\(200\)/),
      'ghost stays unknown': expect.stringMatching(/did not stay as asked for 3 s \(poll \d+\): state is "succeeded", expected "unknown"/),
      '200 pings a second for 10 s': expect.stringMatching(/latency p95 was [\d.]+ ms, not under 150 ms/),
    })
  }, 60_000)
})
