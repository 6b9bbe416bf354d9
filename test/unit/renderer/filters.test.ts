import { describe, expect, it } from 'vitest'
import { captureFilter, deliveryFilter } from '../../../src/main/engine/history-query'
import type { DeliverySummary } from '../../../src/shared/schemas/delivery'
import type { CaptureSummary } from '../../../src/shared/schemas/receiver'
import { type CaptureFilter, type DeliveryFilter, compact, matchesCapture, matchesDelivery } from '../../../src/renderer/src/store/filters'

const deliveries: DeliverySummary[] = ['delivered', 'failed', 'retrying', 'queued'].flatMap((status, i) =>
  ['divshot', 'qovery'].map((provider, j) => ({
    id: `msg_${i}${j}`,
    seq: i * 2 + j,
    eventId: `evt_${i}${j}`,
    runId: j ? 'run_1' : undefined,
    subscriptionId: `sub_${j}`,
    subscriptionName: j ? 'Qovery prod' : 'Divshot staging',
    provider,
    event: j ? 'DEPLOYMENT_FAILURE' : 'release',
    url: `http://127.0.0.1:9/${provider}`,
    status: status as DeliverySummary['status'],
    series: 0,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    attemptCount: 1,
    lastStatus: status === 'failed' ? 503 : 200,
    ...(status === 'failed' && { reason: 'retries exhausted' }),
  })),
)

const captures: CaptureSummary[] = ['GET', 'POST'].flatMap((method, i) =>
  ['inbox', 'other'].map((endpoint, j) => ({
    id: `cap_${i}${j}`,
    endpoint,
    receivedAt: '2026-11-01T00:00:00.000Z',
    method,
    path: j ? '/hooks' : '',
    query: i ? '?a=1' : '',
    size: 10,
    remoteAddress: '127.0.0.1',
    durationMs: 1,
    outcome: i ? 'answered' : 'rejected',
    response: { status: i ? 200 : 413, headers: [], body: '' },
    ...(j && { deliveryId: 'msg_00' }),
  })),
)

const deliveryFilters: DeliveryFilter[] = [
  {},
  { status: 'failed' },
  { status: ['failed', 'retrying'] },
  { provider: 'qovery' },
  { event: 'release' },
  { subscriptionId: 'sub_1', status: 'queued' },
  { runId: 'run_1' },
  { text: 'QOVERY' },
  { text: '503' },
  { text: '  exhausted ' },
  { text: 'nothing like it' },
]
const captureFilters: CaptureFilter[] = [{}, { endpoint: 'other' }, { method: 'post' }, { outcome: 'rejected' }, { deliveryId: 'msg_00' }, { text: '413' }, { text: 'a=1' }, { text: 'HOOKS' }]

describe("the renderer's filters for live records", () => {
  it.each(deliveryFilters)('take the deliveries the engine would list: %j', (filter) => {
    const engine = deliveryFilter(filter)
    expect(deliveries.filter((d) => matchesDelivery(filter, d))).toEqual(deliveries.filter((d) => engine?.(d) ?? true))
  })

  it.each(captureFilters)('take the captures the engine would list: %j', (filter) => {
    const engine = captureFilter(filter)
    expect(captures.filter((c) => matchesCapture(filter, c))).toEqual(captures.filter((c) => engine?.(c) ?? true))
  })

  it('leave out empty fields', () => {
    expect(compact({ text: '', status: undefined, provider: 'qovery', event: [] })).toEqual({ provider: 'qovery' })
  })
})
