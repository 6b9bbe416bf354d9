import { describe, expect, it } from 'vitest'
import { withUnknownEvent } from '../../../src/main/check/cases/delivery'
import { alterBody as tamper } from '../../../src/main/signing/faults'
import { resolveTarget } from '../../../src/main/check/check-target'
import { readProbe } from '../../../src/main/check/probe'
import { describeSchedule } from '../../../src/main/check/cases/retry-plan'
import { RAW_BYTES_FIELD, rawBytesBody } from '../../../src/main/check/cases/raw-bytes'
import { judgeTiming } from '../../../src/main/check/cases/timing'
import { plannedCases, runCheck } from '../../../src/main/check/run-check'
import type { Sent } from '../../../src/main/check/check-requests'
import type { OutgoingRequest, SendResult } from '../../../src/main/delivery/http-sender'

const target = (provider: 'divshot' | 'qovery' | 'charlescd' | 'generic') => {
  const resolved = resolveTarget({ url: 'http://127.0.0.1:1/hooks', provider, toleranceSec: 300, seed: 1 })
  if (!resolved.ok) throw new Error(resolved.message)
  return resolved.target
}

describe('the check cases', () => {
  it('tampers with one character of the first string value, keeping the JSON valid and the length', () => {
    const body = '{"event":"release","n":1}'
    const altered = tamper(body)
    expect(altered).not.toBe(body)
    expect(altered).toHaveLength(body.length)
    expect(JSON.parse(altered)).toEqual({ event: 'Xelease', n: 1 })
  })

  it('replaces the event name wherever the payload carries it, or says it cannot', () => {
    expect(withUnknownEvent({ type: 'deploy.succeeded', data: { events: ['deploy.succeeded'] } }, 'deploy.succeeded')).toEqual({
      type: 'hookbench.unknown_event',
      data: { events: ['hookbench.unknown_event'] },
    })
    expect(withUnknownEvent({ type: 'other' }, 'deploy.succeeded')).toBeUndefined()
  })

  it("describes each platform's retry plan from its catalog preset", () => {
    expect(describeSchedule(target('qovery'))).toBe('Qovery makes one attempt and never retries: a delivery your endpoint fails is lost')
    expect(describeSchedule(target('divshot'))).toBe('Divshot retries 5 times, after 30 s, 1 min, 2 min, 4 min and 8 min, and gives up after attempt 6, 15 min 30 s after the first')
    expect(describeSchedule(target('generic'))).toMatch(/^the sender retries 7 times, after 5 s, 5 min, .* and 10 h, and gives up after attempt 8, 27 h 35 min 5 s after the first$/)
  })
})

describe('the replay probe', () => {
  const answering = (status: number, text: string) => (async () => new Response(text, { status })) as typeof fetch
  it.each([
    ['7', undefined, 7],
    ['{"count":3}', undefined, 3],
    ['{"stats":{"processed":9}}', 'stats.processed', 9],
  ])('reads %s (field %s) as %d', async (text, field, count) => {
    expect(await readProbe('http://probe', field, answering(200, text))).toEqual({ ok: true, count })
  })

  it('says why a probe cannot be read', async () => {
    expect(await readProbe('http://probe', undefined, answering(503, ''))).toEqual({ ok: false, message: 'http://probe answered 503' })
    expect(await readProbe('http://probe', undefined, answering(200, '{"n":1}'))).toMatchObject({ ok: false, message: expect.stringContaining('did not answer a number') })
  })
})

describe('the raw-bytes body', () => {
  const bodies = [
    '{"type":"deploy.succeeded","id":"evt_1","timestamp":"2021-11-14T05:00:22.000Z","data":{"url":"https://x.example/a/b","n":12,"ok":true,"none":null,"list":[1,"été",{"k":"v"}]}}',
    '{"text":"✅ Deployment SUCCESSFUL · R&amp;D &lt;beta&gt; / prod (PRODUCTION)"}',
    '{"content":"{\\"type\\":\\"START_DEPLOY\\",\\"msg\\":\\"\\\\u003cb\\\\u003e\\"}"}',
  ]

  it.each(bodies)('keeps every value of %s, in order, and adds its own first member', (body) => {
    const raw = rawBytesBody(body)
    const parsed = JSON.parse(raw) as Record<string, unknown>
    const { [RAW_BYTES_FIELD]: added, ...rest } = parsed
    expect(rest).toEqual(JSON.parse(body))
    expect(Object.keys(parsed)).toEqual([RAW_BYTES_FIELD, ...Object.keys(JSON.parse(body) as object)])
    expect(added).toEqual({ note: 'déjà vu / café', ratio: 1, limit: 1000 })
  })

  it('is bytes no parse-and-stringify round trip gives back', () => {
    const raw = rawBytesBody(bodies[0]!)
    expect(JSON.stringify(JSON.parse(raw))).not.toBe(raw)
    expect(raw).toContain('\\u00e9')
    expect(raw).toContain('\\/')
    expect(raw).toContain('"ratio" : 1.0')
    expect(raw).toContain('1E3')
    expect(raw).toContain('"https:\\/\\/x.example\\/a\\/b"')
    expect(raw).toContain('"\\u00e9t\\u00e9"')
    // Pure ASCII on the wire: every other character is escaped.
    expect(raw).toMatch(/^[\x20-\x7e\n]*$/)
  })
})

