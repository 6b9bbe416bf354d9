/**
 * A window onto a long, newest-first list that the engine serves a page at a time (cursor paged,
 * filtered on the server). Pure functions over plain data, so they can be tested without a
 * browser; `list-store.ts` wires them to the API and to zustand.
 *
 * Positions count from the top of the list (0 = newest). Only the rows around the viewport are
 * kept (`rows`, from `start`); the rest are fetched again when scrolled back to. Cursors are
 * opaque and lead only to older records, so every page fetched leaves an anchor (the position
 * its next page starts at, and the cursor to fetch it): a row far below the loaded ones is
 * reached from the nearest anchor above it, a long page at a time.
 *
 * Live records arrive newest first at the top: a record newer than any in the list that matches
 * the filter is inserted there (every position below moves down by one), a loaded record is
 * replaced in its row, anything else is left to the next fetch.
 */

/** One page as the API answers it. */
export interface Page<T> {
  items: T[]
  nextCursor?: string
  total?: number
  /** A search that stopped counting: at least this many. */
  totalAtLeast?: number
}

/** Where fetching from `cursor` starts; the top of the list has no cursor. */
export interface Anchor {
  position: number
  cursor: string | undefined
}

/** A fetch to make: `limit` records from `cursor`, which will land at `position`. */
export interface PageRequest {
  generation: number
  position: number
  cursor: string | undefined
  limit: number
  /** `inserted` when it was asked for: positions move down by what was inserted since. */
  inserted: number
}

export interface ListWindow<T> {
  /** Changes with every new query: pages fetched for an older one are dropped. */
  generation: number
  /** `idle` until the first fetch is asked for, `loading` until the first page came. */
  phase: 'idle' | 'loading' | 'ready' | 'error'
  /** Records the list holds (its scrollbar), from the first page plus those inserted live. */
  total: number
  /** `total` is only a lower bound (a search through bodies stopped counting) until the last page comes. */
  totalIsLowerBound: boolean
  /** Position of `rows[0]`. */
  start: number
  /** The rows around the viewport; `undefined` where not fetched yet. */
  rows: (T | undefined)[]
  /** Sorted by position; the first is always the top. */
  anchors: Anchor[]
  /** The rows on screen, as the view last reported them (`to` exclusive). */
  viewport: { from: number; to: number }
  /** The newest record the list holds: a live record newer than this one is new. */
  newest: T | undefined
  /** Live records inserted at the top so far; the view keeps its scroll position by it. */
  inserted: number
}

/** How records of a list compare. */
export interface ListRules<T> {
  key(item: T): string
  /** `a` was created after `b`. */
  isNewer(a: T, b: T): boolean
}

export const PAGE_SIZE = 200
/** The API's largest page: what one step through unloaded rows covers. */
export const MAX_PAGE = 1000
/** Rows kept above and below the viewport. */
export const MARGIN = 200

export function emptyList<T>(generation = 0): ListWindow<T> {
  return {
    generation,
    phase: 'idle',
    total: 0,
    totalIsLowerBound: false,
    start: 0,
    rows: [],
    anchors: [{ position: 0, cursor: undefined }],
    viewport: { from: 0, to: 0 },
    newest: undefined,
    inserted: 0,
  }
}

/** A fresh list for a new query: nothing loaded, the first page to fetch. */
export function restart<T>(list: ListWindow<T>, viewRows = 50): ListWindow<T> {
  return { ...emptyList<T>(list.generation + 1), phase: 'loading', viewport: { from: 0, to: viewRows } }
}

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value))

/** The range of positions to keep for a viewport (`to` exclusive). */
function wanted(list: ListWindow<unknown>, margin = MARGIN) {
  const { from, to } = list.viewport
  return { from: clamp(from - margin, 0, list.total), to: clamp(to + margin, 0, list.total) }
}

