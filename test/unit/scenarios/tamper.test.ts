import { SubscriptionDraft } from '../../../src/shared/schemas/subscription'
import { verify as octokitVerify } from '@octokit/webhooks-methods'
import { Webhook } from 'standardwebhooks'
import Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import type { OutgoingRequest, SendResult } from '../../../src/main/delivery/http-sender'
import type { Run } from '../../../src/shared/schemas/run'
import { memoryEngine } from '../../support/memory-engine'

/*
 * `tamper:` on a fire step sends what `hookbench check`'s cases send, and is judged as they are.
 * The endpoints here verify with the public reference libraries (standardwebhooks,
 * @octokit/webhooks-methods, stripe), as a correct app does: each forged request is refused and the
 * step passes; an app that accepts it fails the step, saying why.
 */

const STANDARD = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const stripe = new Stripe('sk_test_x')

type Verify = (request: OutgoingRequest) => Promise<boolean>

const header = (request: OutgoingRequest, name: string) => request.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1]

const VERIFIERS: Record<string, Verify> = {
  standard: async (request) => {
    try {
      new Webhook(STANDARD).verify(request.body, Object.fromEntries(request.headers.map(([n, v]) => [n.toLowerCase(), v])))
      return true
    } catch {
      return false
    }
  },
  github: async (request) => {
    const signature = header(request, 'X-Hub-Signature-256')
    return signature !== undefined && (await octokitVerify('gh-secret', request.body, signature).catch(() => false))
  },
  stripe: async (request) => {
    try {
      stripe.webhooks.constructEvent(request.body, header(request, 'Stripe-Signature') ?? '', 'whsec_stripe', 300)
      return true
    } catch {
      return false
    }
  },
  native: async (request) => header(request, 'Qovery-Secret') === 'qovery-key',
}

/** A correct endpoint: 204 when the request verifies, else 401; `accepts` answers 200 to everything. */
async function tellTo(scheme: keyof typeof VERIFIERS, steps: string[], options: { accepts?: boolean } = {}) {
  const signing = { standard: `{ scheme: standard, secret: ${STANDARD} }`, github: '{ scheme: github, secret: gh-secret }', stripe: '{ scheme: stripe, secret: whsec_stripe }', native: '{ scheme: native, secret: qovery-key }' }[scheme]
  const provider = scheme === 'native' ? 'qovery' : 'generic'
  const event = scheme === 'native' ? 'DEPLOYMENT_STARTED' : 'deploy.started'
  const source = ['version: 1', 'name: forged', `provider: ${provider}`, 'subscriptions:', '  - name: app', '    url: http://127.0.0.1:9/hooks', `    signing: ${signing}`, 'steps:', ...steps.map((s) => s.replaceAll('EVENT', event))].join('\n')
  const send = async (request: OutgoingRequest): Promise<SendResult> => {
    const status = options.accepts || (await VERIFIERS[scheme]!(request)) ? 204 : 401
    return { kind: 'response', durationMs: 2, response: { status, headers: [], body: '', bodyBytes: 0, truncated: false } }
  }
  const { engine, clock, sent } = await memoryEngine(200, [], { send, startMs: Date.now() })
  const started = await engine.runs.start({ source, scenarioId: 'forged', options: { timeScale: 0 } })
  let run: Run | undefined
  void engine.runs.whenDone(started.id).then((done) => (run = done))
  for (let i = 0; i < 100 && !run; i++) await clock.advance(1)
  return { run: run!, sent }
}

const tampered = (fault: string) => ['  - fire: EVENT', `    tamper: ${fault}`]
const normal = ['  - fire: EVENT']

