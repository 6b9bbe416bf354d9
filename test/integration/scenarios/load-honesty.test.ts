import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run } from '../../../src/shared/schemas/run'
import { runCliCaptured } from '../../support/run-cli'
import { findAll, parseXml } from '../../support/tiny-xml'

/*
 * A load step keeps Hookbench's own figures (the rate it sent, its queueing delay from an
 * arrival's schedule to its request going out) apart from the target's latency, in the run, its
 * JUnit report and the CLI's lines; when Hookbench itself falls behind, it says so and the report
 * calls it an error of the test, not a failure of the app.
 */

/** Answers 200 after `/slow/<ms>` ms without blocking; `/block/<ms>` busy-waits that long (the process itself is slow). */
let server: Server
let base: string
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const [, kind, ms] = /^\/(slow|block)\/(\d+)/.exec(req.url ?? '') ?? []
      const done = () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
      if (kind === 'block') {
        const until = performance.now() + Number(ms)
        while (performance.now() < until);
        done()
      } else setTimeout(done, Number(ms ?? 0))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const story = (path: string, load: string) => `
version: 1
name: load honesty
provider: generic
subscriptions:
  - name: app
    url: ${base}${path}
    retry: { preset: none }
steps:
  - load: ${load}
`

async function run(source: string) {
  const cwd = mkdtempSync(join(tmpdir(), 'hookbench-load-honesty-'))
  writeFileSync(join(cwd, 'story.yaml'), source)
  const result = await runCliCaptured(['run', 'story.yaml', '--time-scale', '0', '--report', 'junit.xml', '--json'], { cwd })
  const runLine = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string } & Run).find((line) => line.type === 'run')!
  const junit = parseXml(readFileSync(join(cwd, 'junit.xml'), 'utf8'))
  const testcase = findAll(junit, 'testcase')[0]!
  const properties = Object.fromEntries(findAll(testcase, 'property').map((p) => [p.attributes.name, p.attributes.value]))
  return { ...result, run: runLine, testcase, properties }
}

describe('a load step reports Hookbench apart from the target', () => {
  it("a slow app: its latency is the app's, Hookbench's own delay stays small, and the report carries both", async () => {
    const { code, run: record, properties, testcase } = await run(story('/slow/25', '{ fire: deploy.ping, rate: 40/s, for: 1s, expect: { latency: { p50: 10ms } } }'))
    expect(code).toBe(1)
    const step = record.steps[0]!
    expect(step.status).toBe('failed')
    const load = step.load!
    expect(load).toMatchObject({ rate: 40, sent: 40, answered: 40, keptRate: true })
    expect(load.latencyMs.p50).toBeGreaterThanOrEqual(25)
    // Hookbench's own delay (scheduled → sent) is measured apart, with sub-millisecond precision.
    expect(load.lagMs.p50).toBeDefined()
    expect(load.lagMs.p99).toBeDefined()
    expect(load.lagMs.p50!).toBeLessThan(load.latencyMs.p50)
    // The failure is the app's latency, not Hookbench's rate.
    expect(step.message).toMatch(/^40 requests at [\d.]+\/s \(40\/s asked\) over 1 s; latency p50 [\d.]+ ms.*; Hookbench's own delay \(scheduled → sent\) p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms; latency p50 was [\d.]+ ms, not under 10 ms$/)
    expect(step.message).not.toContain('could not keep')
    expect(findAll(testcase, 'failure')).toHaveLength(1)
    expect(properties).toMatchObject({ 'hookbench.load.rate.asked': '40', 'hookbench.load.rate.kept': 'true', 'hookbench.load.sent': '40', 'hookbench.load.answered': '40' })
    expect(Number(properties['hookbench.load.rate.achieved'])).toBeGreaterThan(30)
    expect(Number(properties['hookbench.load.latencyMs.p50'])).toBeGreaterThanOrEqual(25)
    for (const p of ['p50', 'p95', 'p99', 'max']) expect(Number.isFinite(Number(properties[`hookbench.load.hookbenchDelayMs.${p}`]))).toBe(true)
  }, 30_000)

  it('a Hookbench that falls behind says so: its delay and rate, not the app, and the report calls it an error', async () => {
    // The target shares Hookbench's process and blocks it 40 ms a request: 50/s cannot be kept.
    const { code, run: record, testcase, stdout } = await run(story('/block/40', '{ fire: deploy.ping, rate: 50/s, for: 1s }'))
    expect(code).toBe(1)
    const step = record.steps[0]!
    expect(step.load!.keptRate).toBe(false)
    expect(step.load!.lagMs.p99!).toBeGreaterThan(100)
    expect(step.message).toMatch(/Hookbench could not keep 50\/s \(it sent [\d.]+\/s; its own delay p95 [\d.]+ ms, max [\d.]+ ms\): the figures do not measure your app at that rate/)
    expect(findAll(testcase, 'failure')).toHaveLength(0)
    const [error] = findAll(testcase, 'error')
    expect(error!.attributes).toMatchObject({ type: 'hookbench-rate' })
    expect(error!.attributes.message).toContain('Hookbench could not keep 50/s')
    expect(stdout).toContain('Hookbench could not keep 50/s')
  }, 30_000)

  it('a Hookbench far behind catches up turn by turn, answers read between turns: no stalled loop, no timeout blamed on the app', async () => {
    // 5,000/s signed, with the target in the same process: more than one core of work.
    const loop = monitorEventLoopDelay({ resolution: 10 })
    loop.enable()
    const { run: record } = await run(story('/slow/0', '{ fire: deploy.ping, rate: 5000/s, for: 3s }'))
    loop.disable()
    const load = record.steps[0]!.load!
    expect(load.sent).toBe(15_000)
    expect(load.errors).toMatchObject({ count: 0 })
    expect(loop.max / 1e6).toBeLessThan(1_000)
    if (!load.keptRate) expect(record.steps[0]!.message).toContain('Hookbench could not keep 5000/s')
  }, 60_000)
})
