import { describe, expect, it, vi } from 'vitest'
import { type Capture, Endpoint } from '../../../src/shared/schemas/receiver'
import { createReceiverApp } from '../../../src/main/receiver/receiver-app'
import { signRequest } from '../../../src/main/signing/sign'
import { createFakeClock } from '../../support/fake-clock'

function setup(endpoints: Array<Partial<Endpoint> & { name: string }>, extra: { bodyLimit?: number } = {}) {
  const clock = createFakeClock()
  const configs = new Map(endpoints.map((e) => [e.name, Endpoint.parse(e)]))
  const captures: Capture[] = []
  const heartbeats: string[] = []
  const app = createReceiverApp({
    clock,
    endpoint: (name) => configs.get(name),
    onCapture: (capture) => captures.push(capture),
    onHeartbeat: (id) => heartbeats.push(id),
    findDelivery: ({ headers }) => {
      const id = headers.find(([n]) => n === 'webhook-id')?.[1]
      return id ? { deliveryId: id, attempt: 2 } : undefined
    },
    ...extra,
  })
  return { app, clock, captures, heartbeats, configs, set: (e: Partial<Endpoint> & { name: string }) => configs.set(e.name, Endpoint.parse(e)) }
}

const post = (url: string, body: string | Buffer = '{"a":1}', headers: Record<string, string> = { 'content-type': 'application/json' }) => ({
  method: 'POST' as const,
  url,
  payload: body,
  headers,
})

