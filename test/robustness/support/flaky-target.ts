import { type Server, createServer } from 'node:http'
import { seededRandom } from '../../../src/shared/core/seeded-random'

/**
 * A webhook endpoint on 127.0.0.1 that answers 500 to a seeded share of requests (at most
 * `maxFailuresPerId` times per webhook-id, so retries always get through) and 200 otherwise,
 * remembering which ids it answered 200.
 */
export async function startFlakyTarget(seed: string, failureRate = 0.35, maxFailuresPerId = 2) {
  const random = seededRandom(seed)
  const failures = new Map<string, number>()
  const delivered = new Set<string>()
  const seen = new Set<string>()
  let requests = 0
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      requests++
      const id = String(req.headers['webhook-id'] ?? '')
      seen.add(id)
      const failed = failures.get(id) ?? 0
      if (failed < maxFailuresPerId && random.next() < failureRate) {
        failures.set(id, failed + 1)
        res.writeHead(500).end('not now')
        return
      }
      delivered.add(id)
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks`,
    delivered,
    seen,
    get requests() {
      return requests
    },
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(resolve))
    },
  }
}
