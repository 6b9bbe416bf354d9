import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEngine } from '../../../src/main/host/open-engine'
import type { Result } from '../../../src/shared/result'
import type { Endpoint } from '../../../src/shared/schemas/receiver'
import type { Subscription } from '../../../src/shared/schemas/subscription'
import { memoryEngine } from '../../support/memory-engine'
import { runCliCaptured } from '../../support/run-cli'
import { fireRequest, subscriptionDraft } from '../../support/inputs'

/*
 * Header names and values Node refuses to send (`ERR_INVALID_HTTP_TOKEN`, `ERR_INVALID_CHAR`) are
 * refused where they come in; one already saved by an older version fails its delivery with the
 * reason instead of crashing the process that sends it.
 */

const draft = { provider: 'generic', name: 'app', url: 'http://127.0.0.1:9/hook' }

function issuesOf(result: Result<unknown>) {
  expect(result.ok).toBe(false)
  return result.ok ? [] : (result.error.issues ?? [])
}

describe('refused where they come in (API)', () => {
  it.each([
    ['a space in a name', [['Bad Name', 'v']], 'headers.0.0', /"Bad Name" is not a header name/],
    ['a colon in a name', [['X-A:b', 'v']], 'headers.0.0', /not a header name/],
    ['CR/LF in a value', [['X-Team', 'a\r\nX-Injected: 1']], 'headers.0.1', /value of "X-Team" holds a line break/],
    ['NUL in a value', [['X-Team', 'a\u0000b']], 'headers.0.1', /line break, NUL or other control character/],
  ])('subscription headers: %s', async (_what, headers, path, message) => {
    const { dispatch } = await memoryEngine()
    const issues = issuesOf(await dispatch('createSubscription', { ...draft, headers }))
    expect(issues).toEqual([{ path, message: expect.stringMatching(message) }])
    expect(await dispatch('listSubscriptions', {})).toMatchObject({ ok: true, data: [] })
  })

  it('a subscription hmacHeader with a space', async () => {
    const { dispatch } = await memoryEngine()
    const signing = { scheme: 'hmac-sha256', secret: 'a-long-enough-secret', hmacHeader: 'X Sig' }
    expect(issuesOf(await dispatch('createSubscription', { ...draft, signing }))).toEqual([
      { path: 'signing.hmacHeader', message: expect.stringMatching(/"X Sig" is not a header name/) },
    ])
  })

  it('a platform option that names a header (Qovery secret header) takes only its known names', async () => {
    const { dispatch } = await memoryEngine()
    const result = await dispatch('createSubscription', { ...draft, provider: 'qovery', options: { secretHeader: 'Qovery Secret' } })
    expect(issuesOf(result)[0]?.path).toBe('options.secretHeader')
  })

  it('an update that adds a bad header changes nothing', async () => {
    const { dispatch } = await memoryEngine()
    const created = (await dispatch('createSubscription', { ...draft, headers: [['X-Team', 'infra']] })) as { ok: true; data: Subscription }
    const result = await dispatch('updateSubscription', { id: created.data.id, changes: { name: 'renamed', headers: [['X-Team', 'infra'], ['Bad Name', 'v']] } })
    expect(issuesOf(result)[0]?.path).toBe('headers.1.0')
    const [stored] = ((await dispatch('listSubscriptions', {})) as { ok: true; data: Subscription[] }).data
    expect(stored).toEqual(created.data)
  })

  it('fire headers and a generic event definition header', async () => {
    const { dispatch, sent } = await memoryEngine()
    await dispatch('createSubscription', draft)
    const fire = { provider: 'generic', event: 'deployed' }
    expect(issuesOf(await dispatch('fireEvent', { ...fire, headers: [['X Run', '1']] }))[0]?.path).toBe('headers.0.0')
    const definition = { name: 'deployed', template: { ok: true }, headers: [['X-Run', 'a\nb']] }
    expect(issuesOf(await dispatch('fireEvent', { ...fire, definition }))[0]?.path).toBe('definition.headers.0.1')
    expect(sent).toEqual([])
  })

  it('receiver endpoints: a scripted header Node cannot answer with is refused on save and on update', async () => {
    const { dispatch } = await memoryEngine()
    const saved = await dispatch('saveEndpoint', { name: 'app', response: { status: 200, headers: [['X Bad', 'v']] } })
    expect(issuesOf(saved)[0]?.path).toBe('response.headers.0.0')
    await dispatch('saveEndpoint', { name: 'app', response: { status: 202, headers: [['X-Ok', '1']] } })
    const updated = await dispatch('updateEndpoint', { name: 'app', changes: { response: { headers: [['X-Ok', 'a\r\nb']] } } })
    expect(issuesOf(updated)[0]?.path).toBe('response.headers.0.1')
    const endpoints = ((await dispatch('listEndpoints', {})) as { ok: true; data: Endpoint[] }).data
    expect(endpoints.find((e) => e.name === 'app')?.response).toMatchObject({ status: 202, headers: [['X-Ok', '1']] })
  })
})

