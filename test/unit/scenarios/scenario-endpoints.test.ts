import Ajv2020 from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import { parseScenario } from '../../../src/main/scenarios/parse-scenario'
import { scenarioJsonSchema } from '../../../src/main/scenarios/scenario-json-schema'
import { ScriptedResponse } from '../../../src/shared/schemas/receiver'
import { Scenario, ScenarioEndpoint } from '../../../src/shared/schemas/scenario'

const base = { version: 1, name: 'demo', provider: 'divshot', steps: [{ fire: 'release' }] } as const

describe('scenario endpoints: the schema', () => {
  it('a name alone gets the receiver’s default script, and keep: false', () => {
    expect(ScenarioEndpoint.parse({ name: 'flaky' })).toEqual({ name: 'flaky', response: ScriptedResponse.parse({}), dedupe: false, keep: false })
    expect(Scenario.parse({ ...base, endpoints: [{ name: 'flaky' }] }).endpoints).toHaveLength(1)
  })

  it('takes every field of a receiver endpoint; response headers as a map or pairs', () => {
    const endpoint = ScenarioEndpoint.parse({
      name: 'slow-auth',
      response: { status: 202, failFirst: 2, failStatus: 503, retryAfterSec: 1, delayMs: 250, failureRate: 0.1, seed: 9, headers: { 'X-Hook': 'yes' }, body: 'ok' },
      verify: { scheme: 'native', secrets: ['s3cr3t'], secretHeaders: ['Qovery-Secret'], rejectInvalid: true },
      forward: { url: 'http://127.0.0.1:3000/hooks' },
      maxBodyBytes: 1024,
      keep: true,
    })
    expect(endpoint.response).toMatchObject({ status: 202, failFirst: 2, failStatus: 503, headers: [['X-Hook', 'yes']], hang: false })
    expect(endpoint.verify).toEqual({ scheme: 'native', secrets: ['s3cr3t'], secretHeaders: ['Qovery-Secret'], toleranceSec: 300, rejectInvalid: true })
    expect(endpoint.forward).toEqual({ url: 'http://127.0.0.1:3000/hooks', timeoutMs: 10_000 })
    expect(ScenarioEndpoint.parse({ name: 'pairs', response: { headers: [['X-Hook', 'yes']] } }).response.headers).toEqual([['X-Hook', 'yes']])
  })

  it.each([
    ['at the top', { name: 'x', respnse: {} }],
    ['in response', { name: 'x', response: { failfirst: 2 } }],
    ['in verify', { name: 'x', verify: { scheme: 'none', secrets: ['a'], secret: 'a' } }],
    ['in forward', { name: 'x', forward: { url: 'http://127.0.0.1:3000', timeout: 5 } }],
  ])('unknown keys %s are errors', (_, endpoint) => {
    expect(ScenarioEndpoint.safeParse(endpoint).success).toBe(false)
  })

  it('rejects inbox (it always exists), names that are not slugs, bad scripts and secrets the scheme refuses', () => {
    expect(ScenarioEndpoint.safeParse({ name: 'inbox' }).error?.issues[0]?.message).toContain('always exists')
    expect(ScenarioEndpoint.safeParse({ name: 'My Endpoint' }).success).toBe(false)
    expect(ScenarioEndpoint.safeParse({ name: 'x', response: { failFirst: -1 } }).success).toBe(false)
    expect(ScenarioEndpoint.safeParse({ name: 'x', response: { failureRate: 2 } }).success).toBe(false)
    const badSecret = ScenarioEndpoint.safeParse({ name: 'x', verify: { scheme: 'standard', secrets: ['not-base64!'] } })
    expect(badSecret.error?.issues[0]?.path).toEqual(['verify', 'secrets', 0])
  })
})

describe('scenario endpoints in a file', () => {
  const file = (...endpoints: string[]) =>
    ['version: 1', 'name: demo', 'provider: divshot', 'endpoints:', ...endpoints, 'steps: [{ fire: release }]'].join('\n')

  it('parse, with ${vars} substituted', () => {
    const result = parseScenario(file('  - name: flaky', '    response: { failFirst: 2, body: "${reply}" }'), { vars: { reply: 'later' } })
    expect(result).toMatchObject({ ok: true, scenario: { endpoints: [{ name: 'flaky', response: { failFirst: 2, body: 'later' } }] } })
  })

  it('names must be unique; problems are placed', () => {
    const result = parseScenario(file('  - name: flaky', '  - name: flaky', '    response: { failFrist: 1 }'))
    expect(result).toEqual({
      ok: false,
      problems: [
        { path: 'endpoints[1].name', message: 'duplicate endpoint name "flaky" (first used at endpoints[0].name)', line: 6, column: 11 },
        { path: 'endpoints[1].response.failFrist', message: 'unknown key "failFrist"; did you mean "failFirst"?', line: 7, column: 17 },
      ],
    })
  })

  it('the JSON Schema accepts them and rejects unknown keys', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false })
    const validate = ajv.compile(scenarioJsonSchema())
    const endpoint = { name: 'flaky', response: { failFirst: 2, headers: { 'Retry-After': '1' } }, verify: { scheme: 'none', secrets: ['x'] }, keep: true }
    expect(validate({ ...base, endpoints: [endpoint] }) || ajv.errorsText(validate.errors)).toBe(true)
    expect(validate({ ...base, endpoints: [{ ...endpoint, respnse: {} }] })).toBe(false)
    expect(validate({ ...base, endpoints: [{ name: 'flaky', response: { failfirst: 2 } }] })).toBe(false)
    expect(validate({ ...base, endpoints: [{ name: 'Flaky Endpoint' }] })).toBe(false)
    expect(validate({ ...base, endpoints: [{ response: {} }] })).toBe(false)
  })
})
