import { mkdtempSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../../src/shared/api/events'
import type { Result } from '../../../src/shared/result'
import { seededDelivery } from '../../../bench/lib/seed-history'
import { openEngine } from '../../../src/main/host/open-engine'
import { openDeliveryHistory } from '../../../src/main/persistence/delivery-history'

const HISTORY = 100_000
const PENDING = 3
const SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='

let target: Server
let targetUrl = ''
/** The `webhook-id` of every request the target received, in arrival order. */
const arrivals: string[] = []
let dataDir = ''
let subscriptionId = ''
const pendingIds: string[] = []

const answer = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(result.error.message)
  return result.data
}

/**
 * A data directory as a long-used Hookbench leaves it: 100,000 finished deliveries, and the last
 * three still queued for an ordered subscription (the process stopped before sending them).
 */
beforeAll(async () => {
  target = createServer((req, res) => {
    arrivals.push(String(req.headers['webhook-id']))
    req.resume()
    res.end('ok')
  })
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}/hooks`
  dataDir = mkdtempSync(join(tmpdir(), 'hookbench-start-before-history-'))

  const setup = await openEngine({ dataDir, host: 'cli', log: () => {}, resume: false })
  const subscription = answer(await setup.api.createSubscription({ name: 'in order', url: targetUrl, provider: 'divshot', ordered: true, signing: { scheme: 'standard', secret: SECRET } }))
  subscriptionId = subscription.id
  await setup.close()

  const history = await openDeliveryHistory(join(dataDir, 'deliveries.index'), 2 * HISTORY)
  const startMs = Date.parse('2026-11-01T00:00:00Z')
  for (let from = 0; from < HISTORY; from += 10_000) {
    await Promise.all(Array.from({ length: 10_000 }, (_, k) => history.save(seededDelivery(from + k, startMs))))
  }
  for (let k = 0; k < PENDING; k++) {
    const finished = seededDelivery(HISTORY + k, startMs)
    const pending = { ...finished, subscriptionId, subscriptionName: subscription.name, url: targetUrl, status: 'queued' as const, attempts: [], finishedAt: undefined, reason: undefined }
    pendingIds.push(pending.id)
    await history.save(pending)
  }
  await history.close()
}, 120_000)

afterAll(async () => {
  target.closeAllConnections()
  await new Promise((resolve) => target.close(resolve))
})

describe('a host that answers before its history is read', () => {
  it('takes a fire and a search while 100,000 deliveries load, and sends what was pending first, then the fire', async () => {
    const opened = await openEngine({ dataDir, host: 'web', log: () => {}, background: true })
    try {
      const events: EngineEvent[] = []
      opened.events((event) => events.push(event))
      const { api } = opened

      expect(answer(await api.getStatus({})).historyLoading).toBe(true)
      const fired = answer(await api.fireEvent({ provider: 'divshot', event: 'release', subscriptionIds: [subscriptionId] }))
      const firedId = fired.deliveries[0]!.id
      const during = answer(await api.listDeliveries({ text: 'divshot', limit: 10 }))
      expect(during.loading).toBe(true)
      expect(during.items.map((d) => d.id)).toEqual([firedId])
      // Above every delivery saved before, the ones not read yet included.
      expect(during.items[0]!.seq).toBe(HISTORY + PENDING)
      // A delivery asked for by id waits for the history instead of being "not found".
      expect(answer(await api.getDelivery({ id: pendingIds[0]! })).id).toBe(pendingIds[0])

      expect(await opened.ready).toBe(PENDING)
      await opened.engine.idle()
      expect(arrivals).toEqual([...pendingIds, firedId])

      const after = answer(await api.listDeliveries({ limit: 2 }))
      expect(after.loading).toBeUndefined()
      // The history keeps its 100,000 (the default limit): the oldest went once it was read, none before.
      expect(after.total).toBe(100_000)
      const oldest = await api.getDelivery({ id: seededDelivery(0, 0).id })
      expect(oldest.ok ? 'found' : oldest.error.code).toBe('not_found')
      expect(after.items.map((d) => d.id)).toEqual([firedId, pendingIds.at(-1)])
      expect(after.items.map((d) => d.status)).toEqual(['delivered', 'delivered'])
      expect(answer(await api.getStatus({})).historyLoading).toBeUndefined()
      expect(events).toContainEqual({ type: 'config', what: 'history' })
    } finally {
      await opened.close()
    }
  }, 60_000)
})
