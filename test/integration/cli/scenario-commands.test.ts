import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LIBRARY } from '../../../src/main/scenarios/library'
import { runCliCaptured } from '../../support/run-cli'

/** A fresh working directory and data directory for each test. */
function workspace() {
  const cwd = mkdtempSync(join(tmpdir(), 'hookbench-scenarios-'))
  const dataDir = join(cwd, 'data')
  return { cwd, dataDir, cli: (...argv: string[]) => runCliCaptured(argv, { cwd }) }
}

const RELEASE = LIBRARY.find((s) => s.id === 'divshot-release')!.source

/** A valid Standard Webhooks secret. */
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

interface Received {
  url?: string
  headers: Record<string, string>
  body: string
}

let server: Server
let base = ''
const received: Received[] = []
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      received.push({ url: req.url, headers: req.headers as Record<string, string>, body })
      res.statusCode = 204
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

describe('hookbench run', () => {
  it('runs a built-in scenario, exits 0 and writes a JUnit report', async () => {
    const { cli, cwd, dataDir } = workspace()
    const { code, stdout } = await cli('run', 'divshot-release', '--data-dir', dataDir, '--time-scale', '0', '--report', 'junit.xml')
    expect(code).toBe(0)
    expect(stdout).toContain('passed: 6 steps, 2 deliveries, 3/3 expectations (Divshot release to production)')
    expect(readFileSync(join(cwd, 'junit.xml'), 'utf8')).toContain('<testsuite name="Divshot release to production"')
  })

  it('sends to --to targets, and is a usage error for an unknown scenario', async () => {
    const { cli, dataDir } = workspace()
    const before = received.length
    expect((await cli('run', 'divshot-release', '--data-dir', dataDir, '--time-scale', '0', '--to', `${base}/hooks`, '--json')).code).toBe(1)
    expect(received.slice(before).map((r) => r.url)).toEqual(['/hooks', '/hooks'])
    expect(await cli('run', 'nope')).toMatchObject({ code: 2, stderr: expect.stringContaining('no scenario file or built-in scenario "nope"') })
  })
})

