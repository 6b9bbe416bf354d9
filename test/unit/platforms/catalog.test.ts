import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Ajv2020 from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import { CATALOG_PLATFORMS, type ProviderId, platformOf } from '../../../src/shared/platforms'
import { encodeHermesWire } from '../../../src/shared/platforms/charlescd/build'
import { CharlesCdWireEvent } from '../../../src/shared/platforms/charlescd/payload'
import { DivshotReleasePayload } from '../../../src/shared/platforms/divshot/payload'
import { generateEvent } from '../../../src/shared/platforms/generate'
import { OceanCdHeartbeatPayload, OceanCdRolloutPayload } from '../../../src/shared/platforms/ocean-cd/payload'
import { describeOptions } from '../../../src/shared/platforms/options'
import { parseSetOption } from '../../../src/shared/platforms/overrides'
import { QoverySlackPayload } from '../../../src/shared/platforms/qovery/payload'
import { FIXTURE_NOW_MS, exportFixtures, exportSchemas, fixtureText } from '../../../src/main/platforms/export'

const NOW = Date.UTC(2021, 10, 14, 5, 0, 22)
/** Every combination of a platform's choice options (its payload formats among them). */
const formatsOf = (provider: ProviderId) =>
  describeOptions(platformOf(provider).options)
    .filter((option) => option.kind === 'choice')
    .reduce<Record<string, unknown>[]>((combos, option) => combos.flatMap((combo) => option.values.map((value) => ({ ...combo, [option.key]: value }))), [{}])
const everyEvent = CATALOG_PLATFORMS.flatMap((platform) => platform.events.map((event) => [platform.id, event.name] as [ProviderId, string]))

function generate(provider: ProviderId, event: string, extra: Record<string, unknown> = {}) {
  const result = generateEvent({ provider, event, seed: 'seed-1', nowMs: NOW, ...extra })
  if (!result.ok) throw new Error(result.error.message)
  return result.data
}

