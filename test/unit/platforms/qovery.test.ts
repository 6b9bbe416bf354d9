import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv2020 from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import {
  QOVERY_EVENTS,
  QoveryApplication,
  QoveryContainer,
  QoveryDatabase,
  QoveryEnvironment,
  QoveryEnvironmentLog,
  QoveryJob,
  QoveryOrganization,
  QoveryProject,
  QoveryStandardPayload,
} from '../../../src/shared/platforms/qovery/payload'
import { eventJsonSchema } from '../../../src/main/platforms/export'
import { generateEvent } from '../../../src/shared/platforms/generate'

interface Field {
  name: string
  type: string
  format?: string
  enum?: string
  ref?: string
  oneOf?: string[]
}
/** The API's required fields, transcribed from Qovery/qovery-openapi-spec (see its `source`). */
const API = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'qovery-api-required.json'), 'utf8')) as {
  objects: Record<string, Field[]>
  enums: Record<string, string[]>
}

const NOW = Date.UTC(2021, 10, 14, 5, 0, 22)

function generate(event: string, options: Record<string, unknown> = {}, seed: string | number = 'seed-1') {
  const result = generateEvent({ provider: 'qovery', event, seed, nowMs: NOW, options })
  if (!result.ok) throw new Error(result.error.message)
  return { body: result.data.body, payload: QoveryStandardPayload.parse(result.data.payload) }
}

const jsonType = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value)
const FORMATS: Record<string, (value: string) => boolean> = {
  uuid: (value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value),
  'date-time': (value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)),
  uri: (value) => URL.canParse(value),
}

/** What `value` lacks of the API object `object`'s required fields, recursively, as `path: problem`. */
function problems(value: unknown, object: string, at: string): string[] {
  if (jsonType(value) !== 'object') return [`${at}: ${jsonType(value)}, expected a ${object} object`]
  const record = value as Record<string, unknown>
  return API.objects[object]!.flatMap((field) => {
    const path = `${at}.${field.name}`
    const actual = record[field.name]
    if (actual === undefined) return [`${path}: missing`]
    if (jsonType(actual) !== field.type && !(field.type === 'number' && jsonType(actual) === 'integer')) return [`${path}: ${jsonType(actual)}, expected ${field.type}`]
    if (field.format && !FORMATS[field.format]!(actual as string)) return [`${path}: "${String(actual)}" is not a ${field.format}`]
    if (field.enum && !API.enums[field.enum]!.includes(actual as string)) return [`${path}: "${String(actual)}" is not in ${field.enum}`]
    if (field.ref) return problems(actual, field.ref, path)
    if (field.oneOf) {
      const each = field.oneOf.map((variant) => problems(actual, variant, path))
      return each.some((list) => list.length === 0) ? [] : [`${path}: matches none of ${field.oneOf.join(', ')}`, ...each.flat()]
    }
    return []
  })
}

describe('Qovery STANDARD objects (full, the default)', () => {
  it.each(QOVERY_EVENTS)('%s: every object has every field its API object requires, with the right JSON type', (event) => {
    const { payload } = generate(event).payload
    const found = [
      ...problems(payload.organization, 'Organization', 'organization'),
      ...problems(payload.project, 'Project', 'project'),
      ...problems(payload.environment, 'Environment', 'environment'),
      ...payload.applications.flatMap((a, i) => problems(a.application, 'Application', `applications.${i}.application`)),
      ...payload.databases.flatMap((d, i) => problems(d.database, 'Database', `databases.${i}.database`)),
      ...payload.containers.flatMap((c, i) => problems(c.container, 'ContainerResponse', `containers.${i}.container`)),
      ...payload.jobs.flatMap((j, i) => problems(j.job, 'LifecycleJobResponse', `jobs.${i}.job`)),
      ...payload.logs.flatMap((log, i) => problems(log, 'EnvironmentLogs', `logs.${i}`)),
    ]
    expect(found).toEqual([])
  })

  it.each(QOVERY_EVENTS)('%s: every list carries a service; the objects parse with the API schemas', (event) => {
    const { payload } = generate(event).payload
    for (const list of [payload.applications, payload.databases, payload.containers, payload.jobs, payload.logs]) expect(list.length).toBeGreaterThan(0)
    QoveryOrganization.parse(payload.organization)
    QoveryProject.parse(payload.project)
    QoveryEnvironment.parse(payload.environment)
    payload.applications.forEach((a) => QoveryApplication.parse(a.application))
    payload.databases.forEach((d) => QoveryDatabase.parse(d.database))
    payload.containers.forEach((c) => QoveryContainer.parse(c.container))
    payload.jobs.forEach((j) => QoveryJob.parse(j.job))
    payload.logs.forEach((log) => QoveryEnvironmentLog.parse(log))
  })

  it.each(QOVERY_EVENTS)('%s: containers and jobs follow the event like applications', (event) => {
    const { payload } = generate(event).payload
    const statuses = (item: { current_status: string; desired_status: string }) => [item.current_status, item.desired_status]
    const expected = [payload.current_status, payload.desired_status]
    for (const item of [...payload.applications, ...payload.containers, ...payload.jobs]) expect(statuses(item)).toEqual(expected)
  })

  it('references point at the objects of the same event; the context names them', () => {
    const context = { organization: 'Globex', project: 'Shop', environment: 'production', service: 'cart', version: '2.3.4', clusterName: 'prod-us-east-2' }
    const result = generateEvent({ provider: 'qovery', event: 'DEPLOYMENT_FAILURE', seed: 7, nowMs: NOW, context, options: {} })
    if (!result.ok) throw new Error(result.error.message)
    const { payload } = QoveryStandardPayload.parse(result.data.payload)
    expect(payload.project.organization).toEqual({ id: payload.organization.id })
    expect(payload.environment).toMatchObject({ project: { id: payload.project.id }, organization: { id: payload.organization.id }, cloud_provider: { cluster: 'us-east-2' } })
    expect(payload.containers[0]!.container).toMatchObject({ name: 'cart-worker', tag: '2.3.4', image_name: 'globex/cart-worker', environment: { id: payload.environment.id } })
    expect(payload.databases[0]!.database).toMatchObject({ name: 'cart-db', mode: 'MANAGED' })
    expect(payload.logs.at(-1)).toMatchObject({ type: 'ERROR', timestamp: new Date(NOW).toISOString(), details: { execution_id: payload.id } })
  })
})

