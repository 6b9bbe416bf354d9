import { useEffect, useRef, useState } from 'react'
import type { DeliveryDensity } from '../../../../shared/schemas/delivery-density'
import { deliveryDensity } from '../../store/deliveries/actions'
import { type DeliveryFilter, matchesDelivery, toDeliveryQuery } from '../../store/deliveries/filters'
import { onLiveDeliveries } from '../../store/deliveries/list'
import { compact } from '../../store/lists/filters'
import { type DensityRequest, densityRequestFor, densityServes } from './time-density'
import type { TimeWindow } from '../../store/deliveries/time-window'

/** Subscriptions counted one by one (the busiest); the view lists the others as a number. */
export const DENSITY_LANES = 50
/** The window rests this long before new buckets are fetched (a drag or a zoom burst asks once). */
const FETCH_DEBOUNCE_MS = 80
/** Live deliveries are counted again at most this often (a burst of 500 a second asks twice a second). */
const LIVE_REFRESH_MS = 500

export interface DensityState {
  density: DeliveryDensity | undefined
  /** The buckets `density` answers. */
  request: DensityRequest | undefined
  filter: DeliveryFilter | undefined
  loading: boolean
}

/** The engine's density query for a filter and some buckets: the list's filters but the time range and body search. */
function densityInput(filter: DeliveryFilter, request: DensityRequest) {
  const { from: _from, to: _to, searchBodies: _bodies, ...rest } = toDeliveryQuery(filter, Date.now())
  return { ...compact(rest), from: new Date(request.fromMs).toISOString(), bucketMs: request.bucketMs, buckets: request.buckets, lanes: DENSITY_LANES }
}

/** The filters' own time range, which cuts the buckets asked for. */
function rangeOf(filter: DeliveryFilter) {
  const query = toDeliveryQuery(filter, Date.now())
  return { ...(query.from && { fromMs: Date.parse(query.from) }), ...(query.to && { toMs: Date.parse(query.to) }) }
}

/**
 * Deliveries fired per bucket over the visible window and half a span each side, counted by the
 * engine: fetched again when the window leaves the buckets or changes their width (a zoom), and
 * when live deliveries the filter takes arrive (at most every LIVE_REFRESH_MS).
 */
export function useDensity(filter: DeliveryFilter, visible: TimeWindow, widthPx: number): DensityState & { empty: boolean } {
  const [state, setState] = useState<DensityState>({ density: undefined, request: undefined, filter: undefined, loading: false })
  const wanted = densityRequestFor(visible, widthPx, rangeOf(filter))
  const stale = state.filter !== filter || (wanted !== undefined && !densityServes(state.request, wanted, visible))
  const generation = useRef(0)
  const latest = useRef({ filter, wanted })
  useEffect(() => {
    latest.current = { filter, wanted }
  })

  const fetchNow = (request: DensityRequest, forFilter: DeliveryFilter) => {
    const mine = ++generation.current
    setState((s) => ({ ...s, loading: true }))
    void deliveryDensity(densityInput(forFilter, request)).then((density) => {
      if (generation.current !== mine) return
      setState((s) => (density ? { density, request, filter: forFilter, loading: false } : { ...s, loading: false }))
    })
  }

  const wantedKey = wanted && `${wanted.fromMs}/${wanted.bucketMs}/${wanted.buckets}`
  useEffect(() => {
    if (!stale || !wanted) return
    // The first buckets at once; then a pause, so a drag asks once it rests.
    const timer = setTimeout(() => fetchNow(wanted, filter), state.density ? FETCH_DEBOUNCE_MS : 0)
    return () => clearTimeout(timer)
    // `wanted` is a new object on every render: its key says when it changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stale, wantedKey, filter])

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const stop = onLiveDeliveries((items) => {
      if (timer !== undefined || !items.some((d) => matchesDelivery(filter, d))) return
      timer = setTimeout(() => {
        timer = undefined
        const { wanted: request, filter: current } = latest.current
        if (request) fetchNow(request, current)
      }, LIVE_REFRESH_MS)
    })
    return () => {
      stop()
      clearTimeout(timer)
    }
  }, [filter])

  // The filters' time range lies outside the window: nothing to count.
  if (!wanted) return { density: undefined, request: undefined, filter, loading: false, empty: true }
  return { ...state, empty: false }
}
