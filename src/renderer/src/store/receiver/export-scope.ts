import type { CaptureQuery } from '../../../../shared/schemas/history-query'
import type { CaptureSummary } from '../../../../shared/schemas/receiver'
import type { CaptureFilter } from './filters'

/** Which captures an export covers, as the `exportCaptures` API takes it. */
export interface ExportScope {
  ids?: string[]
  endpoint?: string
}

type ListPage = (query: CaptureQuery) => Promise<{ items: CaptureSummary[]; nextCursor?: string } | undefined>

const EXPORT_PAGE = 1000

/**
 * The captures the list shows under `filter`: the API filters exports by endpoint only, so a
 * list filtered by method, outcome or text is exported by the ids of every capture it matches
 * (fetched a page at a time, as the list itself is). `undefined` when a page could not be read.
 */
export async function exportScope(filter: CaptureFilter, listPage: ListPage): Promise<ExportScope | undefined> {
  const { endpoint, ...others } = filter
  if (Object.keys(others).length === 0) return endpoint === undefined ? {} : { endpoint }
  const ids: string[] = []
  let cursor: string | undefined
  do {
    const page = await listPage({ ...filter, limit: EXPORT_PAGE, ...(cursor !== undefined && { cursor }) })
    if (!page) return undefined
    ids.push(...page.items.map((c) => c.id))
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return { ids }
}
