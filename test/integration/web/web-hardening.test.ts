import { request } from 'node:http'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createWebServer } from '../../../src/main/web/web-server'
import { memoryEngine } from '../../support/memory-engine'

/** A file next to the UI directory: no request may ever read it. */
const OUTSIDE_MARKER = 'outside-the-ui-directory'
const TOKEN = 'tok-0123456789abcdef-XYZ'

interface Answer {
  status: number
  body: string
  headers: Record<string, string | string[] | undefined>
}

/** Raw HTTP: the path is sent byte for byte (no URL normalising), Host and Origin exactly as given. */
function send(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { Host: `127.0.0.1:${port}`, ...options.headers } }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

function staticDirWithNeighbour(): string {
  const parent = mkdtempSync(join(tmpdir(), 'hookbench-web-hardening-'))
  const ui = join(parent, 'ui')
  mkdirSync(join(ui, 'assets'), { recursive: true })
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Hookbench</title>')
  writeFileSync(join(ui, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(parent, 'secret.txt'), OUTSIDE_MARKER)
  symlinkSync(join(parent, 'secret.txt'), join(ui, 'linked.txt'))
  return ui
}

/** Starts web mode on 127.0.0.1; `host` is the address it believes it is bound to (its rules follow it). */
async function startWeb(host: string, token?: string) {
  const { dispatch, engine } = await memoryEngine()
  const { app } = createWebServer({ dispatch, subscribe: engine.subscribe, staticDir: staticDirWithNeighbour(), host, token })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  return { app, engine, port: typeof address === 'object' && address ? address.port : 0 }
}

const jsonFrom = (port: number) => ({ 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${port}` })
const draft = JSON.stringify({ name: 'csrf', url: 'http://127.0.0.1:9/hook', provider: 'divshot' })

describe('web mode on loopback: cross-site requests are refused', () => {
  let app: FastifyInstance
  let port: number
  let subscriptionCount: () => number
  beforeAll(async () => {
    const started = await startWeb('127.0.0.1')
    app = started.app
    port = started.port
    subscriptionCount = () => started.engine.subscriptions.list().length
  })
  afterAll(() => app.close())

  it('accepts a state-changing call from its own page (same Origin, JSON)', async () => {
    const res = await send(port, '/api/createSubscription', { method: 'POST', headers: jsonFrom(port), body: draft })
    expect(res.status).toBe(200)
    await send(port, '/api/deleteSubscription', { method: 'POST', headers: jsonFrom(port), body: JSON.stringify({ id: JSON.parse(res.body).data.id }) })
    expect(subscriptionCount()).toBe(0)
  })

  it('refuses Origin: null (sandboxed frames, data: and file: pages), even on a read', async () => {
    for (const path of ['/api/createSubscription', '/api/getStatus']) {
      const res = await send(port, path, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'null' }, body: path.endsWith('Status') ? '{}' : draft })
      expect(res.status).toBe(403)
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    expect(subscriptionCount()).toBe(0)
  })

  it('refuses a state-changing call without an Origin, and still answers a read without one', async () => {
    const write = await send(port, '/api/createSubscription', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: draft })
    expect(write.status).toBe(403)
    expect(JSON.parse(write.body).error.message).toMatch(/Origin/)
    expect(subscriptionCount()).toBe(0)
    const read = await send(port, '/api/getStatus', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    expect(read.status).toBe(200)
  })

  it.each([
    ['text/plain', 'text/plain;charset=UTF-8'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
  ])('refuses a "simple" POST sent as %s, even from its own Origin (415)', async (_what, contentType) => {
    const res = await send(port, '/api/createSubscription', { method: 'POST', headers: { 'Content-Type': contentType, Origin: `http://127.0.0.1:${port}` }, body: draft })
    expect(res.status).toBe(415)
    expect(subscriptionCount()).toBe(0)
  })

  it('refuses a POST with no Content-Type at all', async () => {
    const res = await send(port, '/api/getStatus', { method: 'POST', headers: { Origin: `http://127.0.0.1:${port}` }, body: '{}' })
    expect(res.status).toBe(415)
  })

  it('refuses a call from another site that rebinds its name to this address', async () => {
    const res = await send(port, '/api/createSubscription', {
      method: 'POST',
      headers: { Host: `rebind.attacker.example:${port}`, Origin: `http://rebind.attacker.example:${port}`, 'Content-Type': 'application/json' },
      body: draft,
    })
    expect(res.status).toBe(421)
    expect(subscriptionCount()).toBe(0)
  })

  it.each([
    `rebind.attacker.example:PORT`,
    `localhost.attacker.example:PORT`,
    `127.0.0.1.nip.io:PORT`,
    `127.0.0.1:PORT.attacker.example`,
    `0x7f000001:PORT`,
    `2130706433:PORT`,
    `127.0.0.1:PORT@evil.example`,
  ])('refuses the Host %j (421) on the page and the event stream', async (template) => {
    const host = template.replace('PORT', String(port))
    for (const path of ['/', '/api/events']) {
      const res = await send(port, path, { headers: { Host: host } })
      expect(res.status).toBe(421)
    }
  })

  it.each([
    '/..%2fsecret.txt',
    '/..%2f..%2f..%2f..%2f..%2fetc/passwd',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/%252e%252e%252fsecret.txt',
    '/..%252fsecret.txt',
    '/%25252e%25252e%25252fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/secret.txt%00.html',
    '/%E0%A4%A',
    '/..%c0%afsecret.txt',
  ])('refuses path traversal on the UI files: %s', async (path) => {
    const res = await send(port, path)
    expect(res.body).not.toContain(OUTSIDE_MARKER)
    expect(res.status).toBe(400)
  })

  it('does not follow a link out of the UI directory', async () => {
    const res = await send(port, '/linked.txt')
    expect(res.body).not.toContain(OUTSIDE_MARKER)
    expect(res.status).toBe(404)
  })

  it('still serves its own files and falls back to the page for client routes', async () => {
    expect((await send(port, '/assets/app.js')).body).toBe('console.log(1)')
    const route = await send(port, '/timeline?x=1')
    expect(route.status).toBe(200)
    expect(route.body).toContain('<title>Hookbench</title>')
  })
})