/** Keeps the rows of `range`: loaded ones are carried over, the others are to fetch. */
function reframe<T>(list: ListWindow<T>, range: { from: number; to: number }): ListWindow<T> {
  if (range.from === list.start && range.to === list.start + list.rows.length) return list
  const rows = Array.from({ length: Math.max(0, range.to - range.from) }, (_, i) => list.rows[range.from + i - list.start])
  return { ...list, start: range.from, rows }
}

/**
 * The view scrolled: the rows kept follow once the viewport comes within half a margin of the
 * rows' edge, so small moves change nothing.
 */
export function setViewport<T>(list: ListWindow<T>, from: number, to: number): ListWindow<T> {
  if (list.viewport.from === from && list.viewport.to === to) return list
  const next = { ...list, viewport: { from, to } }
  const need = wanted(next, MARGIN / 2)
  const end = list.start + list.rows.length
  if (need.from >= list.start && need.to <= end) return next
  return reframe(next, wanted(next))
}

/** The next page to fetch for the rows kept, or `undefined` when they are all loaded. */
export function nextRequest<T>(list: ListWindow<T>): PageRequest | undefined {
  if (list.phase === 'idle' || list.phase === 'error') return undefined
  const base = { generation: list.generation, inserted: list.inserted }
  if (list.phase === 'loading') return { ...base, position: 0, cursor: undefined, limit: clamp(list.viewport.to + MARGIN, PAGE_SIZE, MAX_PAGE) }
  const missing = list.rows.findIndex((row) => row === undefined)
  if (missing === -1) return undefined
  const position = list.start + missing
  let runEnd = missing
  while (runEnd < list.rows.length && list.rows[runEnd] === undefined) runEnd++
  const anchor = anchorAtOrBefore(list.anchors, position)
  // Far below the anchor: one long step towards the gap (its rows are dropped, its end is kept).
  if (position - anchor.position >= MAX_PAGE) return { ...base, position: anchor.position, cursor: anchor.cursor, limit: MAX_PAGE }
  return { ...base, position: anchor.position, cursor: anchor.cursor, limit: clamp(list.start + runEnd - anchor.position, PAGE_SIZE, MAX_PAGE) }
}

function anchorAtOrBefore(anchors: Anchor[], position: number): Anchor {
  let found = anchors[0]!
  for (const anchor of anchors) {
    if (anchor.position > position) break
    found = anchor
  }
  return found
}

function withAnchor(anchors: Anchor[], anchor: Anchor): Anchor[] {
  const at = anchors.findIndex((a) => a.position >= anchor.position)
  if (at === -1) return [...anchors, anchor]
  if (anchors[at]!.position === anchor.position) return anchors.map((a, i) => (i === at ? anchor : a))
  return [...anchors.slice(0, at), anchor, ...anchors.slice(at)]
}

/**
 * A page came: its rows that fall among those kept are stored, its end becomes an anchor. A
 * page of an older query is ignored. `fresher` gives a record's newest known version (a live
 * update may have overtaken the page).
 */
