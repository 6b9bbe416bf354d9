import { summarizeDelivery } from '../../shared/schemas/delivery'
import { summarizeRun } from '../../shared/schemas/run'
import type { Engine } from '../engine/engine'
import { describeCatalog } from '../platforms/catalog'
import type { ApiHandlers } from './dispatch'

/** Maps every contract method to the engine. The compiler insists each method has a handler. */
export function createApiHandlers(engine: Engine): ApiHandlers {
  return {
    getStatus: () => engine.status(),
    getCatalog: () => describeCatalog(),
    listSubscriptions: () => engine.subscriptions.list(),
    createSubscription: (draft) => engine.subscriptions.create(draft),
    updateSubscription: (patch) => engine.subscriptions.update(patch),
    deleteSubscription: async ({ id }) => {
      await engine.subscriptions.remove(id)
      return {}
    },
    getPlatformLog: (query) => engine.platformLog(query),
    fireEvent: (request) => engine.fire(request),
    listDeliveries: (query) => (query.searchBodies ? engine.deliveries.search(query) : engine.deliveries.list(query)),
    getDelivery: ({ id }) => engine.deliveries.get(id),
    redeliver: async ({ id }) => summarizeDelivery(await engine.deliveries.redeliver(id)),
    redeliverFailed: async ({ since }) => ({ ids: await engine.deliveries.redeliverFailed(Date.parse(since)) }),
    listHeartbeats: () => ({ controllers: engine.heartbeats.controllers(), clusters: engine.heartbeats.list() }),
    saveController: (controller) => engine.heartbeats.saveController(controller),
    updateController: (patch) => engine.heartbeats.updateController(patch),
    listEndpoints: () => engine.receiver.endpoints(),
    saveEndpoint: (endpoint) => engine.receiver.saveEndpoint(endpoint),
    updateEndpoint: (patch) => engine.receiver.updateEndpoint(patch),
    removeEndpoint: async ({ name }) => {
      await engine.receiver.removeEndpoint(name)
      return {}
    },
    listCaptures: (query) => engine.receiver.listCaptures(query),
    getCapture: ({ id }) => engine.receiver.getCapture(id),
    exportCaptures: (request) => engine.receiver.exportCaptures(request, engine.status().receiverUrl ?? 'http://127.0.0.1:4781/'),
    listScenarios: () => engine.scenarios.list(),
    getScenario: ({ id }) => engine.scenarios.get(id),
    validateScenario: ({ source, fileName }) => {
      const problems = engine.scenarios.validate(source, fileName)
      return { ok: problems.length === 0, problems }
    },
    saveScenario: (input) => engine.scenarios.save(input),
    deleteScenario: async ({ id }) => {
      await engine.scenarios.remove(id)
      return {}
    },
    runScenario: async ({ id, source, fileName, options }) => {
      const file = id === undefined ? { source: source ?? '', fileName: fileName ?? 'scenario.yaml', id: fileName ?? 'scenario' } : await engine.scenarios.get(id)
      return summarizeRun(await engine.runs.start({ source: file.source, fileName: file.fileName, scenarioId: file.id, options }))
    },
    cancelRun: async ({ id }) => summarizeRun(await engine.runs.cancel(id)),
    replayRun: async (input) => summarizeRun(await engine.runs.replay(input)),
    listRuns: ({ limit }) => engine.runs.list().slice(0, limit),
    getRun: ({ id }) => engine.runs.get(id),
    getSettings: () => engine.settings.get(),
    updateSettings: (changes) => engine.settings.update(changes),
    removeController: async ({ clusterId }) => {
      await engine.heartbeats.removeController(clusterId)
      return {}
    },
  }
}
