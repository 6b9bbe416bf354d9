import { z } from 'zod'
import { DeliveryStatus } from '../../../../shared/schemas/delivery'
import { compact } from '../lists/filters'
import { type DeliveryFilter, isRangePreset } from './filters'

/**
 * The Timeline's state in the URL hash (`#/timeline?status=failed&text=acme&mode=time`), so a
 * reload, a bookmark or back/forward brings the same view back. Pure: tested without a browser.
 */

export type TimelineMode = 'list' | 'time'

export interface TimelineUrlState {
  filter: DeliveryFilter
  mode: TimelineMode
  /** The delivery open in the inspector. */
  opened: string | undefined
}

const Iso = z.iso.datetime()

/** The hash for a state: only what differs from the defaults, in a fixed order. */
export function encodeTimelineHash({ filter, mode, opened }: TimelineUrlState): string {
  const params = new URLSearchParams()
  const put = (name: string, value: string | undefined) => value !== undefined && value !== '' && params.set(name, value)
  put('status', filter.status === undefined ? undefined : [filter.status].flat().join(','))
  put('platform', filter.provider)
  put('event', filter.event)
  put('subscription', filter.subscriptionId)
  put('run', filter.runId)
  put('text', filter.text)
  put('in', filter.searchBodies ? 'bodies' : undefined)
  put('range', filter.range)
  put('from', filter.from)
  put('to', filter.to)
  put('mode', mode === 'time' ? 'time' : undefined)
  put('open', opened)
  const query = params.toString()
  return query ? `#/timeline?${query}` : '#/timeline'
}

/**
 * The state a hash asks for, or undefined when it is not the Timeline's. Values that make no
 * sense (an unknown status, a date that is not one) are left out rather than failing the view.
 */
export function decodeTimelineHash(hash: string): TimelineUrlState | undefined {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?', 2)
  if (path !== 'timeline') return undefined
  const params = new URLSearchParams(query)
  const get = (name: string) => params.get(name) ?? undefined
  const statuses = (get('status') ?? '').split(',').flatMap((s) => {
    const parsed = DeliveryStatus.safeParse(s)
    return parsed.success ? [parsed.data] : []
  })
  const iso = (name: string) => {
    const value = get(name)
    return Iso.safeParse(value).success ? value : undefined
  }
  const range = get('range')
  const filter: DeliveryFilter = compact({
    status: statuses.length === 0 ? undefined : statuses.length === 1 ? statuses[0] : statuses,
    provider: get('platform'),
    event: get('event'),
    subscriptionId: get('subscription'),
    runId: get('run'),
    text: get('text'),
    searchBodies: get('in') === 'bodies' ? true : undefined,
    range: isRangePreset(range) ? range : undefined,
    from: isRangePreset(range) ? undefined : iso('from'),
    to: isRangePreset(range) ? undefined : iso('to'),
  })
  return { filter, mode: get('mode') === 'time' ? 'time' : 'list', opened: get('open') }
}