export function applyPage<T>(list: ListWindow<T>, request: PageRequest, page: Page<T>, fresher: (item: T) => T = (item) => item): ListWindow<T> {
  if (request.generation !== list.generation) return list
  const position = request.cursor === undefined ? request.position : request.position + (list.inserted - request.inserted)
  const end = position + page.items.length
  let { total, newest, phase, totalIsLowerBound } = list
  if (request.cursor === undefined) {
    // The top of the list, fetched while live records were held back: it sets the count.
    total = page.total ?? page.totalAtLeast ?? Math.max(total, end)
    totalIsLowerBound = page.total === undefined && page.totalAtLeast !== undefined
    newest = page.items[0] ?? newest
    phase = 'ready'
  }
  if (page.nextCursor === undefined) {
    total = end
    totalIsLowerBound = false
  } else total = Math.max(total, end + 1)
  const anchors = page.nextCursor === undefined ? list.anchors.filter((a) => a.position <= end) : withAnchor(list.anchors, { position: end, cursor: page.nextCursor })
  let next: ListWindow<T> = { ...list, total, totalIsLowerBound, newest, phase, anchors }
  if (phase !== list.phase) next = reframe(next, wanted(next))
  else {
    // Rows of the page just past the kept ones are kept too (up to twice the margin): the view
    // is likely heading there, and they would otherwise be fetched again.
    const reach = wanted(next, 2 * MARGIN)
    const kept = { from: next.start, to: Math.min(next.start + next.rows.length, total) }
    const touches = position <= kept.to && end >= kept.from
    next = reframe(next, touches ? { from: Math.min(kept.from, Math.max(reach.from, position)), to: Math.max(kept.to, Math.min(reach.to, end)) } : kept)
  }
  const rows = [...next.rows]
  for (let i = 0; i < page.items.length; i++) {
    const at = position + i - next.start
    if (at >= 0 && at < rows.length) rows[at] = fresher(page.items[i]!)
  }
  return { ...next, rows }
}

/** The fetch failed: nothing more is asked for until the view moves again (see `retry`). */
export function failed<T>(list: ListWindow<T>, request: PageRequest): ListWindow<T> {
  if (request.generation !== list.generation) return list
  return { ...list, phase: list.phase === 'loading' ? 'error' : list.phase }
}

/**
 * Live records, oldest first: a loaded one replaces its row; one newer than the newest the list
 * holds and accepted by `matches` is inserted at the top; the rest are left alone (an older
 * record changed, or one the filter does not take).
 */
export function applyLive<T>(list: ListWindow<T>, items: T[], rules: ListRules<T>, matches: (item: T) => boolean): ListWindow<T> {
  if (list.phase !== 'ready' || items.length === 0) return list
  let rows: (T | undefined)[] | undefined
  const index = new Map<string, number>()
  list.rows.forEach((row, i) => row !== undefined && index.set(rules.key(row), i))
  const added: T[] = []
  let { newest } = list
  for (const item of items) {
    const key = rules.key(item)
    const at = index.get(key)
    if (at !== undefined) {
      rows ??= [...list.rows]
      rows[at] = item
      continue
    }
    const addedAt = added.findIndex((a) => rules.key(a) === key)
    if (addedAt !== -1) {
      added[addedAt] = item
      continue
    }
    if ((newest === undefined || rules.isNewer(item, newest)) && matches(item)) {
      added.push(item)
      newest = item
    }
  }
  if (!rows && added.length === 0) return list
  const n = added.length
  const current = rows ?? list.rows
  if (n === 0) return { ...list, rows: current }
  const atTop = list.start === 0
  const next: ListWindow<T> = {
    ...list,
    newest,
    total: list.total + n,
    inserted: list.inserted + n,
    anchors: list.anchors.map((a) => (a.position === 0 ? a : { ...a, position: a.position + n })),
    // At the top the new rows show and push the others down; further down the view keeps its rows in sight.
    viewport: list.viewport.from === 0 ? list.viewport : { from: list.viewport.from + n, to: list.viewport.to + n },
    start: atTop ? 0 : list.start + n,
    rows: atTop ? [...added.reverse(), ...current] : current,
  }
  const keep = wanted(next)
  const end = next.start + next.rows.length
  // Trim what the inserts pushed out of reach (and leave slack so a burst does not copy every time).
  return end - keep.to > MARGIN / 2 || keep.from - next.start > MARGIN / 2 ? reframe(next, keep) : next
}

/** The record at a position, if loaded. */
export const rowAt = <T>(list: ListWindow<T>, position: number): T | undefined => list.rows[position - list.start]

/** Position of a loaded record, or -1. */
export function positionOf<T>(list: ListWindow<T>, key: string, keyOf: (item: T) => string): number {
  const at = list.rows.findIndex((row) => row !== undefined && keyOf(row) === key)
  return at === -1 ? -1 : list.start + at
}
