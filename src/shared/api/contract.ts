import { z } from 'zod'
import { CatalogEntry } from '../platforms/catalog'
import { PlatformLog } from '../platforms/platform-log'
import { Delivery, DeliverySummary } from '../schemas/delivery'
import { CaptureQuery, DeliveryQuery, PageCursor, pageOf } from '../schemas/history-query'
import { DeliveryDensity, DensityQuery } from '../schemas/delivery-density'
import { FirePreview, FireRequest, FireResult } from '../schemas/fire'
import { SettingsPatch, UserSettings } from '../schemas/document'
import { DownloadFile, PlatformFileKind } from '../schemas/download'
import { FilterPreview, FilterPreviewRequest } from '../schemas/filter-preview'
import { ProviderId } from '../platforms'
import { ClusterHeartbeat, Controller, ControllerInput, ControllerPatch } from '../schemas/heartbeat'
import { Capture, CaptureSummary, Endpoint, EndpointInput, EndpointName, EndpointPatch } from '../schemas/receiver'
import { EngineStatus } from '../schemas/status'
import { Subscription, SubscriptionDraft, SubscriptionPatch } from '../schemas/subscription'
import { Run, RunSummary } from '../schemas/run'
import { ExplainSignatureInput, SignatureExplanation } from '../schemas/signature-explanation'
import { CheckRun, CheckStart, CheckSummary, KEPT_CHECKS } from '../schemas/check'
import { ReplayRunInput, RunScenarioInput, SaveScenarioInput, ScenarioFile, ScenarioInfo, ScenarioText, ValidationResult } from '../schemas/scenario-api'

const NoInput = z.object({}).strict()
const Done = z.object({})
const ById = z.object({ id: z.string().min(1) }).strict()
/** Asks for secrets in plain text where an output would otherwise show their fingerprints. */
const Reveal = z.boolean().default(false)
/** How long a `waitFor…` call waits before answering with how things stand (ask again to wait longer). */
export const MAX_WAIT_MS = 600_000
const WaitMs = z.number().int().min(0).max(MAX_WAIT_MS, `at most ${MAX_WAIT_MS} ms (10 minutes): ask again to wait longer`).default(60_000)

/**
 * Every engine operation the UI (and any other client) can call: one named method with a zod
 * input and output schema. Electron serves it over IPC (`hookbench:<method>`), web mode over
 * `POST /api/<method>`; both validate with these schemas in main.
 */
