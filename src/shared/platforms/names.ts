import type { SeededRandom } from '../core/seeded-random'
import type { HeaderPair } from '../schemas/http'

/** Realistic names the generators draw from when the context gives none. */
export const SERVICES = ['checkout', 'payments', 'storefront', 'search', 'billing', 'catalog', 'notifications'] as const
export const PEOPLE = [
  ['jane@example.com', 'Jane'],
  ['amir@example.com', 'Amir'],
  ['li.wei@example.com', 'Li Wei'],
  ['sofia@example.com', 'Sofia'],
] as const

export const JSON_CONTENT_TYPE: HeaderPair = ['Content-Type', 'application/json']

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
