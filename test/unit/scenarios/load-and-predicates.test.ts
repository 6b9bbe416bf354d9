import { describe, expect, it } from 'vitest'
import { type LoadSample, judgeLoad, percentile, summarizeLoad } from '../../../src/main/scenarios/load-stats'
import { contains, headerMismatch, jsonMismatch } from '../../../src/main/scenarios/predicates'
import { JsonChecks } from '../../../src/shared/schemas/json-predicate'

const sample = (arrival: number, over: Partial<LoadSample> = {}): LoadSample => ({ arrival, dueMs: arrival * 10, sentMs: arrival * 10, outcome: { status: 200 }, latencyMs: 5, retry: false, ...over })

describe('what a load step measured', () => {
  it('nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1)
    expect([50, 90, 95, 99, 100].map((p) => percentile(sorted, p))).toEqual([50, 90, 95, 99, 100])
    expect(percentile([], 95)).toBe(0)
  })

  it('keeps the target\'s latency apart from Hookbench\'s own delay, and says when Hookbench could not keep the rate', () => {
    const late = Array.from({ length: 100 }, (_, i) => sample(i, { sentMs: i * 10 + (i % 2 ? 250 : 0), latencyMs: 3 }))
    const result = summarizeLoad(late, 100, 1000)
    expect(result).toMatchObject({ sent: 100, latencyMs: { p95: 3 }, lagMs: { p95: 250, max: 250 }, keptRate: false })
    expect(judgeLoad(result, { latency: { p95: 10 } }).problems).toEqual([
      "Hookbench could not keep 100/s (it sent 79.8/s; its own delay p95 250 ms, max 250 ms): the figures do not measure your app at that rate; lower the rate, or run where Hookbench has a core to itself",
    ])
    const onTime = summarizeLoad(Array.from({ length: 100 }, (_, i) => sample(i)), 100, 1000)
    expect(onTime).toMatchObject({ keptRate: true, achievedRate: 100 })
    expect(judgeLoad(onTime, { latency: { p95: 10 }, errors: { rate: { inclusive: false, percent: 1 } } })).toEqual({ passed: true, problems: [] })
  })

  it('errors are every answer that is not 2xx, by status or error class; fewer arrivals than asked is not keeping the rate', () => {
    const mixed = [sample(0), sample(1, { outcome: { status: 500 }, retry: true }), sample(2, { outcome: { error: 'timeout' }, retry: true }), sample(3, { outcome: { status: 404 } })]
    const result = summarizeLoad(mixed, 100, 100)
    expect(result).toMatchObject({ answered: 3, errors: { count: 3, rate: 0.75, byKind: { '500': 1, timeout: 1, '404': 1 } }, retries: 2, keptRate: false })
  })
})

describe('JSON and header predicates', () => {
  const checks = (value: unknown) => JsonChecks.parse(value)
  const body = JSON.stringify({ state: 'rolled back', n: 3, list: [{ id: 'a', tags: ['x'] }], gone: null, nested: { a: 1, b: 2 } })

  it.each([
    [{ state: 'rolled back', n: 3 }, undefined],
    [{ state: { contains: 'back' }, n: { gt: 2, lte: 3 }, list: { contains: { id: 'a' } }, nested: { contains: { a: 1 } } }, undefined],
    [{ state: { matches: '^rolled' }, gone: { null: true }, missing: { absent: true }, n: { exists: true } }, undefined],
    [{ state: 'live' }, 'state is "rolled back", expected "live"'],
    [{ n: { gt: 3 } }, 'n is 3, expected more than 3'],
    [{ state: { lt: 3 } }, 'state is "rolled back", not a number (lt 3)'],
    [{ gone: { exists: true }, x: { exists: true } }, 'x is missing'],
    [{ n: { absent: true } }, 'n is 3, expected it to be absent'],
    [{ state: { matches: '^live' } }, 'state is "rolled back", which does not match /^live/'],
    [{ list: { contains: { id: 'b' } } }, 'list is [{"id":"a","tags":["x"]}], which does not contain {"id":"b"}'],
    [{ 'list.0.tags': { contains: 'x' }, 'list.0.id': { equals: 'a' } }, undefined],
    [{ state: { null: true } }, 'state is "rolled back", expected null'],
  ])('%j', (written, mismatch) => {
    expect(jsonMismatch(body, checks(written))).toBe(mismatch)
  })

  it('an answer that is not JSON says so; headers compare in any case', () => {
    expect(jsonMismatch('<html>', checks({ a: 1 }))).toBe('the body is not JSON: <html>')
    const headers: Array<[string, string]> = [['Content-Type', 'application/json; charset=utf-8']]
    expect(headerMismatch(headers, checks({ 'content-type': { contains: 'json' }, 'x-missing': { absent: true } }))).toBeUndefined()
    expect(headerMismatch(headers, checks({ 'X-Request-Id': { exists: true } }))).toBe('header X-Request-Id is missing')
  })

  it('contains: text in text, an item of a list, keys of an object (deeply)', () => {
    expect(contains({ a: { b: [1, 2] }, c: 3 }, { a: { b: 2 } })).toBe(true)
    expect(contains([1, [2, 3]], 3)).toBe(true)
    expect(contains('abc', 'd')).toBe(false)
  })
})
