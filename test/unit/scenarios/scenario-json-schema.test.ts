import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv2020 from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { SCENARIO_SCHEMA_ID, scenarioJsonSchema } from '../../../src/main/scenarios/scenario-json-schema'

const fixture = (name: string): unknown => parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'scenarios', name), 'utf8'))

describe('the scenario JSON Schema', () => {
  const schema = scenarioJsonSchema()
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false })
  const validate = ajv.compile(schema)
  const valid = (value: unknown) => validate(value) || ajv.errorsText(validate.errors)
  const base = { version: 1, name: 'demo', provider: 'ocean-cd' }

  it('names itself and survives JSON', () => {
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: SCENARIO_SCHEMA_ID, title: 'Hookbench scenario' })
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema)
  })

  it.each(['ocean-cd-rollback.yaml', 'ocean-cd-rollback.json', 'qovery-faults.yaml'])('accepts %s as written (defaults optional, ${vars} unexpanded)', (name) => {
    expect(valid(fixture(name))).toBe(true)
  })

  it('accepts a JSON file naming its schema, any event name (generic), a step naming its own provider', () => {
    expect(valid({ $schema: './hookbench-scenario.schema.json', ...base, provider: 'generic', steps: [{ fire: 'build.finished' }] })).toBe(true)
    expect(valid({ ...base, steps: [{ fire: 'DEPLOYMENT_STARTED', provider: 'qovery' }, { fire: 'anything', provider: 'generic' }] })).toBe(true)
  })

  it.each([
    ['an unknown step key', [{ fire: 'rollout-started', provder: 'qovery' }]],
    ['a step with two kinds', [{ fire: 'rollout-started', wait: '1s' }]],
    ['a bad duration', [{ wait: '30x' }]],
    ['a nested bad step', [{ repeat: 2, steps: [{ parallel: [{ heartbeat: 'pause', cluster: 'c1' }] }] }]],
    ['an event of another provider named on the step', [{ fire: 'rollout-started', provider: 'qovery' }]],
    ['an expectation with two keys', [{ expect: { delivered: 'all', received: { count: 1 } } }]],
    ['no steps', []],
  ])('rejects %s', (_, steps) => {
    expect(validate({ ...base, steps })).toBe(false)
  })

  it('rejects subscription events the platform does not send, and unknown keys', () => {
    const subscription = { name: 's', url: 'http://127.0.0.1:3000/hooks', provider: 'qovery' }
    const steps = [{ wait: '1ms' }]
    expect(valid({ ...base, steps, subscriptions: [{ ...subscription, events: ['DEPLOYMENT_FAILURE'] }] })).toBe(true)
    expect(validate({ ...base, steps, subscriptions: [{ ...subscription, events: ['rollout-failed'] }] })).toBe(false)
    expect(validate({ ...base, steps, subscriptions: [{ ...subscription, retry: { preset: 'exponential', baseMS: 1 } }] })).toBe(false)
  })

  it('offers every catalog event name for completion', () => {
    const fire = JSON.stringify(schema.$defs)
    for (const name of ['rollout-failed', 'DEPLOYMENT_FAILURE', 'FINISH_DEPLOY', 'release']) expect(fire).toContain(`"${name}"`)
  })
})