describe('hookbench scenarios', () => {
  it('lists the built-in scenarios, as a table or JSON', async () => {
    const { cli, dataDir } = workspace()
    const table = await cli('scenarios', 'list', '--data-dir', dataDir)
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/^ID +PROVIDER +STEPS +KIND +NAME\n/)
    expect(table.stdout).toMatch(/^divshot-release +divshot +6 +builtin +Divshot release to production$/m)
    const json = JSON.parse((await cli('scenarios', 'list', '--json', '--data-dir', dataDir)).stdout) as Array<{ id: string; builtin: boolean }>
    expect(json.map((s) => s.id)).toEqual(LIBRARY.map((s) => s.id))
    expect(json.every((s) => s.builtin)).toBe(true)
  })

  it('shows a scenario\'s text or JSON, and refuses an unknown id', async () => {
    const { cli, dataDir } = workspace()
    expect(await cli('scenarios', 'show', 'divshot-release', '--data-dir', dataDir)).toMatchObject({ code: 0, stdout: RELEASE })
    const json = JSON.parse((await cli('scenarios', 'show', 'divshot-release', '--json', '--data-dir', dataDir)).stdout)
    expect(json).toMatchObject({ id: 'divshot-release', provider: 'divshot', builtin: true, steps: 6, problems: [], source: RELEASE })
    expect(await cli('scenarios', 'show', 'nope', '--data-dir', dataDir)).toMatchObject({ code: 2, stderr: expect.stringContaining('No scenario "nope"') })
  })

  it('validates files: exit 0 when all are valid, else 2 with every problem as file:line:col: path: message', async () => {
    const { cli, cwd } = workspace()
    writeFileSync(join(cwd, 'good.yaml'), RELEASE)
    writeFileSync(join(cwd, 'typo.yaml'), 'version: 1\nname: typo\nprovider: divshot\nsteps:\n  - fire: relase\n  - wait: soon\n')
    writeFileSync(join(cwd, 'broken.yaml'), 'version: 1\nname: [unclosed\n')
    expect(await cli('scenarios', 'validate', 'good.yaml')).toMatchObject({ code: 0, stdout: 'good.yaml: ok\n', stderr: '' })
    const bad = await cli('scenarios', 'validate', 'good.yaml', 'typo.yaml', 'broken.yaml')
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim().split('\n')).toEqual([
      'typo.yaml:5:11: steps[0].fire: unknown event "relase" for divshot; did you mean "release"?',
      expect.stringMatching(/^typo\.yaml:6:11: steps\[1\]\.wait: must be a duration/),
      expect.stringMatching(/^broken\.yaml:3:1: \(root\): invalid YAML: /),
    ])
  })

  it('prints or writes the JSON Schema', async () => {
    const { cli, cwd } = workspace()
    const printed = await cli('scenarios', 'schema')
    expect(printed.code).toBe(0)
    expect(JSON.parse(printed.stdout)).toMatchObject({ $id: 'urn:hookbench:scenario:1', title: 'Hookbench scenario' })
    expect((await cli('scenarios', 'schema', '--out', 'scenario.schema.json')).code).toBe(0)
    expect(readFileSync(join(cwd, 'scenario.schema.json'), 'utf8')).toBe(printed.stdout)
  })

  it('imports a file, lists it, exports the same bytes and deletes it', async () => {
    const { cli, cwd, dataDir } = workspace()
    const text = `# my copy\n${RELEASE.replace('name: Divshot release to production', 'name: Docs release')}`
    writeFileSync(join(cwd, 'Docs Release.yaml'), text)
    expect(await cli('scenarios', 'import', 'Docs Release.yaml', '--data-dir', dataDir)).toMatchObject({ code: 0, stdout: 'Imported Docs Release.yaml as docs-release (Docs release)\n' })
    expect((await cli('scenarios', 'list', '--data-dir', dataDir)).stdout).toMatch(/^docs-release +divshot +6 +saved +Docs release$/m)
    expect(await cli('scenarios', 'export', 'docs-release', '--data-dir', dataDir)).toMatchObject({ code: 0, stdout: `Wrote ${join(cwd, 'docs-release.yaml')}\n` })
    expect(readFileSync(join(cwd, 'docs-release.yaml'), 'utf8')).toBe(text)
    expect((await cli('scenarios', 'export', 'docs-release', '--data-dir', dataDir)).stderr).toContain('exists; replace it with --force')
    expect((await cli('scenarios', 'export', 'docs-release', '--out', 'copy.yaml', '--data-dir', dataDir)).code).toBe(0)
    expect(readFileSync(join(cwd, 'copy.yaml'), 'utf8')).toBe(text)
    expect(await cli('scenarios', 'delete', 'docs-release', '--data-dir', dataDir)).toMatchObject({ code: 0, stdout: 'Deleted docs-release\n' })
    expect((await cli('scenarios', 'list', '--data-dir', dataDir)).stdout).not.toContain('docs-release')
    expect((await cli('scenarios', 'delete', 'docs-release', '--data-dir', dataDir)).code).toBe(2)
  })

  it('imports nothing when one file is invalid, and refuses built-in ids and bad --id values', async () => {
    const { cli, cwd, dataDir } = workspace()
    writeFileSync(join(cwd, 'good.yaml'), RELEASE)
    writeFileSync(join(cwd, 'typo.yaml'), RELEASE.replace('- fire: release', '- fire: relase'))
    const refused = await cli('scenarios', 'import', 'good.yaml', 'typo.yaml', '--data-dir', dataDir)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/^typo\.yaml:\d+:\d+: steps\[0\]\.fire: unknown event "relase"/)
    expect(existsSync(join(dataDir, 'scenarios')) ? readdirSync(join(dataDir, 'scenarios')) : []).toEqual([])
    writeFileSync(join(cwd, 'divshot-release.yaml'), RELEASE)
    expect((await cli('scenarios', 'import', 'divshot-release.yaml', '--data-dir', dataDir)).stderr).toContain('"divshot-release" is a built-in scenario')
    expect((await cli('scenarios', 'import', 'good.yaml', '--id', '../evil', '--data-dir', dataDir)).stderr).toContain('--id: must be a slug')
  })

  it('marks a saved file with problems in the list and shows them with its text', async () => {
    const { cli, dataDir } = workspace()
    await cli('scenarios', 'list', '--data-dir', dataDir)
    mkdirSync(join(dataDir, 'scenarios'), { recursive: true })
    writeFileSync(join(dataDir, 'scenarios', 'broken.yaml'), 'version: 1\nname: [unclosed\n')
    expect((await cli('scenarios', 'list', '--data-dir', dataDir)).stdout).toMatch(/^broken +- +0 +saved +broken\.yaml {2}! 1 problem$/m)
    const shown = await cli('scenarios', 'show', 'broken', '--data-dir', dataDir)
    expect(shown).toMatchObject({ code: 0, stdout: 'version: 1\nname: [unclosed\n', stderr: expect.stringMatching(/^broken\.yaml:3:1: \(root\): invalid YAML/) })
  })
})

