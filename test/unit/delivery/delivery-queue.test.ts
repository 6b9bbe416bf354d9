import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Delivery } from '../../../src/shared/schemas/delivery'
import { STANDARD_WEBHOOKS_RULES } from '../../../src/shared/schemas/delivery-rules'
import type { Decision } from '../../../src/main/delivery/decision'
import { type LaneSettings, createDeliveryQueue } from '../../../src/main/delivery/delivery-queue'
import type { OutgoingRequest, SendResult } from '../../../src/main/delivery/http-sender'
import { openDeliveryHistory } from '../../../src/main/persistence/delivery-history'
import { createFakeClock } from '../../support/fake-clock'

const respond = (status: number): SendResult => ({
  kind: 'response',
  durationMs: 5,
  response: { status, headers: [], body: '', bodyBytes: 0, truncated: false },
})

/** A simple policy for queue tests: 2xx delivers, 410 disables, else retry after each listed delay. */
function fixedDelays(delays: number[]) {
  return (_d: Delivery, result: SendResult, made: number): Decision => {
    if (result.kind === 'response' && result.response.status === 410) return { kind: 'disable', reason: '410 Gone' }
    if (result.kind === 'response' && result.response.status < 300) return { kind: 'delivered' }
    const delay = delays[made - 1]
    return delay === undefined ? { kind: 'failed', reason: `retries exhausted after ${made} attempts` } : { kind: 'retry', delayMs: delay }
  }
}

async function setup(options: { statuses?: number[]; delays?: number[]; lane?: Partial<LaneSettings>; hang?: boolean; file?: string } = {}) {
  const clock = createFakeClock()
  const journal = await openDeliveryHistory(options.file, 1000)
  const sent: Array<OutgoingRequest & { at: number }> = []
  const releases: Array<() => void> = []
  const statuses = [...(options.statuses ?? [])]
  const lane: LaneSettings = { enabled: true, paused: false, concurrency: 4, ordered: false, ...options.lane }
  const disabled: string[] = []
  const queue = createDeliveryQueue({
    clock,
    timeScale: 1,
    journal,
    send: async (request) => {
      sent.push({ ...request, at: clock.now() })
      if (options.hang) await new Promise<void>((resolve) => releases.push(resolve))
      return respond(statuses.shift() ?? 200)
    },
    sign: (delivery, nowMs) => [['webhook-id', delivery.id], ['webhook-timestamp', String(Math.floor(nowMs / 1000))]],
    decide: fixedDelays(options.delays ?? []),
    laneSettings: (id) => (id === 'gone' ? undefined : lane),
    disableSubscription: async (id) => {
      disabled.push(id)
      lane.enabled = false
    },
    onChange: () => {},
  })
  const start = clock.now()
  return { clock, journal, queue, sent, releases, lane, disabled, elapsed: (at: number) => at - start }
}

let counter = 0
function draft(overrides: Partial<Delivery> = {}) {
  counter++
  return {
    id: `msg_${counter}`,
    eventId: `evt_${counter}`,
    subscriptionId: 'sub_1',
    subscriptionName: 'test',
    provider: 'divshot',
    event: 'release',
    url: 'http://127.0.0.1:9/hook',
    body: `{"n":${counter}}`,
    headers: [['Content-Type', 'application/json']] as Array<[string, string]>,
    signing: { scheme: 'none' as const },
    retry: { preset: 'none' as const },
    timeoutMs: 10_000,
    secretHeaders: [],
    rules: STANDARD_WEBHOOKS_RULES,
    ...overrides,
  }
}

