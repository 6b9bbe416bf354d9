import Ajv2020 from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import { QOVERY_EVENTS, QoveryStandardPayload } from '../../../src/shared/providers/qovery'
import { eventJsonSchema } from '../../../src/main/providers/export'
import { generateEvent } from '../../../src/main/providers/generate'

const NOW = Date.UTC(2021, 10, 14, 5, 0, 22)

function generate(event: string, options: Record<string, unknown> = {}, seed: string | number = 'seed-1') {
  const result = generateEvent({ provider: 'qovery', event, seed, nowMs: NOW, options })
  if (!result.ok) throw new Error(result.error.message)
  return { body: result.data.body, payload: QoveryStandardPayload.parse(result.data.payload) }
}

describe('Qovery STANDARD objects', () => {
  it.each(QOVERY_EVENTS)('%s: every list carries a service', (event) => {
    const { payload } = generate(event).payload
    for (const list of [payload.applications, payload.databases, payload.containers, payload.jobs, payload.logs]) expect(list.length).toBeGreaterThan(0)
  })

  it.each(QOVERY_EVENTS)('%s: containers and jobs follow the event like applications', (event) => {
    const { payload } = generate(event).payload
    const statuses = (item: { current_status: string; desired_status: string }) => [item.current_status, item.desired_status]
    const expected = [payload.current_status, payload.desired_status]
    for (const item of [...payload.applications, ...payload.containers, ...payload.jobs]) expect(statuses(item)).toEqual(expected)
  })
})

describe('Qovery exported JSON Schema', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false })

  it.each(QOVERY_EVENTS)('%s: API objects are open, their typed fields and the envelope are not', (event) => {
    const validate = ajv.compile(eventJsonSchema('qovery', event))
    const { payload } = generate(event)
    const extra = structuredClone(payload) as unknown as { payload: { organization: Record<string, unknown>; applications: { application: Record<string, unknown> }[] } }
    extra.payload.organization.billing_deployment_restriction = null
    extra.payload.organization.not_yet_in_the_api = { any: ['thing'] }
    extra.payload.applications[0]!.application.git_repository = { url: 'https://github.com/acme/cart', branch: 'main' }
    expect(validate(extra), ajv.errorsText(validate.errors)).toBe(true)
    expect(validate({ ...payload, payload: { ...payload.payload, organization: { ...payload.payload.organization, plan: 'GOLD' } } })).toBe(false)
    expect(validate({ ...payload, payload: { ...payload.payload, unexpected: 1 } })).toBe(false)
  })
})
