import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bench, describe } from 'vitest'
import { HookbenchDocument, emptyDocument } from '../src/shared/schemas/document'
import { createSystemClock } from '../src/main/core/clock'
import { createEngine } from '../src/main/engine/engine'
import { openDocumentStore } from '../src/main/persistence/document-store'
import { openJournal } from '../src/main/persistence/journal'
import { openDeliveryHistory } from '../src/main/persistence/delivery-history'
import { openCaptureHistory } from '../src/main/persistence/capture-history'
import { Run } from '../src/shared/schemas/run'
import { createBodyStore } from '../src/main/persistence/body-store'
import { createScenarioStore } from '../src/main/persistence/scenario-store'

/** A real engine on disk with an instant sender: the cost of firing, queueing and recording. */
async function engineOnDisk() {
  const dir = mkdtempSync(join(tmpdir(), 'hookbench-bench-'))
  const deliveries = await openDeliveryHistory(join(dir, 'deliveries.index'), 20_000)
  const engine = createEngine({
    clock: createSystemClock(),
    timeScale: 1,
    store: await openDocumentStore({ file: join(dir, 'hookbench.json'), schema: HookbenchDocument, initial: emptyDocument }),
    deliveries,
    captures: await openCaptureHistory(join(dir, 'captures.index'), 2_000, createBodyStore(undefined)),
    runs: await openJournal({ file: join(dir, 'runs.jsonl'), schema: Run, idOf: (r) => r.id, maxRecords: 100 }),
    scenarios: createScenarioStore(undefined),
    bodies: createBodyStore(join(dir, 'capture-bodies')),
    send: async () => ({ kind: 'response', durationMs: 0, response: { status: 200, headers: [], body: '', bodyBytes: 0, truncated: false } }),
    random: Math.random,
    host: 'cli',
    dataDir: dir,
    recoveries: [],
  })
  const subscription = await engine.subscriptions.create({ name: 'bench', url: 'http://127.0.0.1:9/', provider: 'divshot', concurrency: 64 })
  return { engine, deliveries, subscription }
}

/** 20,000 is ten times 2,000: a queue whose cost per delivery does not grow with the backlog takes about ten times as long. */
for (const { count, warmupIterations } of [
  { count: 2_000, warmupIterations: 5 },
  { count: 20_000, warmupIterations: 1 },
]) {
  const n = count.toLocaleString('en-US')
  describe(`engine: a burst of ${n} fired events, signed and delivered`, () => {
    bench(
      `fire ${n} Divshot releases and wait until all are delivered`,
      async () => {
        const { engine, subscription } = await engineOnDisk()
        await engine.subscriptions.update({ id: subscription.id, changes: { signing: { scheme: 'standard', secret: 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' } } })
        await Promise.all(Array.from({ length: count }, () => engine.fire({ provider: 'divshot', event: 'release' })))
        await engine.idle()
        await engine.close()
      },
      { iterations: 3, warmupIterations },
    )
  })
}
