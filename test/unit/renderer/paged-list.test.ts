import { describe, expect, it } from 'vitest'
import {
  type ListRules,
  type ListWindow,
  MARGIN,
  MAX_PAGE,
  type Page,
  type PageRequest,
  applyLive,
  applyPage,
  emptyList,
  nextRequest,
  restart,
  rowAt,
  setViewport,
} from '../../../src/renderer/src/store/lists/paged-list'

/** A record of a fake history: `seq` grows with time, the list shows the newest first. */
interface Rec {
  id: string
  seq: number
  status: 'ok' | 'bad'
}
const rules: ListRules<Rec> = { key: (r) => r.id, isNewer: (a, b) => a.seq > b.seq }
const rec = (seq: number, status: Rec['status'] = seq % 7 === 0 ? 'bad' : 'ok'): Rec => ({ id: `r${seq}`, seq, status })

/** A server like the engine's: newest first, cursors are the seq of the last record sent. */
function server(count: number) {
  const records = Array.from({ length: count }, (_, i) => rec(i + 1))
  return {
    records,
    add(r: Rec) {
      records.push(r)
    },
    page(request: { cursor?: string; limit: number }, match: (r: Rec) => boolean = () => true): Page<Rec> {
      const before = request.cursor === undefined ? Infinity : Number(request.cursor.slice(1))
      const newestFirst = records.filter((r) => r.seq < before && match(r)).sort((a, b) => b.seq - a.seq)
      const items = newestFirst.slice(0, request.limit)
      return {
        items,
        ...(newestFirst.length > request.limit && { nextCursor: `c${items.at(-1)!.seq}` }),
        ...(request.cursor === undefined && { total: records.filter(match).length }),
      }
    },
  }
}

/** Fetches until the rows kept are loaded; returns the list and the requests made. */
function settle(list: ListWindow<Rec>, api: ReturnType<typeof server>, match?: (r: Rec) => boolean) {
  const requests: PageRequest[] = []
  for (let request = nextRequest(list); request; request = nextRequest(list)) {
    requests.push(request)
    if (requests.length > 500) throw new Error('does not settle')
    list = applyPage(list, request, api.page(request, match))
  }
  return { list, requests }
}

const loaded = (list: ListWindow<Rec>) => list.rows.filter((r) => r !== undefined) as Rec[]

describe('the window of a paged list', () => {
  it('loads the first page and sizes itself from the total', () => {
    const api = server(100_000)
    const { list, requests } = settle(restart(emptyList<Rec>(), 30), api)
    expect(requests).toHaveLength(1)
    expect(requests[0]).toMatchObject({ position: 0, cursor: undefined })
    expect(list.phase).toBe('ready')
    expect(list.total).toBe(100_000)
    expect(list.start).toBe(0)
    expect(list.rows).toHaveLength(30 + MARGIN)
    expect(rowAt(list, 0)?.seq).toBe(100_000)
    expect(rowAt(list, 229)?.seq).toBe(100_000 - 229)
  })

  it('fetches older pages as the view scrolls, and drops rows far from it', () => {
    const api = server(100_000)
    let { list } = settle(restart(emptyList<Rec>(), 30), api)
    for (let from = 0; from <= 5_000; from += 25) {
      list = settle(setViewport(list, from, from + 30), api).list
      for (let p = from; p < from + 30; p++) expect(rowAt(list, p)?.seq).toBe(100_000 - p)
      expect(list.rows.length).toBeLessThanOrEqual(30 + 4 * MARGIN)
    }
    expect(list.start).toBeGreaterThan(4_000)
    expect(rowAt(list, 0)).toBeUndefined()
    expect(loaded(list).length).toBeLessThanOrEqual(30 + 4 * MARGIN)
  })

  it('reaches a row far below in long steps, leaving anchors to come back by', () => {
    const api = server(100_000)
    let { list } = settle(restart(emptyList<Rec>(), 30), api)
    const jumped = settle(setViewport(list, 50_000, 50_030), api)
    list = jumped.list
    for (let p = 50_000; p < 50_030; p++) expect(rowAt(list, p)?.seq).toBe(100_000 - p)
    // At most a step of MAX_PAGE per request on the way there, then the rows around the view.
    expect(jumped.requests.length).toBeLessThanOrEqual(Math.ceil(50_000 / MAX_PAGE) + 2)
    expect(jumped.requests.every((r) => r.limit <= MAX_PAGE)).toBe(true)
    // Back near the top and down again: the anchors left on the way make it a few requests.
    list = settle(setViewport(list, 10, 40), api).list
    expect(rowAt(list, 10)?.seq).toBe(100_000 - 10)
    const again = settle(setViewport(list, 50_000, 50_030), api)
    expect(again.requests.length).toBeLessThanOrEqual(3)
    expect(rowAt(again.list, 50_029)?.seq).toBe(100_000 - 50_029)
  })

  it('keeps the last row right where the list ends', () => {
    const api = server(1_234)
    let { list } = settle(restart(emptyList<Rec>(), 30), api)
    list = settle(setViewport(list, 1_204, 1_234), api).list
    expect(rowAt(list, 1_233)?.seq).toBe(1)
    expect(list.total).toBe(1_234)
    expect(nextRequest(list)).toBeUndefined()
  })

  it('drops a page fetched for an older query', () => {
    const api = server(1_000)
    const first = restart(emptyList<Rec>(), 30)
    const request = nextRequest(first)!
    const second = restart(first, 30)
    expect(applyPage(second, request, api.page(request))).toBe(second)
  })
})