describe('Qovery STANDARD objects (minimal)', () => {
  it.each(QOVERY_EVENTS)('%s: {id, name} objects and plain log lines, still valid, same ids as full', (event) => {
    const { payload: minimal } = generate(event, { objects: 'minimal' })
    const { payload: full } = generate(event)
    expect(Object.keys(minimal.payload.organization)).toEqual(['id', 'name'])
    expect(problems(minimal.payload.organization, 'Organization', 'organization')).toEqual(['organization.created_at: missing', 'organization.plan: missing'])
    expect(Object.keys(minimal.payload.applications[0]!.application)).toEqual(['id', 'name'])
    expect(Object.keys(minimal.payload.jobs[0]!.job)).toEqual(['id', 'name'])
    expect(minimal.payload.logs.every((line) => typeof line === 'string')).toBe(true)
    expect(minimal.payload.containers).toHaveLength(1)
    expect(minimal.payload_id).toBe(full.payload_id)
    expect(minimal.payload.containers[0]!.container.id).toBe(full.payload.containers[0]!.container.id)
  })
})

describe('Qovery determinism', () => {
  it.each(['full', 'minimal'])('%s: same seed, same bytes; another seed, other bytes', (objects) => {
    for (const event of QOVERY_EVENTS) {
      expect(generate(event, { objects }).body).toBe(generate(event, { objects }).body)
      expect(generate(event, { objects }, 'seed-2').body).not.toBe(generate(event, { objects }).body)
    }
  })
})

describe('Qovery exported JSON Schema', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false })

  it.each(QOVERY_EVENTS)('%s: API objects are open, their typed fields and the envelope are not', (event) => {
    const validate = ajv.compile(eventJsonSchema('qovery', event))
    const { payload } = generate(event)
    const extra = structuredClone(payload) as unknown as {
      payload: { organization: Record<string, unknown>; applications: { application: Record<string, unknown> }[]; logs: Record<string, unknown>[] }
    }
    extra.payload.organization.billing_deployment_restriction = null
    extra.payload.organization.not_yet_in_the_api = { any: ['thing'] }
    extra.payload.applications[0]!.application.git_repository = { url: 'https://github.com/acme/cart', branch: 'main' }
    extra.payload.logs[0]!.error = null
    expect(validate(extra), ajv.errorsText(validate.errors)).toBe(true)
    expect(validate({ ...payload, payload: { ...payload.payload, organization: { ...payload.payload.organization, plan: 'GOLD' } } })).toBe(false)
    expect(validate({ ...payload, payload: { ...payload.payload, unexpected: 1 } })).toBe(false)
    expect(validate(generate(event, { objects: 'minimal' }).payload)).toBe(true)
  })

  it('overrides of API fields are checked against their types', () => {
    const ok = generateEvent({ provider: 'qovery', event: 'DEPLOYMENT_STARTED', seed: 1, nowMs: NOW, set: { 'payload.organization.plan': 'TEAM_2025' } })
    expect(ok.ok).toBe(true)
    const bad = generateEvent({ provider: 'qovery', event: 'DEPLOYMENT_STARTED', seed: 1, nowMs: NOW, set: { 'payload.jobs.0.job.cpu': 'half' } })
    expect(bad).toMatchObject({ ok: false, error: { issues: [{ path: 'payload.jobs.0.job.cpu' }] } })
  })
})
