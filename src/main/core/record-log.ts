import type { Match } from '../../shared/history-filter'

/** One page of a history, newest first. */
export interface HistoryPage<S> {
  items: S[]
  /** Pass as `before` for the next (older) page; absent on the last page. */
  next?: number
  /** Every record the query matches, when it asked (`count`). */
  total?: number
  /** A search that stopped counting: at least this many match. */
  totalAtLeast?: number
}

/** A page of summaries: newest first, older than the `before` cursor, keeping those `match` accepts. */
export interface PageQuery<S> {
  before?: number
  limit: number
  match?: Match<S>
  /** Add the total of matches (one pass over the history). */
  count?: boolean
}

/** A page whose test needs the whole record: `match` on the summary first, then `matchRecord` on what it lets through. */
export interface SearchQuery<T, S> {
  before?: number
  limit: number
  match?: Match<S>
  /** Accepts on the summary alone (no read); the others are read from disk and given to `matchRecord`. */
  quick?: Match<S>
  matchRecord: Match<T>
  /**
   * A quick test on the stored JSON text of a record's chunks: false rules the record out
   * without parsing it (most records of a search), true leaves it to `matchRecord`.
   */
  mayMatchText?: (json: string) => boolean
  /** Count the matches beyond the page, reading at most `readBudget` records in all. */
  count?: boolean
  readBudget?: number
  /** …and parsing at most `parseBudget` (records that may match cost most). */
  parseBudget?: number
}

/**
 * A history of records as the services use it: a summary of each in memory (newest first), the
 * whole record in memory while it is live, else read back. `persistence/history.ts` implements it
 * on disk; the services name their own kinds (`DeliveryLog`, `CaptureLog`).
 */
export interface RecordLog<T, S> {
  readonly size: number
  /**
   * Still reading what an earlier process saved (a host that answers before its history is
   * read): pages and summaries hold the records read so far and those saved since.
   */
  readonly loading: boolean
  /** Resolves once everything saved before is read (rejects when it cannot be). */
  readonly loaded: Promise<void>
  /** The newest record saved before this process, known before the rest is read. */
  readonly lastSaved: S | undefined
  has(id: string): boolean
  summary(id: string): S | undefined
  /** The summary, waiting for the history to be read when the id is not known yet. */
  find(id: string): Promise<S | undefined>
  /** Every summary, newest first. */
  summaries(): Iterable<S>
  /** The whole record only if it is in memory (live, or saved a moment ago). */
  live(id: string): T | undefined
  get(id: string): Promise<T | undefined>
  /** Whole records for these ids, in order (those no longer kept left out). */
  getMany(ids: string[]): Promise<T[]>
  page(query: PageQuery<S>): HistoryPage<S>
  search(query: SearchQuery<T, S>): Promise<HistoryPage<S>>
  /** Records a new state; resolves once it is on disk. */
  save(record: T, summary?: S): Promise<void>
  /** Resolves once every save made so far is written. */
  flush(): Promise<void>
  close(): Promise<void>
}

type Pageable<S> = Pick<RecordLog<unknown, S>, 'page' | 'loading'>
type Searchable<T, S> = Pick<RecordLog<T, S>, 'search' | 'loading'>

const beforeOf = (cursor: string | undefined) => (cursor === undefined ? undefined : Number(cursor.slice(1)))

/** The API's shape of a page: cursors as strings, the total (or its lower bound) on the first page, whether older records are still loading. */
function toApiPage<S>(page: HistoryPage<S>, loading: boolean) {
  return {
    items: page.items,
    ...(page.next !== undefined && { nextCursor: `c${page.next}` }),
    ...(page.total !== undefined && { total: page.total }),
    ...(page.totalAtLeast !== undefined && { totalAtLeast: page.totalAtLeast }),
    ...(loading && { loading: true as const }),
  }
}

/** A page of summaries for the API: cursors as strings, the total on the first page. */
export function pageQuery<S>(history: Pageable<S>, query: { limit: number; cursor?: string }, match: Match<S> | undefined) {
  // Read before the page: a history that finishes loading meanwhile is not said to be complete.
  const loading = history.loading
  return toApiPage(history.page({ before: beforeOf(query.cursor), limit: query.limit, match, count: query.cursor === undefined }), loading)
}

/**
 * A page whose text is also looked for in what is on disk: records the summary test `quick`
 * accepts are not read; the others are read and given to `matchRecord`.
 */
export async function searchQuery<T, S>(
  history: Searchable<T, S>,
  query: { limit: number; cursor?: string },
  tests: { match: Match<S> | undefined; quick: Match<S> | undefined; matchRecord: Match<T>; mayMatchText?: (json: string) => boolean },
) {
  const loading = history.loading
  return toApiPage(await history.search({ before: beforeOf(query.cursor), limit: query.limit, count: query.cursor === undefined, ...tests }), loading)
}

/**
 * Whether a record's stored JSON may hold `text` in one of its strings: JSON escapes a string
 * character by character, so the escaped text is in the escaped string. Case-insensitive, like the
 * filter; a false positive (a key name) is left to the exact test on the parsed record.
 */
export function jsonMayContain(text: string): (json: string) => boolean {
  const escaped = JSON.stringify(text.trim()).slice(1, -1)
  const pattern = new RegExp(escaped.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i')
  return (json) => pattern.test(json)
}
