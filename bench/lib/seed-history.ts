import type { Delivery } from '../../src/shared/schemas/delivery'
import { STANDARD_WEBHOOKS_RULES } from '../../src/shared/schemas/delivery-rules'
import { openDeliveryHistory } from '../../src/main/persistence/delivery-history'

const PLATFORMS = [
  { provider: 'divshot', events: ['release'], subscriptionId: 'sub_bench_divshot', name: 'Divshot staging' },
  { provider: 'qovery', events: ['DEPLOYMENT_STARTED', 'DEPLOYMENT_SUCCESSFUL', 'DEPLOYMENT_FAILURE'], subscriptionId: 'sub_bench_qovery', name: 'Qovery prod' },
  { provider: 'charlescd', events: ['START_DEPLOY', 'FINISH_DEPLOY', 'DEPLOY_FAILED'], subscriptionId: 'sub_bench_charles', name: 'CharlesCD circle' },
  { provider: 'ocean-cd', events: ['rollout-started', 'rollout-failed', 'controller-heartbeat-failure'], subscriptionId: 'sub_bench_ocean', name: 'Ocean CD cluster' },
] as const

const BODY = JSON.stringify({ type: 'release', data: { app: { name: 'your-app' }, release: { version: 12, author: 'ci@example.com', notes: 'x'.repeat(400) } } })
const RESPONSE_HEADERS: [string, string][] = [['content-type', 'application/json'], ['date', 'Mon, 23 Nov 2026 19:00:00 GMT'], ['content-length', '2']]

/** The `i`-th of a seeded history: four platforms, every seventh delivery failed after three attempts. */
export function seededDelivery(i: number, startMs: number): Delivery {
  const platform = PLATFORMS[i % PLATFORMS.length]!
  const event = platform.events[i % platform.events.length]!
  const at = new Date(startMs + i * 1000).toISOString()
  const failed = i % 7 === 0
  const attempts = Array.from({ length: failed ? 3 : 1 }, (_, n) => ({
    n: n + 1,
    series: 0,
    startedAt: at,
    durationMs: 1.2,
    url: `http://127.0.0.1:9/${platform.provider}`,
    headers: [['content-type', 'application/json'], ['webhook-id', `msg_bench_${i}`], ['webhook-timestamp', '1790000000'], ['webhook-signature', 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=']] as [string, string][],
    response: { status: failed ? 500 : 200, headers: RESPONSE_HEADERS, body: failed ? 'boom' : 'ok', bodyBytes: failed ? 4 : 2, truncated: false },
    outcome: failed ? (n === 2 ? ('failed' as const) : ('retry' as const)) : ('delivered' as const),
  }))
  return {
    id: `msg_bench_${String(i).padStart(8, '0')}`,
    seq: i,
    eventId: `evt_bench_${i}`,
    subscriptionId: platform.subscriptionId,
    subscriptionName: platform.name,
    provider: platform.provider,
    event,
    url: `http://127.0.0.1:9/${platform.provider}`,
    body: BODY,
    headers: [['content-type', 'application/json'], ['user-agent', 'Hookbench']],
    signing: { scheme: 'standard', secret: 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' },
    retry: { preset: 'standard-webhooks' },
    timeoutMs: 15_000,
    secretHeaders: [],
    rules: STANDARD_WEBHOOKS_RULES,
    status: failed ? 'failed' : 'delivered',
    series: 0,
    attempts,
    createdAt: at,
    updatedAt: at,
    finishedAt: at,
    ...(failed && { reason: 'retries exhausted after 3 attempts' }),
  }
}

/**
 * Writes `count` finished deliveries into `<dataDir>/deliveries.index` the way the engine saves
 * them (queued, sending, then final: three index lines each, compacted as they would be).
 */
export async function seedDeliveries(dataDir: string, count: number, startMs = Date.parse('2026-11-01T00:00:00Z')): Promise<void> {
  const history = await openDeliveryHistory(`${dataDir}/deliveries.index`, Math.max(count, 100_000))
  const BATCH = 5_000
  for (let from = 0; from < count; from += BATCH) {
    const finals = Array.from({ length: Math.min(count, from + BATCH) - from }, (_, k) => seededDelivery(from + k, startMs))
    await Promise.all(finals.map((d) => history.save({ ...d, status: 'queued', attempts: [], finishedAt: undefined, reason: undefined })))
    await Promise.all(finals.map((d) => history.save({ ...d, status: 'sending', attempts: [], finishedAt: undefined, reason: undefined })))
    await Promise.all(finals.map((d) => history.save(d)))
  }
  await history.close()
}
