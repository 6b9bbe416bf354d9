import { type Attempt, type Delivery, type DeliverySummary, attemptsInSeries, isFinal, summarizeDelivery } from '../../shared/schemas/delivery'
import type { HeaderPair } from '../../shared/schemas/http'
import type { Clock } from '../core/clock'
import { ApiFailure } from '../core/errors'
import { type OrderedSet, createOrderedSet } from '../core/ordered-set'
import type { Decision } from './decision'
import type { DeliveryLog } from './delivery-log'
import type { SendResult, Sender } from './http-sender'

/**
 * How a scenario run's delivery keeps time: its retries wait on the run's story clock, and while
 * it is queued or being sent it holds that clock (the story does not move under a request in
 * flight). Jitter is drawn from the run's seed.
 */
export interface DeliveryTimeline {
  /** Story time now, in epoch ms. */
  now(): number
  after(ms: number, fn: () => void): () => void
  hold(): () => void
  random(): number
  /** The run has ended (or is stopping): a retry it would have waited for is not made. */
  ended(): boolean
}

/** The live settings of a subscription that shape how its deliveries go out. */
export interface LaneSettings {
  enabled: boolean
  paused: boolean
  concurrency: number
  ordered: boolean
}

export interface DeliveryQueueDeps {
  clock: Clock
  /** The clock's time scale: due times are stored as scaled wall-clock instants. */
  timeScale: number
  journal: DeliveryLog
  send: Sender
  /** Signature (or secret) headers for this attempt, computed at send time. */
  sign(delivery: Delivery, nowMs: number): HeaderPair[]
  /** The attempt's headers as the platform writes them (order, `Content-Length`, `Connection`); as given when absent. */
  wire?(delivery: Delivery, headers: HeaderPair[]): { headers: HeaderPair[]; connectionHeader: boolean }
  /** `attemptsMade` counts this series' attempts, the one just made included; `random` draws jitter. */
  decide(delivery: Delivery, result: SendResult, attemptsMade: number, random?: () => number): Decision
  /** Undefined when the subscription no longer exists. */
  laneSettings(subscriptionId: string): LaneSettings | undefined
  /** A 410 Gone: the subscription is switched off, as Standard Webhooks senders do. */
  disableSubscription(subscriptionId: string, reason: string): Promise<void>
  /** A delivery changed; `attempt` is the attempt this change recorded, when it recorded one. */
  onChange(delivery: DeliverySummary, attempt?: Attempt): void
  /** The story clock of a scenario run's delivery; none = the engine's clock and time scale. */
  timelineOf?(delivery: Delivery): DeliveryTimeline | undefined
}

/** A delivery as the fire step builds it; the queue adds order, status and timestamps. */
export type DeliveryDraft = Omit<Delivery, 'seq' | 'status' | 'series' | 'attempts' | 'createdAt' | 'updatedAt'>

/**
 * One subscription's unfinished deliveries, each in exactly one place: a ready queue, the retry
 * waits, or in flight. Taking one in, picking the next and finishing are O(1) whatever the
 * backlog; only pausing, resuming and cancelling walk the lane, once each.
 */
interface Lane {
  /** Deliveries whose retry wait is over: they go out before those never sent. */
  retried: OrderedSet<Delivery>
  /** Deliveries not sent yet (queued, or held while paused) in the order they joined: fire order, redeliveries last. */
  ready: OrderedSet<Delivery>
  /** Deliveries waiting on a retry timer; in an `ordered` lane they block everything behind them. */
  waiting: Set<Delivery>
  inFlight: number
  /** The subscription's pause, as last applied to the ready deliveries. */
  paused: boolean
}

/**
 * The durable delivery queue. A delivery is saved before it counts as fired and after every
 * state change, so a crash loses nothing: `restore()` resends what was pending with the same
 * id. Delivery is at-least-once: a request in flight at the crash is sent again.
 */
