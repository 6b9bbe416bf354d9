import { useEffect, useRef, useState } from 'react'
import type { DeliverySummary } from '../../../../shared/schemas/delivery'
import { deliveriesInWindow } from '../../store/deliveries/actions'
import { type DeliveryFilter, matchesDelivery } from '../../store/deliveries/filters'
import { onLiveDeliveries } from '../../store/deliveries/list'
import { type TimeWindow, covers, fetchWindow } from '../../store/deliveries/time-window'
import { attemptTimesOf, nextAttemptAt } from './time-lanes'

/** Deliveries fetched for marks at most: a window holding more is drawn as density. */
export const MAX_MARKS = 3000
/** Live deliveries are merged in at most this often: a burst redraws a few times a second, not on every message. */
const LIVE_MERGE_MS = 200
/** The window rests this long before it is fetched (a drag or a zoom burst asks once). */
const FETCH_DEBOUNCE_MS = 120

export interface WindowDeliveries {
  deliveries: DeliverySummary[]
  /** More deliveries in the window than MAX_MARKS: it is drawn as density instead. */
  capped: boolean
  loading: boolean
  /** The deliveries are those of the window asked for (not of an earlier one, or of none yet). */
  ready: boolean
}

const overlaps = (d: DeliverySummary, w: TimeWindow) => {
  const times = attemptTimesOf(d)
  return times[0]! <= w.endMs && Math.max(times.at(-1)!, nextAttemptAt(d) ?? 0) >= w.startMs
}

/**
 * The deliveries of the visible window and around it, while `enabled` (the window holds few
 * enough to draw one by one): fetched from the engine (the time range filter does the
 * windowing) when the view leaves what was fetched, and kept current by live updates, applied
 * at most once per animation frame.
 */
export function useWindowDeliveries(filter: DeliveryFilter, visible: TimeWindow, enabled = true): WindowDeliveries {
  const [state, setState] = useState<Omit<WindowDeliveries, 'ready'> & { fetched?: TimeWindow; filter?: DeliveryFilter }>({ deliveries: [], capped: false, loading: false })
  const generation = useRef(0)
  const stale = state.filter !== filter || !covers(state.fetched, visible)

  useEffect(() => {
    if (!stale || !enabled) return
    const mine = ++generation.current
    const wanted = fetchWindow(visible)
    const timer = setTimeout(() => {
      setState((s) => ({ ...s, loading: true }))
      void deliveriesInWindow(filter, wanted, MAX_MARKS, () => generation.current === mine).then((result) => {
        if (result && generation.current === mine) setState({ deliveries: result.items, capped: result.capped, loading: false, fetched: wanted, filter })
        else if (generation.current === mine) setState((s) => ({ ...s, loading: false }))
      })
    }, state.fetched ? FETCH_DEBOUNCE_MS : 0)
    return () => clearTimeout(timer)
  }, [stale, enabled, filter, visible, state.fetched])

  useEffect(() => {
    let pending: DeliverySummary[] = []
    let timer: ReturnType<typeof setTimeout> | undefined
    const flush = () => {
      timer = undefined
      const batch = pending
      pending = []
      setState((s) => (s.fetched ? { ...s, deliveries: mergeLive(s.deliveries, batch, (d) => matchesDelivery(filter, d) && overlaps(d, s.fetched!)) } : s))
    }
    const stop = onLiveDeliveries((items) => {
      pending.push(...items)
      timer ??= setTimeout(flush, LIVE_MERGE_MS)
    })
    return () => {
      stop()
      clearTimeout(timer)
    }
  }, [filter])

  return { ...state, ready: !stale }
}

/** Live versions replace the ones held; new ones the filter and window take are added (newest first, as fetched). */
export function mergeLive(held: DeliverySummary[], live: DeliverySummary[], accepts: (d: DeliverySummary) => boolean): DeliverySummary[] {
  if (live.length === 0) return held
  const latest = new Map(live.map((d) => [d.id, d]))
  const next = held.map((d) => latest.get(d.id) ?? d)
  const known = new Set(held.map((d) => d.id))
  const added = [...latest.values()].filter((d) => !known.has(d.id) && accepts(d)).reverse()
  return added.length === 0 && next.every((d, i) => d === held[i]) ? held : [...added, ...next]
}