describe('saved by an older version (stored data)', () => {
  let target: Server
  let targetUrl = ''
  let hits = 0
  beforeAll(async () => {
    target = createServer((req, res) => {
      hits++
      req.resume().on('end', () => res.writeHead(204).end())
    })
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
    targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}/hook`
  })
  afterAll(() => new Promise((resolve) => target.close(resolve)))

  /**
   * A data directory holding one subscription whose header and hmacHeader today's input checks
   * refuse (written into hookbench.json as an older version could have), and with `pending` one
   * delivery fired while it was paused: its request, bad headers included, waits to be sent.
   */
  async function dataDirWithBadSubscription(pending: boolean) {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-bad-headers-'))
    const file = join(dataDir, 'hookbench.json')
    const edit = (change: Record<string, unknown>) => {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as { subscriptions: Array<Record<string, unknown>> }
      Object.assign(doc.subscriptions.find((s) => s.name === draft.name)!, change)
      writeFileSync(file, JSON.stringify(doc))
    }
    let opened = await openEngine({ dataDir, host: 'cli', resume: false, log: () => {} })
    const sub = await opened.engine.subscriptions.create(subscriptionDraft({ ...draft, url: targetUrl, paused: true }))
    await opened.close()
    edit({ headers: [['Bad Name', 'v']], signing: { scheme: 'hmac-sha256', secret: 'a-long-enough-secret', hmacHeader: 'X Sig' } })
    if (pending) {
      opened = await openEngine({ dataDir, host: 'cli', resume: false, log: () => {} })
      await opened.engine.deliveries.fire(fireRequest({ provider: 'generic', event: 'deployed', subscriptionIds: [sub.id] }))
      await opened.close()
    }
    edit({ paused: false })
    return { dataDir, subscriptionId: sub.id }
  }

  it('opens (as serve does, resuming), a fire fails its delivery with the reason, and the next delivery goes out', async () => {
    const { dataDir, subscriptionId } = await dataDirWithBadSubscription(false)
    const lines: string[] = []
    const opened = await openEngine({ dataDir, host: 'web', log: (line) => lines.push(line) })
    try {
      expect(lines).toEqual([])
      const fired = await opened.engine.deliveries.fire(fireRequest({ provider: 'generic', event: 'deployed', subscriptionIds: [subscriptionId] }))
      const delivery = await opened.engine.deliveries.whenFinal(fired.deliveries[0]!.id)
      expect(delivery.status).toBe('failed')
      expect(delivery.attempts).toHaveLength(1)
      expect(delivery.attempts[0]!.error).toMatchObject({ class: 'invalid_request', message: expect.stringMatching(/Header name must be a valid HTTP token \["Bad Name"\]/) })
      expect(hits).toBe(0)
      const good = await opened.engine.subscriptions.create(subscriptionDraft({ ...draft, name: 'good', url: targetUrl }))
      const next = await opened.engine.deliveries.fire(fireRequest({ provider: 'generic', event: 'deployed', subscriptionIds: [good.id] }))
      expect((await opened.engine.deliveries.whenFinal(next.deliveries[0]!.id)).status).toBe('delivered')
    } finally {
      await opened.close()
    }
  })

  it('resume sends what was pending: the delivery fails with a clear line, the command exits 1', async () => {
    const { dataDir } = await dataDirWithBadSubscription(true)
    const before = hits
    const { code, stdout, stderr } = await runCliCaptured(['resume', '--data-dir', dataDir], { cwd: dataDir })
    expect(stderr).toBe('')
    expect(stdout).toMatch(/^Resuming 1 pending delivery\n/)
    expect(stdout).toMatch(/invalid_request: .*Header name must be a valid HTTP token \["Bad Name"\]/)
    expect(code).toBe(1)
    expect(hits).toBe(before)
  })
})
