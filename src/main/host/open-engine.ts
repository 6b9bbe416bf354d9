import { join } from 'node:path'
import { HookbenchDocument, emptyDocument } from '../../shared/schemas/document'
import { CheckRun, KEPT_CHECKS } from '../../shared/schemas/check'
import type { HostKind } from '../../shared/schemas/status'
import { type Dispatch, createDispatcher } from '../api/dispatch'
import { createApiHandlers } from '../api/handlers'
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

export interface OpenedEngine {
  engine: Engine
  dispatch: Dispatch
  /** Deliveries picked up from a previous run at start-up. */
  resumed: number
  close(): Promise<void>
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
      dispatch,
      resumed,
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
