import { mkdtempSync, readFileSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { readdir } from 'node:fs/promises'
import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type OpenedEngine, openEngine } from '../../../src/main/host/open-engine'
import { serveWeb } from '../../../src/main/web/serve-web'
import { DownloadFile } from '../../../src/shared/schemas/download'
import { FilterPreview } from '../../../src/shared/schemas/filter-preview'
import { Subscription } from '../../../src/shared/schemas/subscription'
import { runCliCaptured } from '../../support/run-cli'
import { postApi } from '../../support/web-api'

let opened: OpenedEngine
let web: { url: string; close: () => Promise<void> }
let target: Server
let targetUrl = ''

beforeAll(async () => {
  target = createServer((req, res) => {
    req.resume()
    req.on('end', () => res.writeHead(204).end())
  })
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}/hook`
  const staticDir = mkdtempSync(join(tmpdir(), 'hookbench-static-'))
  opened = await openEngine({ dataDir: mkdtempSync(join(tmpdir(), 'hookbench-tools-')), host: 'web', log: () => {} })
  web = await serveWeb(opened, { host: '127.0.0.1', port: 0, staticDir })
})
afterAll(async () => {
  await web.close()
  await opened.close()
  await new Promise((resolve) => target.close(resolve))
})

/** An API call over HTTP, as the web UI makes it. */
async function call(method: string, input: unknown = {}): Promise<{ ok: boolean; data?: unknown; error?: { code: string; message: string } }> {
  const response = await postApi(web.url, method, input)
  return (await response.json()) as { ok: boolean; data?: unknown; error?: { code: string; message: string } }
}
async function data(method: string, input: unknown = {}) {
  const result = await call(method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`)
  return result.data
}

const entriesOf = (file: DownloadFile) => Object.fromEntries(Object.entries(unzipSync(Buffer.from(file.base64, 'base64'))).map(([path, bytes]) => [path, strFromU8(bytes)]))

/** Every file under `dir` as `relative/path` → text. */
async function filesUnder(dir: string): Promise<Record<string, string>> {
  const names = await readdir(dir, { recursive: true, withFileTypes: true })
  const files = names.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
  return Object.fromEntries(files.map((file) => [relative(dir, file).split(sep).join('/'), readFileSync(file, 'utf8')]))
}

