import { HookbenchDocument, emptyDocument } from '../../src/shared/schemas/document'
import type { HeaderPair } from '../../src/shared/schemas/http'
import type { OutgoingRequest, SendResult, Sender } from '../../src/main/delivery/http-sender'
import { createDispatcher } from '../../src/main/api/dispatch'
import { createApiHandlers } from '../../src/main/api/handlers'
import { createEngine } from '../../src/main/engine/engine'
import { openDocumentStore } from '../../src/main/persistence/document-store'
import { openRunStore } from '../../src/main/persistence/run-store'
import { openDeliveryHistory } from '../../src/main/persistence/delivery-history'
import { openCaptureHistory } from '../../src/main/persistence/capture-history'
import { createBodyStore } from '../../src/main/persistence/body-store'
import { createScenarioStore } from '../../src/main/persistence/scenario-store'
import { createFakeClock } from './fake-clock'
import type { HttpProbe } from '../../src/main/scenarios/expectations'

/** A sender of the test's own (a real one, or a script) instead of the fixed answer; a clock starting elsewhere. */
export interface MemoryEngineOptions {
  send?: Sender
  startMs?: number
  /** The engine's own time scale (a run keeps its own). */
  timeScale?: number
  /** How `http:` expectations reach the app. */
  probe?: HttpProbe
}

/**
 * An engine kept in memory, on a fake clock, whose sender answers `status` (with `headers`), or
 * passes the request to `options.send`, and records each request with the fake time it was sent at.
 */
export async function memoryEngine(status = 200, headers: HeaderPair[] = [], options: MemoryEngineOptions = {}) {
  const clock = createFakeClock(options.startMs)
  const sent: Array<OutgoingRequest & { at: number }> = []
  const deliveries = await openDeliveryHistory(undefined, 1000)
  const engine = createEngine({
    clock,
    timeScale: options.timeScale ?? 1,
    store: await openDocumentStore({ file: undefined, schema: HookbenchDocument, initial: emptyDocument }),
    deliveries,
    captures: await openCaptureHistory(undefined, 1000, createBodyStore(undefined)),
    runs: await openRunStore({ file: undefined, maxRecords: 100 }),
    // Story clocks and app probes are played on the same hand-driven clock.
    realTimer: (fn, ms) => clock.after(ms, fn),
    scenarios: createScenarioStore(undefined),
    bodies: createBodyStore(undefined),
    send: async (request): Promise<SendResult> => {
      sent.push({ ...request, at: clock.now() })
      if (options.send) return options.send(request)
      return { kind: 'response', durationMs: 1, response: { status, headers, body: '', bodyBytes: 0, truncated: false } }
    },
    random: () => 0.5,
    ...(options.probe && { probe: options.probe }),
    host: 'cli',
    dataDir: '/nowhere',
    recoveries: [],
  })
  const dispatch = createDispatcher(createApiHandlers(engine), { error: () => {} })
  return { clock, engine, sent, dispatch, deliveries }
}
