import { type Server, createServer, request } from 'node:http'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Capture, Endpoint } from '../../../src/shared/schemas/receiver'
import { createSystemClock } from '../../../src/main/core/clock'
import { createReceiverApp } from '../../../src/main/receiver/receiver-app'

const endpoints = new Map<string, Endpoint>()
const captures: Capture[] = []
let base = ''
let app: ReturnType<typeof createReceiverApp>
let target: Server
let targetUrl = ''
const forwarded: Array<{ method?: string; url?: string; headers: string[]; body: string }> = []

beforeAll(async () => {
  for (const e of [
    { name: 'inbox' },
    { name: 'hang', response: { hang: true } },
    { name: 'slow', response: { delayMs: 300 } },
  ]) endpoints.set(e.name, Endpoint.parse(e))
  app = createReceiverApp({ clock: createSystemClock(), endpoint: (n) => endpoints.get(n), onCapture: (c) => captures.push(c) })
  await app.listen({ host: '127.0.0.1', port: 0 })
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  target = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      forwarded.push({ method: req.method, url: req.url, headers: req.rawHeaders, body })
      res.writeHead(201, { 'X-From': 'your-app' }).end('created by your app')
    })
  })
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}/hooks`
  endpoints.set('fwd', Endpoint.parse({ name: 'fwd', response: { status: 202 }, forward: { url: targetUrl } }))
})
afterAll(async () => {
  await app.close()
  await new Promise((resolve) => target.close(resolve))
})

/** Writes a raw HTTP/1.1 request, so header order, case and framing are exactly ours. */
function rawRequest(text: string | Buffer, options: { timeoutMs?: number } = {}): Promise<string> {
  const { port } = new URL(base)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(text))
    let data = ''
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1')
      if (/\r\n\r\n/.test(data)) socket.end()
    })
    socket.on('close', () => resolve(data))
    socket.on('error', reject)
    if (options.timeoutMs) setTimeout(() => socket.destroy(), options.timeoutMs)
  })
}

function post(path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; ms: number }> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

const latest = (endpoint: string) => captures.filter((c) => c.endpoint === endpoint).at(-1)!

describe('receiver over real sockets', () => {
  it('keeps header order and case, and the body bytes, exactly as sent', async () => {
    const body = Buffer.from([0x7b, 0x00, 0xff, 0x7d])
    const head = [
      'POST /r/inbox/x?y=1 HTTP/1.1',
      'Host: 127.0.0.1',
      'X-Zeta: last-alphabetically-first',
      'content-TYPE: application/octet-stream',
      'X-Alpha: 1',
      'X-Alpha: 2',
      `Content-Length: ${body.length}`,
      'Connection: close',
    ].join('\r\n')
    const response = await rawRequest(Buffer.concat([Buffer.from(`${head}\r\n\r\n`), body]))
    expect(response).toMatch(/^HTTP\/1.1 200/)
    const capture = latest('inbox')
    expect(capture.headers.map(([n]) => n)).toEqual(['Host', 'X-Zeta', 'content-TYPE', 'X-Alpha', 'X-Alpha', 'Content-Length', 'Connection'])
    expect(capture.headers.filter(([n]) => n === 'X-Alpha').map(([, v]) => v)).toEqual(['1', '2'])
    expect(Buffer.from(capture.bodyBase64, 'base64')).toEqual(body)
    expect(capture).toMatchObject({ path: '/x', query: '?y=1', remoteAddress: '127.0.0.1' })
  })

  it('a hanging endpoint and a client trickling its body never delay other requests', async () => {
    const hung = rawRequest('POST /r/hang HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}', { timeoutMs: 1500 })
    const { port } = new URL(base)
    const trickler = connect(Number(port), '127.0.0.1')
    trickler.write('POST /r/inbox HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":')
    const timer = setInterval(() => trickler.write(' '), 100)
    const quick = await post('/r/inbox', '{"quick":true}')
    expect(quick.status).toBe(200)
    expect(quick.ms).toBeLessThan(500)
    clearInterval(timer)
    trickler.destroy()
    await hung
    await new Promise((r) => setTimeout(r, 50))
    expect(latest('hang')).toMatchObject({ outcome: 'abandoned', scriptNote: 'hung until the client gave up' })
  })

  it('answers malformed requests with 400 and keeps serving', async () => {
    const bad = await rawRequest('POST /r/inbox HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n{}')
    expect(bad).toMatch(/^HTTP\/1.1 400/)
    const garbage = await rawRequest('\x00\x01 garbage garbage\r\n\r\n')
    expect(garbage).toMatch(/^HTTP\/1.1 400/)
    expect((await post('/r/inbox', '{"still":"alive"}')).status).toBe(200)
  })

  it('delays on the real clock', async () => {
    const slow = await post('/r/slow', '{}')
    expect(slow.ms).toBeGreaterThanOrEqual(290)
  })

  it('forwards each capture to the integrator\'s app and records its answer', async () => {
    const res = await post('/r/fwd/deploys?x=1', '{"fwd":1}', { 'X-Custom': 'kept' })
    expect(res.status).toBe(202)
    await expect.poll(() => captures.find((c) => c.endpoint === 'fwd' && c.forward)?.forward).toMatchObject({
      status: 201,
      bodyPreview: 'created by your app',
      url: `${targetUrl}/deploys?x=1`,
    })
    expect(forwarded[0]).toMatchObject({ method: 'POST', url: '/hooks/deploys?x=1', body: '{"fwd":1}' })
    expect(forwarded[0]!.headers).toContain('X-Custom')
  })

  it('records a forward that fails', async () => {
    endpoints.set('fwd-down', Endpoint.parse({ name: 'fwd-down', forward: { url: 'http://127.0.0.1:9/nowhere' } }))
    await post('/r/fwd-down', '{}')
    await expect.poll(() => captures.find((c) => c.endpoint === 'fwd-down' && c.forward)?.forward?.error).toMatch(/ECONNREFUSED/)
  })
})