describe('live records', () => {
  const ready = (count: number, match?: (r: Rec) => boolean) => {
    const api = server(count)
    return { api, list: settle(restart(emptyList<Rec>(), 30), api, match).list }
  }

  it('inserts a new record at the top and counts it', () => {
    const { list } = ready(1_000)
    const next = applyLive(list, [rec(1_001), rec(1_002)], rules, () => true)
    expect(next.total).toBe(1_002)
    expect(next.inserted).toBe(2)
    expect(rowAt(next, 0)?.seq).toBe(1_002)
    expect(rowAt(next, 1)?.seq).toBe(1_001)
    expect(rowAt(next, 2)?.seq).toBe(1_000)
    // The rows already there are the same objects: their memoised rows need not render again.
    expect(rowAt(next, 2)).toBe(rowAt(list, 0))
  })

  it('replaces a loaded record in its row without moving anything', () => {
    const { list } = ready(1_000)
    const changed = { ...rec(995), status: 'bad' as const }
    const next = applyLive(list, [changed], rules, () => true)
    expect(next.total).toBe(1_000)
    expect(next.inserted).toBe(0)
    expect(rowAt(next, 5)).toBe(changed)
    expect(rowAt(next, 4)).toBe(rowAt(list, 4))
  })

  it('does not insert a new record the filter does not take', () => {
    const onlyBad = (r: Rec) => r.status === 'bad'
    const { list } = ready(1_000, onlyBad)
    expect(list.total).toBe(142)
    const next = applyLive(list, [rec(1_001, 'ok'), rec(1_002, 'bad')], rules, onlyBad)
    expect(next.total).toBe(143)
    expect(rowAt(next, 0)?.seq).toBe(1_002)
    expect(rowAt(next, 1)?.seq).toBe(994)
  })

  it('leaves an older record that is not loaded to the next fetch', () => {
    const { api } = ready(100_000)
    let { list } = settle(restart(emptyList<Rec>(), 30), api)
    list = settle(setViewport(list, 5_000, 5_030), api).list
    const next = applyLive(list, [{ ...rec(10), status: 'bad' }], rules, () => true)
    expect(next).toBe(list)
  })

  it('shifts rows, anchors and the viewport below the top so further fetches stay in place', () => {
    const api = server(100_000)
    let { list } = settle(restart(emptyList<Rec>(), 30), api)
    list = settle(setViewport(list, 5_000, 5_030), api).list
    for (let seq = 100_001; seq <= 100_010; seq++) api.add(rec(seq))
    list = applyLive(list, api.records.slice(-10), rules, () => true)
    expect(list.viewport).toEqual({ from: 5_010, to: 5_040 })
    expect(rowAt(list, 5_010)?.seq).toBe(100_000 - 5_000)
    // Scrolling on fetches rows where they now are.
    list = settle(setViewport(list, 5_400, 5_430), api).list
    for (let p = 5_400; p < 5_430; p++) expect(rowAt(list, p)?.seq).toBe(100_010 - p)
    // And back at the top, the new records are there.
    list = settle(setViewport(list, 0, 30), api).list
    for (let p = 0; p < 30; p++) expect(rowAt(list, p)?.seq).toBe(100_010 - p)
  })

  it('a page that was on its way while records were inserted lands where its rows now are', () => {
    const api = server(10_000)
    let { list } = settle(restart(emptyList<Rec>(), 30), api)
    list = setViewport(list, 400, 430)
    const request = nextRequest(list)!
    expect(request.cursor).toBeDefined()
    const page = api.page(request)
    api.add(rec(10_001))
    list = applyLive(list, [rec(10_001)], rules, () => true)
    list = applyPage(list, request, page)
    list = settle(list, api).list
    for (let p = 401; p < 431; p++) expect(rowAt(list, p)?.seq).toBe(10_001 - p)
  })

  it('keeps a burst at the top within the window', () => {
    const { list: start } = ready(1_000)
    let list = start
    for (let seq = 1_001; seq <= 3_000; seq += 100) {
      list = applyLive(list, Array.from({ length: 100 }, (_, i) => rec(seq + i)), rules, () => true)
    }
    expect(list.total).toBe(3_000)
    expect(rowAt(list, 0)?.seq).toBe(3_000)
    expect(list.rows.length).toBeLessThanOrEqual(30 + MARGIN + MARGIN / 2)
  })
})

describe('a count that stopped short (a search through bodies)', () => {
  it('shows the lower bound until the last page comes, then the exact count', () => {
    let list = restart(emptyList<Rec>())
    const first = nextRequest(list)!
    list = applyPage(list, first, { items: Array.from({ length: 200 }, (_, i) => rec(1000 - i)), nextCursor: 'c801', totalAtLeast: 350 })
    expect(list.total).toBe(350)
    expect(list.totalIsLowerBound).toBe(true)
    list = setViewport(list, 150, 200)
    const second = nextRequest(list)!
    list = applyPage(list, second, { items: Array.from({ length: 170 }, (_, i) => rec(800 - i)) })
    expect(list.total).toBe(370)
    expect(list.totalIsLowerBound).toBe(false)
  })
})