describe('web mode on the network: every request needs the token', () => {
  let app: FastifyInstance
  let port: number
  beforeAll(async () => {
    const started = await startWeb('0.0.0.0', TOKEN)
    app = started.app
    port = started.port
  })
  afterAll(() => app.close())

  it('refuses the page, the files, the API and the event stream without it (401, and what to do)', async () => {
    for (const [path, method] of [['/', 'GET'], ['/assets/app.js', 'GET'], ['/api/getStatus', 'POST'], ['/api/events', 'GET']] as const) {
      const res = await send(port, path, { method, headers: jsonFrom(port), body: method === 'POST' ? '{}' : undefined })
      expect(res.status, path).toBe(401)
      expect(res.body).toMatch(/access token/)
    }
  })

  it('refuses a wrong token, in the link, a cookie or a header', async () => {
    const wrong = `${TOKEN.slice(0, -1)}Q`
    expect((await send(port, `/?token=${wrong}`)).status).toBe(401)
    expect((await send(port, '/', { headers: { Cookie: `hookbench_token_${port}=${wrong}` } })).status).toBe(401)
    expect((await send(port, '/api/getStatus', { method: 'POST', headers: { ...jsonFrom(port), Authorization: `Bearer ${wrong}` }, body: '{}' })).status).toBe(401)
    // A cookie of another Hookbench on another port is not this one's.
    expect((await send(port, '/', { headers: { Cookie: `hookbench_token_${port + 1}=${TOKEN}` } })).status).toBe(401)
  })

  it("trades the link's token for a cookie the page then sends on every call and the event stream", async () => {
    const opened = await send(port, `/timeline?token=${TOKEN}&x=1`)
    expect(opened.status).toBe(303)
    expect(opened.headers.location).toBe('/timeline?x=1')
    const cookie = String(opened.headers['set-cookie'])
    expect(cookie).toContain(`hookbench_token_${port}=${TOKEN}`)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const asPage = { Cookie: cookie.split(';', 1)[0]! }
    expect((await send(port, '/timeline', { headers: asPage })).status).toBe(200)
    const call = await send(port, '/api/getStatus', { method: 'POST', headers: { ...jsonFrom(port), ...asPage }, body: '{}' })
    expect(call.status).toBe(200)
    const events = await openEventStream(port, asPage)
    expect(events).toBe(200)
  })

  it('takes the token as a Bearer header (scripts)', async () => {
    const res = await send(port, '/api/getStatus', { method: 'POST', headers: { ...jsonFrom(port), Authorization: `Bearer ${TOKEN}` }, body: '{}' })
    expect(res.status).toBe(200)
  })

  it('keeps refusing rebinding names and other origins, token or not', async () => {
    const withToken = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }
    const rebound = await send(port, '/api/getStatus', { method: 'POST', headers: { ...withToken, Host: `rebind.attacker.example:${port}` }, body: '{}' })
    expect(rebound.status).toBe(421)
    const foreign = await send(port, '/api/getStatus', { method: 'POST', headers: { ...withToken, Origin: 'http://evil.example' }, body: '{}' })
    expect(foreign.status).toBe(403)
    const nullOrigin = await send(port, '/api/getStatus', { method: 'POST', headers: { ...withToken, Origin: 'null' }, body: '{}' })
    expect(nullOrigin.status).toBe(403)
  })
})

/** Opens `/api/events` and answers its status once the headers arrive. */
function openEventStream(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/events', headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      resolve(res.statusCode ?? 0)
      req.destroy()
    })
    req.on('error', (error) => (error.message === 'socket hang up' ? undefined : reject(error)))
    req.end()
  })
}
