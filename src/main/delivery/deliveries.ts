import type { EngineEvent } from '../../shared/api/events'
import { type Delivery, type DeliverySummary, isFinal, summarizeAttempt } from '../../shared/schemas/delivery'
import type { FireRequest, FireResult } from '../../shared/schemas/fire'
import type { DensityQuery } from '../../shared/schemas/delivery-density'
import type { DeliveryQuery } from '../../shared/schemas/history-query'
import type { Subscription } from '../../shared/schemas/subscription'
import { platformOf } from '../../shared/platforms'
import type { HeaderPair } from '../../shared/schemas/http'
import type { PlatformLog } from '../../shared/platforms/platform-log'
import { deliveryContentMatch, deliveryFilter } from '../../shared/history-filter'
import type { Clock } from '../core/clock'
import { ApiFailure } from '../core/errors'
import { jsonMayContain, pageQuery, searchQuery } from '../core/record-log'
import { explainSignature } from '../signing/explain'
import { type DeliveryDraft, type DeliveryQueue, type DeliveryTimeline, createDeliveryQueue } from './delivery-queue'
import type { DeliveryLog } from './delivery-log'
import { deliveryDensity } from './density'
import { type FirePlan, planFire } from './fire'
import { previewFire } from './fire-preview'
import type { SendResult, Sender } from './http-sender'
import { decideDelivery, signDelivery } from './rules'
import { onTheWire } from './wire'

/** The subscriptions deliveries go to, as the composition root hands them over. */
export interface SubscriptionDirectory {
  list(): Subscription[]
  find(id: string): Subscription | undefined
  /** A 410 Gone switched it off (Standard Webhooks rules). */
  disable(id: string): Promise<void>
}

export interface DeliveriesDeps {
  clock: Clock
  /** The clock's time scale: retries of deliveries outside a run wait their delay times this. */
  timeScale: number
  log: DeliveryLog
  send: Sender
  /** Seeds and jitter (seeded in tests). */
  random: () => number
  subscriptions: SubscriptionDirectory
  /** A scenario run's story clock for its deliveries; none = the engine's clock. */
  timelineOf(delivery: Delivery): DeliveryTimeline | undefined
  emit(event: EngineEvent): void
}

/**
 * Deliveries: who gets an event and what each receives (fire planning), the durable queue that
 * sends and retries them, and their history (pages, search, redelivery, the platform's own log).
 * Takes parsed values: the API validated them at the door.
 */