describe('capture', () => {
  it('keeps the raw body bytes, never re-serialised JSON', async () => {
    const { app, captures } = setup([{ name: 'inbox' }])
    const body = '{ "b" : 2,\n  "a":1 }'
    const res = await app.inject(post('/r/inbox', body))
    expect(res.statusCode).toBe(200)
    expect(Buffer.from(captures[0]!.bodyBase64, 'base64').toString()).toBe(body)
    expect(captures[0]).toMatchObject({ endpoint: 'inbox', method: 'POST', path: '', size: Buffer.byteLength(body), outcome: 'answered' })
  })

  it('keeps binary and non-JSON bodies, sub-paths, queries and any method', async () => {
    const { app, captures } = setup([{ name: 'inbox' }])
    const binary = Buffer.from([0, 255, 1, 254, 10, 13])
    await app.inject(post('/r/inbox/deep/path?x=1&y=2', binary, { 'content-type': 'application/octet-stream' }))
    await app.inject({ method: 'PUT', url: '/r/inbox', payload: 'a=1&b=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    await app.inject({ method: 'GET', url: '/r/inbox/ping' })
    expect(Buffer.from(captures[0]!.bodyBase64, 'base64')).toEqual(binary)
    expect(captures[0]).toMatchObject({ path: '/deep/path', query: '?x=1&y=2' })
    expect(captures.map((c) => c.method)).toEqual(['POST', 'PUT', 'GET'])
  })

  it('answers an unknown endpoint with 404 and a hint, and still records it', async () => {
    const { app, captures } = setup([{ name: 'inbox' }])
    const res = await app.inject(post('/r/nope'))
    expect(res.statusCode).toBe(404)
    expect(res.json().error).toContain('/r/inbox')
    expect(captures[0]).toMatchObject({ endpoint: 'nope', response: { status: 404 } })
  })

  it('rejects bodies over the limit with 413 and records the rejection', async () => {
    const { app, captures } = setup([{ name: 'inbox' }, { name: 'small', maxBodyBytes: 4 }], { bodyLimit: 64 })
    expect((await app.inject(post('/r/inbox', 'x'.repeat(65)))).statusCode).toBe(413)
    expect(captures[0]).toMatchObject({ endpoint: 'inbox', outcome: 'rejected', size: 65, response: { status: 413 } })
    expect((await app.inject(post('/r/small', '12345'))).statusCode).toBe(413)
    expect(captures[1]).toMatchObject({ endpoint: 'small', outcome: 'rejected' })
  })

  it('links a request to the delivery that sent it', async () => {
    const { app, captures } = setup([{ name: 'inbox' }])
    await app.inject(post('/r/inbox', '{}', { 'content-type': 'application/json', 'webhook-id': 'msg_123' }))
    expect(captures[0]).toMatchObject({ deliveryId: 'msg_123', attempt: 2 })
  })
})

describe('scripted responses', () => {
  it('answers with the configured status, headers and body', async () => {
    const { app } = setup([{ name: 'inbox', response: { status: 202, headers: [['X-Test', 'yes']], body: 'queued' } as never }])
    const res = await app.inject(post('/r/inbox'))
    expect(res.statusCode).toBe(202)
    expect(res.headers['x-test']).toBe('yes')
    expect(res.body).toBe('queued')
  })

  it('fails the first N requests, then succeeds', async () => {
    const { app, captures } = setup([{ name: 'flaky', response: { failFirst: 2, failStatus: 503 } as never }])
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await app.inject(post('/r/flaky'))).statusCode)
    expect(statuses).toEqual([503, 503, 200, 200])
    expect(captures[0]!.scriptNote).toBe('failing the first 2 (this is 1)')
  })

  it('a failure rate is reproducible for a given seed', async () => {
    const run = async () => {
      const { app } = setup([{ name: 'rate', response: { failureRate: 0.5, seed: 7 } as never }])
      const statuses = []
      for (let i = 0; i < 20; i++) statuses.push((await app.inject(post('/r/rate'))).statusCode)
      return statuses
    }
    const first = await run()
    expect(first).toEqual(await run())
    expect(first.filter((s) => s === 500).length).toBeGreaterThan(3)
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(3)
  })

  it('429 and 503 carry Retry-After; 410 is answered as asked', async () => {
    const { app, set } = setup([{ name: 'busy', response: { status: 429, retryAfterSec: 120 } as never }])
    expect((await app.inject(post('/r/busy'))).headers['retry-after']).toBe('120')
    set({ name: 'busy', response: { status: 410 } as never })
    expect((await app.inject(post('/r/busy'))).statusCode).toBe(410)
  })

  it('delays the answer on the injected clock', async () => {
    const { app, clock } = setup([{ name: 'slow', response: { delayMs: 5000 } as never }])
    let done = false
    const pending = app.inject(post('/r/slow')).then((res) => {
      done = true
      return res
    })
    await vi.waitFor(() => expect(clock.pending()).toBe(1))
    await clock.advance(4999)
    expect(done).toBe(false)
    await clock.advance(1)
    expect((await pending).statusCode).toBe(200)
  })

  it('a live change applies to the next request', async () => {
    const { app, set } = setup([{ name: 'inbox' }])
    expect((await app.inject(post('/r/inbox'))).statusCode).toBe(200)
    set({ name: 'inbox', response: { status: 500 } as never })
    expect((await app.inject(post('/r/inbox'))).statusCode).toBe(500)
  })
})

describe('signature verification per endpoint', () => {
  const secret = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='
  it('records a valid verdict, and an invalid one with the reason', async () => {
    const { app, captures, clock } = setup([{ name: 'signed', verify: { scheme: 'standard', secrets: [secret] } as never }])
    const body = '{"x":1}'
    const headers = Object.fromEntries(signRequest({ scheme: 'standard', secrets: [secret], messageId: 'msg_9', timestampSec: Math.floor(clock.now() / 1000), body }))
    await app.inject(post('/r/signed', body, { 'content-type': 'application/json', ...headers }))
    await app.inject(post('/r/signed', '{"x":2}', { 'content-type': 'application/json', ...headers }))
    await app.inject(post('/r/signed', body))
    expect(captures.map((c) => c.verdict?.reason)).toEqual(['valid', 'signature_mismatch', 'header_missing'])
  })
})

describe('heartbeats', () => {
  it('feeds the watchdog and validates the cluster id', async () => {
    const { app, heartbeats } = setup([])
    expect((await app.inject({ method: 'POST', url: '/heartbeat/prod-eu-1' })).statusCode).toBe(202)
    expect((await app.inject({ method: 'POST', url: '/heartbeat/has%20space' })).statusCode).toBe(400)
    expect(heartbeats).toEqual(['prod-eu-1'])
  })
})
