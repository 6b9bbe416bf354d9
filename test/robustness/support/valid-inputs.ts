import type { ApiInput, ApiMethod } from '../../../src/shared/api/contract'

/** Nothing listens there: whatever a fuzzed call sends stays on this machine and is refused. */
export const NOWHERE = 'http://127.0.0.1:9/hooks'

const SCENARIO = `name: fuzz story
seed: 7
subscriptions:
  - name: app
    provider: divshot
    url: ${NOWHERE}
steps:
  - fire: release
`

/**
 * One ordinary input per method, the starting point the mutation fuzzer changes a field at a
 * time; typed by the contract, so a schema change that breaks one is a compile error here.
 */
export const VALID_INPUTS: { [M in ApiMethod]: ApiInput<M> } = {
  getStatus: {},
  getCatalog: {},
  listSubscriptions: {},
  createSubscription: {
    name: 'fuzz',
    url: NOWHERE,
    provider: 'divshot',
    filters: { events: ['release'], where: [{ path: 'payload.app', equals: 'x' }] },
    signing: { scheme: 'standard', secret: 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' },
  },
  updateSubscription: { id: 'sub_missing', changes: { name: 'renamed', paused: true } },
  deleteSubscription: { id: 'sub_missing' },
  getPlatformLog: { id: 'sub_missing', limit: 10 },
  fireEvent: { provider: 'divshot', event: 'release', seed: 1, subscriptionIds: ['sub_missing'], set: { 'data.x': 1 }, headers: [['X-A', 'b']] },
  previewFire: { provider: 'divshot', event: 'release', seed: 1, context: {}, set: { 'data.x': 1 } },
  listDeliveries: { limit: 5, status: 'delivered', text: 'x' },
  getDeliveryDensity: { from: '2026-01-01T00:00:00.000Z', bucketMs: 60_000, buckets: 60, status: 'failed', lanes: 5 },
  getDelivery: { id: 'dlv_missing' },
  waitForDelivery: { id: 'dlv_missing', timeoutMs: 10 },
  redeliver: { id: 'dlv_missing' },
  explainSignature: { deliveryId: 'dlv_missing', attempt: 0 },
  redeliverFailed: { since: '2030-01-01T00:00:00.000Z' },
  listHeartbeats: {},
  createController: { clusterId: 'fuzz-new-cluster', intervalMs: 60_000, running: false },
  saveController: { clusterId: 'fuzz-cluster', intervalMs: 60_000, running: false },
  updateController: { clusterId: 'fuzz-missing', changes: { running: false } },
  listEndpoints: {},
  createEndpoint: { name: 'fuzz-new', response: { status: 201 } },
  saveEndpoint: { name: 'fuzz', response: { status: 202, headers: [['X-A', 'b']], body: 'ok' } },
  updateEndpoint: { name: 'fuzz-missing', changes: { response: { status: 500 } } },
  removeEndpoint: { name: 'fuzz-missing' },
  listCaptures: { limit: 5, endpoint: 'inbox' },
  getCapture: { id: 'cap_missing' },
  exportCaptures: { format: 'har', ids: ['cap_missing'] },
  listScenarios: {},
  getScenario: { id: 'missing-scenario' },
  validateScenario: { source: SCENARIO, fileName: 'fuzz.yaml' },
  saveScenario: { source: SCENARIO, fileName: 'fuzz.yaml' },
  deleteScenario: { id: 'missing-scenario' },
  runScenario: { source: SCENARIO, fileName: 'fuzz.yaml', options: { timeScale: 0.001 } },
  cancelRun: { id: 'run_missing' },
  interruptRun: { id: 'run_missing' },
  waitForRun: { id: 'run_missing', timeoutMs: 10 },
  replayRun: { id: 'run_missing', mode: 'fresh', targets: [NOWHERE] },
  listRuns: { limit: 5 },
  getRun: { id: 'run_missing' },
  getRunReport: { id: 'run_missing', format: 'junit' },
  getRunsReport: { ids: ['run_missing'] },
  getSettings: {},
  updateSettings: { history: { deliveries: 5000 } },
  removeController: { clusterId: 'fuzz-missing' },
  previewFilters: { provider: 'divshot', filters: { events: [], environmentTypes: [], projectNames: [], where: [{ path: 'payload.app', equals: 'x' }] } },
  exportPlatformFiles: { kind: 'fixtures', provider: 'divshot' },
  exportScenarios: {},
  startCheck: { url: NOWHERE, provider: 'divshot' },
  getCheck: { id: 'chk_missing' },
  listChecks: { limit: 10 },
  waitForCheck: { id: 'chk_missing', timeoutMs: 10 },
  cancelCheck: { id: 'chk_missing' },
  getCheckReport: { id: 'chk_missing', format: 'json' },
}
