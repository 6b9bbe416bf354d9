import { PLATFORMS, type ProviderId } from '../../shared/platforms'
import { type CatalogEntry, FilterFact } from '../../shared/platforms/catalog'
import { FIXTURE_NOW_MS, FIXTURE_SEED } from '../../shared/platforms/fixtures'
import { describeOptions } from '../../shared/platforms/options'
import type { Platform } from '../../shared/platforms/platform'
import { seededRandom } from '../../shared/core/seeded-random'
import type { HeaderPair } from '../../shared/schemas/http'
import type { RetryPolicy } from '../../shared/schemas/retry-policy'
import { describeSchedule } from '../../shared/retry-schedule'

/** Every platform as the API and `hookbench events` describe it, derived from the modules' own data. */
export function describeCatalog(only?: ProviderId): CatalogEntry[] {
  return PLATFORMS.filter((p) => !only || p.id === only).map(describePlatform)
}

function describePlatform(platform: Platform): CatalogEntry {
  const { delivery } = platform
  return {
    id: platform.id,
    title: platform.title,
    source: platform.source,
    events: platform.events,
    options: describeOptions(platform.options),
    headers: sentHeaders(platform),
    defaultScheme: platform.defaultScheme,
    retry: delivery.retry,
    retryText: describeRetry(delivery.retry),
    timeoutMs: delivery.timeoutMs,
    rules: delivery.rules,
    deliverySource: delivery.source,
    filterFacts: filterFacts(platform),
  }
}

/**
 * The filterable facts the platform's events carry, found by building each event (with the
 * defaults, and with a project and environment named, as a scenario's context does): what its
 * module sets, not a list kept here.
 */
function filterFacts(platform: Platform): CatalogEntry['filterFacts'] {
  const examples = new Map<FilterFact, string>()
  const events = platform.events.length > 0 ? platform.events.map((e) => e.name) : ['example']
  for (const context of [{}, { project: 'storefront', environment: 'production' }]) {
    for (const event of events) {
      const { facts } = platform.build({ event, rng: seededRandom(FIXTURE_SEED), messageRng: seededRandom(FIXTURE_SEED), context, options: {}, nowMs: FIXTURE_NOW_MS })
      for (const fact of FilterFact.options) if (facts[fact] && !examples.has(fact)) examples.set(fact, facts[fact])
    }
  }
  return FilterFact.options.flatMap((fact) => (examples.has(fact) ? [{ fact, example: examples.get(fact)! }] : []))
}

/**
 * The headers of an example event with default options and the secret headers (when a secret is
 * set), in the order the platform's HTTP client writes them (Content-Length among them for Go).
 */
function sentHeaders(platform: Platform): string[] {
  const built = platform.build({ event: platform.events[0]?.name ?? 'example', rng: seededRandom(FIXTURE_SEED), messageRng: seededRandom(FIXTURE_SEED), context: {}, options: {}, nowMs: FIXTURE_NOW_MS })
  const headers: HeaderPair[] = [...built.headers, ...platform.secretHeaders({}).map((name): HeaderPair => [name, '<secret> (when set)'])]
  const arranged = platform.client ? platform.client.arrange(headers, 0).map(([name, value]): HeaderPair => [name, name === 'Content-Length' ? '<length>' : value]) : headers
  return arranged.map(([name, value]) => `${name}: ${value}`)
}

/** "6 attempts: retried after 30 s, 1 min, 2 min, 4 min and 8 min", from the policy itself. */
export const describeRetry = (policy: RetryPolicy): string => describeSchedule(policy).brief

