import { afterEach, describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../../src/shared/api/events'
import { CheckReport, CheckRun } from '../../../src/shared/schemas/check'
import type { Subscription } from '../../../src/shared/schemas/subscription'
import { sendHttp } from '../../../src/main/delivery/http-sender'
import { type CheckEndpoint, startCheckEndpoint } from '../../support/check-endpoints'
import { memoryEngine } from '../../support/memory-engine'

/*
 * The endpoint check through the API dispatcher, as the UI starts it, against real handlers on
 * 127.0.0.1: every case arrives as an event, then the report; the report reads back and exports.
 */

const STANDARD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const QOVERY_SECRET = 's3cr3t-key-of-qovery'
const VERIFICATION_CASES = ['body-altered', 'wrong-secret', 'signature-missing', 'signature-malformed', 'other-scheme', 'timestamp-stale', 'timestamp-future']

const endpoints: CheckEndpoint[] = []
afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((e) => e.close()))
})

async function endpoint(spec: Parameters<typeof startCheckEndpoint>[0]) {
  const started = await startCheckEndpoint(spec)
  endpoints.push(started)
  return started
}

type Outcome<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } }

/** An engine whose sender is the real HTTP one and whose clock reads now (signatures must be fresh). */
async function harness() {
  const h = await memoryEngine(200, [], { send: sendHttp, startMs: Date.now() })
  const events: Extract<EngineEvent, { type: 'check' }>[] = []
  h.engine.subscribe((event) => {
    if (event.type === 'check') events.push(event)
  })
  const call = async <T>(method: string, input: unknown) => {
    const result = (await h.dispatch(method, input)) as Outcome<T>
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
    return result.data
  }
  /** Starts a check and waits for its report event. */
  const check = async (input: unknown) => {
    const { id } = await call<{ id: string }>('startCheck', input)
    await expect.poll(() => events.some((e) => e.id === id && (e.report || e.error)), { timeout: 20_000, interval: 20 }).toBe(true)
    const mine = events.filter((e) => e.id === id)
    if (mine.at(-1)?.error) throw new Error(mine.at(-1)?.error)
    return { id, events: mine, report: CheckReport.parse(mine.at(-1)!.report), run: CheckRun.parse(await call('getCheck', { id })) }
  }
  return { ...h, call, check, events }
}

const failed = (report: CheckReport) => report.cases.filter((c) => c.verdict === 'fail').map((c) => c.id)

