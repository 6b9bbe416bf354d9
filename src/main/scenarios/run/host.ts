import type { Delivery, DeliverySummary } from '../../../shared/schemas/delivery'
import type { FireRequest, FireResult } from '../../../shared/schemas/fire'
import type { CaptureSummary, Endpoint } from '../../../shared/schemas/receiver'
import type { Run } from '../../../shared/schemas/run'
import type { Subscription, SubscriptionDraft } from '../../../shared/schemas/subscription'
import type { Clock, RealTimer } from '../../core/clock'
import type { FirePlan } from '../../delivery/fire'
import type { DeliveryDraft } from '../../delivery/delivery-queue'
import type { SendResult } from '../../delivery/http-sender'
import type { RunStore } from '../../persistence/run-store'
import type { HttpProbe } from '../expectations'

/**
 * What the runner needs from the engine; the engine passes its own pieces in. They take parsed
 * values: what a run makes from its scenario is checked here, at the run's own door.
 */
export interface RunnerHost {
  /** Real time: when runs and steps start and end. A run's story has its own clock. */
  clock: Clock
  runs: RunStore
  random: () => number
  receiverUrl(): string | null
  plan(request: FireRequest): FirePlan
  send(plan: FirePlan): Promise<FireResult>
  /** A whole delivery, read from history. */
  delivery(id: string): Promise<Delivery | undefined>
  summary(id: string): DeliverySummary | undefined
  whenFinal(id: string): Promise<Delivery>
  /** The delivery's summary once it is final (no history read: for steps that judge many deliveries). */
  whenSettled(id: string): Promise<DeliverySummary>
  /** Ends a waiting delivery as cancelled (a cancelled run's). */
  cancelDelivery(id: string, reason: string): void
  redeliver(id: string): Promise<Delivery>
  /** Every delivery of a run in history (looked for once, when a run is resumed or reported). */
  deliveriesOfRun(runId: string): DeliverySummary[]
  createSubscription(draft: SubscriptionDraft): Promise<Subscription>
  subscription(id: string): Subscription | undefined
  removeSubscription(id: string): Promise<void>
  endpoint(name: string): Endpoint | undefined
  saveEndpoint(endpoint: Endpoint): Promise<Endpoint>
  removeEndpoint(name: string): Promise<void>
  /** Captures received since then, newest first. */
  capturesSince(sinceMs: number): CaptureSummary[]
  /** Resolves once the built-in receiver has recorded every request it was handling. */
  receiverIdle(): Promise<void>
  probe: HttpProbe
  /**
   * Sends one request of a delivery draft now, signed and on the wire as a delivery's attempt,
   * without keeping it as a delivery (a load step's): its answer, and whether the platform's
   * rules would retry it.
   */
  sendOnce(draft: DeliveryDraft, signal?: AbortSignal): Promise<{ result: SendResult; retry: boolean }>
  /** The run's record changed (shown at once; saving is the runner's). */
  onRun(run: Run): void
  /** Real timers for playing story clocks (tests pass a fake); default setLongTimeout. */
  realTimer?: RealTimer
}

export interface StartRun {
  source: string
  fileName?: string
  /** The files it includes and the templates it names (path from its folder → text). */
  files?: Record<string, string>
  scenarioId: string
  options?: unknown
  replayOf?: Run['replayOf']
}
