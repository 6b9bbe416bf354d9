import type { EngineEvent } from '../../shared/api/events'
import { type Delivery, type DeliverySummary, isFinal } from '../../shared/schemas/delivery'
import type { HookbenchDocument } from '../../shared/schemas/document'
import { type CaptureSummary, DEFAULT_ENDPOINT_NAME, summarizeCapture } from '../../shared/schemas/receiver'
import { type FireRequest, FireRequest as FireRequestSchema, type FireResult } from '../../shared/schemas/fire'
import { type ClusterHeartbeat, Controller, ControllerInput, type ControllerPatch } from '../../shared/schemas/heartbeat'
import { type SettingsPatch, UserSettings } from '../../shared/schemas/document'
import { applyPatch } from '../../shared/schemas/patch'
import type { EngineStatus, HostKind, SkippedLines, StorageRecovery } from '../../shared/schemas/status'
import { type DeliveryDraft, type DeliveryQueue, createDeliveryQueue } from '../delivery/delivery-queue'
import type { Sender } from '../delivery/http-sender'
import { onTheWire } from '../delivery/wire'
import { createControllerSimulator } from '../heartbeat/controller-simulator'
import { type ControllerDetails, createWatchdog } from '../heartbeat/watchdog'
import type { DocumentStore } from '../persistence/document-store'
import type { RunStore } from '../persistence/run-store'
import type { RealTimer } from '../scenarios/clock/pacer'
import type { DeliveryHistory } from '../persistence/delivery-history'
import type { CaptureHistory } from '../persistence/capture-history'
import type { BodyStore } from '../persistence/body-store'
import { type StorageHealth, createStorageHealth } from '../persistence/storage-health'
import { VERSION } from '../version'
import { summarizeRun } from '../../shared/schemas/run'
import { type HttpProbe, fetchProbe } from '../scenarios/expectations'
import { createRunner } from '../scenarios/runner'
import { createScenarioFiles } from '../scenarios/scenario-files'
import type { ScenarioStore } from '../persistence/scenario-store'
import type { Clock } from '../core/clock'
import { decideDelivery, signDelivery } from './delivery-rules'
import { ApiFailure } from '../core/errors'
import { explainSignature } from '../signing/explain'
import { generateSecret } from '../signing/sign'
import { createEventBus } from './event-bus'
import { jsonMayContain, pageQuery, searchQuery } from './history-query'
import { deliveryDensity } from './delivery-density'
import type { DensityQuery } from '../../shared/schemas/delivery-density'
import { deliveryContentMatch, deliveryFilter } from '../../shared/history-filter'
import type { DeliveryQuery } from '../../shared/schemas/history-query'
import { type FirePlan, planFire } from './fire'
import { previewFire } from './fire-preview'
import { previewFilters, recentEventDeliveries } from './filter-preview'
import type { FilterPreview, FilterPreviewRequest } from '../../shared/schemas/filter-preview'
import { createReceiverState } from './receiver-state'
import { createSubscriptions } from './subscriptions'
import { platformOf } from '../../shared/platforms'
import type { PlatformLog } from '../../shared/platforms/platform-log'
import { type CheckJournal, createCheckRuns } from '../check/check-runs'
import { redactRun } from '../signing/redact'

export interface EngineDeps {
  clock: Clock
  timeScale: number
  store: DocumentStore<HookbenchDocument>
  deliveries: DeliveryHistory
  captures: CaptureHistory
  /** Where large captured bodies are kept. */
  bodies: BodyStore
  send: Sender
  /** Seeded in tests; jitter and fresh seeds use it. */
  random: () => number
  host: HostKind
  dataDir: string
  recoveries: StorageRecovery[]
  /** History lines that could not be read at start-up. */
  skippedLines?: SkippedLines[]
  /** Scenario runs, bounded like the delivery history. */
  runs: RunStore
  /** Scenario files the user saved. */
  scenarios: ScenarioStore
  /** How `http:` expectations reach the integrator's app (fetch by default). */
  probe?: HttpProbe
  /** Whether the data files take writes (the stores report to it). */
  storage?: StorageHealth
  /** Real timers for playing scenario runs' story clocks and polling apps (tests: a fake clock). */
  realTimer?: RealTimer
  /** Endpoint checks, the last 50 (`checks.jsonl`); in memory when absent. */
  checks?: CheckJournal
}

