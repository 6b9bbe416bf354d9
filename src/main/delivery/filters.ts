import { isDeepStrictEqual } from 'node:util'
import type { SubscriptionFilters } from '../../shared/schemas/filters'
import { readPath } from '../../shared/core/json-path'

/** The facts about one event that filters look at. */
export interface FilterSubject {
  event: string
  environmentType?: string
  projectName?: string
  payload: unknown
}

/** The filter an event fails: named as the subscription's `filters` fields are. */
export type FilterName = 'events' | 'environmentTypes' | 'projectNames' | 'where'

/** Which filter an event fails first and why, or undefined when it passes them all (the filter preview shows both). */
export function filterVerdict(filters: SubscriptionFilters, subject: FilterSubject): { filter: FilterName; reason: string } | undefined {
  if (filters.events.length > 0 && !filters.events.includes(subject.event)) return { filter: 'events', reason: `event ${subject.event} is not in its event list` }
  if (filters.environmentTypes.length > 0) {
    const type = subject.environmentType?.toUpperCase()
    if (!type || !filters.environmentTypes.some((t) => t.toUpperCase() === type)) {
      return { filter: 'environmentTypes', reason: `environment type ${subject.environmentType ?? '(none)'} is not in ${filters.environmentTypes.join(', ')}` }
    }
  }
  if (filters.projectNames.length > 0) {
    const name = subject.projectName
    if (name === undefined || !filters.projectNames.some((pattern) => projectNameMatches(pattern, name))) {
      return { filter: 'projectNames', reason: `project ${name ?? '(none)'} matches none of ${filters.projectNames.join(', ')}` }
    }
  }
  for (const clause of filters.where) {
    const actual = readPath(subject.payload, clause.path)
    if (!isDeepStrictEqual(actual.found ? actual.value : undefined, clause.equals)) {
      return { filter: 'where', reason: `${clause.path} is ${actual.found ? JSON.stringify(actual.value) : 'missing'}, not ${JSON.stringify(clause.equals)}` }
    }
  }
  return undefined
}

/** Undefined when the event passes every filter; otherwise why it does not (for the UI and CLI). */
export const filterMismatch = (filters: SubscriptionFilters, subject: FilterSubject): string | undefined => filterVerdict(filters, subject)?.reason

export const matchesFilters = (filters: SubscriptionFilters, subject: FilterSubject) => filterMismatch(filters, subject) === undefined

/**
 * Qovery's project name rule (spec §2): trimmed, case-insensitive, anchored; `*` matches any
 * run of characters and `?` is literal. `product*` matches `Production-EU`, not `my-product`.
 */
export function projectNameMatches(pattern: string, name: string): boolean {
  const parts = pattern.trim().toLowerCase().split('*').map(escapeRegExp)
  return new RegExp(`^${parts.join('.*')}$`, 's').test(name.trim().toLowerCase())
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