describe('previewFilters', () => {
  const fired: Record<string, string> = {}

  beforeAll(async () => {
    const sub = Subscription.parse(await data('createSubscription', { name: 'qovery-all', url: targetUrl, provider: 'qovery' }))
    await data('createSubscription', { name: 'qovery-copy', url: targetUrl, provider: 'qovery' })
    await data('createSubscription', { name: 'ocean', url: targetUrl, provider: 'ocean-cd' })
    const fire = async (name: string, request: object) => {
      const result = (await data('fireEvent', { provider: 'qovery', ...request })) as { eventId: string }
      fired[name] = result.eventId
    }
    await fire('prodShop', { event: 'DEPLOYMENT_FAILURE', context: { environmentType: 'PRODUCTION', project: 'Shop-EU' } })
    await fire('stagingShop', { event: 'DEPLOYMENT_STARTED', context: { environmentType: 'STAGING', project: 'Shop-EU' } })
    await fire('prodApi', { event: 'DEPLOYMENT_SUCCESSFUL', context: { environmentType: 'PRODUCTION', project: 'api' }, subscriptionIds: [sub.id] })
    await data('fireEvent', { provider: 'ocean-cd', event: 'rollout-failed' })
    await opened.engine.idle()
  })

  it("judges the platform's latest events by the engine's own checks, says which filter stops each, and counts an event once", async () => {
    const preview = FilterPreview.parse(await data('previewFilters', { provider: 'qovery', filters: { environmentTypes: ['production'], projectNames: ['shop*'] } }))
    const byEvent = Object.fromEntries(preview.items.map((item) => [item.eventId, item]))
    expect(preview.items.map((item) => item.eventId)).toEqual([fired.prodApi, fired.stagingShop, fired.prodShop])
    expect(preview.items.every((item) => item.provider === 'qovery' && item.factsKnown)).toBe(true)
    expect(byEvent[fired.prodShop!]).toMatchObject({ matches: true, event: 'DEPLOYMENT_FAILURE' })
    expect(byEvent[fired.stagingShop!]).toMatchObject({ matches: false, failedOn: 'filters.environmentTypes', reason: 'environment type STAGING is not in production' })
    expect(byEvent[fired.prodApi!]).toMatchObject({ matches: false, failedOn: 'filters.projectNames', reason: 'project api matches none of shop*' })
    expect(preview.matched).toBe(1)
  })

  it('checks the event list first and payload clauses against the bytes sent', async () => {
    const preview = FilterPreview.parse(
      await data('previewFilters', { provider: 'qovery', events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STARTED'], filters: { where: [{ path: 'payload.current_status', equals: 'DEPLOYING' }] } }),
    )
    const byEvent = Object.fromEntries(preview.items.map((item) => [item.eventId, item]))
    expect(byEvent[fired.prodApi!]).toMatchObject({ matches: false, failedOn: 'events', reason: 'DEPLOYMENT_SUCCESSFUL is not among its events' })
    expect(byEvent[fired.stagingShop!]).toMatchObject({ matches: true })
    expect(byEvent[fired.prodShop!]).toMatchObject({ matches: false, failedOn: 'filters.where', reason: 'payload.current_status is "DEPLOYMENT_ERROR", not "DEPLOYING"' })
  })

  it('takes the newest events up to the limit; `any` looks at every platform', async () => {
    const two = FilterPreview.parse(await data('previewFilters', { provider: 'qovery', filters: {}, limit: 2 }))
    expect(two.items.map((item) => item.eventId)).toEqual([fired.prodApi, fired.stagingShop])
    const all = FilterPreview.parse(await data('previewFilters', { provider: 'any', filters: {} }))
    expect(all.items.map((item) => item.provider)).toEqual(['ocean-cd', 'qovery', 'qovery', 'qovery'])
    expect(all.matched).toBe(4)
  })

  it('refuses a limit above 200 and says so', async () => {
    const result = await call('previewFilters', { provider: 'qovery', filters: {}, limit: 201 })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(result.error?.message).toContain('limit')
  })

  it('changes nothing: no subscription, no delivery', async () => {
    const before = { subs: await data('listSubscriptions'), status: ((await data('getStatus')) as { counts: unknown }).counts }
    await data('previewFilters', { provider: 'qovery', filters: { projectNames: ['x'] } })
    expect({ subs: await data('listSubscriptions'), status: ((await data('getStatus')) as { counts: unknown }).counts }).toEqual(before)
  })
})

describe('exportPlatformFiles', () => {
  it('zips exactly what `hookbench export fixtures` and `export schema` write, in their default folders', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hookbench-export-'))
    expect((await runCliCaptured(['export', 'fixtures'], { cwd })).code).toBe(0)
    expect((await runCliCaptured(['export', 'schema'], { cwd })).code).toBe(0)
    const file = DownloadFile.parse(await data('exportPlatformFiles', { kind: 'both' }))
    expect(file).toMatchObject({ filename: 'hookbench-fixtures-and-schemas.zip', mimeType: 'application/zip' })
    expect(entriesOf(file)).toEqual(await filesUnder(cwd))
  })

  it('one platform, one kind', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hookbench-export-'))
    expect((await runCliCaptured(['export', 'fixtures', '--provider', 'divshot'], { cwd })).code).toBe(0)
    const file = DownloadFile.parse(await data('exportPlatformFiles', { kind: 'fixtures', provider: 'divshot' }))
    expect(file.filename).toBe('hookbench-fixtures-divshot.zip')
    const entries = entriesOf(file)
    expect(Object.keys(entries).every((path) => path.startsWith('fixtures/divshot/'))).toBe(true)
    expect(entries).toEqual(await filesUnder(cwd))
    const schemas = entriesOf(DownloadFile.parse(await data('exportPlatformFiles', { kind: 'schemas', provider: 'divshot' })))
    expect(Object.keys(schemas).every((path) => /^schemas\/divshot\/[^/]+\.schema\.json$/.test(path))).toBe(true)
  })

  it('says why the generic platform has nothing to export', async () => {
    await expect(call('exportPlatformFiles', { kind: 'fixtures', provider: 'generic' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'generic has no fixed events, so it has no fixtures or schemas to export' },
    })
  })
})

describe('exportScenarios', () => {
  it('says there is nothing to export before a scenario is saved, then zips each saved file as written', async () => {
    await expect(call('exportScenarios')).resolves.toMatchObject({ ok: false, error: { code: 'not_found' } })
    const source = `# my own story\nversion: 1\nname: Checkout rollout\nprovider: qovery\nsubscriptions:\n  - name: inbox\n    url: ${targetUrl}\n    provider: qovery\nsteps:\n  - fire: DEPLOYMENT_STARTED\n`
    await data('saveScenario', { fileName: 'Checkout Rollout.yaml', source })
    const file = DownloadFile.parse(await data('exportScenarios'))
    expect(file.filename).toBe('hookbench-scenarios.zip')
    expect(entriesOf(file)).toEqual({ 'scenarios/checkout-rollout.yaml': source })
    // Renamed in the file and saved again: exported under its new name.
    const renamed = source.replace('name: Checkout rollout', 'name: Checkout canary')
    await data('saveScenario', { id: 'checkout-rollout', fileName: 'checkout-rollout.yaml', source: renamed })
    expect(entriesOf(DownloadFile.parse(await data('exportScenarios')))).toEqual({ 'scenarios/checkout-canary.yaml': renamed })
  })
})