describe('examples printed in the spec parse with their schemas', () => {
  it('Divshot §4 / body B', () => {
    const B =
      '{"event":"release","data":{"app":{"name":"your-app","id":"abc123"},"release":{"env":"production","version":12,"author":"someone@example.com","rollback":false,"source":"Divshot CLI","source_env":"staging","timestamp":1417552837,"url":"http://your-app.divshot.io","permanent_url":"http://v12.your-app.divshot.io"}}}'
    expect(DivshotReleasePayload.parse(JSON.parse(B))).toEqual(JSON.parse(B))
    expect(DivshotReleasePayload.safeParse({ ...JSON.parse(B), data: { ...JSON.parse(B).data, release: { ...JSON.parse(B).data.release, rollback: 9 } } }).success).toBe(true)
  })

  it('Ocean CD §1: the documented rollout example values and the heartbeat', () => {
    const rollout = {
      type: 'rollout-started',
      timestamp: '14/11/2021 05:00:22',
      rolloutDetails: { id: 'rol-12345678', startTime: '14/11/2021 04:59:34', rolloutSpec: 'checkout-prod', microservice: 'checkout', environment: 'prod', namespace: 'default' },
      kubernetesDetails: {
        deployment: {
          name: 'checkout',
          labels: [{ key: 'app', value: 'checkout' }],
          version: { oldImage: 'repo/checkout:1.4', newImage: 'repo/checkout:1.5', oldVersion: '1.4', newVersion: '1.5' },
        },
      },
      failure: { reason: '' },
    }
    expect(OceanCdRolloutPayload.safeParse(rollout).success).toBe(true)
    expect(OceanCdRolloutPayload.safeParse({ ...rollout, timestamp: '2021-11-14T05:00:22Z' }).success).toBe(false)
    const heartbeat = {
      type: 'controller-heartbeat-failure',
      timestamp: '14/11/2021 05:00:22',
      clusterId: 'prodcluster01',
      controllerDetails: { controllerVersion: '1.0.37', nodeName: 'node-1', podName: 'pod-1' },
    }
    expect(OceanCdHeartbeatPayload.safeParse(heartbeat).success).toBe(true)
    expect(OceanCdRolloutPayload.safeParse(heartbeat).success).toBe(false)
  })

  it('CharlesCD §3: the hermes-wire vector is 874 bytes with the published SHA-256', () => {
    const event = {
      deploymentId: '5d5c1a3e-0c7b-4a43-9d35-2c1f1b7b9a01',
      type: 'FINISH_DEPLOY',
      status: 'SUCCESS',
      date: { date: { year: 2020, month: 1, day: 10 }, time: { hour: 22, minute: 0, second: 0, nano: 0 } },
      workspaceId: '0e7b5f7e-3a51-4c57-9f6a-1b2c3d4e5f60',
      author: { email: 'jane@example.com', name: 'Jane' },
      timeExecution: 42,
      circle: { id: 'c1a2b3c4-0000-4000-8000-000000000001', name: 'Beta' },
      release: {
        tag: 'release-1.2.0',
        modules: [{ name: 'web', components: [{ id: 'a1b2c3d4-0000-4000-8000-000000000002', name: 'web-ui' }] }],
        features: [{ name: 'login', branchName: 'feature/login' }],
      },
    }
    expect(CharlesCdWireEvent.safeParse(event).success).toBe(true)
    const body = encodeHermesWire(event)
    expect(Buffer.byteLength(body)).toBe(874)
    expect(createHash('sha256').update(body).digest('hex')).toBe('a337d3f64e72b9dd2871cf00e240b64a6c775e38da52641fbeaacf2b8fb18413')
    expect(body.startsWith('{"content":"\\"{\\\\\\"deploymentId\\\\\\":\\\\\\"5d5c1a3e-')).toBe(true)
    expect(JSON.parse(JSON.parse(JSON.parse(body).content))).toEqual(event)
  })

  it('hermes-wire escapes like Gson inside and Go outside', () => {
    const body = encodeHermesWire({ note: "a<b>&c='d'" })
    expect(body).not.toMatch(/[<>&='](?![^"]*":)/)
    expect(JSON.parse(JSON.parse(JSON.parse(body).content))).toEqual({ note: "a<b>&c='d'" })
  })
})

describe('generated payloads', () => {
  // Generation does not parse its own output (only overrides are checked): this test is that check.
  it.each(everyEvent)('%s %s parses with its schema in every format, for several seeds', (provider, event) => {
    for (const options of formatsOf(provider)) {
      for (const [seed, subscriptionId] of [['a', undefined], ['b', 'sub_schema'], [42, undefined]] as const) {
        const result = generateEvent({ provider, event, seed, nowMs: NOW, options, subscriptionId })
        if (!result.ok) throw new Error(result.error.message)
        const parsed = platformOf(provider).payloadSchema(event, options)!.safeParse(result.data.payload)
        expect(parsed.error, `${JSON.stringify(options)} seed ${seed}`).toBeUndefined()
        if (result.data.body.startsWith('{"content":')) expect(JSON.parse(JSON.parse(JSON.parse(result.data.body).content))).toEqual(result.data.payload)
        else expect(JSON.parse(result.data.body)).toEqual(result.data.payload)
      }
    }
  })

  it.each(everyEvent)('%s %s: same seed, same bytes; another seed, fresh ids', (provider, event) => {
    expect(generate(provider, event).body).toBe(generate(provider, event).body)
    expect(generate(provider, event, { seed: 'seed-2' }).body).not.toBe(generate(provider, event).body)
  })

  it('keeps each platform\'s timestamp format', () => {
    expect(generate('ocean-cd', 'rollout-started').payload).toMatchObject({ timestamp: '14/11/2021 05:00:22' })
    expect(generate('qovery', 'DEPLOYMENT_STARTED').payload).toMatchObject({ created_at: '2021-11-14T05:00:22.000Z' })
    expect(generate('charlescd', 'START_DEPLOY').payload).toMatchObject({ event: { date: '2021-11-14 05:00:22' } })
    expect(generate('divshot', 'release').payload).toMatchObject({ data: { release: { timestamp: 1636866022 } } })
  })

  it('uses the context the user gives', () => {
    const qovery = generate('qovery', 'DEPLOYMENT_FAILURE', { context: { project: 'Shop', environment: 'production' } })
    expect(qovery.payload).toMatchObject({ event_type: 'DEPLOYMENT_FAILURE', payload: { project: { name: 'Shop' }, environment: { mode: 'PRODUCTION' }, current_status: 'DEPLOYMENT_ERROR' } })
    expect(qovery.facts).toEqual({ environmentType: 'PRODUCTION', projectName: 'Shop' })
    const divshot = generate('divshot', 'release', { context: { service: 'blog', environment: 'staging', version: '7', rollbackTo: 5 } })
    expect(divshot.payload).toMatchObject({ data: { release: { version: 7, rollback: 5, url: 'http://staging.blog.divshot.io', permanent_url: 'http://v7.blog.divshot.io' } } })
  })

  it('Ocean CD rollout ids and failure reasons follow the spec', () => {
    const started = generate('ocean-cd', 'rollout-started').payload as { rolloutDetails: { id: string }; failure: { reason: string } }
    expect(started.rolloutDetails.id).toMatch(/^rol-[0-9a-f]{8}$/)
    expect(started.failure.reason).toBe('')
    expect((generate('ocean-cd', 'rollout-failed').payload as { failure: { reason: string } }).failure.reason).not.toBe('')
  })

  it('CharlesCD: documented by default, hermes-wire on request; timeExecution only on FINISH_DEPLOY + SUCCESS', () => {
    const documented = generate('charlescd', 'FINISH_DEPLOY', { subscriptionId: 'sub_1' })
    expect(documented.payload).toMatchObject({ subscriptionId: 'sub_1', event: { type: 'FINISH_DEPLOY', status: 'SUCCESS' } })
    expect(JSON.stringify(documented.payload)).toContain('"componentes"')
    expect((documented.payload as { event: object }).event).toHaveProperty('timeExecution')
    expect(documented.headers).toContainEqual(['User-Agent', 'Go-http-client/1.1'])
    const failed = generate('charlescd', 'FINISH_DEPLOY', { context: { status: 'FAIL' } })
    expect((failed.payload as { event: object }).event).not.toHaveProperty('timeExecution')
    expect((failed.payload as { event: object }).event).toHaveProperty('error')
    const wire = generate('charlescd', 'START_UNDEPLOY', { options: { format: 'hermes-wire' } })
    expect(CharlesCdWireEvent.parse(JSON.parse(JSON.parse(JSON.parse(wire.body).content)))).toEqual(wire.payload)
    expect(wire.facts.category).toBe('UNDEPLOY')
  })

  it('Qovery SLACK kind sends a Slack message', () => {
    const slack = generate('qovery', 'DEPLOYMENT_FAILURE', { options: { kind: 'SLACK' }, context: { project: 'Shop', environment: 'production' } })
    expect(QoverySlackPayload.parse(slack.payload).text).toBe('❌ Deployment FAILED · Shop / production (PRODUCTION)')
  })

  it("escapes &, < and > in the Slack kind's text as Slack requires, and nothing else", () => {
    const slack = generate('qovery', 'DEPLOYMENT_SUCCESSFUL', { options: { kind: 'SLACK' }, context: { project: 'R&D <beta>', environment: "a>b & 'c'" } })
    expect(QoverySlackPayload.parse(slack.payload).text).toBe("✅ Deployment SUCCESSFUL · R&amp;D &lt;beta&gt; / a&gt;b &amp; 'c' (DEVELOPMENT)")
    // The STANDARD kind is JSON for programs: names stay as they are.
    const standard = generate('qovery', 'DEPLOYMENT_SUCCESSFUL', { context: { project: 'R&D <beta>' } })
    expect(JSON.stringify(standard.payload)).toContain('"R&D <beta>"')
  })

  it('generic fills its template, keeping value types', () => {
    const generic = generate('generic', 'build.finished', {
      definition: { name: 'build.finished', template: { kind: '{{event}}', at: '{{timestamp.unix}}', msg: 'v{{context.version}} ok', n: 1 } },
      context: { version: '2.0.0' },
    })
    expect(generic.payload).toEqual({ kind: 'build.finished', at: 1636866022, msg: 'v2.0.0 ok', n: 1 })
  })

  it('an unknown event is a clear error listing the valid ones', () => {
    const result = generateEvent({ provider: 'divshot', event: 'deploy', seed: 1, nowMs: NOW })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'divshot has no event "deploy"; its events are release' } })
  })
})

