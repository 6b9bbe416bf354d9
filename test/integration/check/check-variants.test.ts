import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { type Server, type ServerResponse, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CheckReport, CheckRun } from '../../../src/shared/schemas/check'
import { platformOptionsHelp } from '../../../src/main/cli/platform-flags'
import { openEngine } from '../../../src/main/host/open-engine'
import { runCliCaptured } from '../../support/run-cli'
import { type CheckEndpoint, type EndpointSpec, startCheckEndpoint } from '../../support/check-endpoints'

/*
 * `hookbench check` from the command line against handlers written with the reference libraries
 * (standardwebhooks, @octokit/webhooks-methods, stripe) and against handlers written for one
 * variant of a platform only (hermes-wire, Qovery-Signature, Slack messages…).
 */

const cwd = mkdtempSync(join(tmpdir(), 'hookbench-check-variants-'))
const cli = (...argv: string[]) => runCliCaptured(['check', ...argv], { cwd })
const report = (stdout: string) => CheckReport.parse(JSON.parse(stdout))
const failed = (r: CheckReport) => r.cases.filter((c) => c.verdict === 'fail').map((c) => c.id)

const open: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()))
})
async function handler(spec: EndpointSpec): Promise<CheckEndpoint> {
  const endpoint = await startCheckEndpoint(spec)
  open.push(endpoint)
  return endpoint
}

const SCHEMES = [
  { scheme: 'standard', library: 'standardwebhooks', provider: 'generic', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
  { scheme: 'github', library: '@octokit/webhooks-methods', provider: 'generic', secret: "It's a Secret to Everybody" },
  { scheme: 'stripe', library: 'stripe', provider: 'divshot', secret: 'whsec_simulator_stripe_style' },
] as const

describe.each(SCHEMES)('a handler built on $library ($scheme)', ({ scheme, provider, secret }) => {
  const args = (endpoint: CheckEndpoint) => [endpoint.url, '--provider', provider, '--scheme', scheme, `--secret=${secret}`, '--probe', endpoint.probe, '--json']

  it('passes check --probe twice in a row, deduplicating and keeping the ids it has seen', async () => {
    const endpoint = await handler({ behaviour: 'correct', scheme, secret, knownEvents: [] })
    const first = await cli(...args(endpoint))
    const second = await cli(...args(endpoint))
    for (const run of [first, second]) {
      expect(failed(report(run.stdout)), run.stdout.slice(0, 2000)).toEqual([])
      expect(run.code).toBe(0)
    }
    // Each replay's first delivery counted once, its repeat not at all; the second run's came after everything the first sent.
    const counts = [first, second].map((r) => /count (\d+) → (\d+) → (\d+)$/.exec(report(r.stdout).cases.find((c) => c.id === 'replay')!.got)!.slice(1).map(Number))
    for (const [before, middle, after] of counts) expect([middle! - before!, after! - middle!]).toEqual([1, 0])
    expect(counts[1]![0]).toBeGreaterThan(counts[0]![2]!)
    expect(report(second.stdout).cases.find((c) => c.id === 'raw-bytes')).toMatchObject({ verdict: 'pass', required: true })
  })

  it('fails a handler that verifies re-serialised JSON on the raw-bytes case only, and says how to keep the raw body', async () => {
    const endpoint = await handler({ behaviour: 'reserialising', scheme, secret, knownEvents: [] })
    const run = await cli(...args(endpoint))
    const judged = report(run.stdout)
    expect(failed(judged)).toEqual(['raw-bytes'])
    expect(run.code).toBe(1)
    const raw = judged.cases.find((c) => c.id === 'raw-bytes')!
    expect(raw.got).toBe('401')
    expect(raw.reason).toContain('verifies re-serialised JSON')
    const lines = raw.fix!.split('\n')
    expect(lines[0]).toContain('exactly as received, before any JSON parsing')
    for (const framework of ['Express: express.json()', 'Fastify:', 'Next.js:', 'Flask:']) expect(lines.some((line) => line.startsWith(framework)), framework).toBe(true)
    expect(raw.exchanges[0]!.request.body).toContain('\\u00e9')
    // The terminal shows each framework on its own line.
    const text = await cli(...args(endpoint).slice(0, -1))
    expect(text.stdout).toContain('\n    - Express: express.json() consumes the body')
  })
})

describe('a handler that refuses only its library\'s verification error', () => {
  it('answers 500 to a malformed signature: the fix says to answer 4xx for any exception verification raises', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const endpoint = await handler({ behaviour: 'narrow-catch', scheme: 'standard', secret })
    const run = await cli(endpoint.url, '--provider', 'generic', `--secret=${secret}`, '--json')
    const judged = report(run.stdout)
    expect(failed(judged)).toEqual(['signature-malformed'])
    const malformed = judged.cases.find((c) => c.id === 'signature-malformed')!
    expect(malformed.got).toBe('500')
    expect(malformed.reason).toContain('a 5xx tells the platform to retry')
    expect(malformed.fix).toContain('Answer 4xx for any exception the verification raises, whatever the library throws')
    expect(malformed.fix).toContain("Python's standardwebhooks 1.1.0 raises a ValueError on a malformed signature")
  })
})

