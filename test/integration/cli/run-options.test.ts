import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliCaptured } from '../../support/run-cli'

/*
 * The command line of the scenario language: story facts on `fire`, `--bail`, and a multi-file
 * `run` in which one file is invalid.
 */

let server: Server
let base = ''
const bodies: string[] = []
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      bodies.push(body)
      res.statusCode = 200
      res.end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const workspace = () => mkdtempSync(join(tmpdir(), 'hookbench-run-options-'))

describe('fire --context', () => {
  it('sets story facts: a Slack-kind Qovery message names another project and environment', async () => {
    const cwd = workspace()
    const fired = await runCliCaptured(['fire', 'qovery', 'DEPLOYMENT_FAILURE', '--kind', 'SLACK', '--to', `${base}/hooks`, '--context', 'project=Payments', '--context', 'environment=staging'], { cwd })
    expect(fired.code).toBe(0)
    expect(JSON.parse(bodies.at(-1)!)).toEqual({ text: '❌ Deployment FAILED · Payments / staging (STAGING)' })
  })

  it('refuses a key the context does not have, naming the keys and the closest', async () => {
    const fired = await runCliCaptured(['fire', 'qovery', 'DEPLOYMENT_FAILURE', '--to', `${base}/hooks`, '--context', 'projet=Payments'], { cwd: workspace() })
    expect(fired.code).toBe(2)
    expect(fired.stderr).toMatch(/--context expects key=value with a key of organization, project, .*; got "projet=Payments"; did you mean "project"\?/)
  })
})

interface RunLine {
  type: string
  status: string
  reason: string
  steps: Array<{ status: string; message?: string }>
}

/** The run as `--json` prints it last. */
const lastRun = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RunLine)
    .filter((event) => event.type === 'run')
    .at(-1)!

/** Two expectations on an app that is not there, each allowed `windows` (in real time: the app's clock is the wall's) to come true. */
const down = (first: string, second: string) => `version: 1
name: app down
provider: generic
subscriptions:
  - name: app
    url: ${'${receiver}'}r/inbox
steps:
  - expect: { http: { url: "http://127.0.0.1:1/status", become: ${first} } }
  - expect: { http: { url: "http://127.0.0.1:1/status", become: ${second} } }
  - fire: deploy.succeeded
`
const DOWN = down('1s', '1s')

describe('--bail', () => {
  it('stops a run at its first failed step: the rest is skipped, not waited for', async () => {
    const cwd = workspace()
    // The second expectation would wait a minute: a run that ends well before has not waited for it.
    writeFileSync(join(cwd, 'down.yaml'), down('1s', '60s'))
    const started = Date.now()
    const run = await runCliCaptured(['run', 'down.yaml', '--bail', '--time-scale', '0', '--json', '--report', 'junit.xml'], { cwd })
    expect(run.code).toBe(1)
    expect(Date.now() - started).toBeLessThan(30_000)
    const final = lastRun(run.stdout)
    expect(final.status).toBe('failed')
    expect(final.reason).toMatch(/^stopped at its first failure \(--bail\): expect GET http:\/\/127\.0\.0\.1:1\/status → 200: GET http:\/\/127\.0\.0\.1:1\/status after 1 s: /)
    expect(final.steps.map((s) => s.status)).toEqual(['failed', 'skipped', 'skipped'])
    expect(final.steps[1]!.message).toBe('not run: the run stopped at its first failure (--bail)')
    expect(readFileSync(join(cwd, 'junit.xml'), 'utf8')).toMatch(/tests="3" failures="1" errors="0" skipped="2"/)
  })

  it('without it the story is told to the end', async () => {
    const cwd = workspace()
    writeFileSync(join(cwd, 'down.yaml'), DOWN)
    const run = await runCliCaptured(['run', 'down.yaml', '--time-scale', '0', '--json'], { cwd })
    expect(run.code).toBe(1)
    expect(lastRun(run.stdout)).toMatchObject({ status: 'failed', reason: '2 steps failed' })
  })
})

describe('run with several files, one of them invalid', () => {
  it('runs the others, reports the invalid one as an error testcase and exits 2, said in one line', async () => {
    const cwd = workspace()
    writeFileSync(join(cwd, 'good.yaml'), 'version: 1\nname: good\nprovider: generic\nsteps:\n  - fire: deploy.started\n')
    writeFileSync(join(cwd, 'bad.yaml'), 'version: 1\nname: bad\nprovider: generic\nsteps:\n  - fier: deploy.started\n')
    const run = await runCliCaptured(['run', 'good.yaml', 'bad.yaml', 'divshot-release', '--time-scale', '0', '--report', 'out/junit.xml'], { cwd })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('bad.yaml: invalid, not run:\nbad.yaml:5:5: steps[0].fier: unknown step "fier"; did you mean "fire"?')
    expect(run.stderr.trim().split('\n').at(-1)).toBe('hookbench: 1 of 3 scenarios is invalid and did not run (bad.yaml); the other 2 ran: 2 passed')
    const report = readFileSync(join(cwd, 'out', 'junit.xml'), 'utf8')
    expect(report).toMatch(/<testsuites name="hookbench" tests="\d+" failures="0" errors="1"/)
    expect(report).toContain('<testsuite name="bad.yaml" tests="1" failures="0" errors="1" skipped="0" time="0.000">')
    expect(report).toContain('<error message="invalid scenario, not run: bad.yaml:5:5: steps[0].fier: unknown step &quot;fier&quot;; did you mean &quot;fire&quot;?" type="invalid">')
    expect(report).toContain('<testsuite name="good"')
    expect(report).toContain('<testsuite name="Divshot release to production"')
  })

  it('one invalid file alone is still the usage error it was', async () => {
    const cwd = workspace()
    writeFileSync(join(cwd, 'bad.yaml'), 'version: 1\nname: bad\nprovider: generic\nsteps:\n  - wait: 90\n')
    const run = await runCliCaptured(['run', 'bad.yaml', '--time-scale', '0'], { cwd })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('bad.yaml:5:11: steps[0].wait: needs a unit: write 90s or 90ms')
  })
})
