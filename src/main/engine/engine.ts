import type { HostKind, EngineStatus, StorageRecovery } from '../../shared/schemas/status'
import type { HookbenchDocument } from '../../shared/schemas/document'
import type { DocumentStore } from '../persistence/document-store'
import { VERSION } from '../version'
import type { Clock } from './clock'
import { createEventBus } from './event-bus'

export interface EngineDeps {
  clock: Clock
  store: DocumentStore<HookbenchDocument>
  host: HostKind
  dataDir: string
  timeScale: number
  recoveries: StorageRecovery[]
}

/** The engine: one instance per host process, shared by every transport (IPC, HTTP, CLI). */
export function createEngine(deps: EngineDeps) {
  const bus = createEventBus()
  const startedAt = new Date(deps.clock.now()).toISOString()
  let receiverUrl: string | null = null

  const status = (): EngineStatus => ({
    version: VERSION,
    host: deps.host,
    dataDir: deps.dataDir,
    startedAt,
    receiverUrl,
    timeScale: deps.timeScale,
    recoveries: deps.recoveries,
    counts: { subscriptions: 0, deliveries: 0, pendingDeliveries: 0, captures: 0 },
  })

  return {
    status,
    subscribe: bus.subscribe,
    emit: bus.emit,
    setReceiverUrl(url: string | null) {
      receiverUrl = url
      bus.emit({ type: 'status', status: status() })
    },
    async close() {
      await deps.store.flush()
    },
  }
}
export type Engine = ReturnType<typeof createEngine>
