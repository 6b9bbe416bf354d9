import { mkdtempSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RedirectRule } from '../../../src/shared/schemas/delivery-rules'
import { sendHttp } from '../../../src/main/delivery/http-sender'
import { type OpenedEngine, openEngine } from '../../../src/main/host/open-engine'
import { fireRequest, subscriptionDraft } from '../../support/inputs'

interface Seen {
  method: string
  path: string
  body: string
  contentLength: string | undefined
}

/** `/302/<to>`, `/307/<to>` redirect to `/<to>`; `/loop` redirects to itself; anything else answers 200. */
let server: Server
let base: string
let seen: Seen[] = []
let opened: OpenedEngine

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    req.on('end', () => {
      const path = req.url ?? '/'
      seen.push({ method: req.method ?? '', path, body, contentLength: req.headers['content-length'] })
      const redirect = /^\/(30[1-8])\/(.*)$/.exec(path)
      if (redirect) res.writeHead(Number(redirect[1]), { Location: `/${redirect[2]}` })
      else if (path === '/loop') res.writeHead(302, { Location: '/loop' })
      else res.writeHead(200)
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  opened = await openEngine({ dataDir: mkdtempSync(join(tmpdir(), 'hookbench-redirects-')), host: 'cli', log: () => {} })
})
afterAll(async () => {
  await opened.close()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})
beforeEach(() => {
  seen = []
})

const post = (path: string, redirects: RedirectRule = { mode: 'follow', stopAfter: 10 }) => sendHttp({ url: `${base}${path}`, headers: [['Content-Type', 'application/json']], body: '{"n":1}', timeoutMs: 5000, redirects })

describe('sendHttp follows redirects only when told to', () => {
  it('307 re-sends the POST with its body; 302 turns it into a GET without body', async () => {
    expect(await post('/307/302/final')).toMatchObject({
      kind: 'response',
      response: { status: 200 },
      redirects: [
        { status: 307, method: 'POST', url: `${base}/302/final` },
        { status: 302, method: 'GET', url: `${base}/final` },
      ],
    })
    expect(seen).toEqual([
      { method: 'POST', path: '/307/302/final', body: '{"n":1}', contentLength: '7' },
      { method: 'POST', path: '/302/final', body: '{"n":1}', contentLength: '7' },
      { method: 'GET', path: '/final', body: '', contentLength: undefined },
    ])
  })

  it('a 3xx is the answer when redirects are not followed', async () => {
    const result = await post('/302/final', { mode: 'fail' })
    expect(result).toMatchObject({ kind: 'response', response: { status: 302 } })
    expect(result).not.toHaveProperty('redirects')
    expect(seen).toHaveLength(1)
  })

  it('a redirect loop stops at the 10th redirect, as Go does', async () => {
    const result = await post('/loop')
    expect(result).toMatchObject({ kind: 'error', errorClass: 'network', message: 'stopped after 10 redirects' })
    expect(result.redirects).toHaveLength(9)
    expect(seen).toHaveLength(10)
  })
})

describe('a 302 in front of the endpoint, per platform', () => {
  const fire = async (subscription: Record<string, unknown>) => {
    const engine = opened.engine
    const sub = await engine.subscriptions.create(subscriptionDraft({ name: 'moved', url: `${base}/302/final`, provider: 'charlescd', ...subscription }))
    const result = await engine.deliveries.fire(fireRequest({ provider: 'charlescd', event: 'FINISH_DEPLOY', subscriptionIds: [sub.id] }))
    return engine.deliveries.whenFinal(result.deliveries[0]!.id)
  }

  it('CharlesCD follows it (Go\'s default client) and delivers', async () => {
    const delivery = await fire({ signing: { scheme: 'native', secret: 's3cr3t-key' } })
    expect(delivery.status).toBe('delivered')
    expect(delivery.attempts[0]).toMatchObject({
      url: `${base}/302/final`,
      redirects: [{ status: 302, method: 'GET', url: `${base}/final` }],
      response: { status: 200 },
      note: `followed 1 redirect(s) to GET ${base}/final`,
    })
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(['POST /302/final', 'GET /final'])
  })

  it('a CharlesCD subscription signed the Standard Webhooks way does not follow it', async () => {
    const delivery = await fire({ signing: { scheme: 'standard', secret: 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' }, retry: { preset: 'none' } })
    expect(delivery).toMatchObject({ status: 'failed', reason: '302 (redirects are not followed); the policy makes no retries' })
    expect(delivery.attempts[0]?.redirects).toBeUndefined()
    expect(seen.map((s) => s.path)).toEqual(['/302/final'])
  })
})