describe('delivery queue', () => {
  it('has the delivery on disk before enqueue resolves', async () => {
    const { queue, journal } = await setup({ hang: true })
    const [delivery] = await queue.enqueue([draft()])
    expect(await journal.get(delivery!.id)).toMatchObject({ id: delivery!.id })
    expect(journal.writes).toBeGreaterThan(0)
  })

  it('retries at the policy delays with the same id and body, then gives up', async () => {
    const { queue, sent, clock, elapsed } = await setup({ statuses: [500, 500, 500], delays: [1000, 5000] })
    const [delivery] = await queue.enqueue([draft()])
    await clock.advance(10_000)
    expect(sent.map((s) => elapsed(s.at))).toEqual([0, 1000, 6000])
    expect(new Set(sent.map((s) => s.body)).size).toBe(1)
    expect(sent.every((s) => s.headers.some(([n, v]) => n === 'webhook-id' && v === delivery!.id))).toBe(true)
    const final = await queue.whenFinal(delivery!.id)
    expect(final.status).toBe('failed')
    expect(final.reason).toBe('retries exhausted after 3 attempts')
    expect(final.attempts.map((a) => [a.n, a.outcome])).toEqual([
      [1, 'retry'],
      [2, 'retry'],
      [3, 'failed'],
    ])
  })

  it('never has more requests in flight than the subscription allows', async () => {
    const { queue, sent, releases, clock } = await setup({ hang: true, lane: { concurrency: 2 } })
    await queue.enqueue([draft(), draft(), draft(), draft(), draft()])
    await clock.advance(0)
    expect(sent).toHaveLength(2)
    releases.shift()!()
    await clock.advance(0)
    expect(sent).toHaveLength(3)
  })

  it('sends an ordered subscription one at a time in fire order; a retry wait blocks the rest', async () => {
    const { queue, sent, clock, elapsed } = await setup({ statuses: [503], delays: [2000], lane: { ordered: true, concurrency: 8 } })
    const drafts = [draft(), draft(), draft()]
    await queue.enqueue(drafts)
    await clock.advance(5000)
    expect(sent.map((s) => [s.body, elapsed(s.at)])).toEqual([
      [drafts[0]!.body, 0],
      [drafts[0]!.body, 2000],
      [drafts[1]!.body, 2000],
      [drafts[2]!.body, 2000],
    ])
  })

  it('holds deliveries while the subscription is paused and sends them on resume', async () => {
    const { queue, sent, clock, lane, journal } = await setup({ lane: { paused: true } })
    const [delivery] = await queue.enqueue([draft()])
    await clock.advance(60_000)
    expect(sent).toHaveLength(0)
    expect((await journal.get(delivery!.id))?.status).toBe('held')
    lane.paused = false
    queue.refresh('sub_1')
    await clock.advance(0)
    expect((await queue.whenFinal(delivery!.id)).status).toBe('delivered')
  })

  it('disables the subscription on 410 Gone and cancels what was still waiting', async () => {
    const { queue, sent, clock, disabled } = await setup({ statuses: [410], lane: { ordered: true } })
    const [first, second] = await queue.enqueue([draft(), draft()])
    await clock.advance(0)
    expect(sent).toHaveLength(1)
    expect(disabled).toEqual(['sub_1'])
    expect((await queue.whenFinal(first!.id)).status).toBe('failed')
    expect(await queue.whenFinal(second!.id)).toMatchObject({ status: 'cancelled', reason: 'cancelled: the subscription is disabled' })
  })

  it('cancels deliveries of a deleted subscription instead of dropping them silently', async () => {
    const { queue } = await setup()
    const [delivery] = await queue.enqueue([draft({ subscriptionId: 'gone' })])
    expect((await queue.whenFinal(delivery!.id)).reason).toBe('cancelled: the subscription was deleted')
  })

  it('redelivers a finished delivery with the same id as a new series of attempts', async () => {
    const { queue, sent, clock } = await setup({ statuses: [500] })
    const [delivery] = await queue.enqueue([draft()])
    expect((await queue.whenFinal(delivery!.id)).status).toBe('failed')
    await queue.redeliver(delivery!.id)
    await clock.advance(0)
    const final = await queue.whenFinal(delivery!.id)
    expect(final.status).toBe('delivered')
    expect(final.attempts.map((a) => [a.series, a.n, a.outcome])).toEqual([
      [0, 1, 'failed'],
      [1, 1, 'delivered'],
    ])
    expect(sent).toHaveLength(2)
    await expect(queue.redeliver('msg_nope')).rejects.toThrow(/No delivery/)
  })
})

