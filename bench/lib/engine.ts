import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Sender, sendHttp } from '../../src/main/delivery/http-sender'
import { createThreadedSender } from '../../src/main/delivery/threaded-sender'
import { type OpenedEngine, openEngine } from '../../src/main/host/open-engine'
import { SubscriptionDraft } from '../../src/shared/schemas/subscription'

/** A valid Standard Webhooks secret (32 bytes, base64): every benchmark delivery is signed. */
export const SIGNING = { scheme: 'standard', secret: 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' } as const
/** Requests in flight per subscription (the most a subscription allows is 64). */
export const CONCURRENCY = 32
/** The event every benchmark fires. */
export const EVENT = { provider: 'divshot', event: 'release' } as const
/** The built CLI's sending thread (the bench builds the app first): the engine sends as the hosts do. */
export const SENDER_SCRIPT = new URL('../../out/cli/sender-worker.js', import.meta.url)

export interface BenchEngine {
  opened: OpenedEngine
  subscriptionId: string
  /** Closes the engine and deletes its data directory. */
  close(): Promise<void>
}

/**
 * The engine the way the hosts open it (persistence on, in a fresh temp data directory, sending
 * from the built sending thread unless told `false`), with one signed Divshot subscription to `url`.
 */
export async function benchEngine(url: string, senderScript: URL | false = SENDER_SCRIPT): Promise<BenchEngine> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-bench-'))
  const sender = senderScript ? createThreadedSender(senderScript, sendHttp) : undefined
  // Started before the clock does, as in a host that has been up for a while.
  if (sender && !(await sender.ready())) throw new Error(`the sending thread ${senderScript} could not start: build the app (npm run build)`)
  const send: Sender = sender?.send ?? sendHttp
  const opened = await openEngine({ dataDir, host: 'cli', log: () => {}, resume: false, send })
  const subscription = await opened.engine.subscriptions.create(SubscriptionDraft.parse({
    name: 'bench',
    url,
    provider: EVENT.provider,
    concurrency: CONCURRENCY,
    signing: SIGNING,
  }))
  return {
    opened,
    subscriptionId: subscription.id,
    async close() {
      await opened.close()
      await sender?.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Throws unless all `expected` deliveries of the engine were delivered. */
export function checkAllDelivered(engine: BenchEngine, expected: number): void {
  const { deliveries } = engine.opened.engine
  const delivered = deliveries.list({ limit: 1, status: 'delivered' }).total
  if (delivered !== expected) {
    const byStatus: Record<string, number> = {}
    for (const d of deliveries.list({ limit: Number.MAX_SAFE_INTEGER }).items) byStatus[d.status] = (byStatus[d.status] ?? 0) + 1
    throw new Error(`expected ${expected} delivered, found ${JSON.stringify(byStatus)}`)
  }
}
