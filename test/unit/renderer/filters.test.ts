import { describe, expect, it } from 'vitest'
import type { DeliverySummary } from '../../../src/shared/schemas/delivery'
import type { CaptureSummary } from '../../../src/shared/schemas/receiver'
import { type DeliveryFilter, matchesDelivery } from '../../../src/renderer/src/store/deliveries/filters'
import { compact } from '../../../src/renderer/src/store/lists/filters'
import { type CaptureFilter, matchesCapture } from '../../../src/renderer/src/store/receiver/filters'

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

const deliveryCases: Array<[DeliveryFilter, string[]]> = [
  [{}, ['msg_00', 'msg_01', 'msg_10', 'msg_11', 'msg_20', 'msg_21', 'msg_30', 'msg_31']],
  [{ status: 'failed' }, ['msg_10', 'msg_11']],
  [{ status: ['failed', 'retrying'] }, ['msg_10', 'msg_11', 'msg_20', 'msg_21']],
  [{ provider: 'qovery' }, ['msg_01', 'msg_11', 'msg_21', 'msg_31']],
  [{ event: 'release' }, ['msg_00', 'msg_10', 'msg_20', 'msg_30']],
  [{ subscriptionId: 'sub_1', status: 'queued' }, ['msg_31']],
  [{ runId: 'run_1' }, ['msg_01', 'msg_11', 'msg_21', 'msg_31']],
  [{ text: 'QOVERY' }, ['msg_01', 'msg_11', 'msg_21', 'msg_31']],
  [{ text: '503' }, ['msg_10', 'msg_11']],
  [{ text: '  exhausted ' }, ['msg_10', 'msg_11']],
  [{ text: '9/div' }, ['msg_00', 'msg_10', 'msg_20', 'msg_30']],
  [{ text: 'nothing like it' }, []],
]
const captureCases: Array<[CaptureFilter, string[]]> = [
  [{}, ['cap_00', 'cap_01', 'cap_10', 'cap_11']],
  [{ endpoint: 'other' }, ['cap_01', 'cap_11']],
  [{ method: 'post' }, ['cap_10', 'cap_11']],
  [{ outcome: 'rejected' }, ['cap_00', 'cap_01']],
  [{ deliveryId: 'msg_00' }, ['cap_01', 'cap_11']],
  [{ text: '413' }, ['cap_00', 'cap_01']],
  [{ text: 'a=1' }, ['cap_10', 'cap_11']],
  [{ text: 'HOOKS' }, ['cap_01', 'cap_11']],
]

describe('the list filters, as the engine and the renderer apply them', () => {
  it.each(deliveryCases)('deliveries %j', (filter, ids) => {
    expect(deliveries.filter((d) => matchesDelivery(filter, d)).map((d) => d.id)).toEqual(ids)
  })

  it.each(captureCases)('captures %j', (filter, ids) => {
    expect(captures.filter((c) => matchesCapture(filter, c)).map((c) => c.id)).toEqual(ids)
  })

  it('leave out empty fields', () => {
    expect(compact({ text: '', status: undefined, provider: 'qovery', event: [] })).toEqual({ provider: 'qovery' })
  })
})
