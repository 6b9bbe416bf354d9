import { describe, expect, expectTypeOf, it } from 'vitest'
import { RetryPolicy } from '../../../src/shared/schemas/retry-policy'
import { Duration, STEP_KINDS, Scenario, Step, type StepOf, StrictRetryPolicy, parseDuration, stepKind } from '../../../src/shared/schemas/scenario'

const base = { version: 1, name: 'demo', provider: 'ocean-cd' } as const

describe('durations', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1m5s250ms', 65_250],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms))

  it.each(['', '30x', '1.5s', 'm', '30 s', '5s1m'])('"%s" is not a duration', (text) => expect(parseDuration(text)).toBeUndefined())

  it('a wait takes a duration with its unit and holds milliseconds; a bare number is refused with both readings', () => {
    expect(Step.parse({ wait: '1h30m' })).toEqual({ wait: 5_400_000 })
    expect(Step.parse({ wait: '500ms' })).toEqual({ wait: 500 })
    expect(Step.parse({ wait: '3d' })).toEqual({ wait: 3 * 86_400_000 })
    expect(Step.parse({ wait: '1d12h' })).toEqual({ wait: 36 * 3_600_000 })
    expect(Step.safeParse({ wait: '12h1d' }).success).toBe(false)
    expect(Step.safeParse({ wait: '30x' }).success).toBe(false)
    expect(Step.safeParse({ wait: -1 }).success).toBe(false)
    expect(Duration.safeParse(90).error?.issues[0]?.message).toBe('needs a unit: write 90s or 90ms (also m, h and d, e.g. 1h30m)')
    expect(Duration.safeParse('90').error?.issues[0]?.message).toBe('needs a unit: write 90s or 90ms (also m, h and d, e.g. 1h30m)')
  })
})

describe('steps', () => {
  const examples = [
    { fire: 'rollout-started' },
    { wait: '30s' },
    { heartbeat: 'stop', cluster: 'prod-1' },
    { repeat: 2, steps: [{ fire: 'rollout-started' }] },
    { parallel: [{ fire: 'rollout-started' }, { wait: '5ms' }] },
    { duplicate: 'start' },
    { reorder: 'reverse', steps: [{ fire: 'rollout-started' }, { fire: 'rollout-finished' }] },
    { expect: { delivered: 'all' } },
    { http: { url: 'http://127.0.0.1:3000/reset', method: 'POST' } },
    { include: 'other.yaml' },
    { load: { fire: 'deploy', rate: '200/s', for: '10s' } },
  ]

  it('each kind parses and says what it is', () => {
    expect(examples.map((step) => stepKind(Step.parse(step)))).toEqual([...STEP_KINDS])
  })

  it('StepOf narrows to one kind, nested steps included', () => {
    expectTypeOf<StepOf<'wait'>['wait']>().toExtend<number | { until: unknown; timeout: number }>()
    expectTypeOf<StepOf<'repeat'>['steps']>().toEqualTypeOf<Step[]>()
    expectTypeOf<StepOf<'fire'>['headers']>().toEqualTypeOf<[string, string][] | undefined>()
  })

  it('the union options are in STEP_KINDS order, the kind key first', () => {
    expect(Step.options.map((option) => Object.keys(option.shape)[0])).toEqual([...STEP_KINDS])
  })

  it('fire defaults and header shapes: a map or a list of pairs, pairs once parsed', () => {
    expect(Step.parse({ fire: 'x', headers: { 'X-Team': 'infra' } })).toEqual({ fire: 'x', headers: [['X-Team', 'infra']], delay: false, drop: false, filteredOut: false })
    expect(Step.parse({ fire: 'x', headers: [['X-Team', 'infra']] })).toMatchObject({ headers: [['X-Team', 'infra']] })
    expect(Step.safeParse({ fire: 'x', headers: { 'X-Team': 1 } }).success).toBe(false)
  })

  it('a dropped fire cannot be delayed, nor be said to be filtered out', () => {
    expect(Step.safeParse({ fire: 'x', drop: true, delay: true }).success).toBe(false)
    expect(Step.safeParse({ fire: 'x', drop: true, filteredOut: true }).success).toBe(false)
    expect(Step.parse({ fire: 'x', filteredOut: true })).toMatchObject({ filteredOut: true })
  })

  it('expectations: exactly one key each; http has defaults (it must become true within 10 s unless it says otherwise)', () => {
    expect(Step.parse({ expect: { http: { url: 'http://127.0.0.1:3000/status' } } })).toEqual({
      expect: { http: { url: 'http://127.0.0.1:3000/status', method: 'GET', status: 200 } },
    })
    expect(Step.safeParse({ expect: { http: { url: 'http://127.0.0.1:3000/status', become: '1s', stay: '2s' } } }).success).toBe(false)
    expect(Step.parse({ expect: { delivery: { step: 'start', within: '2s' } } })).toEqual({ expect: { delivery: { step: 'start', within: 2000 } } })
    expect(Step.safeParse({ expect: { delivered: 'all', received: { count: 1 } } }).success).toBe(false)
    expect(Step.safeParse({ expect: { received: {} } }).success).toBe(false)
  })

  it('a step with two kinds, none, or an unknown key is rejected', () => {
    expect(Step.safeParse({ fire: 'x', wait: '1s' }).success).toBe(false)
    expect(Step.safeParse({ name: 'nothing' }).success).toBe(false)
    expect(Step.safeParse({ fire: 'x', provder: 'qovery' }).success).toBe(false)
  })
})