describe('startCheck over the API', () => {
  it('passes a correct endpoint: each case an event in order, then the report, which reads back and exports', async () => {
    const correct = await endpoint({ behaviour: 'correct', scheme: 'standard', secret: STANDARD_SECRET, knownEvents: ['deploy.succeeded', 'deploy.started'] })
    const h = await harness()
    const { id, events, report, run } = await h.check({ url: correct.url, provider: 'generic', secret: STANDARD_SECRET, probe: correct.probe })

    expect(failed(report), JSON.stringify(report.cases.filter((c) => c.verdict === 'fail'), null, 2)).toEqual([])
    expect(report.passed).toBe(true)
    expect(report.scheme).toBe('standard')
    // One event per case, in the order they ran, then the report with the same cases.
    expect(events.slice(0, -1).map((e) => e.case?.id)).toEqual(report.cases.map((c) => c.id))
    expect(run).toMatchObject({ id, state: 'finished', passed: true, url: correct.url })
    expect(run.planned.map((c) => c.id)).toEqual(report.cases.map((c) => c.id))
    expect(run.cases).toEqual(report.cases)
    const replay = report.cases.find((c) => c.id === 'replay')!
    // The probe was read: the second delivery had no effect.
    expect(replay).toMatchObject({ verdict: 'pass', reason: 'accepted both times and processed once' })

    const junit = await h.call<{ filename: string; mimeType: string; text: string }>('getCheckReport', { id, format: 'junit' })
    expect(junit.mimeType).toBe('application/xml')
    expect(junit.filename).toMatch(/^hookbench-check-generic-.+\.xml$/)
    expect(junit.text.match(/<testcase /g)).toHaveLength(report.cases.length)
    expect(junit.text).toContain(`tests="${report.cases.length}" failures="0"`)
    const json = await h.call<{ filename: string; text: string }>('getCheckReport', { id, format: 'json' })
    expect(json.filename).toMatch(/\.json$/)
    expect(CheckReport.parse(JSON.parse(json.text))).toEqual(report)
  })

  it('fails a naive endpoint on the verification cases and on the replay, with the requests and answers', async () => {
    const naive = await endpoint({ behaviour: 'naive', scheme: 'standard', secret: STANDARD_SECRET })
    const h = await harness()
    const { id, report } = await h.check({ url: naive.url, provider: 'generic', secret: STANDARD_SECRET, probe: naive.probe })

    expect(report.passed).toBe(false)
    expect(failed(report)).toEqual([...VERIFICATION_CASES, 'replay'])
    const altered = report.cases.find((c) => c.id === 'body-altered')!
    expect(altered).toMatchObject({ expected: 'rejected (4xx)', got: '200', required: true })
    expect(altered.fix).toBeTruthy()
    expect(altered.exchanges[0]!.request.headers.map(([name]) => name)).toContain('webhook-signature')
    expect(altered.exchanges[0]!.response).toMatchObject({ status: 200, body: '{"ok":true}' })

    const junit = await h.call<{ text: string }>('getCheckReport', { id, format: 'junit' })
    expect(junit.text).toContain(`failures="${VERIFICATION_CASES.length + 1}"`)
    expect(junit.text).toContain('<failure message=')
  })

  it("checks a subscription with its URL, platform, scheme and current secret, and never returns that secret", async () => {
    const correct = await endpoint({ behaviour: 'correct', scheme: 'native', secret: QOVERY_SECRET, secretHeader: 'Qovery-Secret' })
    const h = await harness()
    const subscription = await h.call<Subscription>('createSubscription', {
      name: 'Shop deploys',
      url: correct.url,
      provider: 'qovery',
      signing: { scheme: 'native', secret: QOVERY_SECRET },
      headers: [['X-Team', 'shop']],
    })
    const before = await h.call<Subscription[]>('listSubscriptions', {})

    const { id, events, report, run } = await h.check({ subscriptionId: subscription.id, probe: correct.probe })
    expect(failed(report)).toEqual([])
    expect(run).toMatchObject({ provider: 'qovery', scheme: 'native', subscription: { id: subscription.id, name: 'Shop deploys' } })
    const valid = run.cases.find((c) => c.id === 'valid')!
    const sent = valid.exchanges[0]!.request.headers
    expect(sent).toContainEqual(['X-Team', 'shop'])
    expect(sent.find(([name]) => name === 'Qovery-Secret')?.[1]).toMatch(/^sha256:[0-9a-f]{16}…$/)
    // The wrong secret a case sends differs from the real one by a character: hidden as well.
    const wrong = run.cases.find((c) => c.id === 'wrong-secret')!.exchanges[0]!.request.headers.find(([name]) => name === 'Qovery-Secret')?.[1]
    expect(wrong).toMatch(/^sha256:/)
    expect(wrong).not.toBe(sent.find(([name]) => name === 'Qovery-Secret')?.[1])

    const json = await h.call<{ text: string }>('getCheckReport', { id, format: 'json' })
    const everything = JSON.stringify([events, run, json, await h.call('getCheckReport', { id, format: 'junit' })])
    expect(everything).not.toContain(QOVERY_SECRET)
    expect(everything).not.toContain(QOVERY_SECRET.slice(0, -1))
    // Checking is read-only: the subscription is as it was.
    expect(await h.call('listSubscriptions', {})).toEqual(before)
  })
})
