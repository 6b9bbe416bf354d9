import type { HistoryPage, SearchQuery } from '../persistence/history'
import type { Match } from '../../shared/history-filter'

interface Pageable<S> {
  page(query: { before?: number; limit: number; match?: Match<S>; count?: boolean }): HistoryPage<S>
}

interface Searchable<T, S> {
  search(query: SearchQuery<T, S>): Promise<HistoryPage<S>>
}

const beforeOf = (cursor: string | undefined) => (cursor === undefined ? undefined : Number(cursor.slice(1)))

/** The API's shape of a page: cursors as strings, the total (or its lower bound) on the first page. */
function toApiPage<S>(page: HistoryPage<S>) {
  return {
    items: page.items,
    ...(page.next !== undefined && { nextCursor: `c${page.next}` }),
    ...(page.total !== undefined && { total: page.total }),
    ...(page.totalAtLeast !== undefined && { totalAtLeast: page.totalAtLeast }),
  }
}

/** A page of summaries for the API: cursors as strings, the total on the first page. */
export function pageQuery<S>(history: Pageable<S>, query: { limit: number; cursor?: string }, match: Match<S> | undefined) {
  return toApiPage(history.page({ before: beforeOf(query.cursor), limit: query.limit, match, count: query.cursor === undefined }))
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
  return toApiPage(await history.search({ before: beforeOf(query.cursor), limit: query.limit, count: query.cursor === undefined, ...tests }))
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
