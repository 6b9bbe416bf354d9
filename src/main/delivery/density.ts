import type { DeliveryStatus, DeliverySummary } from '../../shared/schemas/delivery'
import type { DeliveryDensity, DensityQuery, DensitySeries } from '../../shared/schemas/delivery-density'
import { deliveryFilter } from '../../shared/history-filter'

/** Counts per status, a typed array per status that occurs. */
type StatusCounts = Map<DeliveryStatus, Uint32Array>

function count(counts: StatusCounts, status: DeliveryStatus, bucket: number, buckets: number) {
  let row = counts.get(status)
  if (!row) counts.set(status, (row = new Uint32Array(buckets)))
  row[bucket]!++
}

const seriesOf = (counts: StatusCounts): DensitySeries[] => [...counts].map(([status, row]) => ({ status, counts: Array.from(row) }))

/**
 * Deliveries fired in each bucket, by status, over summaries given newest first (as the history
 * keeps them): the walk stops at the first one fired before the buckets, so a window of the
 * last hour costs the last hour's deliveries, whatever the size of the history. Memory is the
 * buckets times the statuses, for the total and the `lanes` busiest subscriptions only.
 */
export function deliveryDensity(newestFirst: Iterable<DeliverySummary>, query: DensityQuery): DeliveryDensity {
  const { bucketMs, buckets, lanes: laneCount, from: _from, ...filters } = query
  const startMs = Date.parse(query.from)
  const fromIso = new Date(startMs).toISOString()
  const endIso = new Date(startMs + bucketMs * buckets).toISOString()
  const match = deliveryFilter(filters)
  const inRange: DeliverySummary[] = []
  for (const d of newestFirst) {
    if (d.createdAt >= endIso) continue
    if (d.createdAt < fromIso) break
    if (!match || match(d)) inRange.push(d)
  }

  const perLane = new Map<string, { name: string; total: number }>()
  for (const d of inRange) {
    const lane = perLane.get(d.subscriptionId)
    if (lane) lane.total++
    else perLane.set(d.subscriptionId, { name: d.subscriptionName, total: 1 })
  }
  const busiest = [...perLane].sort((a, b) => b[1].total - a[1].total || a[1].name.localeCompare(b[1].name)).slice(0, laneCount)
  const laneCounts = new Map<string, StatusCounts>(busiest.map(([id]) => [id, new Map()]))

  const all: StatusCounts = new Map()
  for (const d of inRange) {
    const bucket = Math.min(buckets - 1, Math.floor((Date.parse(d.createdAt) - startMs) / bucketMs))
    count(all, d.status, bucket, buckets)
    const lane = laneCounts.get(d.subscriptionId)
    if (lane) count(lane, d.status, bucket, buckets)
  }
  return {
    from: fromIso,
    bucketMs,
    buckets,
    total: inRange.length,
    series: seriesOf(all),
    lanes: busiest.map(([subscriptionId, lane]) => ({ subscriptionId, subscriptionName: lane.name, total: lane.total, series: seriesOf(laneCounts.get(subscriptionId)!) })),
    otherLanes: perLane.size - busiest.length,
  }
}
