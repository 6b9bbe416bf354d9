import { describe, expect, it } from 'vitest'
import type { DeliverySummary } from '../../../src/shared/schemas/delivery'
import { type DeliveryFilter, matchesDelivery } from '../../../src/renderer/src/store/deliveries/filters'
import { createListController } from '../../../src/renderer/src/store/lists/list-store'
import type { Page } from '../../../src/renderer/src/store/lists/paged-list'
import { rowAt } from '../../../src/renderer/src/store/lists/paged-list'

const summary = (seq: number, changes: Partial<DeliverySummary> = {}): DeliverySummary => ({
  id: `msg_${seq}`,
  seq,
  eventId: `evt_${seq}`,
  subscriptionId: seq % 2 ? 'sub_a' : 'sub_b',
  subscriptionName: seq % 2 ? 'Alpha' : 'Beta',
  provider: 'divshot',
  event: 'release',
  url: 'http://127.0.0.1:9/',
  status: 'delivered',
  series: 0,
  createdAt: new Date(1_790_000_000_000 + seq * 1000).toISOString(),
  updatedAt: new Date(1_790_000_000_000 + seq * 1000).toISOString(),
  attemptCount: 1,
  lastStatus: 200,
  ...changes,
})

/** A fake engine whose pages resolve when the test says so. */
function engine(count: number) {
  const records = Array.from({ length: count }, (_, i) => summary(i + 1))
  const pending: Array<{ filter: DeliveryFilter; cursor?: string; limit: number; resolve: () => void }> = []
  const fetch = (filter: DeliveryFilter, request: { cursor: string | undefined; limit: number }) =>
    new Promise<Page<DeliverySummary>>((resolve) => {
      // The page is computed when the test lets it go, like a server answering then.
      pending.push({
        filter,
        ...request,
        resolve: () => {
          const before = request.cursor === undefined ? Infinity : Number(request.cursor.slice(1))
          const all = records.filter((r) => r.seq < before && matchesDelivery(filter, r)).sort((a, b) => b.seq - a.seq)
          const items = all.slice(0, request.limit)
          resolve({ items, ...(all.length > items.length && { nextCursor: `c${items.at(-1)!.seq}` }), ...(request.cursor === undefined && { total: all.length }) })
        },
      })
    })
  return { records, pending, fetch }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

/** A list over `count` records, its first page answered. */
async function firstPageShown(count: number) {
  const fake = engine(count)
  const list = controller(fake)
  list.start()
  fake.pending.shift()!.resolve()
  await flush()
  return { fake, list }
}

/** Answers every page asked for, and those they lead to, until the list fetches nothing more. */
async function answerAll(fake: ReturnType<typeof engine>, list: { idle(): Promise<void> }) {
  while (fake.pending.length > 0) {
    fake.pending.shift()!.resolve()
    await flush()
  }
  await list.idle()
}

function controller(fake: ReturnType<typeof engine>) {
  return createListController<DeliverySummary, DeliveryFilter>({
    key: (d) => d.id,
    isNewer: (a, b) => a.seq > b.seq,
    version: (d) => d.updatedAt,
    matches: matchesDelivery,
    initialFilter: {},
    fetch: fake.fetch,
  })
}

describe('a list controller', () => {
  it('holds live records back while the first page is on its way, then applies them once', async () => {
    const fake = engine(500)
    const list = controller(fake)
    list.start()
    expect(fake.pending).toHaveLength(1)
    // Delivery 501 exists before the server answers (the page has it) and its event comes early too.
    fake.records.push(summary(501))
    list.applyLive([summary(501)])
    fake.pending.shift()!.resolve()
    await flush()
    const { list: window } = list.use.getState()
    expect(window.total).toBe(501)
    expect(rowAt(window, 0)?.id).toBe('msg_501')
    expect(rowAt(window, 1)?.id).toBe('msg_500')
  })

  it('shows the newest version of a record that changed while its page was on its way', async () => {
    const fake = engine(500)
    const list = controller(fake)
    list.start()
    const request = fake.pending.shift()!
    request.resolve()
    // The page was computed; then the delivery changed and its event arrived before the page did.
    list.applyLive([summary(499, { status: 'failed', updatedAt: new Date(1_800_000_000_000).toISOString() })])
    await flush()
    expect(rowAt(list.use.getState().list, 1)?.status).toBe('failed')
  })

  it('sends filters to the engine and inserts only the live records they take', async () => {
    const fake = engine(500)
    const list = controller(fake)
    list.setFilter({ subscriptionId: 'sub_a' })
    expect(fake.pending[0]!.filter).toEqual({ subscriptionId: 'sub_a' })
    fake.pending.shift()!.resolve()
    await flush()
    expect(list.use.getState().list.total).toBe(250)
    list.applyLive([summary(502), summary(501)].reverse())
    const { list: window } = list.use.getState()
    expect(window.total).toBe(251)
    expect(rowAt(window, 0)?.id).toBe('msg_501')
    expect(rowAt(window, 1)?.id).toBe('msg_499')
  })

  it('asks again only when the filter really changed, and drops pages of an older filter', async () => {
    const fake = engine(500)
    const list = controller(fake)
    list.setFilter({ text: 'msg_1' })
    list.setFilter({ text: 'msg_1' })
    expect(fake.pending).toHaveLength(1)
    list.setFilter({ text: 'msg_12' })
    expect(fake.pending).toHaveLength(2)
    fake.pending[1]!.resolve()
    await flush()
    fake.pending[0]!.resolve()
    await flush()
    const { list: window } = list.use.getState()
    expect(window.total).toBe(11)
    expect(window.rows.every((r) => r?.id.includes('msg_12'))).toBe(true)
  })

  it('fetches one page at a time as the viewport moves', async () => {
    const { fake, list } = await firstPageShown(5_000)
    list.setViewport(1_000, 1_030)
    list.setViewport(1_010, 1_040)
    expect(fake.pending).toHaveLength(1)
    await answerAll(fake, list)
    const { list: window } = list.use.getState()
    for (let p = 1_010; p < 1_040; p++) expect(rowAt(window, p)?.seq).toBe(5_000 - p)
  })

  it('catches up with records it missed (the event stream was down) without leaving the place the view is at', async () => {
    const { fake, list } = await firstPageShown(5_000)
    list.setViewport(1_000, 1_030)
    await answerAll(fake, list)
    // Three deliveries came while no event did.
    fake.records.push(summary(5_001), summary(5_002), summary(5_003))
    list.catchUp()
    expect(fake.pending.map((p) => [p.cursor, p.limit])).toEqual([[undefined, 200]])
    fake.pending.shift()!.resolve()
    await flush()
    const { list: window } = list.use.getState()
    expect(window.total).toBe(5_003)
    // The rows in view are the same deliveries, three places further down.
    expect(window.viewport).toEqual({ from: 1_003, to: 1_033 })
    for (let p = 1_003; p < 1_033; p++) expect(rowAt(window, p)?.seq).toBe(5_003 - p)
  })
})
