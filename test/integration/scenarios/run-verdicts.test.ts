import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCliCaptured } from '../../support/run-cli'
import { findAll, parseXml } from '../../support/tiny-xml'

/*
 * `hookbench run` against the real built-in receiver: the exit status, the JUnit report and --json
 * agree on every reason a run fails, and a failure the story expects is a pass.
 */

const RIGHT = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const WRONG = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='

async function run(source: string, extra: string[] = []) {
  const cwd = mkdtempSync(join(tmpdir(), 'hookbench-verdicts-'))
  writeFileSync(join(cwd, 'story.yaml'), source)
  const result = await runCliCaptured(['run', 'story.yaml', '--time-scale', '0', '--report', 'junit.xml', ...extra], { cwd })
  const junit = parseXml(readFileSync(join(cwd, 'junit.xml'), 'utf8'))
  return { ...result, junit, suite: findAll(junit, 'testsuite')[0]! }
}

describe('a run\'s verdict, exit status and report agree', () => {
  it('a negative test passes: a forged request the verifying endpoint must reject with 401', async () => {
    const { code, stdout, suite } = await run(`
version: 1
name: forged request
provider: generic
endpoints:
  - name: strict
    verify: { scheme: standard, secrets: ["${RIGHT}"], rejectInvalid: true }
subscriptions:
  - name: forger
    url: \${receiver}r/strict
    provider: generic
    signing: { scheme: standard, secret: "${WRONG}" }
    retry: { preset: none }
steps:
  - fire: deploy.started
    id: forged
  - expect: { delivery: { step: forged, status: 401 } }
  - expect: { received: { endpoint: strict, count: 1 } }
`)
    expect(stdout).toContain('passed: 3 steps, 1 delivery, 2/2 expectations (forged request)')
    expect(code).toBe(0)
    expect(suite.attributes).toMatchObject({ tests: '3', failures: '0', errors: '0' })
    expect(findAll(suite, 'testcase').map((c) => c.attributes.name)).toEqual(['forged', 'expect delivery of forged 401', 'expect received 1 request(s) at strict'])
  })

  it('a failed delivery no expectation asked for fails the run: exit 1, a JUnit failure, a --json failure', async () => {
    const { code, stdout, suite } = await run(
      `
version: 1
name: silent failure
provider: generic
endpoints:
  - name: broken
    response: { status: 500, body: database is down }
subscriptions:
  - name: app
    url: \${receiver}r/broken
    provider: generic
    retry: { preset: none }
steps:
  - fire: deploy.started
    id: started
  - wait: 1m
`,
      ['--json'],
    )
    expect(code).toBe(1)
    const last = JSON.parse(stdout.trim().split('\n').at(-1)!) as { status: string; reason: string; failures: Array<{ event: string; message: string }> }
    expect(last).toMatchObject({ status: 'failed', reason: '1 delivery failed that no expectation asked for', failures: [{ event: 'deploy.started', message: expect.stringContaining('HTTP 500 database is down') }] })
    expect(suite.attributes).toMatchObject({ tests: '3', failures: '1' })
    const failed = findAll(suite, 'testcase').at(-1)!
    expect(failed.attributes.name).toBe('delivery of started: deploy.started to silent failure: app')
    expect(findAll(failed, 'failure')[0]!.text).toContain('last attempt 1: HTTP 500 Internal Server Error')
  })

  it('a fire that reaches no subscription fails the run, naming the filter that stopped it', async () => {
    const { code, stdout, suite } = await run(`
version: 1
name: filter typo
provider: qovery
context: { project: Shop, environment: production, environmentType: PRODUCTION }
subscriptions:
  - name: production
    url: \${receiver}r/inbox
    provider: qovery
    filters: { environmentTypes: [PRODUCTON] }
steps:
  - fire: DEPLOYMENT_STARTED
  - expect: { delivered: all }
`)
    expect(code).toBe(1)
    expect(stdout).toContain('DEPLOYMENT_STARTED reached no subscription (filter typo: production: environment type PRODUCTION is not in PRODUCTON); if the story means it to, say filteredOut: true')
    expect(stdout).toContain('no delivery was made, so none was delivered')
    expect(suite.attributes).toMatchObject({ tests: '2', failures: '2' })
  })
})

describe('what the outputs count', () => {
  it('summaries count the same deliveries everywhere, heartbeat failures included; --json tells each attempt once', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hookbench-verdicts-'))
    const json = await runCliCaptured(['run', 'ocean-cd-heartbeat-lost', 'generic-flaky-endpoint', '--time-scale', '0', '--json'], { cwd })
    expect(json.code).toBe(0)
    const lines = json.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    const runs = lines.filter((l) => l.type === 'run') as Array<{ id: string; reason: string; counts: { deliveries: number } }>
    expect(runs.map((r) => [r.counts.deliveries, r.reason])).toEqual([
      [4, '13 steps, 4 deliveries, all as expected'],
      [1, '5 steps, 1 delivery, all as expected'],
    ])
    const attempts = lines.filter((l) => l.type === 'attempt').map((l) => `${l.deliveryId} ${l.series} ${l.n}`)
    expect(new Set(attempts).size).toBe(attempts.length)
    // The flaky endpoint's delivery: three attempts (503, 503, 200), each told once.
    expect(lines.filter((l) => l.type === 'attempt' && l.runId === runs[1]!.id).map((l) => (l.response as { status: number }).status)).toEqual([503, 503, 200])
    const steps = lines.filter((l) => l.type === 'step').map((l) => `${l.runId} ${l.index}`)
    expect(new Set(steps).size).toBe(steps.length)
    expect(steps).toHaveLength(13 + 5)

    const plain = await runCliCaptured(['run', 'ocean-cd-heartbeat-lost', '--time-scale', '0'], { cwd })
    expect(plain.stdout).toContain('passed: 13 steps, 4 deliveries, 3/3 expectations (Ocean CD controller heartbeat lost and recovered)')
    // Piped: one line per step (as it ends) and one per attempt, nothing repeated.
    const lineSet = plain.stdout.trim().split('\n')
    expect(lineSet.filter((l) => /^\[\d+\/13\]/.test(l))).toHaveLength(13)
    expect(lineSet.filter((l) => / attempt \d/.test(l))).toHaveLength(4)
  })
})
