import { join } from 'node:path'
import { HookbenchDocument, emptyDocument } from '../../shared/schemas/document'
import { CheckRun, KEPT_CHECKS } from '../../shared/schemas/check'
import type { HostKind, SkippedLines } from '../../shared/schemas/status'
import type { HookbenchApi } from '../../shared/api/client'
import { type Dispatch, createDispatcher } from '../api/dispatch'
import { type Subscribe, eventsThroughTheDoor } from '../api/event-door'
import { createApiHandlers } from '../api/handlers'
import { inProcessApi } from '../api/in-process'
import { type Sender, sendHttp } from '../delivery/http-sender'
import { createThreadedSender } from '../delivery/threaded-sender'
import { createSystemClock } from '../core/clock'
import { type Engine, createEngine } from '../engine/engine'
import { ensureDataDir } from '../persistence/data-dir'
import { lockDataDir } from '../persistence/data-dir-lock'
import { openDocumentStore } from '../persistence/document-store'
import { openJournal } from '../persistence/journal'
import { openRunStore } from '../persistence/run-store'
import { openDeliveryHistory } from '../persistence/delivery-history'
import { openCaptureHistory } from '../persistence/capture-history'
import { createBodyStore } from '../persistence/body-store'
import { createScenarioStore } from '../persistence/scenario-store'
import { describeRecovery, describeSkippedLines } from '../persistence/recovery'
import { createStorageHealth } from '../persistence/storage-health'
import { type ReceiverOptions, startReceiver } from './start-receiver'
import { builtSenderScript } from './sender-script'

export interface OpenEngineOptions {
  dataDir: string
  host: HostKind
  timeScale?: number
  log: (line: string) => void
  /** Send what a previous run left pending (default true). */
  resume?: boolean
  /** Interrupted scenario runs continue at this time scale instead of their own. */
  runTimeScale?: number
  /**
   * Answer at once (web mode, the app): a long delivery and capture history is read in the
   * background, and what a previous run left pending is resumed once it is read (`ready`).
   * Implies `resume`. Default: the history is read, and pending deliveries resumed, before this returns.
   */
  background?: boolean
  /**
   * Sends the engine's requests (tests, the bench; the caller closes it). Default: the sending
   * thread beside this build (sender-worker.js), or node:http on this thread when running from
   * the sources.
   */
  send?: Sender
}

/** A history index this large (a few thousand records, tens of milliseconds) or larger is read in the background. */
const BACKGROUND_FROM_BYTES = 1024 * 1024

/**
 * What a host gives its clients: the door (the dispatcher every transport calls, the event stream
 * as it leaves it, and an API client in this process over both), and the host's own lifecycle.
 */
export interface HostSession {
  /** The data directory, as opened (made absolute, created when missing). */
  dataDir: string
  dispatch: Dispatch
  /** Engine events through the door (secrets as fingerprints). */
  events: Subscribe
  /** The API in this process: the CLI's only way to the engine. */
  api: HookbenchApi
  /**
   * Resolves once the history is read and what a previous run left pending picked up (how many
   * deliveries; 0 when opened with `resume: false`); at once unless opened in the `background`.
   * Rejects when the history cannot be read or what was pending cannot be resumed: the host stops.
   */
  ready: Promise<number>
  /** Starts the built-in receiver (closed again if the engine cannot take its address). */
  startReceiver(options: ReceiverOptions): Promise<{ url: string; close(): Promise<void> }>
  /**
   * Sends what a previous process left pending and continues its interrupted runs (at
   * `runTimeScale` when given); for a session opened with `resume: false`. Returns how many
   * deliveries it picked up.
   */
  restore(options?: { runTimeScale?: number }): Promise<number>
  close(): Promise<void>
}

/** A host session and the engine inside it (for the hosts' own wiring and tests; clients use the door). */
export interface OpenedEngine extends HostSession {
  engine: Engine
}

/** Finished runs kept in history (each holds its scenario's text and step results). */
const RUN_HISTORY = 1_000

