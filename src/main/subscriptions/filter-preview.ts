import type { Delivery, DeliverySummary } from '../../shared/schemas/delivery'
import type { FilterPreview, FilterPreviewItem, FilterPreviewRequest } from '../../shared/schemas/filter-preview'
import { eventListMismatch } from '../delivery/fire'
import { filterVerdict } from '../delivery/filters'

/**
 * The newest delivery of each of the latest `limit` events of a platform (`any`: of every
 * platform), from summaries listed newest first. Stops reading as soon as it has enough.
 */
export function recentEventDeliveries(summaries: Iterable<DeliverySummary>, provider: string, limit: number): string[] {
  const seen = new Set<string>()
  const ids: string[] = []
  for (const summary of summaries) {
    if (ids.length >= limit) break
    if ((provider !== 'any' && summary.provider !== provider) || seen.has(summary.eventId)) continue
    seen.add(summary.eventId)
    ids.push(summary.id)
  }
  return ids
}

/**
 * The payload filters look at, from the bytes sent: JSON, and for CharlesCD's hermes-wire
 * (`{"content": "<JSON text of JSON text>"}`, see `encodeHermesWire`) the event object inside,
 * which is what the engine filtered on when it fired. Text that is not JSON stays text.
 */
export function payloadOfBody(body: string): unknown {
  const parsed = parseJson(body)
  if (!isWrapped(parsed)) return parsed
  const inner = parseJson(parseJson(parsed.content))
  return inner !== null && typeof inner === 'object' ? inner : parsed
}

const isWrapped = (value: unknown): value is { content: string } =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { content?: unknown }).content === 'string'

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return text
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** What the engine's own checks (event list, then filters) make of one recorded delivery. */
function judge(request: FilterPreviewRequest, delivery: Delivery): FilterPreviewItem {
  const base = {
    deliveryId: delivery.id,
    eventId: delivery.eventId,
    provider: delivery.provider,
    event: delivery.event,
    createdAt: delivery.createdAt,
    factsKnown: delivery.facts !== undefined,
  }
  const notListed = eventListMismatch(request.events, delivery.event)
  if (notListed) return { ...base, matches: false, failedOn: 'events', reason: notListed }
  const verdict = filterVerdict(request.filters, { event: delivery.event, ...delivery.facts, payload: payloadOfBody(delivery.body) })
  if (!verdict) return { ...base, matches: true }
  return { ...base, matches: false, failedOn: `filters.${verdict.filter}`, reason: verdict.reason }
}

/** Which of the given deliveries' events the request's event list and filters would let through, and why not. */
export function previewFilters(request: FilterPreviewRequest, deliveries: Delivery[]): FilterPreview {
  const items = deliveries.map((delivery) => judge(request, delivery))
  return { items, matched: items.filter((item) => item.matches).length }
}
