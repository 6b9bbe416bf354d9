import type { EngineEvent } from '../../shared/api/events'
import type { HookbenchDocument } from '../../shared/schemas/document'
import { type CaptureSummary, DEFAULT_ENDPOINT_NAME, summarizeCapture } from '../../shared/schemas/receiver'
import type { EngineStatus, HostKind, SkippedLines, StorageRecovery } from '../../shared/schemas/status'
import { summarizeRun } from '../../shared/schemas/run'
import { SubscriptionDraft } from '../../shared/schemas/subscription'
import { generateSecret } from '../../shared/schemas/secrets'
import { type Clock, type RealTimer, withinTime } from '../core/clock'
import { setLongTimeout } from '../core/long-timeout'
import type { Sender } from '../delivery/http-sender'
import type { DeliveryLog } from '../delivery/delivery-log'
import { createDeliveries } from '../delivery/deliveries'
import { createHeartbeats } from '../heartbeat/heartbeats'
import type { DocumentStore } from '../persistence/document-store'
import type { RunStore } from '../persistence/run-store'
import type { CaptureHistory } from '../persistence/capture-history'
import type { BodyStore } from '../persistence/body-store'
import type { ScenarioStore } from '../persistence/scenario-store'
import { type StorageHealth, createStorageHealth } from '../persistence/storage-health'
import { createReceiverState } from '../receiver/receiver-state'
import { type HttpProbe, fetchProbe } from '../scenarios/expectations'
import { createRunner } from '../scenarios/runner'
import { createScenarioFiles } from '../scenarios/scenario-files'
import { type CheckJournal, createCheckRuns } from '../check/check-runs'
import { createSettings } from '../settings/settings'
import { createSubscriptions } from '../subscriptions/subscriptions'
import { VERSION } from '../version'
import { createEventBus } from './event-bus'

export interface EngineDeps {
  clock: Clock
  timeScale: number
  store: DocumentStore<HookbenchDocument>
  deliveries: DeliveryLog
  captures: CaptureHistory
  /** Where large captured bodies are kept. */
  bodies: BodyStore
  send: Sender
  /** Seeded in tests; jitter and fresh seeds use it. */
  random: () => number
  host: HostKind
  dataDir: string
  recoveries: StorageRecovery[]
  /** History lines that could not be read at start-up (known once the history is read). */
  skippedLines?: () => SkippedLines[]
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

/**
 * The engine: one instance per host process, shared by every transport (IPC, HTTP, CLI). It only
 * composes the domain services (each in the folder that names it) around one event bus; hosts
 * reach it through the API contract (`api/`), which validates and redacts at the door.
 */
export function createEngine(deps: EngineDeps) {
  const { clock, store } = deps
  const bus = createEventBus()
  const emit = (event: EngineEvent) => bus.emit(event)
  const startedAt = new Date(clock.now()).toISOString()
  let receiverUrl: string | null = null
  const storage = deps.storage ?? createStorageHealth()

  const subscriptions = createSubscriptions({
    store,
    clock,
    deliveries: deps.deliveries,
    onChange: () => {
      for (const s of subscriptions.list()) deliveries.refresh(s.id)
      emit({ type: 'config', what: 'subscriptions' })
    },
  })

  const deliveries = createDeliveries({
    clock,
    timeScale: deps.timeScale,
    log: deps.deliveries,
    send: deps.send,
    random: deps.random,
    subscriptions,
    // A scenario run's deliveries keep its story time (the runner is made below).
    timelineOf: (delivery) => runs.timelineOf(delivery),
    emit,
  })

  const heartbeats = createHeartbeats({ clock, store, emit, fire: deliveries.fire })

  const receiver = createReceiverState({
    store,
    captures: deps.captures,
    bodies: deps.bodies,
    deliveries: deps.deliveries,
    onCapture: (capture) => emit({ type: 'capture', capture: summarizeCapture(capture) }),
    onEndpointsChanged: () => emit({ type: 'config', what: 'endpoints' }),
  })

  const settings = createSettings({ store, emit })

  /** A run's deliveries: only those made since it started are looked at, not the whole history. */
  function deliveriesOfRun(runId: string) {
    const since = deps.runs.get(runId)?.startedAt ?? ''
    const found = []
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
    plan: deliveries.plan,
    send: deliveries.send,
    delivery: (id) => deps.deliveries.get(id),
    summary: (id) => deps.deliveries.summary(id),
    whenFinal: deliveries.whenFinal,
    whenSettled: deliveries.whenSettled,
    cancelDelivery: deliveries.cancelWaiting,
    redeliver: deliveries.redeliver,
    deliveriesOfRun,
    createSubscription: subscriptions.create,
    subscription: subscriptions.find,
    removeSubscription: subscriptions.remove,
    endpoint: receiver.endpoint,
    saveEndpoint: (endpoint) => receiver.saveEndpoint(endpoint),
    removeEndpoint: receiver.removeEndpoint,
    capturesSince: (sinceMs) => capturesSince(deps.captures, sinceMs),
    receiverIdle: receiver.idle,
    probe: deps.probe ?? fetchProbe,
    sendOnce: deliveries.sendOnce,
    onRun: (run) => emit({ type: 'run', run: summarizeRun(run) }),
    ...(deps.realTimer && { realTimer: deps.realTimer }),
  })