/** The event a CharlesCD hermes-wire body carries: JSON in a JSON string in `content`. */
function hermesEvent(body: string): Record<string, unknown> | undefined {
  try {
    const content = (JSON.parse(body) as { content?: unknown }).content
    if (typeof content !== 'string') return undefined
    const inner: unknown = JSON.parse(JSON.parse(content) as string)
    return inner && typeof inner === 'object' ? (inner as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
/** A body's JSON, read loosely (`any` is what a JavaScript handler reads). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const parsed = (body: string) => JSON.parse(body) as any

/** Each platform option of `fire`, with a handler written for that variant only. */
const VARIANTS: Array<{ flag: string[]; provider: string; spec: Omit<EndpointSpec, 'behaviour'>; secret?: string }> = [
  {
    flag: ['--format', 'hermes-wire'],
    provider: 'charlescd',
    secret: 'charles-key-1',
    spec: { scheme: 'native', secret: 'charles-key-1', secretHeader: 'X-Application-Key', accepts: (body) => typeof hermesEvent(body)?.type === 'string' },
  },
  {
    flag: ['--workspace-id', 'ws-checkout'],
    provider: 'charlescd',
    secret: 'charles-key-2',
    spec: { scheme: 'native', secret: 'charles-key-2', secretHeader: 'X-Application-Key', accepts: (body) => parsed(body).event?.workspaceId === 'ws-checkout' },
  },
  { flag: ['--secret-header', 'Qovery-Signature'], provider: 'qovery', secret: 'q-signature-secret', spec: { scheme: 'native', secret: 'q-signature-secret', secretHeader: 'Qovery-Signature' } },
  {
    flag: ['--kind', 'SLACK'],
    provider: 'qovery',
    secret: 'q-slack-secret',
    spec: { scheme: 'native', secret: 'q-slack-secret', secretHeader: 'Qovery-Secret', accepts: (body) => typeof (JSON.parse(body) as { text?: unknown }).text === 'string' },
  },
  {
    flag: ['--objects', 'minimal'],
    provider: 'qovery',
    secret: 'q-minimal-secret',
    spec: { scheme: 'native', secret: 'q-minimal-secret', secretHeader: 'Qovery-Secret', accepts: (body) => Object.keys(parsed(body).payload?.organization ?? {}).sort().join() === 'id,name' },
  },
  { flag: ['--app', 'shop-front'], provider: 'divshot', spec: { scheme: 'none', secret: '', accepts: (body) => parsed(body).data?.app?.name === 'shop-front' } },
]

describe.each(VARIANTS)('check $flag', ({ flag, provider, spec, secret }) => {
  const args = (endpoint: CheckEndpoint, ...extra: string[]) => [endpoint.url, '--provider', provider, ...(secret ? [`--secret=${secret}`] : []), '--probe', endpoint.probe, '--json', ...extra]

  it('passes a handler that reads only that variant; without the option, the same handler fails', async () => {
    const endpoint = await handler({ ...spec, behaviour: 'correct' })
    const withOption = await cli(...args(endpoint, ...flag))
    expect(failed(report(withOption.stdout)), withOption.stdout.slice(0, 3000)).toEqual([])
    expect(withOption.code).toBe(0)
    expect(report(withOption.stdout).options).toMatchObject({ [flag[0]!.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())]: flag[1] })
    const without = await cli(...args(endpoint))
    expect(without.code).toBe(1)
    expect(failed(report(without.stdout))).toContain('valid')
  })
})

describe('platform options on the command line', () => {
  it("are fire's options: same flags, same help", async () => {
    const check = await runCliCaptured(['check', '--help'], { cwd })
    expect(check.stdout).toContain(platformOptionsHelp())
    for (const provider of ['ocean-cd', 'qovery', 'charlescd', 'divshot']) {
      const fire = await runCliCaptured(['fire', provider, '--help'], { cwd })
      const own = platformOptionsHelp(provider as 'qovery')
      expect(fire.stdout).toContain(own)
      expect(check.stdout).toContain(own)
    }
  })

  it('takes the routing options too (they change no byte of a check), and refuses another platform\'s or a bad value', async () => {
    const endpoint = await handler({ behaviour: 'correct', scheme: 'none', secret: '' })
    const ocean = await cli(endpoint.url, '--provider', 'ocean-cd', '--rollout-specs', 'checkout-prod,cart', '--heartbeat-clusters', 'prod-1', '--json')
    expect(report(ocean.stdout).options).toEqual({ rolloutSpecs: ['checkout-prod', 'cart'], heartbeatClusters: ['prod-1'] })
    const other = await cli(endpoint.url, '--provider', 'divshot', '--kind', 'SLACK')
    expect(other).toMatchObject({ code: 2, stderr: expect.stringContaining('--kind is an option of qovery, not of divshot') })
    const bad = await cli(endpoint.url, '--provider', 'qovery', '--secret=s', '--kind', 'TEAMS')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--kind: .*STANDARD.*SLACK/)
  })
})

describe('checks kept in the data directory', () => {
  it('saves each check with its exchanges and plain secrets as fingerprints, under the data directory lock', async () => {
    const secret = 'qovery-secret-kept-out'
    const endpoint = await handler({ behaviour: 'correct', scheme: 'native', secret, secretHeader: 'Qovery-Secret' })
    const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-checks-'))
    const run = await cli(endpoint.url, '--provider', 'qovery', `--secret=${secret}`, '--data-dir', dataDir)
    expect(run.code).toBe(0)
    const file = readFileSync(join(dataDir, 'checks.jsonl'), 'utf8')
    expect(file).not.toContain(secret)
    expect(file).toContain('sha256:')
    // The app opening the directory lists it, with every request and answer.
    const opened = await openEngine({ dataDir, host: 'cli', resume: false, log: () => {} })
    try {
      const [summary] = opened.engine.checks.list()
      expect(summary).toMatchObject({ state: 'finished', passed: true, provider: 'qovery', url: endpoint.url })
      const kept = CheckRun.parse(opened.engine.checks.get(summary!.id))
      expect(kept.cases.find((c) => c.id === 'valid')!.exchanges[0]!.request.headers).toContainEqual(['Qovery-Secret', expect.stringMatching(/^sha256:[0-9a-f]{16}…$/)])
      // Held by the app, the directory is not the check's to take.
      const busy = await cli(endpoint.url, '--provider', 'qovery', `--secret=${secret}`, '--data-dir', dataDir)
      expect(busy.code).toBe(2)
      expect(busy.stderr).toContain('is in use by another Hookbench')
    } finally {
      await opened.close()
    }
  })

  it('keeps nothing without --data-dir (or HOOKBENCH_DATA_DIR)', async () => {
    const endpoint = await handler({ behaviour: 'correct', scheme: 'none', secret: '' })
    const run = await cli(endpoint.url, '--provider', 'divshot')
    expect(run.code).toBe(0)
    expect(existsSync(join(cwd, 'checks.jsonl'))).toBe(false)
  })
})

describe('Ctrl+C during a check', () => {
  let server: Server | undefined
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

  it('abandons the request in flight, prints the cases judged so far and exits 130; the check is kept as cancelled', async () => {
    let requests = 0
    const hanging = new Set<ServerResponse>()
    server = createServer((request, response) => {
      request.resume()
      // The first two requests are answered; the third never is.
      if (++requests <= 2) response.writeHead(200).end('ok')
      else hanging.add(response)
    })
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks`
    const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-check-stop-'))
    const stop = new AbortController()
    const started = performance.now()
    const running = runCliCaptured(['check', url, '--provider', 'generic', '--secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '--data-dir', dataDir], { cwd, signal: stop.signal })
    await expect.poll(() => hanging.size, { timeout: 5_000, interval: 10 }).toBe(1)
    stop.abort('SIGINT')
    const result = await running
    const tookMs = performance.now() - started
    for (const response of hanging) response.destroy()
    expect(result.code).toBe(130)
    // The generic sender waits 15 s for an answer: the check did not.
    expect(tookMs).toBeLessThan(5_000)
    expect(result.stdout).toMatch(/^valid +accepted \(2xx\) in time +200 +pass$/m)
    expect(result.stdout).toMatch(/^Cancelled after 2 of 16 cases: 2 of the 2 required cases judged so far passed; no verdict on the endpoint\.$/m)
    expect(result.stdout).not.toMatch(/^body-altered /m)
    const opened = await openEngine({ dataDir, host: 'cli', resume: false, log: () => {} })
    try {
      expect(opened.engine.checks.list()[0]).toMatchObject({ state: 'cancelled', counts: { run: 2, planned: 16 } })
    } finally {
      await opened.close()
    }
  })
})