describe('lanes', () => {
  it('sends 10,000 deliveries enqueued in one call in fire order', async () => {
    const { queue, sent } = await setup({ lane: { concurrency: 8 } })
    const drafts = Array.from({ length: 10_000 }, () => draft())
    const queued = await queue.enqueue(drafts)
    expect(queued.map((d) => d.seq)).toEqual(queued.map((_, i) => queued[0]!.seq + i))
    await queue.idle()
    expect(sent.map((s) => s.body)).toEqual(drafts.map((d) => d.body))
    expect(queue.pendingCount()).toBe(0)
  })

  it('holds an ordered lane behind a retry wait, new deliveries included, then goes on in fire order', async () => {
    const { queue, sent, clock, elapsed } = await setup({ statuses: [200, 503], delays: [3000], lane: { ordered: true } })
    const drafts = [draft(), draft(), draft()]
    await queue.enqueue(drafts)
    await clock.advance(1000)
    const late = draft()
    await queue.enqueue([late])
    await clock.advance(1000)
    expect(sent.map((s) => s.body)).toEqual([drafts[0]!.body, drafts[1]!.body])
    await clock.advance(5000)
    expect(sent.map((s) => [s.body, elapsed(s.at)])).toEqual([
      [drafts[0]!.body, 0],
      [drafts[1]!.body, 0],
      [drafts[1]!.body, 3000],
      [drafts[2]!.body, 3000],
      [late.body, 3000],
    ])
  })

  it('lets an unordered lane go on during a retry wait; the due retry goes before deliveries not yet sent', async () => {
    const { queue, sent, releases, clock, elapsed } = await setup({ hang: true, statuses: [503], delays: [1000], lane: { concurrency: 1 } })
    const drafts = [draft(), draft(), draft()]
    await queue.enqueue(drafts)
    await clock.advance(0)
    releases.shift()!()
    await clock.advance(0)
    expect(sent.map((s) => s.body)).toEqual([drafts[0]!.body, drafts[1]!.body])
    await clock.advance(1000)
    releases.shift()!()
    await clock.advance(0)
    expect(sent.map((s) => [s.body, elapsed(s.at)])).toEqual([
      [drafts[0]!.body, 0],
      [drafts[1]!.body, 0],
      [drafts[0]!.body, 1000],
    ])
    releases.shift()!()
    await clock.advance(0)
    expect(sent.at(-1)!.body).toBe(drafts[2]!.body)
  })
})

describe('restoring after a crash', () => {
  it('resends in fire order whatever order the records were last saved in', async () => {
    const next = await setup({ lane: { ordered: true } })
    const now = new Date(next.clock.now()).toISOString()
    const statuses = ['queued', 'sending', 'held', 'retrying', 'queued'] as const
    const seqs = [4, 0, 3, 1, 2]
    const records = seqs.map((seq, i): Delivery => ({ ...draft(), seq, status: statuses[i]!, series: 0, attempts: [], createdAt: now, updatedAt: now }))
    for (const record of records) await next.journal.save(record)
    expect(await next.queue.restore()).toBe(5)
    await next.queue.idle()
    expect(next.sent.map((s) => s.body)).toEqual([...records].sort((a, b) => a.seq - b.seq).map((d) => d.body))
  })

  it('resends what was in flight and resumes retry waits, keeping ids', async () => {
    const first = await setup({ statuses: [500], delays: [60_000], hang: false })
    const [waiting] = await first.queue.enqueue([draft()])
    await first.clock.advance(0)
    const stuck = await setup({ hang: true })
    const [inFlight] = await stuck.queue.enqueue([draft()])
    await stuck.clock.advance(0)

    // A new process sees both records exactly as they were last saved.
    const next = await setup()
    await next.journal.save(structuredClone((await first.journal.get(waiting!.id))!))
    await next.journal.save(structuredClone((await stuck.journal.get(inFlight!.id))!))
    expect(await next.queue.restore()).toBe(2)
    await next.clock.advance(0)
    expect(next.sent.map((s) => s.body)).toEqual([inFlight!.body])
    const resent = await next.queue.whenFinal(inFlight!.id)
    expect(resent.attempts.map((a) => a.error?.class ?? a.outcome)).toEqual(['interrupted', 'delivered'])
    await next.clock.advance(60_000)
    expect(next.sent.map((s) => s.body)).toEqual([inFlight!.body, waiting!.body])
    expect((await next.queue.whenFinal(waiting!.id)).status).toBe('delivered')
  })
})

describe('redelivering from history', () => {
  it('sends a finished delivery again once, even when asked twice at the same moment', async () => {
    // On disk, each request reads its own copy of the delivery.
    const { queue, sent, clock, journal } = await setup({ file: join(mkdtempSync(join(tmpdir(), 'hookbench-queue-')), 'deliveries.index') })
    const [delivery] = await queue.enqueue([draft()])
    await clock.advance(0)
    await queue.whenFinal(delivery!.id)
    await journal.flush()
    expect(journal.live(delivery!.id)).toBeUndefined()
    const both = await Promise.allSettled([queue.redeliver(delivery!.id), queue.redeliver(delivery!.id)])
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    await clock.advance(0)
    await queue.idle()
    expect(sent).toHaveLength(2)
  })
})