  /** Endpoint checks from the UI: sent with the injected sender, timed by the engine's clock. */
  const checks = createCheckRuns({
    send: deps.send,
    nowMs: () => clock.now(),
    emit,
    subscription: subscriptions.get,
    ...(deps.checks && { journal: deps.checks }),
  })

  const status = (): EngineStatus => ({
    version: VERSION,
    host: deps.host,
    dataDir: deps.dataDir,
    startedAt,
    receiverUrl,
    timeScale: deps.timeScale,
    recoveries: deps.recoveries,
    skippedLines: deps.skippedLines?.() ?? [],
    failingStorage: storage.failing(),
    ...((deps.deliveries.loading || deps.captures.loading) && { historyLoading: true as const }),
    counts: {
      subscriptions: subscriptions.list().length,
      deliveries: deps.deliveries.size,
      pendingDeliveries: deliveries.pendingCount(),
      captures: deps.captures.size,
    },
  })

  // A history read in the background is news once it is all there: lists re-read, counts follow.
  const histories = [deps.deliveries, deps.captures]
  if (histories.some((history) => history.loading)) {
    void Promise.all(histories.map((history) => history.loaded)).then(() => {
      emit({ type: 'config', what: 'history' })
      emit({ type: 'status', status: status() })
    }, () => {})
  }

  // Saving failing (or working again) is news: a notice once per file, and the status shows it meanwhile.
  const stopWatchingStorage = storage.onChange(({ failed, recovered }) => {
    if (failed) emit({ type: 'notice', level: 'error', message: `${failed.message}. Hookbench keeps running and saves again once the file can be written.` })
    if (recovered) emit({ type: 'notice', level: 'info', message: `Saving works again (${recovered})` })
    emit({ type: 'status', status: status() })
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
      const secret = generateSecret('standard')!
      await subscriptions.create(SubscriptionDraft.parse({ name: 'Built-in inbox', url: `${url}r/${DEFAULT_ENDPOINT_NAME}`, provider: 'any', signing: { scheme: 'standard', secret } }))
      if (receiver.endpoint(DEFAULT_ENDPOINT_NAME)) await receiver.updateEndpoint({ name: DEFAULT_ENDPOINT_NAME, changes: { verify: { scheme: 'standard', secrets: [secret] } } })
    } else {
      await subscriptions.rebaseReceiverUrls(previous, url)
    }
    await store.update((doc) => {
      doc.settings.receiverBase = url
    })
  }

  return {
    status,
    subscribe: bus.subscribe,
    emit,
    /** The built-in receiver is listening at `url` (ends with `/`). */
    async setReceiverUrl(url: string) {
      receiverUrl = url
      await adoptReceiverUrl(url)
      emit({ type: 'status', status: status() })
    },
    subscriptions,
    deliveries,
    receiver,
    heartbeats,
    settings,
    runs,
    scenarios: createScenarioFiles({ store: deps.scenarios, receiverUrl: () => receiverUrl, onChanged: () => emit({ type: 'config', what: 'scenarios' }) }),
    checks,
    /**
     * Sends what a previous process left pending and continues its interrupted runs (at `timeScale`
     * when given, else each at its own): their story clocks are ready before their deliveries are
     * picked up, so those keep story time. Returns how many deliveries were picked up.
     */
    async restore(options: { runTimeScale?: number } = {}) {
      const resuming = await runs.prepareResume({ ...(options.runTimeScale !== undefined && { timeScale: options.runTimeScale }) })
      const resumed = await deliveries.restore()
      resuming.start()
      return resumed
    },
    idle: () => deliveries.idle(),
    /** What `work` gives within `ms` of real time, or undefined (the API's bounded waits). */
    within: <T>(work: Promise<T>, ms: number) => withinTime(work, ms, deps.realTimer ?? setLongTimeout),
    async close() {
      await checks.close()
      await runs.close()
      heartbeats.close()
      await deliveries.close()
      stopWatchingStorage()
      await Promise.all([deps.deliveries.close(), deps.captures.close(), deps.runs.close(), store.flush()])
    },
  }
}
export type Engine = ReturnType<typeof createEngine>

/** Captures received at or after `sinceMs`, newest first. */
function capturesSince(captures: CaptureHistory, sinceMs: number): CaptureSummary[] {
  const found: CaptureSummary[] = []
  for (const capture of captures.summaries()) {
    if (Date.parse(capture.receivedAt) < sinceMs) break
    found.push(capture)
  }
  return found
}