describe('overrides', () => {
  it('set a field by dot path', () => {
    expect(generate('divshot', 'release', { set: { 'data.release.version': 99 } }).payload).toMatchObject({ data: { release: { version: 99 } } })
    expect(generate('ocean-cd', 'rollout-failed', { set: { 'kubernetesDetails.deployment.labels.0.value': 'x' } }).body).toContain('"value":"x"')
  })

  it('a value that breaks the schema is an error naming the path', () => {
    const result = generateEvent({ provider: 'divshot', event: 'release', seed: 1, nowMs: NOW, set: { 'data.release.version': 'twelve' } })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.message).toMatch(/^data\.release\.version: .*number/)
  })

  it('a path that does not exist is an error, so typos never add fields', () => {
    const result = generateEvent({ provider: 'qovery', event: 'DEPLOYMENT_STARTED', seed: 1, nowMs: NOW, set: { 'payload.projekt.name': 'x' } })
    expect(result).toMatchObject({ ok: false, error: { issues: [{ path: 'payload.projekt.name' }] } })
  })

  it('allowInvalid sends the malformed payload on purpose', () => {
    const result = generateEvent({ provider: 'divshot', event: 'release', seed: 1, nowMs: NOW, allowInvalid: true, set: { 'data.release.version': 'twelve', 'data.extra': true } })
    expect(result.ok && JSON.parse(result.data.body)).toMatchObject({ data: { extra: true, release: { version: 'twelve' } } })
  })

  it('command-line values are JSON when they parse, else strings', () => {
    expect(parseSetOption('data.release.version=13')).toEqual({ ok: true, data: { path: 'data.release.version', value: 13 } })
    expect(parseSetOption('payload.project.name=Shop')).toEqual({ ok: true, data: { path: 'payload.project.name', value: 'Shop' } })
    expect(parseSetOption('a.b={"x":[1]}')).toEqual({ ok: true, data: { path: 'a.b', value: { x: [1] } } })
    expect(parseSetOption('nothing').ok).toBe(false)
  })
})