describe('scenario', () => {
  it('fills defaults', () => {
    expect(Scenario.parse({ ...base, steps: [{ wait: '1ms' }] })).toEqual({ ...base, context: {}, vars: {}, endpoints: [], subscriptions: [], steps: [{ wait: 1 }] })
  })

  it('subscriptions take the engine fields with their defaults, plus keep', () => {
    const parsed = Scenario.parse({ ...base, steps: [{ wait: '1ms' }], subscriptions: [{ name: 'mine', url: 'http://127.0.0.1:3000/hooks', provider: 'qovery' }] })
    expect(parsed.subscriptions[0]).toEqual({
      name: 'mine',
      url: 'http://127.0.0.1:3000/hooks',
      provider: 'qovery',
      events: [],
      enabled: true,
      signing: { scheme: 'none' },
      headers: [],
      filters: { events: [], environmentTypes: [], projectNames: [], where: [] },
      options: {},
      concurrency: 4,
      ordered: false,
      keep: false,
    })
  })

  it.each([
    ['signing', { signing: { scheme: 'standard', secert: 'x' } }],
    ['retry', { retry: { preset: 'exponential', baseMS: 5 } }],
    ['filters', { filters: { enviromentTypes: ['PRODUCTION'] } }],
    ['filters.where', { filters: { where: [{ path: 'a', equal: 1 }] } }],
  ])('unknown keys in %s are errors', (_, extra) => {
    const subscription = { name: 'mine', url: 'http://127.0.0.1:3000/hooks', provider: 'qovery', ...extra }
    expect(Scenario.safeParse({ ...base, steps: [{ wait: '1ms' }], subscriptions: [subscription] }).success).toBe(false)
  })

  it('the strict retry policy covers every preset', () => {
    expect(StrictRetryPolicy.options.map((o) => o.shape.preset.value)).toEqual(RetryPolicy.options.map((o) => o.shape.preset.value))
  })

  it('rejects unknown top-level keys, a missing version, no steps', () => {
    expect(Scenario.safeParse({ ...base, steps: [{ wait: '1ms' }], setps: [] }).success).toBe(false)
    expect(Scenario.safeParse({ name: 'x', provider: 'qovery', steps: [{ wait: '1ms' }] }).success).toBe(false)
    expect(Scenario.safeParse({ ...base, steps: [] }).success).toBe(false)
  })
})