describe('hookbench runs', () => {
  it('lists and shows the runs of a data directory', async () => {
    const { cli, dataDir } = workspace()
    expect((await cli('run', 'divshot-release', '--data-dir', dataDir, '--time-scale', '0')).code).toBe(0)
    const table = await cli('runs', 'list', '--data-dir', dataDir)
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/^ID +STATUS +SCENARIO +STARTED +STEPS +DELIVERIES\nrun_\w+ +passed +divshot-release +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +6\/6 +2\n$/)
    const [listed] = JSON.parse((await cli('runs', 'list', '--json', '--data-dir', dataDir)).stdout) as Array<{ id: string; status: string; counts: object }>
    expect(listed).toMatchObject({ status: 'passed', scenarioId: 'divshot-release', counts: { steps: 6, deliveries: 2 } })

    const shown = await cli('runs', 'show', listed!.id, '--data-dir', dataDir)
    expect(shown.code).toBe(0)
    expect(shown.stdout).toContain(`Run ${listed!.id}: Divshot release to production (divshot-release), seed divshot-release\n`)
    expect(shown.stdout).toContain('  [2/6] expect delivery of v41 200 within 10 s … passed: 1 delivery as expected (1 delivery)\n')
    expect(shown.stdout.match(/^ {2}msg_\w+ {2}release → http:\/\/127\.0\.0\.1:\d+\/r\/inbox {2}delivered after 1 attempt \(200\)$/gm)).toHaveLength(2)
    expect(shown.stdout).toMatch(/\npassed: 6 steps, 2 deliveries, all as expected\n$/)
    const json = JSON.parse((await cli('runs', 'show', listed!.id, '--json', '--data-dir', dataDir)).stdout)
    expect(json).toMatchObject({ id: listed!.id, reason: '6 steps, 2 deliveries, all as expected', deliveries: [{ event: 'release', status: 'delivered', attemptCount: 1 }, { event: 'release' }] })
    expect(json.steps).toHaveLength(6)
    expect(await cli('runs', 'show', 'run_nope', '--data-dir', dataDir)).toMatchObject({ code: 2, stderr: expect.stringContaining('No run with id "run_nope"') })
  })

  it('lists the newest first, at most --limit, and leaves secrets out of JSON', async () => {
    const { cli, cwd, dataDir } = workspace()
    writeFileSync(join(cwd, 'signed.yaml'), 'version: 1\nname: Signed\nprovider: divshot\nsteps:\n  - fire: release\n')
    for (let i = 0; i < 2; i++) expect((await cli('run', 'signed.yaml', '--to', `${base}/hooks`, `--secret=${SECRET}`, '--data-dir', dataDir, '--time-scale', '0')).code).toBe(0)
    const runs = JSON.parse((await cli('runs', 'list', '--json', '--data-dir', dataDir)).stdout) as Array<{ id: string; startedAt: string; options: object }>
    expect(runs).toHaveLength(2)
    expect(runs[0]!.startedAt >= runs[1]!.startedAt).toBe(true)
    expect(JSON.stringify(runs)).not.toContain(SECRET)
    const [newest] = JSON.parse((await cli('runs', 'list', '--json', '--limit', '1', '--data-dir', dataDir)).stdout) as Array<{ id: string }>
    expect(newest!.id).toBe(runs[0]!.id)
    expect((await cli('runs', 'list', '--limit', 'many', '--data-dir', dataDir)).code).toBe(2)
  })
})