export function createDeliveries(deps: DeliveriesDeps) {
  const { clock, log } = deps

  /** A delivery's signed headers as its platform puts them on the wire. */
  const wire = (delivery: Delivery, headers: HeaderPair[]) => onTheWire(delivery.provider, delivery.signing.scheme, headers, delivery.body)
  /** What the platform does after an answer: done, retry or give up. */
  const decide = (delivery: Delivery, result: SendResult, made: number, random = deps.random) => decideDelivery(delivery, result, made, clock.now(), random)

  const queue: DeliveryQueue = createDeliveryQueue({
    clock,
    timeScale: deps.timeScale,
    journal: log,
    send: deps.send,
    sign: signDelivery,
    wire,
    decide,
    timelineOf: (delivery) => deps.timelineOf(delivery),
    laneSettings: (id) => deps.subscriptions.find(id),
    disableSubscription: (id) => deps.subscriptions.disable(id),
    onChange: (delivery, attempt) => deps.emit(attempt ? { type: 'delivery', delivery, attempt: summarizeAttempt(attempt) } : { type: 'delivery', delivery }),
  })

  /** Who gets an event and what each receives, without sending anything yet. */
  const plan = (request: FireRequest): FirePlan => planFire(request, deps.subscriptions.list(), { nowMs: clock.now(), random: deps.random })

  /** Queues a plan's deliveries (durable before this resolves). */
  async function send(fired: FirePlan): Promise<FireResult> {
    const queued = await queue.enqueue(fired.drafts)
    return {
      eventId: fired.eventId,
      deliveries: queued.map((d) => ({ id: d.id, subscriptionId: d.subscriptionId, subscriptionName: d.subscriptionName, url: d.url, status: d.status })),
      skipped: fired.skipped,
    }
  }

  /** One request of a draft, signed and on the wire as an attempt would be, not kept (a load step's). */
  async function sendOnce(draft: DeliveryDraft, signal?: AbortSignal) {
    const delivery: Delivery = { ...draft, seq: 0, status: 'sending', series: 0, attempts: [], createdAt: '', updatedAt: '' }
    const sent = wire(delivery, [...draft.headers, ...signDelivery(delivery, clock.now())])
    const result = await deps.send({ url: draft.url, headers: sent.headers, body: draft.body, timeoutMs: draft.timeoutMs, redirects: draft.rules.redirects, connectionHeader: sent.connectionHeader, ...(signal && { signal }) })
    return { result, retry: decide(delivery, result, 1).kind === 'retry' }
  }

  const get = async (id: string): Promise<Delivery> => {
    const delivery = await log.get(id)
    if (!delivery) throw notFound(id)
    return delivery
  }

  /** A page of deliveries whose text is looked for in bodies and request headers too (read from disk). */
  async function search(query: DeliveryQuery) {
    const inContent = deliveryContentMatch(query.text)
    if (!inContent) return pageQuery(log, query, deliveryFilter(query))
    return searchQuery(log, query, {
      match: deliveryFilter({ ...query, text: undefined }),
      quick: deliveryFilter({ text: query.text }),
      matchRecord: inContent,
      mayMatchText: jsonMayContain(query.text ?? ''),
    })
  }

  /** Redelivers every failed delivery finished at or after `sinceMs`, in fire order; returns their ids. */
  async function redeliverFailed(sinceMs: number): Promise<string[]> {
    await log.loaded
    const failed = [...log.summaries()].filter((d) => d.status === 'failed' && Date.parse(d.finishedAt ?? '') >= sinceMs).sort((a, b) => a.seq - b.seq)
    const progress = (done: number) => deps.emit({ type: 'progress', task: 'redeliver-failed', label: 'Redelivering failed deliveries', done, total: failed.length })
    for (const [index, delivery] of failed.entries()) {
      await queue.redeliver(delivery.id)
      if (index % 100 === 0) progress(index)
    }
    progress(failed.length)
    return failed.map((d) => d.id)
  }

  /** The subscription's deliveries in its platform's own log shape, newest first. */
  async function platformLog({ id, limit, cursor }: { id: string; limit: number; cursor?: string }): Promise<{ log: PlatformLog; nextCursor?: string; total?: number }> {
    const subscription = deps.subscriptions.find(id)
    if (!subscription) throw new ApiFailure('not_found', `No subscription with id "${id}"`)
    const platformLogOf = subscription.provider === 'any' ? undefined : platformOf(subscription.provider).log
    if (!platformLogOf) return { log: { platform: 'none', reason: `${subscription.provider} has no delivery log of its own` } }
    const page = pageQuery(log, { limit, cursor }, (d) => d.subscriptionId === id)
    return { ...page, log: platformLogOf(subscription.options, await log.getMany(page.items.map((d) => d.id))) }
  }

  return {
    plan,
    send,
    fire: async (request: FireRequest) => send(plan(request)),
    sendOnce,
    /** What a fire would send, computed now; nothing is sent or stored. */
    preview: (request: FireRequest) => previewFire(request, deps.subscriptions.list(), { nowMs: clock.now(), random: deps.random }),
    get,
    /** The whole delivery while it is in memory (unfinished, or saved a moment ago). */
    live: (id: string) => log.live(id),
    summary: (id: string) => log.summary(id),
    /** A page of deliveries, tested on their summaries (`searchBodies` is left to `search`). */
    list: (query: DeliveryQuery) => pageQuery(log, query, deliveryFilter(query)),
    search,
    /** Deliveries fired per slice of time, by status, overall and per subscription. */
    density: (query: DensityQuery) => deliveryDensity(log.summaries(), query),
    /** Every delivery not final yet, in fire order. */
    unfinished: (): DeliverySummary[] => [...log.summaries()].filter((d) => !isFinal(d)).reverse(),
    redeliver: (id: string) => queue.redeliver(id),
    redeliverFailed,
    /** One attempt's signature re-verified against its subscription's secrets as they are now. */
    async explainSignature({ deliveryId, attempt }: { deliveryId: string; attempt?: number }) {
      const delivery = await get(deliveryId)
      return explainSignature(delivery, deps.subscriptions.find(delivery.subscriptionId), attempt)
    },
    platformLog,
    whenFinal: (id: string) => queue.whenFinal(id),
    /** Its summary once final (nothing read from disk). */
    whenSettled: (id: string) => queue.whenSettled(id),
    isFinal: async (id: string) => isFinal((await log.find(id)) ?? throwNotFound(id)),
    /** Ends a waiting delivery as cancelled (a cancelled run's). */
    cancelWaiting: (id: string, reason: string) => queue.cancelWaiting(id, reason),
    /** A subscription changed (paused, resumed, deleted…): its lane follows. */
    refresh: (subscriptionId: string) => queue.refresh(subscriptionId),
    /** Sends what a previous process left pending; returns how many deliveries it picked up. */
    restore: () => queue.restore(),
    idle: () => queue.idle(),
    pendingCount: () => queue.pendingCount(),
    close: () => queue.close(),
  }
}
export type Deliveries = ReturnType<typeof createDeliveries>

const notFound = (id: string) => new ApiFailure('not_found', `No delivery with id "${id}"`)

const throwNotFound = (id: string): never => {
  throw notFound(id)
}