describe('the timing case', () => {
  const sent = (result: SendResult): Sent => ({ result, exchange: { request: { method: 'POST', url: 'http://x', headers: [], body: '' }, durationMs: result.durationMs } })
  const ok = (ms: number) => sent({ kind: 'response', durationMs: ms, response: { status: 200, headers: [], body: '', bodyBytes: 0, truncated: false } })
  const timedOut = (ms: number) => sent({ kind: 'error', errorClass: 'timeout', message: `no complete response within ${ms} ms`, durationMs: ms })

  it('passes a quick answer where the timeout is documented (the generic sender: 15 s)', () => {
    expect(judgeTiming(target('generic'), ok(40))).toEqual({ verdict: 'pass', got: '200 in 40 ms', reason: 'answered in 40 ms, well within the 15 s the sender waits' })
  })

  it('says "slow" past a quarter of the timeout, and fails past all of it', () => {
    const slow = judgeTiming(target('generic'), ok(4_200))
    expect(slow).toMatchObject({ verdict: 'pass', got: '200 in 4.2 s: slow', fix: expect.stringContaining('do the work afterwards') })
    expect(slow.reason).toContain('within the 15 s the sender waits but slow')
    expect(judgeTiming(target('generic'), timedOut(15_000))).toMatchObject({ verdict: 'fail', reason: expect.stringContaining('no answer within the 15 s the sender waits') })
  })

  it('gives advice, not a verdict, where the platform documents no timeout', () => {
    const quick = judgeTiming(target('qovery'), ok(30))
    expect(quick).toMatchObject({ verdict: 'info', got: '200 in 30 ms' })
    expect(quick.reason).toBe('Qovery does not document how long it waits for an answer; Hookbench waits 10 s. Answered in 30 ms: well within it')
    expect(judgeTiming(target('charlescd'), ok(9_000))).toMatchObject({ verdict: 'info', got: '200 in 9.0 s: slow', reason: expect.stringContaining('no timeout at all') })
    expect(judgeTiming(target('divshot'), timedOut(10_000))).toMatchObject({ verdict: 'info', reason: expect.stringContaining('No answer in that time') })
  })

  it('is required where the timeout is known, advice where it is not', () => {
    expect(plannedCases(target('generic')).find((c) => c.id === 'timing')).toEqual({ id: 'timing', title: "Answers within the platform's timeout", expected: 'an answer within 15 s', required: true })
    expect(plannedCases(target('qovery')).find((c) => c.id === 'timing')).toMatchObject({ expected: 'known (timeout not documented)', required: false })
  })
})

describe('ids of a run', () => {
  const scripted = () => {
    const requests: OutgoingRequest[] = []
    const send = async (request: OutgoingRequest): Promise<SendResult> => {
      requests.push(request)
      return { kind: 'response', durationMs: 1, response: { status: 200, headers: [], body: '', bodyBytes: 0, truncated: false } }
    }
    return { requests, send }
  }
  const standard = () => {
    const resolved = resolveTarget({ url: 'http://127.0.0.1:1/hooks', provider: 'generic', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', toleranceSec: 300 })
    if (!resolved.ok) throw new Error(resolved.message)
    return resolved.target
  }
  const idsOf = (requests: OutgoingRequest[]) => requests.map((r) => r.headers.find(([n]) => n === 'webhook-id')?.[1])
  const bodyIdsOf = (requests: OutgoingRequest[]) => requests.map((r) => (JSON.parse(r.body) as { id?: string }).id)

  it('are new on every run, so a handler that remembers ids sees none again; the replay repeats its own', async () => {
    const first = scripted()
    const second = scripted()
    await runCheck(standard(), {}, { send: first.send, nowMs: () => 1_700_000_000_000 })
    await runCheck(standard(), {}, { send: second.send, nowMs: () => 1_700_000_000_000 })
    const [a, b] = [idsOf(first.requests), idsOf(second.requests)]
    expect(a.filter((id) => id !== undefined && b.includes(id))).toEqual([])
    expect(bodyIdsOf(first.requests).filter((id) => id !== undefined && bodyIdsOf(second.requests).includes(id))).toEqual([])
    // Within one run, the replay case sends one id twice; every other id is sent once.
    const repeated = a.filter((id, at) => id !== undefined && a.indexOf(id) !== at)
    expect(repeated).toHaveLength(1)
    expect(repeated[0]).toMatch(/^msg_[0-9a-f]{12}_replay$/)
  })

  it('never give two messages of a run the same bytes, even where the body has no id of its own (Qovery Slack text)', async () => {
    const resolved = resolveTarget({ url: 'http://127.0.0.1:1/hooks', provider: 'qovery', secret: 'plain-secret', options: { kind: 'SLACK' }, toleranceSec: 300 })
    if (!resolved.ok) throw new Error(resolved.message)
    for (let run = 0; run < 10; run++) {
      const { requests, send } = scripted()
      await runCheck(resolved.target, {}, { send, nowMs: () => 1_700_000_000_000, runKey: `run${run}` })
      // Only the replay sends one body twice.
      expect(new Set(requests.map((r) => r.body)).size).toBe(requests.length - 1)
      expect(requests.every((r) => typeof (JSON.parse(r.body) as { text?: unknown }).text === 'string')).toBe(true)
    }
  })

  it('repeat names and values under one seed, never the ids', async () => {
    const seeded = { ...standard(), seed: 'same' }
    const [first, second] = [scripted(), scripted()]
    await runCheck(seeded, {}, { send: first.send, nowMs: () => 1_700_000_000_000, runKey: 'aaaaaaaaaaaa' })
    await runCheck(seeded, {}, { send: second.send, nowMs: () => 1_700_000_000_000, runKey: 'bbbbbbbbbbbb' })
    const data = (requests: OutgoingRequest[]) => (JSON.parse(requests[0]!.body) as { data: unknown }).data
    expect(data(first.requests)).toEqual(data(second.requests))
    expect(bodyIdsOf(first.requests)[0]).not.toBe(bodyIdsOf(second.requests)[0])
    expect(idsOf(first.requests)[0]).toBe('msg_aaaaaaaaaaaa_valid')
  })
})
