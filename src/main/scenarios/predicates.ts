import { isDeepStrictEqual } from 'node:util'
import { readPath } from '../../shared/core/json-path'
import type { HeaderPair } from '../../shared/schemas/http'
import type { JsonChecks, JsonPredicate } from '../../shared/schemas/json-predicate'

/*
 * Judging an answer's JSON and headers against an expectation's checks: each check says what it
 * found when it does not hold, so a failure reads "state is "failing", expected "live"".
 */

type Check = JsonChecks[string]
type Found = { found: true; value: unknown } | { found: false }

const show = (value: unknown) => {
  const text = JSON.stringify(value)
  return text === undefined ? String(value) : text.length > 120 ? `${text.slice(0, 120)}…` : text
}

/** The first check the JSON text does not meet, in words; undefined when all hold. */
export function jsonMismatch(text: string, checks: JsonChecks | undefined): string | undefined {
  const entries = Object.entries(checks ?? {})
  if (entries.length === 0) return undefined
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return `the body is not JSON: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`
  }
  for (const [path, check] of entries) {
    const problem = mismatch(path, readPath(body, path), check)
    if (problem) return problem
  }
  return undefined
}

/** The first header check the answer's headers do not meet (names in any case); undefined when all hold. */
export function headerMismatch(headers: readonly HeaderPair[], checks: JsonChecks | undefined): string | undefined {
  for (const [name, check] of Object.entries(checks ?? {})) {
    const pair = headers.find(([n]) => n.toLowerCase() === name.toLowerCase())
    const problem = mismatch(`header ${name}`, pair ? { found: true, value: pair[1] } : { found: false }, check)
    if (problem) return problem
  }
  return undefined
}

function mismatch(what: string, found: Found, check: Check): string | undefined {
  if ('equals' in check) return equalsMismatch(what, found, check.equals)
  return predicateMismatch(what, found, check.predicate)
}

function equalsMismatch(what: string, found: Found, expected: unknown): string | undefined {
  if (!found.found) return `${what} is missing, expected ${show(expected)}`
  return isDeepStrictEqual(found.value, expected) ? undefined : `${what} is ${show(found.value)}, expected ${show(expected)}`
}

function predicateMismatch(what: string, found: Found, predicate: JsonPredicate): string | undefined {
  if (predicate.absent) return found.found ? `${what} is ${show(found.value)}, expected it to be absent` : undefined
  if (!found.found) return `${what} is missing`
  const { value } = found
  if (predicate.equals !== undefined && !isDeepStrictEqual(value, predicate.equals)) return `${what} is ${show(value)}, expected ${show(predicate.equals)}`
  if (predicate.null && value !== null) return `${what} is ${show(value)}, expected null`
  if (predicate.contains !== undefined && !contains(value, predicate.contains)) return `${what} is ${show(value)}, which does not contain ${show(predicate.contains)}`
  if (predicate.matches !== undefined) {
    if (typeof value !== 'string') return `${what} is ${show(value)}, not text to match /${predicate.matches}/`
    if (!new RegExp(predicate.matches, 'u').test(value)) return `${what} is ${show(value)}, which does not match /${predicate.matches}/`
  }
  for (const [op, bound, holds] of COMPARISONS) {
    const limit = predicate[op]
    if (limit === undefined) continue
    if (typeof value !== 'number') return `${what} is ${show(value)}, not a number (${op} ${limit})`
    if (!holds(value, limit)) return `${what} is ${value}, expected ${bound} ${limit}`
  }
  return undefined
}

const COMPARISONS: Array<['gt' | 'gte' | 'lt' | 'lte', string, (a: number, b: number) => boolean]> = [
  ['gt', 'more than', (a, b) => a > b],
  ['gte', 'at least', (a, b) => a >= b],
  ['lt', 'less than', (a, b) => a < b],
  ['lte', 'at most', (a, b) => a <= b],
]

/** Text holds text; a list holds an item that contains it; an object has the keys, each containing its value. */
export function contains(actual: unknown, wanted: unknown): boolean {
  if (typeof actual === 'string' && typeof wanted === 'string') return actual.includes(wanted)
  if (Array.isArray(actual)) return actual.some((item) => contains(item, wanted))
  if (isObject(actual) && isObject(wanted)) return Object.entries(wanted).every(([key, value]) => Object.hasOwn(actual, key) && contains(actual[key], value))
  return isDeepStrictEqual(actual, wanted)
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