/** The engine: one instance per host process, shared by every transport (IPC, HTTP, CLI). */
export function createEngine(deps: EngineDeps) {
  const { clock, store } = deps
  const bus = createEventBus()
  const startedAt = new Date(clock.now()).toISOString()
  let receiverUrl: string | null = null
  const storage = deps.storage ?? createStorageHealth()

  const subscriptions = createSubscriptions({
    store,
    clock,
    onChange: () => {
      for (const s of subscriptions.list()) queue.refresh(s.id)
      bus.emit({ type: 'config', what: 'subscriptions' })
    },
  })

  const queue: DeliveryQueue = createDeliveryQueue({
    clock,
    timeScale: deps.timeScale,
    journal: deps.deliveries,
    send: deps.send,
    sign: signDelivery,
    wire: (delivery, headers) => onTheWire(delivery.provider, delivery.signing.scheme, headers, delivery.body),
    decide: (delivery, result, made, random = deps.random) => decideDelivery(delivery, result, made, clock.now(), random),
    // A scenario run's deliveries keep its story time (the runner is made below).
    timelineOf: (delivery) => runs.timelineOf(delivery),
    laneSettings: (id) => subscriptions.find(id),
    disableSubscription: async (id) => {
      if (subscriptions.find(id)) await subscriptions.update({ id, changes: { enabled: false } })
    },
    onChange: (delivery) => bus.emit({ type: 'delivery', delivery }),
  })

  const watchdog = createWatchdog({
    clock,
    sentFailures: store.read().heartbeatFailures,
    onChange: (cluster) => {
      bus.emit({ type: 'heartbeat', cluster })
      void keepSentFailure(cluster)
    },
    onFailure: (clusterId, controller) => void sendHeartbeatFailure(clusterId, controller),
  })
  const simulator = createControllerSimulator({ clock, watchdog })
  const receiver = createReceiverState({
    store,
    captures: deps.captures,
    bodies: deps.bodies,
    deliveries: deps.deliveries,
    onCapture: (capture) => bus.emit({ type: 'capture', capture: summarizeCapture(capture) }),
    onEndpointsChanged: () => bus.emit({ type: 'config', what: 'endpoints' }),
  })
  for (const controller of store.read().controllers) simulator.apply(controller)

  /**
   * Keeps the outages whose failure was sent in the hot document, so a restart does not send
   * them again: one is added when the watchdog fires, and removed at the cluster's next heartbeat
   * (or with its controller). Saved only when that changes, not at every heartbeat.
   */
  async function keepSentFailure(cluster: ClusterHeartbeat) {
    const failed = cluster.health === 'failed' && cluster.failedAt !== undefined
    const recorded = store.read().heartbeatFailures.some((f) => f.clusterId === cluster.clusterId)
    if (failed === recorded) return
    await store
      .update((doc) => {
        doc.heartbeatFailures = doc.heartbeatFailures.filter((f) => f.clusterId !== cluster.clusterId)
        if (failed) doc.heartbeatFailures.push({ clusterId: cluster.clusterId, failedAt: cluster.failedAt!, outages: cluster.outages })
      })
      // Not saved (the storage notice says why): a restart may send this failure again.
      .catch(() => {})
  }

  /**
   * Fires Ocean CD's `controller-heartbeat-failure` for one of the user's controllers; says so when
   * nobody is subscribed. (A scenario run's controllers are its own, on its story clock.)
   */
  async function sendHeartbeatFailure(clusterId: string, controller: ControllerDetails | undefined) {
    try {
      const result = await fire({ provider: 'ocean-cd', event: 'controller-heartbeat-failure', context: { clusterId, ...controller } })
      if (result.deliveries.length === 0) {
        bus.emit({ type: 'notice', level: 'warning', message: `Cluster ${clusterId} lost its controller heartbeat, but no Ocean CD subscription receives it` })
      }
    } catch (error) {
      bus.emit({ type: 'notice', level: 'error', message: `Heartbeat failure for ${clusterId} could not be sent: ${error instanceof Error ? error.message : String(error)}` })
    }
  }

  /** Who gets an event and what each receives, without sending anything yet. */
  function plan(input: unknown): FirePlan {
    const request: FireRequest = FireRequestSchema.parse(input)
    return planFire(request, subscriptions.list(), { nowMs: clock.now(), random: deps.random })
  }

  /** Queues a plan's deliveries (durable before this resolves). */
  async function send(plan: FirePlan): Promise<FireResult> {
    const queued = await queue.enqueue(plan.drafts)
    return {
      eventId: plan.eventId,
      deliveries: queued.map((d) => ({ id: d.id, subscriptionId: d.subscriptionId, subscriptionName: d.subscriptionName, url: d.url, status: d.status })),
      skipped: plan.skipped,
    }
  }

  const fire = async (input: unknown) => send(plan(input))

  /** One request of a draft, signed and on the wire as an attempt would be, not kept (a load step's). */
  async function sendOnce(draft: DeliveryDraft, signal?: AbortSignal) {
    const nowMs = clock.now()
    const delivery: Delivery = { ...draft, seq: 0, status: 'sending', series: 0, attempts: [], createdAt: '', updatedAt: '' }
    const wire = onTheWire(draft.provider, draft.signing.scheme, [...draft.headers, ...signDelivery(delivery, nowMs)], draft.body)
    const result = await deps.send({ url: draft.url, headers: wire.headers, body: draft.body, timeoutMs: draft.timeoutMs, redirects: draft.rules.redirects, connectionHeader: wire.connectionHeader, ...(signal && { signal }) })
    return { result, retry: decideDelivery(delivery, result, 1, clock.now(), deps.random).kind === 'retry' }
  }

  /** What a fire would send, computed now; nothing is sent or stored. */
  const preview = (input: unknown) => previewFire(FireRequestSchema.parse(input), subscriptions.list(), { nowMs: clock.now(), random: deps.random })

  /** A run's deliveries: only those made since it started are looked at, not the whole history. */
  function deliveriesOfRun(runId: string): DeliverySummary[] {
    const since = deps.runs.get(runId)?.startedAt ?? ''
    const found: DeliverySummary[] = []
    for (const delivery of deps.deliveries.summaries()) {
      if (delivery.createdAt < since) break
      if (delivery.runId === runId) found.push(delivery)
    }
    return found
  }

  const runs = createRunner({
    clock,
    runs: deps.runs,
    random: deps.random,
    receiverUrl: () => receiverUrl,
    plan,
    send,
    delivery: (id) => deps.deliveries.get(id),
    summary: (id) => deps.deliveries.summary(id),
    whenFinal: (id) => queue.whenFinal(id),
    whenSettled: (id) => queue.whenSettled(id),
    cancelDelivery: (id, reason) => queue.cancelWaiting(id, reason),
    redeliver: (id) => queue.redeliver(id),
    deliveriesOfRun,
    createSubscription: (draft) => subscriptions.create(draft),
    subscription: (id) => subscriptions.find(id),
    removeSubscription: (id) => subscriptions.remove(id),
    endpoint: (name) => receiver.endpoint(name),
    saveEndpoint: (input) => receiver.saveEndpoint(input),
    removeEndpoint: (name) => receiver.removeEndpoint(name),
    capturesSince: (sinceMs) => capturesSince(deps.captures, sinceMs),
    receiverIdle: () => receiver.idle(),
    probe: deps.probe ?? fetchProbe,
    sendOnce,
    onRun: (run) => bus.emit({ type: 'run', run: redactRun(summarizeRun(run)) }),
    ...(deps.realTimer && { realTimer: deps.realTimer }),
  })

  const getDelivery = async (id: string): Promise<Delivery> => {
    const delivery = await deps.deliveries.get(id)
    if (!delivery) throw new ApiFailure('not_found', `No delivery with id "${id}"`)
    return delivery
  }

  const status = (): EngineStatus => ({
    version: VERSION,
    host: deps.host,
    dataDir: deps.dataDir,
    startedAt,
    receiverUrl,
    timeScale: deps.timeScale,
    recoveries: deps.recoveries,
    skippedLines: deps.skippedLines ?? [],
    failingStorage: storage.failing(),
    counts: {
      subscriptions: subscriptions.list().length,
      deliveries: deps.deliveries.size,
      pendingDeliveries: queue.pendingCount(),
      captures: deps.captures.size,
    },
  })

  // Saving failing (or working again) is news: a notice once per file, and the status shows it meanwhile.
  const stopWatchingStorage = storage.onChange(({ failed, recovered }) => {
    if (failed) bus.emit({ type: 'notice', level: 'error', message: `${failed.message}. Hookbench keeps running and saves again once the file can be written.` })
    if (recovered) bus.emit({ type: 'notice', level: 'info', message: `Saving works again (${recovered})` })
    bus.emit({ type: 'status', status: status() })
  })

  /**
   * First run: a subscription to the built-in inbox, signed (Standard Webhooks, a fresh secret)
   * and verified by the inbox, so a first fire shows up at once with a valid signature. Later
   * runs: subscriptions that pointed at the receiver follow it to its new port (what a data
   * directory already has is left as it is).
   */
  async function adoptReceiverUrl(url: string) {
    const previous = store.read().settings.receiverBase
    if (previous === url) return
    if (previous === undefined) {
      const secret = generateSecret('standard')
      await subscriptions.create({ name: 'Built-in inbox', url: `${url}r/${DEFAULT_ENDPOINT_NAME}`, provider: 'any', signing: { scheme: 'standard', secret } })
      if (receiver.endpoint(DEFAULT_ENDPOINT_NAME)) await receiver.updateEndpoint({ name: DEFAULT_ENDPOINT_NAME, changes: { verify: { scheme: 'standard', secrets: [secret] } } })
    } else {
      await subscriptions.rebaseReceiverUrls(previous, url)
    }
    await store.update((doc) => {
      doc.settings.receiverBase = url
    })
  }

  const saveControllers = async (mutate: (list: Controller[]) => void) => {
    await store.update((doc) => mutate(doc.controllers))
    bus.emit({ type: 'config', what: 'controllers' })
  }

  async function saveController(input: unknown) {
    const controller = ControllerInput.parse(input)
    await saveControllers((list) => {
      const at = list.findIndex((c) => c.clusterId === controller.clusterId)
      list.splice(at === -1 ? list.length : at, at === -1 ? 0 : 1, controller)
    })
    simulator.apply(controller)
    return controller
  }

  /** Endpoint checks from the UI: sent with the injected sender, timed by the engine's clock. */
  const checks = createCheckRuns({
    send: deps.send,
    nowMs: () => clock.now(),
    emit: (event) => bus.emit(event),
    subscription: (id) => subscriptions.get(id),
    ...(deps.checks && { journal: deps.checks }),
  })

  /** A page of deliveries whose text is looked for in bodies and request headers too (read from disk). */
  async function searchDeliveries(query: DeliveryQuery) {
    const inContent = deliveryContentMatch(query.text)
    if (!inContent) return pageQuery(deps.deliveries, query, deliveryFilter(query))
    return searchQuery(deps.deliveries, query, {
      match: deliveryFilter({ ...query, text: undefined }),
      quick: deliveryFilter({ text: query.text }),
      matchRecord: inContent,
      mayMatchText: jsonMayContain(query.text ?? ''),
    })
  }

  return {
    status,
    subscribe: bus.subscribe,
    emit: (event: EngineEvent) => bus.emit(event),
    /** The built-in receiver is listening at `url` (ends with `/`). */
    async setReceiverUrl(url: string) {
      receiverUrl = url
      await adoptReceiverUrl(url)
      bus.emit({ type: 'status', status: status() })
    },
    receiver,
    subscriptions,
    fire,
    preview,
    plan,
    send,
    /** Filters being edited, judged by the engine's own checks over the latest events of the platform. */
    async previewFilters(request: FilterPreviewRequest): Promise<FilterPreview> {
      const ids = recentEventDeliveries(deps.deliveries.summaries(), request.provider, request.limit)
      return previewFilters(request, await deps.deliveries.getMany(ids))
    },
    /** The subscription's deliveries in its platform's own log shape, newest first. */
    async platformLog({ id, limit, cursor }: { id: string; limit: number; cursor?: string }): Promise<{ log: PlatformLog; nextCursor?: string; total?: number }> {
      const subscription = subscriptions.get(id)
      const log = subscription.provider === 'any' ? undefined : platformOf(subscription.provider).log
      if (!log) return { log: { platform: 'none', reason: `${subscription.provider} has no delivery log of its own` } }
      const page = pageQuery(deps.deliveries, { limit, cursor }, (d) => d.subscriptionId === id)
      return { ...page, log: log(subscription.options, await deps.deliveries.getMany(page.items.map((d) => d.id))) }
    },
    deliveries: {
      get: getDelivery,
      /** The whole delivery while it is in memory (unfinished, or saved a moment ago). */
      live: (id: string) => deps.deliveries.live(id),
      /** A page of deliveries, tested on their summaries (`searchBodies` is left to `search`). */
      list: (query: DeliveryQuery) => pageQuery(deps.deliveries, query, deliveryFilter(query)),
      search: searchDeliveries,
      /** Deliveries fired per slice of time, by status, overall and per subscription. */
      density: (query: DensityQuery) => deliveryDensity(deps.deliveries.summaries(), query),
      /** Every delivery not final yet, in fire order. */
      unfinished: () => [...deps.deliveries.summaries()].filter((d) => !isFinal(d)).reverse(),
      redeliver: (id: string) => queue.redeliver(id),
      /** One attempt's signature re-verified against its subscription's secrets as they are now. */
      async explainSignature({ deliveryId, attempt }: { deliveryId: string; attempt?: number }) {
        const delivery = await getDelivery(deliveryId)
        return explainSignature(delivery, subscriptions.find(delivery.subscriptionId), attempt)
      },
      /** Redelivers every failed delivery finished at or after `sinceMs`, in fire order; returns their ids. */
      async redeliverFailed(sinceMs: number): Promise<string[]> {
        const failed = [...deps.deliveries.summaries()]
          .filter((d) => d.status === 'failed' && Date.parse(d.finishedAt ?? '') >= sinceMs)
          .sort((a, b) => a.seq - b.seq)
        const progress = (done: number) =>
          bus.emit({ type: 'progress', task: 'redeliver-failed', label: 'Redelivering failed deliveries', done, total: failed.length })
        for (const [index, delivery] of failed.entries()) {
          await queue.redeliver(delivery.id)
          if (index % 100 === 0) progress(index)
        }
        progress(failed.length)
        return failed.map((d) => d.id)
      },
      whenFinal: (id: string) => queue.whenFinal(id),
      isFinal: (id: string) => isFinal(deps.deliveries.summary(id) ?? notFound(id)),
    },
    heartbeats: {
      list: () => watchdog.list(),
      /** A heartbeat from a real process (the receiver's `POST /heartbeat/<clusterId>`). */
      beat: (clusterId: string) => watchdog.beat(clusterId, 'http'),
      controllers: () => store.read().controllers,
      saveController,
      /** Changes what the patch names (e.g. `running`) and keeps the rest of the controller. */
      async updateController({ clusterId, changes }: ControllerPatch) {
        const current = store.read().controllers.find((c) => c.clusterId === clusterId)
        if (!current) throw new ApiFailure('not_found', `No controller for cluster "${clusterId}"`)
        return saveController(applyPatch(Controller, current, changes))
      },
      async removeController(clusterId: string) {
        await saveControllers((list) => {
          const at = list.findIndex((c) => c.clusterId === clusterId)
          if (at === -1) throw new ApiFailure('not_found', `No controller for cluster "${clusterId}"`)
          list.splice(at, 1)
          const doc = store.read()
          doc.heartbeatFailures = doc.heartbeatFailures.filter((f) => f.clusterId !== clusterId)
        })
        simulator.remove(clusterId)
      },
    },
    settings: {
      get: (): UserSettings => UserSettings.parse(store.read().settings),
      async update(changes: SettingsPatch): Promise<UserSettings> {
        const next = UserSettings.parse(applyPatch(UserSettings, UserSettings.parse(store.read().settings), changes))
        await store.update((doc) => {
          doc.settings = { ...doc.settings, ...next }
        })
        bus.emit({ type: 'config', what: 'settings' })
        return next
      },
    },
    /** Sends what a previous run left pending; returns how many deliveries were resumed. */
    runs,
    scenarios: createScenarioFiles({ store: deps.scenarios, receiverUrl: () => receiverUrl }),
    checks,
    /**
     * Sends what a previous process left pending and continues its interrupted runs (at `timeScale`
     * when given, else each at its own): their story clocks are ready before their deliveries are
     * picked up, so those keep story time.
     */
    async restore(options: { runTimeScale?: number } = {}) {
      const resuming = await runs.prepareResume({ ...(options.runTimeScale !== undefined && { timeScale: options.runTimeScale }) })
      const resumed = await queue.restore()
      resuming.start()
      return resumed
    },
    idle: () => queue.idle(),
    async close() {
      await checks.close()
      await runs.close()
      simulator.close()
      watchdog.close()
      await queue.close()
      stopWatchingStorage()
      await Promise.all([deps.deliveries.close(), deps.captures.close(), deps.runs.close(), store.flush()])
    },
  }
}
export type Engine = ReturnType<typeof createEngine>

const notFound = (id: string): never => {
  throw new ApiFailure('not_found', `No delivery with id "${id}"`)
}

/** Captures received at or after `sinceMs`, newest first. */
function capturesSince(captures: CaptureHistory, sinceMs: number): CaptureSummary[] {
  const found: CaptureSummary[] = []
  for (const capture of captures.summaries()) {
    if (Date.parse(capture.receivedAt) < sinceMs) break
    found.push(capture)
  }
  return found
}