/** Opens the data directory and builds the engine the way every host (Electron, web, CLI) needs it. */
export async function openEngine(options: OpenEngineOptions): Promise<OpenedEngine> {
  const dataDir = await ensureDataDir(options.dataDir, (message) => options.log(`warning: ${message}`))
  const lock = await lockDataDir(dataDir, `hookbench ${options.host}`)
  try {
    const timeScale = options.timeScale ?? 1
    const storage = createStorageHealth()
    const store = await openDocumentStore({ file: join(dataDir, 'hookbench.json'), schema: HookbenchDocument, initial: emptyDocument, health: storage })
    // History limits (Settings) are read once here; unfinished deliveries are never dropped.
    const limits = store.read().settings.history
    const bodies = createBodyStore(join(dataDir, 'capture-bodies'))
    const background = options.background === true
    const historyOptions = { health: storage, ...(background && { backgroundFrom: BACKGROUND_FROM_BYTES }) }
    // Read side by side: one file's disk reads overlap the other's parsing.
    const [deliveries, captures, runs, checks] = await Promise.all([
      openDeliveryHistory(join(dataDir, 'deliveries.index'), limits.deliveries, historyOptions),
      openCaptureHistory(join(dataDir, 'captures.index'), limits.captures, bodies, historyOptions),
      openRunStore({ file: join(dataDir, 'runs.log'), legacyFile: join(dataDir, 'runs.jsonl'), maxRecords: RUN_HISTORY, health: storage }),
      openJournal({ file: join(dataDir, 'checks.jsonl'), schema: CheckRun, idOf: (r) => r.id, maxRecords: KEPT_CHECKS, health: storage }),
    ])
    const recoveries = [...(store.recovery ? [store.recovery] : []), ...runs.recoveries]
    for (const recovery of recoveries) options.log(`warning: ${describeRecovery(recovery)}`)
    const skipped = reportSkippedLines(dataDir, { deliveries, captures, runs, checks }, (line) => options.log(`warning: ${line}`))
    if (!background) await skipped.read

    const sender = options.send ? { send: options.send, close: async () => {} } : hostSender()
    const engine = createEngine({
      clock: createSystemClock(timeScale),
      timeScale,
      store,
      deliveries,
      captures,
      runs,
      scenarios: createScenarioStore(join(dataDir, 'scenarios'), storage),
      bodies,
      send: sender.send,
      random: Math.random,
      host: options.host,
      dataDir,
      recoveries,
      skippedLines: skipped.lines,
      storage,
      checks,
    })
    const dispatch = createDispatcher(createApiHandlers(engine), { error: (message) => options.log(`error: ${message}`) })
    const events = eventsThroughTheDoor(engine.subscribe)
    const restoring = { ...(options.runTimeScale !== undefined && { runTimeScale: options.runTimeScale }) }
    // The engine runs timers from here on (controllers, retries): a restore that fails stops them.
    const restored = (async () => {
      await skipped.read
      return options.resume === false && !background ? 0 : engine.restore(restoring)
    })()
    if (!background) {
      await restored.catch(async (error: unknown) => {
        await engine.close().catch(() => {})
        await sender.close()
        throw error
      })
    }
    // Awaited by the host, which stops when it rejects (and is told nothing else of it).
    restored.catch(() => {})
    return {
      engine,
      dataDir,
      dispatch,
      events,
      api: inProcessApi(dispatch, events),
      ready: restored,
      startReceiver: (receiver) => startReceiver(engine, receiver),
      restore: (restoring = {}) => engine.restore(restoring),
      async close() {
        await engine.close()
        await sender.close()
        await lock.release()
      },
    }
  } catch (error) {
    await lock.release()
    throw error
  }
}

/** The hosts' sender: the built sending thread, node:http on this thread until it is ready (or without a build). */
function hostSender() {
  const script = builtSenderScript()
  return script ? createThreadedSender(script, sendHttp) : { send: sendHttp, close: async () => {} }
}

type SkippingStore = { skippedLines: number; unreadableMovedTo: string | undefined }

/**
 * The lines the stores skipped at start-up, each file logged once: the runs' and the checks' at
 * once, the histories' once they are read (`read`; in the background, after the host answers).
 */
function reportSkippedLines(
  dataDir: string,
  stores: { deliveries: SkippingStore & { loaded: Promise<void> }; captures: SkippingStore & { loaded: Promise<void> }; runs: SkippingStore & { legacySkipped?: SkippedLines | undefined }; checks: SkippingStore },
  log: (line: string) => void,
) {
  const of = (file: string, store: SkippingStore) => ({ file: join(dataDir, file), lines: store.skippedLines, movedTo: store.unreadableMovedTo })
  const skipped = (files: { file: string; lines: number; movedTo: string | undefined }[]): SkippedLines[] =>
    files.filter((s) => s.lines > 0).map(({ movedTo, ...s }) => (movedTo ? { ...s, movedTo } : s))
  const elsewhere = [...skipped([of('runs.log', stores.runs)]), ...(stores.runs.legacySkipped ? [stores.runs.legacySkipped] : []), ...skipped([of('checks.jsonl', stores.checks)])]
  let lines = elsewhere
  for (const s of elsewhere) log(describeSkippedLines(s))
  const read = Promise.all([stores.deliveries.loaded, stores.captures.loaded]).then(() => {
    const inHistories = skipped([of('deliveries.index', stores.deliveries), of('captures.index', stores.captures)])
    for (const s of inHistories) log(describeSkippedLines(s))
    lines = [...inHistories, ...elsewhere]
  })
  return { lines: () => lines, read }
}

/** Opens a data directory for a client of the engine (the CLI): the door and the host's lifecycle, never the engine itself. */
export const openSession = (options: OpenEngineOptions): Promise<HostSession> => openEngine(options)