describe('tamper: what a correct endpoint refuses', () => {
  it.each([
    ['standard', ['body-altered', 'wrong-secret', 'signature-missing', 'signature-malformed', 'other-scheme', 'timestamp-stale', 'timestamp-future']],
    ['github', ['body-altered', 'wrong-secret', 'signature-missing', 'signature-malformed', 'other-scheme']],
    ['stripe', ['body-altered', 'wrong-secret', 'signature-missing', 'signature-malformed', 'other-scheme', 'timestamp-stale']],
    ['native', ['wrong-secret', 'signature-missing']],
  ] as const)('%s: each fault is refused by the reference library, and the fire after it verifies', async (scheme, faults) => {
    const { run, sent } = await tellTo(scheme, [...normal, ...faults.flatMap(tampered), ...normal])
    expect(run.steps.map((s) => `${s.label}: ${s.status}`)).toEqual([`fire ${run.steps[0]!.label.slice(5)}: passed`, ...faults.map((f) => `fire ${run.steps[0]!.label.slice(5)} [${f}]: passed`), `fire ${run.steps[0]!.label.slice(5)}: passed`])
    expect(run.status).toBe('passed')
    expect(sent).toHaveLength(faults.length + 2)
    // A forged request is sent once: no retry of a 401.
    expect(run.steps.slice(1, -1).every((s) => s.message?.includes(': refused '))).toBe(true)
  })

  it('a body altered after signing is the signed bytes changed by one character; a stale stamp is the tolerance and a minute old, or by: as said', async () => {
    const { sent } = await tellTo('standard', [...tampered('body-altered'), ...tampered('timestamp-stale'), '  - fire: EVENT', '    tamper: timestamp-future', '    by: 10m'])
    const [altered, stale, future] = sent
    const stamp = (request: OutgoingRequest) => Number(header(request, 'webhook-timestamp'))
    expect(altered!.body).toHaveLength(sent[1]!.body.length)
    expect(altered!.body).not.toBe(sent[1]!.body)
    const now = Math.floor(Date.now() / 1000)
    expect(now - stamp(stale!)).toBeGreaterThanOrEqual(360)
    expect(now - stamp(stale!)).toBeLessThan(370)
    expect(stamp(future!) - now).toBeGreaterThan(590)
  })

  it('an app that accepts the forgery fails the step with the check\'s reason and fix, and the run with it', async () => {
    const { run } = await tellTo('standard', [...tampered('timestamp-stale'), ...normal], { accepts: true })
    expect(run.status).toBe('failed')
    expect(run.steps[0]).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/^1 delivery queued; timestamp-stale to forged: app: accepted a valid signature over a timestamp older than the tolerance .* \(204\)/),
    })
    // Its delivery is the step's to judge: not also a failed delivery of the run.
    expect(run.failures).toEqual([])
  })

  it('a fault the file\'s subscriptions cannot carry is refused when the file is read', async () => {
    await expect(tellTo('native', tampered('timestamp-stale'))).rejects.toThrow('steps[0].tamper: timestamp-stale needs a scheme that signs a timestamp (standard, stripe); "app" signs with native: give it a signing: { scheme, secret }')
  })

  it('one a subscription outside the file cannot carry sends nothing to it, and the step says so', async () => {
    const { engine, clock, sent } = await memoryEngine(200, [], { startMs: Date.now() })
    await engine.subscriptions.create(SubscriptionDraft.parse({ name: 'plain', url: 'http://127.0.0.1:9/hooks', provider: 'generic' }))
    const started = await engine.runs.start({ source: 'version: 1\nname: forged\nprovider: generic\nsteps:\n  - fire: deploy.started\n    tamper: timestamp-stale\n', scenarioId: 'forged', options: { timeScale: 0 } })
    let run: Run | undefined
    void engine.runs.whenDone(started.id).then((done) => (run = done))
    for (let i = 0; i < 50 && !run; i++) await clock.advance(1)
    expect(sent).toHaveLength(0)
    expect(run!.steps[0]).toMatchObject({ status: 'failed', message: expect.stringContaining('timestamp-stale needs a scheme that signs a timestamp (standard, stripe); "plain" signs with none, so nothing was sent to it') })
  })
})

describe('tamper: replay', () => {
  it('the same delivery again at once: same id, same bytes, same signature; a correct endpoint accepts both', async () => {
    const { run, sent } = await tellTo('standard', tampered('replay'))
    expect(run.status).toBe('passed')
    expect(sent).toHaveLength(2)
    expect(sent[1]!.body).toBe(sent[0]!.body)
    expect(header(sent[1]!, 'webhook-id')).toBe(header(sent[0]!, 'webhook-id'))
    expect(header(sent[1]!, 'webhook-signature')).toBe(header(sent[0]!, 'webhook-signature'))
    expect(run.steps[0]!.message).toContain('replay to forged: app: accepted both times (204, then 204)')
  })

  it('an old webhook replayed (by: past the tolerance) is dated that much earlier, and must be refused', async () => {
    const { run, sent } = await tellTo('standard', ['  - fire: EVENT', '    tamper: replay', '    by: 10m'])
    expect(run.status).toBe('passed')
    expect(Number(header(sent[0]!, 'webhook-timestamp')) - Number(header(sent[1]!, 'webhook-timestamp'))).toBeGreaterThanOrEqual(599)
    expect(sent[1]!.body).toBe(sent[0]!.body)
    expect(run.steps[0]!.message).toContain('replay to forged: app: accepted it (204), then refused it replayed 10 min later (401)')
    // The story waited the 10 minutes of story time before the copy.
    expect(Date.parse(run.steps[0]!.storyEndAt!) - Date.parse(run.steps[0]!.storyAt!)).toBe(600_000)
  })

  it('an app that accepts an old replay fails the step', async () => {
    const { run } = await tellTo('standard', ['  - fire: EVENT', '    tamper: replay', '    by: 10m'], { accepts: true })
    expect(run.steps[0]).toMatchObject({ status: 'failed', message: expect.stringContaining('an old webhook replayed must be refused (4xx) by its timestamp') })
  })
})
