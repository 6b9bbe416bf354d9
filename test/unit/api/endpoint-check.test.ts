import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../../src/shared/api/events'
import { CheckRun, KEPT_CHECKS } from '../../../src/shared/schemas/check'
import type { HeaderPair } from '../../../src/shared/schemas/http'
import type { Subscription } from '../../../src/shared/schemas/subscription'
import type { OutgoingRequest, SendResult } from '../../../src/main/delivery/http-sender'
import { createCheckRuns } from '../../../src/main/check/check-runs'
import { openJournal } from '../../../src/main/persistence/journal'
import { memoryEngine } from '../../support/memory-engine'

/* startCheck, getCheck and getCheckReport over the dispatcher, with scripted endpoints. */

const STANDARD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const URL_ = 'http://127.0.0.1:9/hooks'

type Outcome<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; issues?: { path: string; message: string }[] } }

const answer = (status: number, body = '', headers: HeaderPair[] = []): SendResult => ({ kind: 'response', durationMs: 3, response: { status, headers, body, bodyBytes: body.length, truncated: false } })

async function harness(send: (request: OutgoingRequest) => Promise<SendResult>) {
  const h = await memoryEngine(200, [], { send })
  const events: Extract<EngineEvent, { type: 'check' }>[] = []
  h.engine.subscribe((event) => {
    if (event.type === 'check') events.push(event)
  })
  const call = async <T>(method: string, input: unknown) => (await h.dispatch(method, input)) as Outcome<T>
  const data = async <T>(method: string, input: unknown) => {
    const result = await call<T>(method, input)
    if (!result.ok) throw new Error(result.error.message)
    return result.data
  }
  const finished = (id: string) => expect.poll(() => events.some((e) => e.id === id && (e.report || e.error)), { interval: 5 }).toBe(true)
  return { ...h, events, call, data, finished }
}

