import { describe, expect, it } from 'vitest'
import type { ApiOutput } from '../../../src/shared/api/contract'
import type { DeliverySummary } from '../../../src/shared/schemas/delivery'
import { deliveryDensity } from '../../../src/main/delivery/density'
import { DensityQuery } from '../../../src/shared/schemas/delivery-density'
import { memoryEngine } from '../../support/memory-engine'
import { fireRequest, subscriptionDraft } from '../../support/inputs'

const MINUTE = 60_000
const T0 = Date.UTC(2026, 0, 1)

/** A summary fired at `at` ms, newest-first lists are built from these. */
function summary(i: number, at: number, overrides: Partial<DeliverySummary> = {}): DeliverySummary {
  const iso = new Date(at).toISOString()
  return {
    id: `msg_${i}`,
    seq: i,
    eventId: `evt_${i}`,
    subscriptionId: 'sub_a',
    subscriptionName: 'A',
    provider: 'divshot',
    event: 'release',
    url: 'http://127.0.0.1:9/',
    status: 'delivered',
    series: 0,
    createdAt: iso,
    updatedAt: iso,
    attemptCount: 1,
    attemptTimes: [at],
    ...overrides,
  }
}

const counts = (series: { status: string; counts: number[] }[], status: string) => series.find((s) => s.status === status)?.counts

describe('deliveryDensity: deliveries fired per bucket, by status', () => {
  it('counts each delivery in the bucket of its creation, by its status now, overall and per subscription', () => {
    const history = [
      summary(0, T0 + 10_000),
      summary(1, T0 + 70_000, { status: 'failed' }),
      summary(2, T0 + 80_000, { subscriptionId: 'sub_b', subscriptionName: 'B' }),
      summary(3, T0 + 3 * MINUTE - 1),
      summary(4, T0 + 3 * MINUTE), // past the last bucket
    ].reverse()
    const density = deliveryDensity(history, DensityQuery.parse({ from: new Date(T0).toISOString(), bucketMs: MINUTE, buckets: 3 }))
    expect(density.total).toBe(4)
    expect(counts(density.series, 'delivered')).toEqual([1, 1, 1])
    expect(counts(density.series, 'failed')).toEqual([0, 1, 0])
    expect(counts(density.series, 'retrying')).toBeUndefined()
    expect(density.lanes.map((l) => [l.subscriptionName, l.total])).toEqual([
      ['A', 3],
      ['B', 1],
    ])
    expect(counts(density.lanes[1]!.series, 'delivered')).toEqual([0, 1, 0])
    expect(density.otherLanes).toBe(0)
  })

  it('applies the list filters and keeps only the busiest lanes, summing the rest as a count', () => {
    const history = Array.from({ length: 30 }, (_, i) => summary(i, T0 + i * 1000, { subscriptionId: `sub_${i % 3}`, subscriptionName: `S${i % 3}`, status: i % 2 ? 'failed' : 'delivered', event: i < 3 ? 'rare' : 'release' })).reverse()
    const query = (extra: object) => DensityQuery.parse({ from: new Date(T0).toISOString(), bucketMs: MINUTE, buckets: 1, ...extra })
    expect(deliveryDensity(history, query({ status: 'failed' })).total).toBe(15)
    expect(deliveryDensity(history, query({ event: 'rare' })).total).toBe(3)
    expect(deliveryDensity(history, query({ text: 's2' })).total).toBe(10)
    const two = deliveryDensity(history, query({ lanes: 2 }))
    expect(two.lanes).toHaveLength(2)
    expect(two.otherLanes).toBe(1)
    expect(deliveryDensity(history, query({ lanes: 0 })).lanes).toEqual([])
  })

  it('stops at the first delivery fired before the window: a recent window does not walk an old history', () => {
    let read = 0
    function* newestFirst() {
      for (let i = 100_000; i >= 0; i--) {
        read++
        yield summary(i, T0 + i * 1000)
      }
    }
    const density = deliveryDensity(newestFirst(), DensityQuery.parse({ from: new Date(T0 + 99_000_000).toISOString(), bucketMs: 1000, buckets: 2000 }))
    expect(density.total).toBe(1001)
    expect(read).toBeLessThan(1010)
  })

  it('refuses more buckets or lanes than it can count at once, saying what to do instead', () => {
    const tooMany = DensityQuery.safeParse({ from: new Date(T0).toISOString(), bucketMs: 1000, buckets: 2001 })
    expect(tooMany.success).toBe(false)
    expect(tooMany.error?.issues[0]?.message).toMatch(/at most 2000 buckets.*wider buckets/)
    expect(DensityQuery.safeParse({ from: new Date(T0).toISOString(), bucketMs: 1000, buckets: 10, lanes: 201 }).error?.issues[0]?.message).toMatch(/at most 200 lanes/)
    expect(DensityQuery.safeParse({ from: 'yesterday', bucketMs: 1000, buckets: 10 }).success).toBe(false)
    expect(DensityQuery.safeParse({ from: new Date(T0).toISOString(), bucketMs: 0, buckets: 10 }).success).toBe(false)
  })
})

describe('getDeliveryDensity through the API', () => {
  it('counts what the engine fired, by the fake clock, with the failures where they happened', async () => {
    const { engine, dispatch, clock } = await memoryEngine(500)
    await engine.subscriptions.create(subscriptionDraft({ name: 'Divshot hook', url: 'http://127.0.0.1:9/divshot', provider: 'divshot', retry: { preset: 'none' } }))
    const startMs = clock.now()
    for (let minute = 0; minute < 5; minute++) {
      for (let k = 0; k <= minute; k++) await engine.deliveries.fire(fireRequest({ provider: 'divshot', event: 'release' }))
      await clock.advance(MINUTE)
    }
    await engine.idle()
    const result = await dispatch('getDeliveryDensity', { from: new Date(startMs).toISOString(), bucketMs: MINUTE, buckets: 5 })
    expect(result.ok).toBe(true)
    const density = (result as { data: ApiOutput<'getDeliveryDensity'> }).data
    expect(density.total).toBe(15)
    expect(counts(density.series, 'failed')).toEqual([1, 2, 3, 4, 5])
    expect(density.lanes[0]).toMatchObject({ subscriptionName: 'Divshot hook', total: 15 })
    const refused = await dispatch('getDeliveryDensity', { from: new Date(startMs).toISOString(), bucketMs: MINUTE, buckets: 5000 })
    expect(refused.ok).toBe(false)
  })
})
