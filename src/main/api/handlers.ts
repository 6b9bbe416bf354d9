import { summarizeDelivery } from '../../shared/schemas/delivery'
import { summarizeRun } from '../../shared/schemas/run'
import type { Engine } from '../engine/engine'
import { describeCatalog } from '../platforms/catalog'
import { runReport, runsJunitReport } from '../scenarios/run-report'
import { platformFilesArchive } from '../platforms/export'
import { platformOf } from '../../shared/platforms'
import { savedScenariosArchive } from '../scenarios/export-archive'
import { ApiFailure } from '../core/errors'
import type { ApiHandlers } from './dispatch'
import { redactCapture, redactDelivery, redactRun } from '../signing/redact'
import { captureSecretMask } from './capture-secrets'

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
    getPlatformLog: (query) => engine.deliveries.platformLog(query),
    fireEvent: (request) => engine.deliveries.fire(request),
    previewFire: (request) => engine.deliveries.preview(request),
    listDeliveries: (query) => (query.searchBodies ? engine.deliveries.search(query) : engine.deliveries.list(query)),
    getDeliveryDensity: (query) => engine.deliveries.density(query),
    getDelivery: async ({ id, reveal }) => {
      const delivery = await engine.deliveries.get(id)
      return reveal ? delivery : redactDelivery(delivery)
    },
    waitForDelivery: async ({ id, timeoutMs, reveal }) => {
      const final = (await engine.deliveries.isFinal(id)) ? await engine.deliveries.get(id) : await engine.within(engine.deliveries.whenFinal(id), timeoutMs)
      const delivery = final ?? (await engine.deliveries.get(id))
      return { final: final !== undefined, delivery: reveal ? delivery : redactDelivery(delivery) }
    },
    redeliver: async ({ id }) => summarizeDelivery(await engine.deliveries.redeliver(id)),
    explainSignature: (input) => engine.deliveries.explainSignature(input),
    redeliverFailed: async ({ since }) => ({ ids: await engine.deliveries.redeliverFailed(Date.parse(since)) }),
    listHeartbeats: () => ({ controllers: engine.heartbeats.controllers(), clusters: engine.heartbeats.list() }),
    createController: (controller) => engine.heartbeats.createController(controller),
    saveController: (controller) => engine.heartbeats.saveController(controller),
    updateController: (patch) => engine.heartbeats.updateController(patch),
    listEndpoints: () => engine.receiver.endpoints(),
    createEndpoint: (endpoint) => engine.receiver.createEndpoint(endpoint),
    saveEndpoint: (endpoint) => engine.receiver.saveEndpoint(endpoint),
    updateEndpoint: (patch) => engine.receiver.updateEndpoint(patch),
    removeEndpoint: async ({ name }) => {
      await engine.receiver.removeEndpoint(name)
      return {}
    },
    listCaptures: (query) => engine.receiver.listCaptures(query),
    getCapture: async ({ id, reveal }) => {
      const capture = await engine.receiver.getCapture(id)
      return reveal ? capture : redactCapture(capture, await captureSecretMask(engine, [capture]))
    },
    exportCaptures: async (request) => {
      const captures = await engine.receiver.capturesToExport(request)
      return engine.receiver.exportCaptures(request, captures, await captureSecretMask(engine, captures), engine.status().receiverUrl ?? 'http://127.0.0.1:4781/')
    },
    listScenarios: () => engine.scenarios.list(),
    getScenario: ({ id }) => engine.scenarios.get(id),
    validateScenario: async ({ source, fileName, files }) => {
      const problems = await engine.scenarios.validate(source, fileName, files)
      return { ok: problems.length === 0, problems }
    },
    saveScenario: (input) => engine.scenarios.save(input),
    deleteScenario: async ({ id }) => {
      await engine.scenarios.remove(id)
      return {}
    },
    runScenario: async ({ id, source, fileName, files, options }) => {
      const file = id === undefined ? { source: source ?? '', fileName: fileName ?? 'scenario.yaml', id: fileName ?? 'scenario' } : await engine.scenarios.get(id)
      // Files the host read next to the scenario (the CLI), else the app's own scenarios by file name.
      const included = files ?? (await engine.scenarios.filesFor(file.source, file.fileName))
      return redactRun(summarizeRun(await engine.runs.start({ source: file.source, fileName: file.fileName, files: included, scenarioId: file.id, options })))
    },
    cancelRun: async ({ id }) => redactRun(summarizeRun(await engine.runs.cancel(id))),
    interruptRun: async ({ id }) => redactRun(summarizeRun(await engine.runs.interruptOne(id))),
    waitForRun: async ({ id, timeoutMs }) => {
      const current = engine.runs.get(id)
      const ended = current.status !== 'running' ? current : await engine.within(engine.runs.whenDone(id), timeoutMs)
      return { ended: ended !== undefined, run: redactRun(summarizeRun(ended ?? engine.runs.get(id))) }
    },
    replayRun: async (input) => redactRun(summarizeRun(await engine.runs.replay(input))),
    listRuns: ({ limit }) => engine.runs.list().slice(0, limit).map(redactRun),
    getRun: ({ id }) => redactRun(engine.runs.get(id)),
    getRunReport: async ({ id, format }) => runReport(engine.runs.get(id), await engine.runs.deliveries(id), format),
    getRunsReport: async ({ ids, refused }) =>
      runsJunitReport(await Promise.all(ids.map(async (id) => ({ run: engine.runs.get(id), deliveries: await engine.runs.deliveries(id) }))), refused),
    getSettings: () => engine.settings.get(),
    updateSettings: (changes) => engine.settings.update(changes),
    removeController: async ({ clusterId }) => {
      await engine.heartbeats.removeController(clusterId)
      return {}
    },
    previewFilters: (request) => engine.subscriptions.previewFilters(request),
    exportPlatformFiles: ({ kind, provider }) => {
      if (provider && platformOf(provider).events.length === 0) throw new ApiFailure('invalid_input', `${provider} has no fixed events, so it has no fixtures or schemas to export`)
      return platformFilesArchive(kind, provider)
    },
    exportScenarios: () => savedScenariosArchive(engine.scenarios),
    startCheck: (input) => engine.checks.start(input),
    getCheck: ({ id }) => engine.checks.get(id),
    listChecks: ({ limit }) => engine.checks.list(limit),
    waitForCheck: async ({ id, timeoutMs }) => {
      const current = engine.checks.get(id)
      const ended = current.state !== 'running' ? current : await engine.within(engine.checks.whenDone(id), timeoutMs)
      return { ended: ended !== undefined, check: ended ?? engine.checks.get(id) }
    },
    cancelCheck: ({ id }) => engine.checks.cancel(id),
    getCheckReport: ({ id, format }) => engine.checks.file(id, format),
  }
}
