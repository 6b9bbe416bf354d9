import { Delivery } from '../../src/shared/schemas/delivery'
import { HookbenchDocument, emptyDocument } from '../../src/shared/schemas/document'
import { Capture } from '../../src/shared/schemas/receiver'
import type { OutgoingRequest, SendResult } from '../../src/main/delivery/http-sender'
import { createEngine } from '../../src/main/engine/engine'
import { createBodyStore } from '../../src/main/persistence/body-store'
import { openDocumentStore } from '../../src/main/persistence/document-store'
import { openJournal } from '../../src/main/persistence/journal'
import { createFakeClock } from './fake-clock'

/** An engine with nothing on disk, a hand-driven clock, and a sender that records requests and answers `status`. */
export async function createMemoryEngine(status = 200) {
  const clock = createFakeClock()
  const sent: OutgoingRequest[] = []
  const engine = createEngine({
    clock,
    timeScale: 1,
    store: await openDocumentStore({ file: undefined, schema: HookbenchDocument, initial: emptyDocument }),
    deliveries: await openJournal({ file: undefined, schema: Delivery, idOf: (d) => d.id, maxRecords: 1000 }),
    captures: await openJournal({ file: undefined, schema: Capture, idOf: (c) => c.id, maxRecords: 1000 }),
    bodies: createBodyStore(undefined),
    send: async (request): Promise<SendResult> => {
      sent.push(request)
      return { kind: 'response', durationMs: 1, response: { status, headers: [], body: '', bodyBytes: 0, truncated: false } }
    },
    random: () => 0.5,
    host: 'cli',
    dataDir: '/nowhere',
    recoveries: [],
  })
  return { clock, engine, sent }
}
