import type { DeliverySummary } from '../../../../shared/schemas/delivery'
import type { DeliveryQuery } from '../../../../shared/schemas/history-query'
import { deliveryFilter } from '../../../../shared/history-filter'

/** The Timeline's time range presets: the last few minutes, hours or day, counted back from each fetch. */
export const RANGE_PRESETS = { '5m': 5 * 60_000, '1h': 3_600_000, '1d': 86_400_000 } as const
export type RangePreset = keyof typeof RANGE_PRESETS
export const isRangePreset = (value: string | undefined): value is RangePreset => value !== undefined && Object.hasOwn(RANGE_PRESETS, value)

/**
 * The Timeline's filter bar: what `listDeliveries` takes, or a `range` preset in place of `from`
 * (so "last hour" stays the last hour after a reload).
 */
export type DeliveryFilter = Omit<DeliveryQuery, 'limit' | 'cursor'> & { range?: RangePreset }

/** The query the engine gets for a filter: a preset becomes `from`, counted back from `nowMs`. */
export function toDeliveryQuery({ range, ...query }: DeliveryFilter, nowMs: number): Omit<DeliveryQuery, 'limit' | 'cursor'> {
  return range === undefined ? query : { ...query, from: new Date(nowMs - RANGE_PRESETS[range]).toISOString(), to: undefined }
}

/** Whether a live delivery belongs in a list filtered this way: the engine's own test. */
export const matchesDelivery = (filter: DeliveryFilter, d: DeliverySummary): boolean => deliveryFilter(toDeliveryQuery(filter, Date.now()))?.(d) ?? true