describe('exported fixtures and JSON Schemas', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookbench-export-'))

  it('writes one fixture and one schema per event, and the schemas validate the fixtures (ajv)', async () => {
    const fixtures = await exportFixtures({ outDir: join(dir, 'fixtures') })
    const schemas = await exportSchemas({ outDir: join(dir, 'schemas') })
    expect(fixtures).toHaveLength(everyEvent.length)
    expect(schemas).toHaveLength(everyEvent.length)
    const ajv = new Ajv2020({ allErrors: true, strict: false })
    for (const [provider, event] of everyEvent) {
      const schema = JSON.parse(readFileSync(join(dir, 'schemas', provider, `${event}.schema.json`), 'utf8'))
      const fixture = JSON.parse(readFileSync(join(dir, 'fixtures', provider, `${event}.json`), 'utf8'))
      const validate = ajv.compile(schema)
      expect(validate(fixture), `${provider}/${event}: ${ajv.errorsText(validate.errors)}`).toBe(true)
      expect(validate({ ...fixture, unexpected: 1 })).toBe(false)
    }
    expect(readdirSync(join(dir, 'fixtures'))).toEqual(['charlescd', 'divshot', 'ocean-cd', 'qovery'])
  })

  it.each([
    ['ocean-cd', 'rollout-failed'],
    ['qovery', 'DEPLOYMENT_FAILURE'],
    ['charlescd', 'FINISH_DEPLOY'],
    ['divshot', 'release'],
  ] as const)('golden: %s %s is byte for byte the committed file', (provider, event) => {
    // To update after an intended change: hookbench export fixtures --out /tmp/f && copy the file to test/golden/.
    const golden = readFileSync(join(__dirname, '..', '..', 'golden', `${provider}-${event}.json`), 'utf8')
    expect(fixtureText(provider, event)).toBe(golden)
    expect(FIXTURE_NOW_MS).toBe(Date.UTC(2025, 0, 1))
  })
})
