import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDeliveryHistory } from '../../../src/main/persistence/delivery-history'
import type { Run } from '../../../src/shared/schemas/run'
import { openRunStore } from '../../../src/main/persistence/run-store'
import { CLI_PATH } from '../../support/paths'

/*
 * `hookbench run` of a 300-fire scenario, SIGKILLed a third of the way through, then
 * `hookbench resume`: every event arrives, each under one webhook-id, and the run ends passed.
 */
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const FIRES = 300
const KILL_AFTER = 100

const SCENARIO = `
version: 1
name: three hundred deploys
provider: generic
seed: crash-300
context: { project: billing, environment: production }
steps:
  - repeat: ${FIRES}
    steps:
      - fire: deploy.succeeded
  - expect: { delivered: all }
`

interface Received {
  webhookId: string
  body: string
  headers: Record<string, string>
  phase: 'run' | 'resume'
}

let target: Server
let targetUrl = ''
let phase: Received['phase'] = 'run'
const received: Received[] = []
const children: ChildProcess[] = []

beforeAll(async () => {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run "npm run build" first`)
  // Answers each request after 5 ms; past KILL_AFTER it stops answering until the resume, so the
  // kill lands mid-way however slow the machine is.
  target = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)]))
      received.push({ webhookId: String(req.headers['webhook-id']), body: Buffer.concat(chunks).toString('utf8'), headers, phase })
      if (phase === 'run' && received.length > KILL_AFTER) return
      setTimeout(() => res.end('ok'), 5)
    })
  })
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}/hooks`
})
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  target.closeAllConnections()
  await new Promise((resolve) => target.close(resolve))
})

const cli = (args: string[]) => spawn(process.execPath, [CLI_PATH, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } })

function cliToEnd(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI_PATH, ...args], { env: { ...process.env, CI: 'true' }, timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    )
  })
}

const resume = (dataDir: string) => cliToEnd(['resume', '--data-dir', dataDir])
const listRuns = async (dataDir: string) => (await cliToEnd(['runs', 'list', '--data-dir', dataDir])).stdout

/** The runs of a data directory as its runs file has them (read, not changed). */
async function runsOf(dataDir: string): Promise<Map<string, Run>> {
  const store = await openRunStore({ file: join(dataDir, 'runs.log'), maxRecords: 1000 })
  return new Map(store.list().map((run) => [run.id, run]))
}

/** The deliveries saved as delivered, read from a copy (opening a history may tidy its files; resume must find them untouched). */
async function deliveredIn(dataDir: string): Promise<Set<string>> {
  const copy = mkdtempSync(join(tmpdir(), 'hookbench-run-crash-copy-'))
  cpSync(dataDir, copy, { recursive: true })
  const history = await openDeliveryHistory(join(copy, 'deliveries.index'), 100_000)
  const delivered = new Set([...history.summaries()].filter((d) => d.status === 'delivered').map((d) => d.id))
  await history.close()
  return delivered
}

describe('a scenario run killed with SIGKILL and resumed', () => {
  it(`delivers all ${FIRES} events, each under one stable webhook-id, and the run ends passed`, { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookbench-run-crash-'))
    const file = join(dir, 'three-hundred.yaml')
    const dataDir = join(dir, 'data')
    writeFileSync(file, SCENARIO)

    const child = cli(['run', file, '--data-dir', dataDir, '--to', targetUrl, `--secret=${SECRET}`, '--time-scale', '0.001', '--json'])
    children.push(child)
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise((resolve) => child.once('exit', resolve))
    await expect.poll(() => received.length, { timeout: 20_000, interval: 5 }).toBeGreaterThanOrEqual(KILL_AFTER)
    child.kill('SIGKILL')
    await exited
    expect(child.signalCode, output).toBe('SIGKILL')

    // The kill landed mid-way: the run was still running, with events left to send.
    const beforeResume = new Set(received.map((r) => r.webhookId))
    expect(beforeResume.size).toBeLessThan(FIRES)
    const killed = [...(await runsOf(dataDir)).values()]
    expect(killed.map((r) => r.status)).toEqual(['running'])
    expect(killed[0]!.next).toBeLessThan(FIRES)
    const deliveredAtKill = await deliveredIn(dataDir)
    // Listed, it is not "running" (nothing runs it): it was cut off, and resume continues it.
    const listed = await listRuns(dataDir)
    expect(listed.split('\n')[1]).toMatch(new RegExp(`^${killed[0]!.id}\\s+cut off\\s+three-hundred\\.yaml`))
    expect(listed).toContain('cut off: its process ended without finishing it (killed, crashed, or the machine stopped); "hookbench resume" continues it')

    phase = 'resume'
    const resumed = await resume(dataDir)
    expect(resumed.stderr).toBe('')
    expect(resumed.stdout).toContain('Continuing 1 interrupted scenario run(s)')
    expect(resumed.stdout).toMatch(/^passed: 301 steps, 300 deliveries, 1\/1 expectation \(three hundred deploys\)$/m)
    // Only what the resumed run did is told: no step it had finished before the kill.
    expect(resumed.stdout).not.toContain(`[1/301]`)
    expect(resumed.code).toBe(0)

    // Every event arrived, each under one webhook-id; no webhook-id ever came with another body.
    const bodies = new Map<string, Set<string>>()
    for (const r of received) bodies.set(r.webhookId, (bodies.get(r.webhookId) ?? new Set()).add(r.body))
    expect(bodies.size).toBe(FIRES)
    expect([...bodies].filter(([, set]) => set.size > 1).map(([id]) => id)).toEqual([])
    const events = new Set(received.map((r) => (JSON.parse(r.body) as { id: string; type: string }).id))
    expect(events.size).toBe(FIRES)
    // At-least-once: a request in flight at the kill (or whose answer was not saved yet) is sent
    // again after it, once; nothing saved as delivered before the kill is sent again.
    const repeated = [...bodies.keys()].filter((id) => received.filter((r) => r.webhookId === id).length > 1)
    for (const id of repeated) expect(received.filter((r) => r.webhookId === id).map((r) => r.phase), id).toEqual(['run', 'resume'])
    expect(deliveredAtKill.size).toBeGreaterThan(0)
    expect(repeated.filter((id) => deliveredAtKill.has(id))).toEqual([])
    // Each request is signed, before the kill and after, and verifies with the secret.
    const webhook = new Webhook(SECRET)
    for (const r of received) expect(() => webhook.verify(r.body, r.headers)).not.toThrow()
    expect(received.some((r) => r.phase === 'resume')).toBe(true)

    // The ids are the ones the data directory keeps: the run's 300 deliveries, every one delivered.
    const history = await openDeliveryHistory(join(dataDir, 'deliveries.index'), 100_000)
    const ofRun = [...history.summaries()].filter((d) => d.runId === killed[0]!.id)
    const deliveries = await Promise.all(ofRun.map(async (d) => (await history.get(d.id))!))
    expect(deliveries).toHaveLength(FIRES)
    expect(new Set(deliveries.map((d) => d.id))).toEqual(new Set(bodies.keys()))
    expect(deliveries.filter((d) => d.status !== 'delivered').map((d) => `${d.id} ${d.status}`)).toEqual([])
    for (const id of beforeResume) expect(bodies.get(id)).toEqual(new Set([deliveries.find((d) => d.id === id)!.body]))

    // The run: its record says passed, with every step passed.
    const finished = (await runsOf(dataDir)).get(killed[0]!.id)!
    expect(finished).toMatchObject({ status: 'passed', next: FIRES + 1 })
    expect(finished.steps.filter((s) => s.status !== 'passed')).toEqual([])
  })
})