export const apiContract = {
  getStatus: {
    summary: 'Engine version, host, data directory, receiver URL and counters.',
    input: NoInput,
    output: EngineStatus,
  },
  getCatalog: {
    summary: 'Platforms: their events, options, headers and delivery defaults.',
    input: NoInput,
    output: z.array(CatalogEntry),
  },
  listSubscriptions: { summary: 'Every subscription.', input: NoInput, output: z.array(Subscription) },
  createSubscription: { summary: 'Adds a subscription.', input: SubscriptionDraft, output: Subscription },
  updateSubscription: {
    summary: 'Changes a subscription (enable, pause/resume, filters, signing…).',
    input: SubscriptionPatch,
    output: Subscription,
  },
  deleteSubscription: { summary: 'Removes a subscription; its waiting deliveries are cancelled.', input: ById, output: Done },
  getPlatformLog: {
    summary: "A subscription's deliveries as the platform itself shows them (Qovery's event log, CharlesCD's message log and card), a page at a time.",
    input: z.object({ id: z.string().min(1), limit: z.number().int().min(1).max(500).default(50), cursor: PageCursor.optional() }).strict(),
    output: z.object({ log: PlatformLog, nextCursor: PageCursor.optional(), total: z.number().int().nonnegative().optional() }),
  },
  fireEvent: { summary: 'Fires one platform event at every matching subscription.', input: FireRequest, output: FireResult },
  previewFire: {
    summary:
      "What fireEvent would send, without sending or storing anything: the body, its schema problems, each subscription's URL and headers signed now (plain secrets as fingerprints), and who is skipped and why.",
    input: FireRequest,
    output: FirePreview,
  },
  listDeliveries: {
    summary: 'Deliveries, newest first, a page at a time; filters by status, platform, event, subscription, run, time range and text (optionally in bodies and request headers too).',
    input: DeliveryQuery,
    output: pageOf(DeliverySummary),
  },
  getDeliveryDensity: {
    summary:
      'Deliveries fired in each of `buckets` slices of `bucketMs` from `from`, by status, overall and for the busiest subscriptions; the same filters as listDeliveries (summary text only). What the time view draws when a window holds too many to draw one by one.',
    input: DensityQuery,
    output: DeliveryDensity,
  },
  getDelivery: {
    summary: 'One delivery with its body and every attempt; its secrets (signing, plain-secret headers) as fingerprints unless `reveal`.',
    input: ById.extend({ reveal: Reveal }),
    output: Delivery,
  },
  waitForDelivery: {
    summary:
      'Waits until a delivery is final (delivered, failed or cancelled), at most `timeoutMs` (default 1 minute, up to 10): the delivery as it is then, and whether it is final; its secrets as fingerprints unless `reveal`.',
    input: ById.extend({ timeoutMs: WaitMs, reveal: Reveal }),
    output: z.object({ final: z.boolean(), delivery: Delivery }),
  },
  redeliver: { summary: 'Sends a finished delivery again: same id, new attempt series.', input: ById, output: DeliverySummary },
  explainSignature: {
    summary: "Re-verifies one attempt's signature (its headers and the body sent) against the subscription's current and previous secrets; secrets appear as fingerprints.",
    input: ExplainSignatureInput,
    output: SignatureExplanation,
  },
  redeliverFailed: {
    summary: 'Redelivers every delivery that failed since a time.',
    input: z.object({ since: z.iso.datetime() }).strict(),
    output: z.object({ ids: z.array(z.string()) }),
  },
  listHeartbeats: {
    summary: 'Simulated controllers and the watchdog state of every cluster.',
    input: NoInput,
    output: z.object({ controllers: z.array(Controller), clusters: z.array(ClusterHeartbeat) }),
  },
  createController: {
    summary: 'Adds a simulated controller for a cluster that has none; refused (conflict) when it has one, which stays as it is.',
    input: ControllerInput,
    output: Controller,
  },
  saveController: { summary: 'Adds or changes a simulated controller (start/stop with `running`).', input: ControllerInput, output: Controller },
  updateController: {
    summary: 'Changes some fields of a simulated controller (e.g. `running`); the rest stays as it was.',
    input: ControllerPatch,
    output: Controller,
  },
  listEndpoints: { summary: 'Built-in receiver endpoints and their scripts.', input: NoInput, output: z.array(Endpoint) },
  createEndpoint: {
    summary: 'Adds an endpoint under a name not taken yet; refused (conflict) when it is, so no endpoint is ever replaced by mistake.',
    input: EndpointInput,
    output: Endpoint,
  },
  saveEndpoint: { summary: 'Adds or changes an endpoint; the next request uses the new script.', input: EndpointInput, output: Endpoint },
  updateEndpoint: {
    summary: "Changes some fields of an endpoint's script, verification or forwarding; the rest stays as it was.",
    input: EndpointPatch,
    output: Endpoint,
  },
  removeEndpoint: { summary: 'Removes an endpoint.', input: z.object({ name: EndpointName }).strict(), output: Done },
  listCaptures: {
    summary: 'Captured requests, newest first, a page at a time; filters by endpoint, method, outcome, delivery and text.',
    input: CaptureQuery,
    output: pageOf(CaptureSummary),
  },
  getCapture: { summary: 'One capture with its headers and raw body; known secrets in its headers as fingerprints unless `reveal`.', input: ById.extend({ reveal: Reveal }), output: Capture },
  exportCaptures: {
    summary: 'Captures as HAR 1.2 or as cURL commands; known secrets as fingerprints unless `reveal` (the file says when it holds secrets).',
    input: z.object({ format: z.enum(['har', 'curl']), ids: z.array(z.string()).optional(), endpoint: z.string().optional(), reveal: Reveal }).strict(),
    output: z.object({ filename: z.string(), mimeType: z.string(), text: z.string(), count: z.number().int() }),
  },
  listScenarios: { summary: 'The built-in scenario library and your saved scenarios.', input: NoInput, output: z.array(ScenarioInfo) },
  getScenario: { summary: "A scenario's file text and what it says.", input: ById, output: ScenarioFile },
  validateScenario: {
    summary: 'Checks a scenario file: every problem with its path (and line and column in YAML).',
    input: ScenarioText,
    output: ValidationResult,
  },
  saveScenario: { summary: 'Saves (imports) a valid scenario file in the data directory; nothing changes on error.', input: SaveScenarioInput, output: ScenarioInfo },
  deleteScenario: { summary: 'Deletes a saved scenario.', input: ById, output: Done },
  runScenario: {
    summary: 'Starts a run of a scenario (by id or text) on a story clock of its own, played at `options.timeScale` (0 = as fast as it can); progress arrives as run events.',
    input: RunScenarioInput,
    output: RunSummary,
  },
  cancelRun: { summary: 'Stops a run where it is: its waiting deliveries are cancelled and what it created is removed.', input: ById, output: RunSummary },
  interruptRun: {
    summary:
      'Stops a run where it is and leaves it interrupted, to be continued later (`hookbench resume`, or the next start of the app or `hookbench serve` on its data directory): its deliveries stay pending, nothing it made is removed.',
    input: ById,
    output: RunSummary,
  },
  waitForRun: {
    summary: 'Waits until a run stops playing (passed, failed, cancelled or interrupted), at most `timeoutMs` (default 1 minute, up to 10): the run as it is then, and whether it ended.',
    input: ById.extend({ timeoutMs: WaitMs }),
    output: z.object({ ended: z.boolean(), run: RunSummary }),
  },
  replayRun: {
    summary: 'Replays a saved run: fresh (the story again, new ids) or exact (every request it sent, byte for byte, at its story times), optionally elsewhere, at another time scale or with other variables.',
    input: ReplayRunInput,
    output: RunSummary,
  },
  listRuns: {
    summary: 'Scenario runs, newest first.',
    input: z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    output: z.array(RunSummary),
  },
  getRun: { summary: 'One run with its scenario text and every step.', input: ById, output: Run },
  getRunReport: {
    summary: 'One run as a file: a JUnit XML report (one testcase per step) or JSON (the run and its deliveries).',
    input: z.object({ id: z.string().min(1), format: z.enum(['junit', 'json']) }).strict(),
    output: z.object({ filename: z.string(), mimeType: z.string(), text: z.string() }),
  },
  getRunsReport: {
    summary: 'Several runs as one JUnit XML report, a testsuite per run in the order given, then an error testsuite per scenario refused as invalid (what `hookbench run --report` writes).',
    input: z
      .object({
        ids: z.array(z.string().min(1)).max(1000),
        refused: z.array(z.object({ name: z.string().max(1000), message: z.string().max(100_000) }).strict()).max(1000).optional(),
      })
      .strict(),
    output: z.object({ filename: z.string(), mimeType: z.string(), text: z.string() }),
  },
  getSettings: { summary: 'The settings a user can change (history limits).', input: NoInput, output: UserSettings },
  updateSettings: { summary: 'Changes some settings; the rest stays as it was.', input: SettingsPatch, output: UserSettings },
  removeController: { summary: 'Removes a simulated controller.', input: z.object({ clusterId: z.string() }).strict(), output: Done },
  previewFilters: {
    summary: "Which of the platform's latest events (up to 200) an event list and filters would let through, and which filter stops the others; nothing is saved or sent.",
    input: FilterPreviewRequest,
    output: FilterPreview,
  },
  exportPlatformFiles: {
    summary: 'Fixtures and/or JSON Schemas of every event (of one platform, or all) as a zip, laid out as `hookbench export` writes them.',
    input: z.object({ kind: PlatformFileKind, provider: ProviderId.optional() }).strict(),
    output: DownloadFile,
  },
  exportScenarios: { summary: 'Every saved scenario file, as written, in one zip.', input: NoInput, output: DownloadFile },
  startCheck: {
    summary:
      "Starts the endpoint conformance check in the background, against a subscription's URL, platform, scheme and current secret or against the options given; each finished case arrives as a check event.",
    input: CheckStart,
    output: z.object({ id: z.string() }),
  },
  getCheck: {
    summary: `One check as far as it got (running or ended), with every request and answer; the last ${KEPT_CHECKS} checks are kept in the data directory, plain secrets as fingerprints.`,
    input: ById,
    output: CheckRun,
  },
  listChecks: {
    summary: `The checks kept (the last ${KEPT_CHECKS}), newest first: what each checked and how it ended, without its requests.`,
    input: z.object({ limit: z.number().int().min(1).max(KEPT_CHECKS).default(KEPT_CHECKS) }).strict(),
    output: z.array(CheckSummary),
  },
  waitForCheck: {
    summary: 'Waits until a check ends (finished, failed or cancelled), at most `timeoutMs` (default 1 minute, up to 10): the check as it is then, and whether it ended.',
    input: ById.extend({ timeoutMs: WaitMs }),
    output: z.object({ ended: z.boolean(), check: CheckRun }),
  },
  cancelCheck: {
    summary: 'Stops a running check: its request in flight is abandoned, the cases already judged are kept. A check that has ended is returned as it is.',
    input: ById,
    output: CheckRun,
  },
  getCheckReport: {
    summary: 'A finished check as a file: JUnit XML (one testcase per case) or JSON (the whole report, plain secrets as fingerprints).',
    input: z.object({ id: z.string().min(1), format: z.enum(['junit', 'json']) }).strict(),
    output: z.object({ filename: z.string(), mimeType: z.string(), text: z.string() }),
  },
} as const satisfies Record<string, { summary: string; input: z.ZodType; output: z.ZodType }>

export type ApiContract = typeof apiContract
export type ApiMethod = keyof ApiContract
export type ApiInput<M extends ApiMethod> = z.input<ApiContract[M]['input']>
export type ApiOutput<M extends ApiMethod> = z.output<ApiContract[M]['output']>

export const apiMethods = Object.keys(apiContract) as ApiMethod[]

export function isApiMethod(name: string): name is ApiMethod {
  return Object.hasOwn(apiContract, name)
}

/** IPC channel names: one per method, plus the push channel for engine events. */
export const ipcChannel = (method: ApiMethod) => `hookbench:${method}` as const
export const IPC_EVENTS_CHANNEL = 'hookbench:events'
/** The desktop app only: shows a save dialog and writes an export where the user chose. */
export const IPC_SAVE_FILE_CHANNEL = 'hookbench:saveFile'
