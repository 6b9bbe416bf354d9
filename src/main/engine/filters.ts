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

/** Undefined when the event passes every filter; otherwise why it does not (for the UI and CLI). */
export function filterMismatch(filters: SubscriptionFilters, subject: FilterSubject): string | undefined {
  if (filters.events.length > 0 && !filters.events.includes(subject.event)) return `event ${subject.event} is not in its event list`
  if (filters.environmentTypes.length > 0) {
    const type = subject.environmentType?.toUpperCase()
    if (!type || !filters.environmentTypes.some((t) => t.toUpperCase() === type)) {
      return `environment type ${subject.environmentType ?? '(none)'} is not in ${filters.environmentTypes.join(', ')}`
    }
  }
  if (filters.projectNames.length > 0) {
    const name = subject.projectName
    if (name === undefined || !filters.projectNames.some((pattern) => projectNameMatches(pattern, name))) {
      return `project ${name ?? '(none)'} matches none of ${filters.projectNames.join(', ')}`
    }
  }
  for (const clause of filters.where) {
    const actual = readPath(subject.payload, clause.path)
    if (!isDeepStrictEqual(actual.found ? actual.value : undefined, clause.equals)) {
      return `${clause.path} is ${actual.found ? JSON.stringify(actual.value) : 'missing'}, not ${JSON.stringify(clause.equals)}`
    }
  }
  return undefined
}

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
