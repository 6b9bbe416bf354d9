import type { EventFacts, GenerateContext } from '../../shared/providers/generate'
import type { GenericEventDefinition } from '../../shared/providers/generic'
import type { HeaderPair } from '../../shared/schemas/http'
import type { SeededRandom } from './seeded-random'

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

/** What each platform's generator receives. */
export interface BuildInput<Options> {
  event: string
  rng: SeededRandom
  context: GenerateContext
  options: Options
  nowMs: number
  subscriptionId?: string
  definition?: GenericEventDefinition
}

/** A generated event before overrides: payload, facts, headers, and how the payload becomes bytes. */
export interface Built {
  payload: Json
  facts: EventFacts
  headers: HeaderPair[]
  /** Defaults to `JSON.stringify`; CharlesCD's hermes-wire double-encodes. */
  encode?: (payload: Json) => string
}

export const JSON_CONTENT_TYPE: HeaderPair = ['Content-Type', 'application/json']

export const SERVICES = ['checkout', 'payments', 'storefront', 'search', 'billing', 'catalog', 'notifications'] as const
export const PEOPLE = [
  ['jane@example.com', 'Jane'],
  ['amir@example.com', 'Amir'],
  ['li.wei@example.com', 'Li Wei'],
  ['sofia@example.com', 'Sofia'],
] as const

export function semver(rng: SeededRandom): string {
  return `${rng.int(1, 4)}.${rng.int(0, 12)}.${rng.int(0, 30)}`
}

/** The version before `version`: the last number minus one, or the minor minus one. */
export function previousVersion(version: string): string {
  const parts = version.split('.')
  for (let i = parts.length - 1; i >= 0; i--) {
    const n = Number(parts[i])
    if (Number.isInteger(n) && n > 0) {
      parts[i] = String(n - 1)
      return parts.join('.')
    }
  }
  return version
}
