import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_PATH } from '../../support/paths'
import { runCliCaptured } from '../../support/run-cli'

/*
 * `hookbench run` stopped by a real SIGINT or SIGTERM, in the middle of a long wait or of an
 * `http:` probe: it ends within a second, exit 130 or 143, the run left interrupted, and
 * `hookbench resume` finishes it (at another time scale, with --report and --json).
 */

let app: Server
let appUrl = ''
/** Until then, the app's status endpoint holds every request without answering. */
let statusAnswers = false
/** The bodies the app was sent, in order. */
const received: string[] = []
const children: ChildProcess[] = []
beforeAll(async () => {
  app = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    if (req.url === '/status' && !statusAnswers) return
    req.on('end', () => {
      if (req.url === '/hooks') received.push(body)
      res.end('ok')
    })
  })
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve))
  appUrl = `http://127.0.0.1:${(app.address() as { port: number }).port}`
})
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  app.closeAllConnections()
  return new Promise((resolve) => app.close(resolve))
})

const STORY = (middle: string) => `
version: 1
name: interrupted story
provider: generic
seed: interrupted
vars: { app: "http://127.0.0.1:9" }
subscriptions:
  - { name: app, url: "\${app}/hooks", provider: generic }
steps:
  - fire: deploy.started
${middle}
  - fire: deploy.succeeded
  - expect: { delivered: all }
`

/** Starts `hookbench run` and resolves once its first step has been reported. */
function start(cwd: string, args: string[]) {
  const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)))
  const firstStep = new Promise<void>((resolve) => {
    const check = () => (stdout.includes('[1/') ? resolve() : setTimeout(check, 10))
    check()
  })
  return { child, exited, firstStep, output: () => ({ stdout, stderr }) }
}

describe('a run stopped by a signal', () => {
  it.each([
    ['SIGINT', 130, '  - wait: 10h'],
    ['SIGTERM', 143, '  - wait: 10h'],
    ['SIGTERM', 143, '  - expect: { http: { url: "${app}/status", timeout: 1h } }'],
  ] as const)('%s (exit %s) in the middle of "%s" ends it at once, not at the end of the step, interrupted; resume finishes it', { timeout: 60_000 }, async (signal, code, middle) => {
    statusAnswers = false
    const cwd = mkdtempSync(join(tmpdir(), 'hookbench-interrupted-'))
    const dataDir = join(cwd, 'data')
    writeFileSync(join(cwd, 'story.yaml'), STORY(middle))
    const run = start(cwd, ['run', 'story.yaml', '--var', `app=${appUrl}`, '--time-scale', '1', '--data-dir', dataDir])
    await run.firstStep
    await new Promise((resolve) => setTimeout(resolve, 300))
    const signalled = performance.now()
    run.child.kill(signal)
    expect(await run.exited).toBe(code)
    // Ended promptly (a bound generous for a busy machine), not at the end of its step.
    expect(performance.now() - signalled).toBeLessThan(5_000)
    const { stdout, stderr } = run.output()
    expect(stdout).toMatch(/… interrupted: it runs again when the run is resumed/)
    expect(stdout).toMatch(/^interrupted: 4 steps, 1 delivery/m)
    expect(stderr).toContain(`"hookbench resume --data-dir ${dataDir}" continues them`)
    expect(existsSync(join(dataDir, 'hookbench.lock'))).toBe(false)

    // The app answers now; the rest of the wait is played at once.
    statusAnswers = true
    const resumed = await runCliCaptured(['resume', '--data-dir', dataDir, '--time-scale', '0', '--report', 'resumed.xml', '--json'], { cwd })
    const lines = resumed.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0)
    const last = lines.at(-1)!
    expect(last).toMatchObject({ type: 'run', status: 'passed', counts: { steps: 4, deliveries: 2 } })
    // Each step is told once, each attempt once; the steps done before the signal are not told again.
    expect(lines.filter((l) => l.type === 'step').map((l) => l.index)).toEqual([1, 2, 3])
    expect(lines.filter((l) => l.type === 'attempt')).toHaveLength(1)
    expect(readFileSync(join(cwd, 'resumed.xml'), 'utf8')).toMatch(/<testsuite name="interrupted story" [^>]*tests="4" failures="0" errors="0"/)
  })
})

describe('a story of the language stopped by a signal', () => {
  it('resumes with the values it saved and the steps of the file it includes', { timeout: 60_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hookbench-interrupted-language-'))
    const dataDir = join(cwd, 'data')
    writeFileSync(join(cwd, 'part.yaml'), ['version: 1', 'name: part', 'provider: generic', 'vars: { what: x }', 'steps:', '  - fire: deploy.part', '    body: { what: "${what}" }'].join('\n'))
    writeFileSync(
      join(cwd, 'story.yaml'),
      [
        'version: 1', 'name: saved values', 'provider: generic', 'seed: saved', 'vars: { app: "http://127.0.0.1:9" }',
        'subscriptions:', '  - { name: app, url: "${app}/hooks", provider: generic }',
        'steps:',
        '  - fire: deploy.started', '    id: first', '    body: { ticket: T-42 }', '    save: { ticket: body.ticket }',
        '  - wait: 10h',
        '  - fire: deploy.succeeded', '    body: { ticket: "${ticket}", again: "${steps.first.body.ticket}" }',
        '  - include: part.yaml', '    with: { what: "after ${ticket}" }',
      ].join('\n'),
    )
    received.length = 0
    const run = start(cwd, ['run', 'story.yaml', '--var', `app=${appUrl}`, '--time-scale', '1', '--data-dir', dataDir])
    await run.firstStep
    await new Promise((resolve) => setTimeout(resolve, 300))
    run.child.kill('SIGTERM')
    expect(await run.exited).toBe(143)
    // Moved away: the resume reads the included file from the run's record, not from the folder.
    writeFileSync(join(cwd, 'part.yaml'), 'not: a scenario')
    const resumed = await runCliCaptured(['resume', '--data-dir', dataDir, '--time-scale', '0'], { cwd })
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0)
    expect(received.map((body) => JSON.parse(body) as unknown)).toEqual([{ ticket: 'T-42' }, { ticket: 'T-42', again: 'T-42' }, { what: 'after T-42' }])
  })
})