export function createDeliveryQueue(deps: DeliveryQueueDeps) {
  const { clock, journal } = deps
  const lanes = new Map<string, Lane>()
  const timers = new Map<string, () => void>()
  /** A run's deliveries keep the timeline they were taken in with (see DeliveryTimeline). */
  const timelines = new Map<string, DeliveryTimeline>()
  /** Holds on run clocks of deliveries queued or being sent. */
  const holds = new Map<string, () => void>()
  const finalWaiters = new Map<string, Array<(d: Delivery) => void>>()
  let idleWaiters: Array<() => void> = []
  let closed = false
  /** Deliveries taken in and not yet final, in every lane. */
  let unfinished = 0
  /** Their ids: `restore` leaves these alone (fired or redelivered while the history was read). */
  const taken = new Set<string>()
  // Above every delivery saved before, including those a history read in the background has not read yet.
  let nextSeq = (journal.lastSaved?.seq ?? -1) + 1
  for (const delivery of journal.summaries()) nextSeq = Math.max(nextSeq, delivery.seq + 1)
  /**
   * A history still being read holds the queue: deliveries fired meanwhile are saved and queued,
   * and go out once `restore` has picked up what a previous process left pending, before them.
   */
  let held = journal.loading

  let isoAt = Number.NaN
  let isoText = ''
  /** Now as ISO text; several changes land in the same millisecond under load, so the text is reused. */
  const iso = () => {
    const now = clock.now()
    if (now !== isoAt) {
      isoAt = now
      isoText = new Date(now).toISOString()
    }
    return isoText
  }
  const laneOf = (subscriptionId: string) => {
    let lane = lanes.get(subscriptionId)
    if (!lane) {
      lane = { retried: createOrderedSet(), ready: createOrderedSet(), waiting: new Set(), inFlight: 0, paused: false }
      lanes.set(subscriptionId, lane)
    }
    return lane
  }

  /** A run's delivery holds its story clock while it is queued or being sent, and only then. */
  const syncHold = (delivery: Delivery) => {
    const timeline = timelines.get(delivery.id)
    const busy = timeline !== undefined && (delivery.status === 'queued' || delivery.status === 'sending')
    if (busy && !holds.has(delivery.id)) holds.set(delivery.id, timeline.hold())
    if (!busy) {
      holds.get(delivery.id)?.()
      holds.delete(delivery.id)
    }
  }

  const persist = (delivery: Delivery, attempt?: Attempt) => {
    delivery.updatedAt = iso()
    const summary = summarizeDelivery(delivery)
    deps.onChange(summary, attempt)
    return journal.save(delivery, summary)
  }

  /**
   * A state change nobody waits on. A failed write is not lost: the history keeps the change and
   * writes it with the next save, and the storage health has told the user; so no rejection here.
   */
  const persistInBackground = (delivery: Delivery) => {
    persist(delivery).catch(() => {})
  }

  /**
   * A new delivery whose record could not be written: never sent. It ends cancelled with the
   * reason, and that is what the history writes once the disk takes writes again (the record
   * stays in memory until then), so no restart sends it.
   */
  const notSent = (delivery: Delivery, error: unknown) => {
    const why = error instanceof Error ? error.message : String(error)
    Object.assign(delivery, { status: 'cancelled', reason: `not sent: ${why}`, finishedAt: iso() })
    persistInBackground(delivery)
  }

  /** Takes in an unfinished delivery: into its lane's ready queue, or back into its retry wait. */
  const track = (delivery: Delivery) => {
    unfinished++
    taken.add(delivery.id)
    const timeline = deps.timelineOf?.(delivery)
    if (timeline) timelines.set(delivery.id, timeline)
    else timelines.delete(delivery.id)
    const lane = laneOf(delivery.subscriptionId)
    if (delivery.status === 'retrying' && delivery.dueAt !== undefined) scheduleAt(delivery, delivery.dueAt)
    else makeReady(delivery, lane)
  }

  /** Queues the delivery to be sent, or holds it while the lane is paused. */
  const makeReady = (delivery: Delivery, lane: Lane, queue = lane.ready) => {
    queue.push(delivery)
    if (lane.paused) hold(delivery)
    else delivery.status = 'queued'
    syncHold(delivery)
  }

  const finish = (delivery: Delivery, status: 'delivered' | 'failed' | 'cancelled', reason?: string) => {
    delivery.status = status
    delivery.reason = reason
    delivery.dueAt = undefined
    delivery.finishedAt = iso()
    unfinished--
    taken.delete(delivery.id)
    syncHold(delivery)
    timelines.delete(delivery.id)
    for (const resolve of finalWaiters.get(delivery.id) ?? []) resolve(delivery)
    finalWaiters.delete(delivery.id)
  }

  /** Waits for a retry: `dueAt` is story time on a run's timeline, else a scaled wall-clock instant. */
  const scheduleAt = (delivery: Delivery, dueAt: number) => {
    const lane = laneOf(delivery.subscriptionId)
    delivery.status = 'retrying'
    delivery.dueAt = dueAt
    lane.waiting.add(delivery)
    syncHold(delivery)
    const timeline = timelines.get(delivery.id)
    const nominalMs = timeline ? dueAt - timeline.now() : deps.timeScale > 0 ? Math.max(0, (dueAt - clock.now()) / deps.timeScale) : 0
    timers.set(
      delivery.id,
      (timeline ?? clock).after(nominalMs, () => {
        timers.delete(delivery.id)
        lane.waiting.delete(delivery)
        delivery.dueAt = undefined
        makeReady(delivery, lane, lane.retried)
        pump(delivery.subscriptionId)
      }),
    )
  }

  /** Applies the subscription's current settings to its lane and sends what they allow. */
  function pump(subscriptionId: string) {
    if (closed) return
    const lane = laneOf(subscriptionId)
    const settings = deps.laneSettings(subscriptionId)
    if (!settings || !settings.enabled) {
      cancelWaiting(lane, settings ? 'the subscription is disabled' : 'the subscription was deleted')
    } else {
      if (settings.paused !== lane.paused) setPaused(lane, settings.paused)
      const limit = settings.ordered ? 1 : settings.concurrency
      while (!held && !lane.paused && lane.inFlight < limit && !(settings.ordered && lane.waiting.size > 0)) {
        const next = lane.retried.shift() ?? lane.ready.shift()
        if (!next) break
        // It rejects only when its outcome could not be written: kept and reported, as above.
        attempt(next, lane).catch(() => {})
      }
    }
    notifyIfIdle()
  }

  /** Holds every delivery ready in the lane, or releases them: once per pause or resume. */
  const setPaused = (lane: Lane, paused: boolean) => {
    lane.paused = paused
    for (const queue of [lane.retried, lane.ready]) {
      for (const delivery of queue) {
        if (paused) hold(delivery)
        else delivery.status = 'queued'
        syncHold(delivery)
      }
    }
  }

  const hold = (delivery: Delivery) => {
    delivery.status = 'held'
    syncHold(delivery)
    persistInBackground(delivery)
  }

  /** Cancels everything in the lane that is not in flight. */
  const cancelWaiting = (lane: Lane, reason: string) => {
    for (const delivery of [...lane.retried, ...lane.ready, ...lane.waiting]) cancelOne(lane, delivery, reason)
  }

  /** Ends one delivery that is not in flight as cancelled: off its lane, its retry timer stopped. */
  const cancelOne = (lane: Lane, delivery: Delivery, reason: string) => {
    lane.retried.delete(delivery)
    lane.ready.delete(delivery)
    lane.waiting.delete(delivery)
    timers.get(delivery.id)?.()
    timers.delete(delivery.id)
    finish(delivery, 'cancelled', `cancelled: ${reason}`)
    persistInBackground(delivery)
  }

  async function attempt(delivery: Delivery, lane: Lane) {
    lane.inFlight++
    delivery.status = 'sending'
    persistInBackground(delivery)
    const startedMs = clock.now()
    const timeline = timelines.get(delivery.id)
    const storyMs = timeline?.now()
    const { headers, result } = await signAndSend(delivery, startedMs)
    lane.inFlight--
    if (closed) return
    const made = attemptsInSeries(delivery) + 1
    const decided = deps.decide(delivery, result, made, timeline?.random)
    // A run that has ended makes no more retries: nothing of it is sent once it is over.
    const decision: Decision = decided.kind === 'retry' && timeline?.ended() ? { kind: 'failed', reason: `${decided.note ? `${decided.note}; ` : ''}no retry: its scenario run has ended` } : decided
    const record = attemptRecord(delivery, made, startedMs, storyMs, headers, result, decision)
    delivery.attempts.push(record)
    // Switched off before anyone waiting on this delivery hears it is final.
    // A failed save leaves the subscription on (and says so): the delivery still ends.
    if (decision.kind === 'disable') await deps.disableSubscription(delivery.subscriptionId, decision.reason).catch(() => {})
    apply(delivery, decision)
    const saved = persist(delivery, record)
    // The next request need not wait for the disk; the outcome is saved before we resolve.
    pump(delivery.subscriptionId)
    await saved
  }

  /** Never throws: what cannot be signed or sent becomes an `invalid_request` result, not a crash. */
  async function signAndSend(delivery: Delivery, startedMs: number): Promise<{ headers: HeaderPair[]; result: SendResult }> {
    let headers = delivery.headers
    try {
      const wire = deps.wire ?? ((_: Delivery, signed: HeaderPair[]) => ({ headers: signed, connectionHeader: true }))
      const sent = wire(delivery, [...delivery.headers, ...deps.sign(delivery, startedMs)])
      headers = sent.headers
      const request = { url: delivery.url, headers, body: delivery.body, timeoutMs: delivery.timeoutMs, redirects: delivery.rules.redirects, connectionHeader: sent.connectionHeader }
      return { headers, result: await deps.send(request) }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      return { headers, result: { kind: 'error', errorClass: 'invalid_request', message, durationMs: 0 } }
    }
  }

  const attemptRecord = (
    delivery: Delivery,
    n: number,
    startedMs: number,
    storyMs: number | undefined,
    headers: HeaderPair[],
    result: SendResult,
    decision: Decision,
  ): Attempt => ({
    n,
    series: delivery.series,
    startedAt: new Date(startedMs).toISOString(),
    ...(storyMs !== undefined && { storyAt: new Date(storyMs).toISOString() }),
    durationMs: result.durationMs,
    url: delivery.url,
    headers,
    redirects: result.redirects,
    ...(result.kind === 'response'
      ? { response: result.response }
      : { error: { class: result.errorClass, message: result.message } }),
    outcome: decision.kind === 'delivered' ? 'delivered' : decision.kind === 'retry' ? 'retry' : 'failed',
    note: 'note' in decision ? decision.note : 'reason' in decision ? decision.reason : undefined,
    retryInMs: decision.kind === 'retry' ? decision.delayMs : undefined,
  })

  function apply(delivery: Delivery, decision: Decision) {
    if (decision.kind === 'delivered') finish(delivery, 'delivered')
    else if (decision.kind === 'retry') {
      const timeline = timelines.get(delivery.id)
      scheduleAt(delivery, timeline ? timeline.now() + decision.delayMs : clock.now() + decision.delayMs * deps.timeScale)
    }
    else finish(delivery, 'failed', decision.reason)
  }

  function notifyIfIdle() {
    if (idleWaiters.length === 0 || unfinished > 0) return
    const waiters = idleWaiters
    idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  /** A delivery that was being sent when the process died: note it, then send it again. */
  const markInterrupted = (delivery: Delivery): Attempt => {
    const last = delivery.attempts.at(-1)
    const interrupted: Attempt = {
      n: (last?.series === delivery.series ? last.n : 0) + 1,
      series: delivery.series,
      startedAt: delivery.updatedAt,
      durationMs: 0,
      url: delivery.url,
      headers: delivery.headers,
      error: { class: 'interrupted', message: 'Hookbench stopped while this request was in flight; it may have arrived' },
      outcome: 'retry',
      note: 'sent again after restart (at-least-once)',
    }
    delivery.attempts.push(interrupted)
    delivery.status = 'queued'
    return interrupted
  }

  /** A delivery from history (read from disk unless it is still in memory). */
  const load = async (id: string) => {
    const delivery = await journal.get(id)
    if (!delivery) throw new ApiFailure('not_found', `No delivery with id "${id}"`)
    return delivery
  }

  return {
    /**
     * Saves the deliveries, then starts sending them; resolves once they are on disk. A draft whose
     * id is already known returns the existing delivery (a resumed run repeating a fire).
     */
    async enqueue(drafts: DeliveryDraft[]) {
      const now = iso()
      const knownIds = drafts.filter((draft) => journal.has(draft.id)).map((draft) => draft.id)
      const deliveries = drafts.filter((draft) => !journal.has(draft.id)).map(
        (draft): Delivery => ({ ...draft, seq: nextSeq++, status: 'queued', series: 0, attempts: [], createdAt: now, updatedAt: now }),
      )
      // Nothing is sent before it is on disk: a fire the caller is told failed (a full disk) never
      // goes out, now or after a restart, so retrying it cannot send the event twice. (A group
      // commit costs a write of the new lines, well under a millisecond.)
      try {
        await Promise.all(deliveries.map((d) => persist(d)))
      } catch (error) {
        for (const delivery of deliveries) notSent(delivery, error)
        throw error
      }
      for (const delivery of deliveries) track(delivery)
      for (const id of new Set(deliveries.map((d) => d.subscriptionId))) pump(id)
      const known = await Promise.all(knownIds.map(load))
      return [...known, ...deliveries]
    },

    /**
     * Picks up what a previous run left unfinished, in fire order, ahead of what was fired since
     * (a history read in the background is waited for). Returns how many deliveries were resumed.
     */
    async restore() {
      await journal.loaded
      const unfinished = [...journal.summaries()].filter((d) => !isFinal(d) && !taken.has(d.id)).sort((a, b) => a.seq - b.seq)
      const pending = await journal.getMany(unfinished.map((d) => d.id))
      const interrupted = new Map<Delivery, Attempt>()
      const firedMeanwhile = [...lanes.values()].flatMap((lane) => [...lane.ready])
      for (const delivery of firedMeanwhile) laneOf(delivery.subscriptionId).ready.delete(delivery)
      for (const delivery of pending) {
        if (delivery.status === 'sending') interrupted.set(delivery, markInterrupted(delivery))
        track(delivery)
      }
      for (const delivery of firedMeanwhile) laneOf(delivery.subscriptionId).ready.push(delivery)
      await Promise.all(pending.map((d) => persist(d, interrupted.get(d))))
      held = false
      for (const id of lanes.keys()) pump(id)
      return pending.length
    },

    /** Sends a finished delivery again: same id and body, a new series of attempts. */
    async redeliver(id: string) {
      const delivery = await journal.get(id)
      // Read after the disk read: a redelivery started meanwhile has made it unfinished again.
      const now = journal.summary(id)
      if (!delivery || !now) throw new ApiFailure('not_found', `No delivery with id "${id}"`)
      if (!isFinal(now)) throw new ApiFailure('conflict', `Delivery ${id} is still ${now.status}; wait until it is final`)
      const before = { status: delivery.status, series: delivery.series, reason: delivery.reason, finishedAt: delivery.finishedAt, dueAt: delivery.dueAt }
      Object.assign(delivery, { status: 'queued', series: delivery.series + 1, reason: undefined, finishedAt: undefined, dueAt: undefined })
      try {
        await persist(delivery)
      } catch (error) {
        // Not sent again: the delivery goes back to how it ended, in memory and (once it can be
        // written) on disk, so a restart does not send it either.
        Object.assign(delivery, before)
        persistInBackground(delivery)
        throw error
      }
      track(delivery)
      pump(delivery.subscriptionId)
      return delivery
    },

    /** Re-reads a subscription's settings (pause, resume, concurrency, deletion). */
    refresh(subscriptionId: string) {
      pump(subscriptionId)
    },

    /** Ends a delivery that is waiting (queued, held or between retries) as cancelled, with the reason. */
    cancelWaiting(id: string, reason: string) {
      const delivery = journal.live(id)
      if (delivery && !isFinal(delivery) && delivery.status !== 'sending') cancelOne(laneOf(delivery.subscriptionId), delivery, reason)
    },

    async whenFinal(id: string): Promise<Delivery> {
      const summary = journal.summary(id) ?? (await journal.find(id))
      if (summary && isFinal(summary)) return load(id)
      return new Promise((resolve) => finalWaiters.set(id, [...(finalWaiters.get(id) ?? []), resolve]))
    },

    /** Like `whenFinal`, but only the summary: nothing is read from disk, however long the history. */
    async whenSettled(id: string): Promise<DeliverySummary> {
      const summary = journal.summary(id) ?? (await journal.find(id))
      if (summary && isFinal(summary)) return summary
      return new Promise((resolve) => finalWaiters.set(id, [...(finalWaiters.get(id) ?? []), (delivery) => resolve(summarizeDelivery(delivery))]))
    },

    /** Resolves when nothing is queued, held, sending or waiting to retry. */
    idle(): Promise<void> {
      return new Promise((resolve) => {
        idleWaiters.push(resolve)
        notifyIfIdle()
      })
    },

    pendingCount: () => unfinished,

    /** Stops timers; requests in flight are abandoned and resent by the next `restore()`. */
    async close() {
      closed = true
      for (const cancelTimer of timers.values()) cancelTimer()
      timers.clear()
      for (const release of holds.values()) release()
      holds.clear()
      await journal.flush()
    },
  }
}
export type DeliveryQueue = ReturnType<typeof createDeliveryQueue>
