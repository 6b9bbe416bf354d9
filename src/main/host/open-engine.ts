import { join } from 'node:path'
import { HookbenchDocument, emptyDocument } from '../../shared/schemas/document'
import type { HostKind } from '../../shared/schemas/status'
import { type Dispatch, createDispatcher } from '../api/dispatch'
import { createApiHandlers } from '../api/handlers'
import { createSystemClock } from '../engine/clock'
import { type Engine, createEngine } from '../engine/engine'
import { ensureDataDir } from '../persistence/data-dir'
import { openDocumentStore } from '../persistence/document-store'
import { describeRecovery } from '../persistence/recovery'

export interface OpenEngineOptions {
  dataDir: string
  host: HostKind
  timeScale?: number
  log: (line: string) => void
}

export interface OpenedEngine {
  engine: Engine
  dispatch: Dispatch
  close(): Promise<void>
}

/** Opens the data directory and builds the engine the way every host (Electron, web, CLI) needs it. */
export async function openEngine(options: OpenEngineOptions): Promise<OpenedEngine> {
  const dataDir = await ensureDataDir(options.dataDir)
  const timeScale = options.timeScale ?? 1
  const store = await openDocumentStore({
    file: join(dataDir, 'hookbench.json'),
    schema: HookbenchDocument,
    initial: emptyDocument,
  })
  const recoveries = store.recovery ? [store.recovery] : []
  for (const recovery of recoveries) options.log(`warning: ${describeRecovery(recovery)}`)

  const engine = createEngine({
    clock: createSystemClock(timeScale),
    store,
    host: options.host,
    dataDir,
    timeScale,
    recoveries,
  })
  const dispatch = createDispatcher(createApiHandlers(engine), {
    error: (message) => options.log(`error: ${message}`),
  })
  return { engine, dispatch, close: () => engine.close() }
}
