import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Ajv2020 from 'ajv/dist/2020'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ApiInput, ApiMethod, ApiOutput } from '../../../src/shared/api/contract'
import { type OpenedEngine, openEngine } from '../../../src/main/host/open-engine'
import { runCliCaptured } from '../../support/run-cli'
import type * as PlatformList from '../../../src/shared/platforms/list'

/*
 * The README's "Adding a platform", done by a test: a platform written in one folder
 * (test/fixtures/platforms/acme-deploy) and one entry in the registry's list. Everything else must
 * follow from there: the catalog and the CLI's flags, firing and signing, the JSON Schema export
 * and the endpoint check.
 */
vi.mock('../../../src/shared/platforms/list', async (importOriginal) => {
  const actual = await importOriginal<typeof PlatformList>()
  const { acmeDeploy } = await import('../../fixtures/platforms/acme-deploy')
  return { PLATFORMS: [...actual.PLATFORMS, acmeDeploy] }
})

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const cwd = mkdtempSync(join(tmpdir(), 'hookbench-acme-'))
let opened: OpenedEngine
let receiver: { url: string; close(): Promise<void> }

// The new platform's id is not in the compiled ProviderId type: inputs name it as a client would.
async function call<M extends ApiMethod>(method: M, input: unknown): Promise<ApiOutput<M>> {
  const result = await opened.dispatch(method, input as ApiInput<M>)
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
  return result.data as ApiOutput<M>
}

beforeAll(async () => {
  opened = await openEngine({ dataDir: join(cwd, 'data'), host: 'cli', log: () => {} })
  receiver = await opened.startReceiver({ host: '127.0.0.1', port: 0 })
  // A strict endpoint: it verifies Standard Webhooks signatures, refuses a bad one and deduplicates.
  await call('saveEndpoint', { name: 'acme', dedupe: true, verify: { scheme: 'standard', secrets: [SECRET], rejectInvalid: true } })
})
afterAll(async () => {
  await receiver.close()
  await opened.close()
})

describe('a platform added as the README says', () => {
  it('is in the catalog, with its events, options, headers and retry schedule, and in the CLI', async () => {
    const catalog = await call('getCatalog', {})
    const acme = catalog.find((entry) => entry.id === 'acme-deploy')
    expect(acme).toMatchObject({
      title: 'Acme Deploy (test platform)',
      events: [{ name: 'deploy.started' }, { name: 'deploy.finished' }],
      options: [expect.objectContaining({ key: 'region', flag: '--region', values: ['eu', 'us'] })],
      defaultScheme: 'standard',
      retry: { preset: 'fixed', delaysMs: [1_000] },
      timeoutMs: 5_000,
    })
    expect(acme!.headers).toContain('User-Agent: Acme-Hooks/1.0')
    const events = await runCliCaptured(['events', 'acme-deploy'], { cwd })
    expect(events.code, events.stderr).toBe(0)
    expect(events.stdout).toContain('deploy.finished')
    const help = await runCliCaptured(['fire', 'acme-deploy', '--help'], { cwd })
    expect(help.stdout).toContain('--region')
  })

  it('fires, signed as its module says, and the signature verifies with the standardwebhooks library', async () => {
    const subscription = await call('createSubscription', {
      name: 'acme',
      url: `${receiver.url}r/acme`,
      provider: 'acme-deploy',
      options: { region: 'us' },
      signing: { scheme: 'standard', secret: SECRET },
    })
    const fired = await call('fireEvent', { provider: 'acme-deploy', event: 'deploy.finished', context: { service: 'checkout' }, subscriptionIds: [subscription.id] })
    const { delivery } = await call('waitForDelivery', { id: fired.deliveries[0]!.id, timeoutMs: 10_000, reveal: true })
    expect(delivery.status).toBe('delivered')
    const [summary] = (await call('listCaptures', { endpoint: 'acme', limit: 1 })).items
    const capture = await call('getCapture', { id: summary!.id, reveal: true })
    const body = Buffer.from(capture.bodyBase64, 'base64').toString()
    const payload = new Webhook(SECRET).verify(body, Object.fromEntries(capture.headers.map(([name, value]) => [name.toLowerCase(), value])))
    expect(payload).toMatchObject({ type: 'deploy.finished', deploy: { service: 'checkout', region: 'us' } })
    // The platform's flags are the CLI's too.
    const cli = await runCliCaptured(['fire', 'acme-deploy', 'deploy.started', '--to', `${receiver.url}r/acme`, `--secret=${SECRET}`, '--region', 'eu', '--json', '--data-dir', join(cwd, 'cli')], { cwd })
    expect(cli.code, cli.stderr).toBe(0)
    expect(JSON.parse(JSON.parse(cli.stdout).body)).toMatchObject({ type: 'deploy.started', deploy: { region: 'eu' } })
  })

  it('exports a JSON Schema per event that its payloads satisfy', async () => {
    const exported = await runCliCaptured(['export', 'schema', '--provider', 'acme-deploy', '--out', 'schemas'], { cwd })
    expect(exported.code, exported.stderr).toBe(0)
    const schema = JSON.parse(readFileSync(join(cwd, 'schemas', 'acme-deploy', 'deploy.finished.schema.json'), 'utf8')) as object
    const preview = await call('previewFire', { provider: 'acme-deploy', event: 'deploy.finished' })
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(schema)
    expect(validate(preview.payload), JSON.stringify(validate.errors)).toBe(true)
  })

  it('goes through the endpoint check: a strict endpoint passes every case, the out-of-order pair its module names included', async () => {
    const { id } = await call('startCheck', { url: `${receiver.url}r/acme`, provider: 'acme-deploy', secret: SECRET })
    const { ended, check } = await call('waitForCheck', { id, timeoutMs: 60_000 })
    expect(ended).toBe(true)
    expect(check.cases.filter((c) => c.verdict === 'fail')).toEqual([])
    expect(check.passed).toBe(true)
    expect(check.cases.find((c) => c.id === 'out-of-order')).toMatchObject({ verdict: 'pass', reason: 'accepted deploy.finished before deploy.started' })
  })
})
