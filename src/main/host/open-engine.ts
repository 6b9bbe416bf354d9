import { join } from 'node:path'
import { HookbenchDocument, emptyDocument } from '../../shared/schemas/document'
import { CheckRun, KEPT_CHECKS } from '../../shared/schemas/check'
import type { HostKind } from '../../shared/schemas/status'
import type { HookbenchApi } from '../../shared/api/client'
import { type Dispatch, createDispatcher } from '../api/dispatch'
import { type Subscribe, eventsThroughTheDoor } from '../api/event-door'
import { createApiHandlers } from '../api/handlers'
import { inProcessApi } from '../api/in-process'
import { sendHttp } from '../delivery/http-sender'
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

export interface OpenEngineOptions {
  dataDir: string
  host: HostKind
  timeScale?: number
  log: (line: string) => void
  /** Send what a previous run left pending (default true). */
  resume?: boolean
  /** Interrupted scenario runs continue at this time scale instead of their own. */
  runTimeScale?: number
}

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
  /** Deliveries picked up from a previous run at start-up. */
  resumed: number
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
    // Read side by side: one file's disk reads overlap the other's parsing.
    const [deliveries, captures, runs, checks] = await Promise.all([
      openDeliveryHistory(join(dataDir, 'deliveries.index'), limits.deliveries, storage),
      openCaptureHistory(join(dataDir, 'captures.index'), limits.captures, bodies, storage),
      openRunStore({ file: join(dataDir, 'runs.log'), legacyFile: join(dataDir, 'runs.jsonl'), maxRecords: RUN_HISTORY, health: storage }),
      openJournal({ file: join(dataDir, 'checks.jsonl'), schema: CheckRun, idOf: (r) => r.id, maxRecords: KEPT_CHECKS, health: storage }),
    ])
    const recoveries = [...(store.recovery ? [store.recovery] : []), ...runs.recoveries]
    for (const recovery of recoveries) options.log(`warning: ${describeRecovery(recovery)}`)
    const skippedLines = [
      { file: join(dataDir, 'deliveries.index'), lines: deliveries.skippedLines, movedTo: deliveries.unreadableMovedTo },
      { file: join(dataDir, 'captures.index'), lines: captures.skippedLines, movedTo: captures.unreadableMovedTo },
      { file: join(dataDir, 'runs.log'), lines: runs.skippedLines, movedTo: runs.unreadableMovedTo },
      ...(runs.legacySkipped ? [runs.legacySkipped] : []),
      { file: join(dataDir, 'checks.jsonl'), lines: checks.skippedLines, movedTo: checks.unreadableMovedTo },
    ]
      .filter((s) => s.lines > 0)
      .map(({ movedTo, ...s }) => (movedTo ? { ...s, movedTo } : s))
    for (const s of skippedLines) options.log(`warning: ${describeSkippedLines(s)}`)

    const engine = createEngine({
      clock: createSystemClock(timeScale),
      timeScale,
      store,
      deliveries,
      captures,
      runs,
      scenarios: createScenarioStore(join(dataDir, 'scenarios'), storage),
      bodies,
      send: sendHttp,
      random: Math.random,
      host: options.host,
      dataDir,
      recoveries,
      skippedLines,
      storage,
      checks,
    })
    const dispatch = createDispatcher(createApiHandlers(engine), { error: (message) => options.log(`error: ${message}`) })
    const events = eventsThroughTheDoor(engine.subscribe)
    // The engine runs timers from here on (controllers, retries): a restore that fails stops them.
    const resumed =
      options.resume === false
        ? 0
        : await engine.restore({ ...(options.runTimeScale !== undefined && { runTimeScale: options.runTimeScale }) }).catch(async (error: unknown) => {
            await engine.close().catch(() => {})
            throw error
          })
    return {
      engine,
      dataDir,
      dispatch,
      events,
      api: inProcessApi(dispatch, events),
      resumed,
      startReceiver: (receiver) => startReceiver(engine, receiver),
      restore: (restoring = {}) => engine.restore(restoring),
      async close() {
        await engine.close()
        await lock.release()
      },
    }
  } catch (error) {
    await lock.release()
    throw error
  }
}

/** Opens a data directory for a client of the engine (the CLI): the door and the host's lifecycle, never the engine itself. */
export const openSession = (options: OpenEngineOptions): Promise<HostSession> => openEngine(options)
