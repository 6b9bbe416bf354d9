import type { HistoryPage } from '../persistence/history'
import type { Match } from '../../shared/history-filter'

interface Pageable<S> {
  page(query: { before?: number; limit: number; match?: Match<S>; count?: boolean }): HistoryPage<S>
}

/** A page of summaries for the API: cursors as strings, the total on the first page. */
export function pageQuery<S>(history: Pageable<S>, query: { limit: number; cursor?: string }, match: Match<S> | undefined) {
  const before = query.cursor === undefined ? undefined : Number(query.cursor.slice(1))
  const page = history.page({ before, limit: query.limit, match, count: query.cursor === undefined })
  return {
    items: page.items,
    ...(page.next !== undefined && { nextCursor: `c${page.next}` }),
    ...(page.total !== undefined && { total: page.total }),
  }
}
