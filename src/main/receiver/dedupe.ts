import { createHash } from 'node:crypto'
import { type HeaderPair, headerValue } from '../../shared/schemas/http'

/** Ids remembered per endpoint; the oldest is forgotten first. */
const REMEMBERED = 10_000

/**
 * What makes two requests the same delivery: the scheme's delivery id (`webhook-id`,
 * `X-GitHub-Delivery`), else the body's bytes (a platform's retry resends them unchanged).
 */
export function deliveryKey(headers: HeaderPair[], body: Buffer): { key: string; by: string } {
  for (const name of ['webhook-id', 'X-GitHub-Delivery']) {
    const id = headerValue(headers, name)
    if (id) return { key: `${name.toLowerCase()}:${id}`, by: `same ${name}` }
  }
  return { key: `body:${createHash('sha256').update(body).digest('hex')}`, by: 'same body' }
}

/** Remembers the deliveries each endpoint has processed (answered 2xx), as an idempotent handler does. */
export function createDeduper(capacity = REMEMBERED) {
  const seen = new Map<string, Set<string>>()
  return {
    processed: (endpoint: string, key: string) => seen.get(endpoint)?.has(key) ?? false,
    remember(endpoint: string, key: string) {
      let keys = seen.get(endpoint)
      if (!keys) seen.set(endpoint, (keys = new Set()))
      keys.add(key)
      if (keys.size > capacity) keys.delete(keys.values().next().value!)
    },
    forget: (endpoint: string) => seen.delete(endpoint),
  }
}