describe('hookbench replay', () => {
  /** Two Divshot releases a minute apart (story time), signed the Standard Webhooks way by the subscription --to makes. */
  const SIGNED = 'version: 1\nname: Signed releases\nprovider: divshot\nsteps:\n  - fire: release\n  - wait: 1m\n  - fire: release\n    context: { version: "43" }\n  - expect: { delivered: all }\n'
  const SIGNATURE_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature']

  /** Runs SIGNED against the test server; returns the run's id and the requests it made. */
  async function signedRun(path: string) {
    const space = workspace()
    writeFileSync(join(space.cwd, 'signed.yaml'), SIGNED)
    const before = received.length
    expect((await space.cli('run', 'signed.yaml', '--to', `${base}${path}`, `--secret=${SECRET}`, '--data-dir', space.dataDir, '--time-scale', '0')).code).toBe(0)
    const requests = inStoryOrder(received.slice(before))
    expect(requests).toHaveLength(2)
    const [run] = JSON.parse((await space.cli('runs', 'list', '--json', '--data-dir', space.dataDir)).stdout) as Array<{ id: string }>
    return { ...space, runId: run!.id, requests }
  }

  /** Sends the replay and returns what it sent to the test server. */
  async function replayed(cli: (...argv: string[]) => ReturnType<typeof runCliCaptured>, ...argv: string[]) {
    const before = received.length
    const result = await cli('replay', ...argv)
    return { ...result, requests: inStoryOrder(received.slice(before)) }
  }

  const signatureHeaders = (request: Received) => SIGNATURE_HEADERS.map((name) => request.headers[name])

  it('--exact resends the recorded requests byte for byte, signature headers and all', async () => {
    const { cli, dataDir, runId, requests } = await signedRun('/exact')
    const replay = await replayed(cli, runId, '--exact', '--data-dir', dataDir)
    expect(replay.code).toBe(0)
    expect(replay.stdout).toMatch(/\[2\/2\] resend release \(attempt 1\) as recorded … passed: answered HTTP \d+, as in the run \(1 delivery\)[^]*passed: 2 steps, 2 deliveries \(Signed releases\)\n$/)
    expect(replay.requests.map((r) => [r.url, r.body, ...signatureHeaders(r)])).toEqual(requests.map((r) => [r.url, r.body, ...signatureHeaders(r)]))
  })

  it('fresh (the default) sends the same payloads with new webhook-ids and signatures that verify', async () => {
    const { cli, dataDir, runId, requests } = await signedRun('/fresh')
    const replay = await replayed(cli, runId, '--data-dir', dataDir)
    expect(replay.code).toBe(0)
    expect(replay.stdout).toContain('passed: 4 steps, 2 deliveries, 1/1 expectation (Signed releases)')
    expect(replay.requests).toHaveLength(2)
    for (const [i, request] of replay.requests.entries()) {
      const original = requests[i]!
      expect(request.url).toBe('/fresh')
      // The story clock starts anew, so the release's `timestamp` is the replay's (see the report).
      expect(withoutTimestamp(request.body)).toEqual(withoutTimestamp(original.body))
      expect(request.headers['webhook-id']).not.toBe(original.headers['webhook-id'])
      expect(new Webhook(SECRET).verify(request.body, request.headers)).toEqual(JSON.parse(request.body))
    }
    expect(new Set([...requests, ...replay.requests].map((r) => r.headers['webhook-id'])).size).toBe(4)
  })

  it('sends to --to instead, writes --report, prints --json, and records the replay', async () => {
    const { cli, cwd, dataDir, runId } = await signedRun('/original')
    const replay = await replayed(cli, runId, '--exact', '--to', `${base}/elsewhere`, '--json', '--report', 'replay.xml', '--data-dir', dataDir)
    expect(replay.code).toBe(0)
    expect(replay.requests.map((r) => r.url)).toEqual(['/elsewhere', '/elsewhere'])
    const last = JSON.parse(replay.stdout.trim().split('\n').at(-1)!)
    expect(last).toMatchObject({ type: 'run', status: 'passed', replayOf: { runId, mode: 'exact' }, options: { targets: [`${base}/elsewhere`] } })
    expect(last.options.secret).toBeUndefined()
    expect(readFileSync(join(cwd, 'replay.xml'), 'utf8')).toContain('tests="2" failures="0"')
    expect((await cli('runs', 'list', '--data-dir', dataDir)).stdout).toMatch(new RegExp(`^${last.id} +passed +signed\\.yaml \\(exact replay\\) `, 'm'))
  })

  it('exits 1 when the replay fails and 2 for an unknown run or a bad --to', async () => {
    const { cli, dataDir, runId } = await signedRun('/ok')
    expect((await replayed(cli, runId, '--exact', '--to', 'http://127.0.0.1:9/closed', '--data-dir', dataDir)).code).toBe(1)
    expect(await cli('replay', 'run_nope', '--data-dir', dataDir)).toMatchObject({ code: 2, stderr: expect.stringContaining('No run with id "run_nope"') })
    expect(await cli('replay', runId, '--to', 'ftp://x', '--data-dir', dataDir)).toMatchObject({ code: 2, stderr: expect.stringContaining('--to must be an http') })
    expect((await cli('replay', '--data-dir', dataDir)).code).toBe(2)
  })
})

/** Deliveries to one URL may arrive in either order: these sort by the payload, timestamps aside. */
function inStoryOrder(requests: Received[]): Received[] {
  const key = (request: Received) => JSON.stringify(withoutTimestamp(request.body))
  return [...requests].sort((a, b) => key(a).localeCompare(key(b)))
}

function withoutTimestamp(body: string) {
  const payload = JSON.parse(body)
  delete payload.data.release.timestamp
  return payload
}