describe('startCheck', () => {
  it('answers at once; getCheck shows the planned cases and those done while the rest run', async () => {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let requests = 0
    const h = await harness(async () => {
      // The first case answers; the second waits until the test lets it go.
      if (++requests === 2) await held
      return answer(401)
    })
    const { id } = await h.data<{ id: string }>('startCheck', { url: URL_, provider: 'generic', secret: STANDARD_SECRET })
    await expect.poll(() => h.events.length, { interval: 5 }).toBe(1)

    const running = CheckRun.parse(await h.data('getCheck', { id }))
    expect(running).toMatchObject({ id, state: 'running', provider: 'generic', scheme: 'standard', event: 'deploy.succeeded' })
    expect(running.finishedAt).toBeUndefined()
    expect(running.passed).toBeUndefined()
    expect(running.cases.map((c) => c.id)).toEqual(['valid'])
    expect(running.planned.map((c) => c.id)).toContain('timestamp-future')
    const early = await h.call('getCheckReport', { id, format: 'junit' })
    expect(early).toMatchObject({ ok: false, error: { code: 'conflict', message: 'The check is still running: export it once it has finished' } })

    release()
    await h.finished(id)
    const done = CheckRun.parse(await h.data('getCheck', { id }))
    expect(done).toMatchObject({ state: 'finished', passed: false })
    expect(done.cases.map((c) => c.id)).toEqual(done.planned.map((c) => c.id))
  })

  it('says which field is wrong, in words without command-line flags', async () => {
    const h = await harness(async () => answer(200))
    const missing = await h.call('startCheck', { url: URL_, provider: 'generic', scheme: 'standard' })
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'secret', message: 'the standard scheme needs the secret your endpoint verifies with' }] } })
    expect(JSON.stringify(missing)).not.toContain('--')
    const event = await h.call('startCheck', { url: URL_, provider: 'qovery', event: 'DEPLOYED', secret: 'x' })
    expect(event).toMatchObject({ ok: false, error: { issues: [{ path: 'event' }] } })
    expect(await h.call('startCheck', { url: 'ftp://x', provider: 'generic' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(h.sent).toEqual([])
  })

  it("checks a subscription with its own headers, timeout, first event and retry schedule", async () => {
    const h = await harness(async () => answer(204))
    const subscription = await h.data<Subscription>('createSubscription', {
      name: 'Ocean',
      url: URL_,
      provider: 'ocean-cd',
      events: ['rollout-failed'],
      headers: [['Authorization', 'Bearer team-token']],
      timeoutMs: 2500,
      retry: { preset: 'none' },
    })
    const { id } = await h.data<{ id: string }>('startCheck', { subscriptionId: subscription.id })
    await h.finished(id)
    const run = CheckRun.parse(await h.data('getCheck', { id }))
    expect(run).toMatchObject({ event: 'rollout-failed', scheme: 'none', subscription: { id: subscription.id, name: 'Ocean' } })
    expect(h.sent[0]!.timeoutMs).toBe(2500)
    expect(h.sent[0]!.headers).toContainEqual(['Authorization', 'Bearer team-token'])
    expect(run.cases.find((c) => c.id === 'retry-plan')!.reason).toMatch(/never retries/)
  })

  it('needs a platform for a subscription that takes every platform, and refuses another platform', async () => {
    const h = await harness(async () => answer(200))
    const any = await h.data<Subscription>('createSubscription', { name: 'Inbox', url: URL_, provider: 'any' })
    expect(await h.call('startCheck', { subscriptionId: any.id })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: `Subscription "Inbox" takes every platform's events: choose the platform to check it as`, issues: [{ path: 'provider' }] },
    })
    const started = await h.data<{ id: string }>('startCheck', { subscriptionId: any.id, provider: 'divshot' })
    await h.finished(started.id)
    expect(CheckRun.parse(await h.data('getCheck', started)).provider).toBe('divshot')

    const qovery = await h.data<Subscription>('createSubscription', { name: 'Q', url: URL_, provider: 'qovery' })
    expect(await h.call('startCheck', { subscriptionId: qovery.id, provider: 'divshot' })).toMatchObject({ ok: false, error: { issues: [{ path: 'provider' }] } })
    expect(await h.call('startCheck', { subscriptionId: 'sub_gone' })).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('shows a plain secret header as its fingerprint, even where the endpoint echoes it back', async () => {
    const secret = 'qovery-plain-secret'
    const h = await harness(async (request) => answer(401, JSON.stringify({ youSent: request.headers }), [['X-Echo', request.headers.find(([n]) => n === 'Qovery-Secret')?.[1] ?? '']]))
    const { id } = await h.data<{ id: string }>('startCheck', { url: URL_, provider: 'qovery', secret })
    await h.finished(id)
    const run = await h.data('getCheck', { id })
    const json = await h.data('getCheckReport', { id, format: 'json' })
    const everything = JSON.stringify([run, json, h.events])
    expect(everything).not.toContain(secret)
    expect(everything).not.toContain(secret.slice(0, -1))
    expect(everything).toContain('sha256:')
    // What was really sent carried the secret.
    expect(h.sent[0]!.headers).toContainEqual(['Qovery-Secret', secret])
  })

  it('reports a check that stops on an error as failed, with the reason', async () => {
    const h = await harness(async () => {
      throw new Error('socket exploded')
    })
    const { id } = await h.data<{ id: string }>('startCheck', { url: URL_, provider: 'divshot' })
    await h.finished(id)
    expect(h.events.at(-1)).toEqual({ type: 'check', id, error: 'The check stopped: socket exploded' })
    expect(await h.data('getCheck', { id })).toMatchObject({ state: 'failed', error: 'The check stopped: socket exploded' })
    expect(await h.call('getCheckReport', { id, format: 'json' })).toMatchObject({ ok: false, error: { code: 'conflict' } })
  })

  it(`keeps the last ${KEPT_CHECKS} checks only`, async () => {
    const h = await harness(async () => answer(200))
    const ids: string[] = []
    for (let i = 0; i < KEPT_CHECKS + 2; i++) {
      const { id } = await h.data<{ id: string }>('startCheck', { url: URL_, provider: 'divshot' })
      await h.finished(id)
      ids.push(id)
    }
    expect(await h.call('getCheck', { id: ids[0] })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(await h.call('getCheck', { id: ids[1] })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    for (const id of ids.slice(2)) expect(await h.call('getCheck', { id })).toMatchObject({ ok: true })
  })
})

describe('cancelCheck and listChecks', () => {
  it('cancels a running check: the request in flight is abandoned, the cases judged so far are kept', async () => {
    let requests = 0
    const h = await harness((request) => {
      // The second request never gets an answer of its own: only the cancel ends it.
      if (++requests === 2) return new Promise<SendResult>((resolve) => request.signal?.addEventListener('abort', () => resolve({ kind: 'error', errorClass: 'interrupted', message: 'abandoned', durationMs: 1 })))
      return Promise.resolve(answer(200))
    })
    const { id } = await h.data<{ id: string }>('startCheck', { url: URL_, provider: 'generic', secret: STANDARD_SECRET })
    await expect.poll(() => requests, { interval: 5 }).toBe(2)
    const cancelled = CheckRun.parse(await h.data('cancelCheck', { id }))
    expect(cancelled).toMatchObject({ state: 'cancelled', passed: false })
    expect(cancelled.cases.map((c) => c.id)).toEqual(['valid'])
    expect(cancelled.finishedAt).toBeDefined()
    expect(h.events.at(-1)).toEqual({ type: 'check', id, cancelled: true })
    // Nothing more is sent, and cancelling again (or reading it) gives the same check.
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(requests).toBe(2)
    expect(await h.data('cancelCheck', { id })).toEqual(cancelled)
    expect(await h.data('getCheck', { id })).toEqual(cancelled)
    expect(await h.call('getCheckReport', { id, format: 'junit' })).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(await h.call('cancelCheck', { id: 'chk_nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('lists the checks kept, newest first, with how each ended and its counts, without requests', async () => {
    // Accepts everything: an unsigned platform's endpoint passes, a signed scheme's fails.
    const h = await harness(async () => answer(200))
    const first = await h.data<{ id: string }>('startCheck', { url: URL_, provider: 'divshot' })
    await h.finished(first.id)
    const second = await h.data<{ id: string }>('startCheck', { url: URL_, provider: 'generic', secret: STANDARD_SECRET })
    await h.finished(second.id)
    const list = await h.data<Array<Record<string, unknown>>>('listChecks', {})
    expect(list.map((c) => c.id)).toEqual([second.id, first.id])
    expect(list[0]).toMatchObject({ state: 'finished', provider: 'generic', scheme: 'standard', passed: false, counts: { run: 16, planned: 16 } })
    expect(list[1]).toMatchObject({ state: 'finished', provider: 'divshot', scheme: 'none', passed: true })
    expect(JSON.stringify(list)).not.toContain('exchanges')
    expect(await h.data<unknown[]>('listChecks', { limit: 1 })).toHaveLength(1)
    expect(await h.call('listChecks', { limit: 51 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })
})

describe('checks on disk', () => {
  const journalAt = (file: string) => openJournal({ file, schema: CheckRun, idOf: (r) => r.id, maxRecords: KEPT_CHECKS })

  it('survive a restart; one that was running when Hookbench stopped reads as failed, saying so', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hookbench-checks-')), 'checks.jsonl')
    const emit = () => {}
    const subscription = () => {
      throw new Error('none')
    }
    const journal = await journalAt(file)
    const runs = createCheckRuns({ send: async () => answer(200), nowMs: Date.now, emit, subscription, journal })
    const done = runs.start({ url: URL_, provider: 'divshot', toleranceSec: 300 })
    await runs.whenDone(done.id)
    // A second check whose requests never end, and a process that is gone before it does.
    const stuck = createCheckRuns({ send: () => new Promise<SendResult>(() => {}), nowMs: Date.now, emit, subscription, journal })
    const cut = stuck.start({ url: URL_, provider: 'divshot', toleranceSec: 300 })
    await journal.flush()

    const reopened = createCheckRuns({ send: async () => answer(200), nowMs: Date.now, emit, subscription, journal: await journalAt(file) })
    expect(reopened.get(done.id)).toMatchObject({ state: 'finished', passed: true })
    expect(reopened.get(done.id).cases.every((c) => c.exchanges.length > 0 || c.verdict === 'info')).toBe(true)
    expect(reopened.get(cut.id)).toMatchObject({ state: 'failed', error: expect.stringContaining('Hookbench stopped while this check ran') })
    expect(reopened.list().map((c) => [c.id, c.state])).toEqual([
      [cut.id, 'failed'],
      [done.id, 'finished'],
    ])
  })
})
