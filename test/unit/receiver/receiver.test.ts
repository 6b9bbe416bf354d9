import { describe, expect, it, vi } from 'vitest'
import { type Capture, DEFAULT_ENDPOINT_NAME, Endpoint } from '../../../src/shared/schemas/receiver'
import { type CreateReceiverOptions, createReceiver } from '../../../src/main/receiver/receiver'
import { createFakeClock } from '../../support/fake-clock'
import { receiverHarness } from '../../support/receiver-harness'

const post = (url: string, payload: string | Buffer, headers: Record<string, string> = {}) => ({ method: 'POST' as const, url, payload, headers })
const bodyOf = (capture: Capture) => Buffer.from(capture.bodyBase64, 'base64').toString()

describe('createReceiver', () => {
  it('starts with the inbox endpoint answering 200 at once', async () => {
    const captures: Capture[] = []
    const receiver = createReceiver({ clock: createFakeClock(), onCapture: (c) => captures.push(c) })
    const res = await receiver.app.inject(post(`/r/${DEFAULT_ENDPOINT_NAME}`, '{}'))
    expect(res.statusCode).toBe(200)
    expect(captures).toHaveLength(1)
  })

  it('applies endpoint changes to the next request', async () => {
    const receiver = receiverHarness()
    expect((await receiver.app.inject(post('/r/deploys', '{}'))).statusCode).toBe(404)
    receiver.endpoints.upsert({ name: 'deploys', response: { status: 410 } as never })
    expect((await receiver.app.inject(post('/r/deploys', '{}'))).statusCode).toBe(410)
    receiver.endpoints.remove('deploys')
    expect((await receiver.app.inject(post('/r/deploys', '{}'))).statusCode).toBe(404)
  })

  it('validates endpoint names as slugs', () => {
    expect(() => Endpoint.parse({ name: 'Has Space' })).toThrow(/slug/)
  })

  it('listens on 127.0.0.1 and returns the bound URL', async () => {
    const receiver = createReceiver({ clock: createFakeClock() })
    const url = await receiver.listen({ port: 0 })
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    await receiver.close()
  })
})

describe('malformed and unusual requests', () => {
  const setup = (options: Partial<CreateReceiverOptions> = {}) => receiverHarness(options)

  it('captures bad JSON sent as application/json instead of answering 400', async () => {
    const receiver = setup()
    const res = await receiver.app.inject(post('/r/inbox', '{"broken": ', { 'content-type': 'application/json' }))
    expect(res.statusCode).toBe(200)
    expect(bodyOf(receiver.captures[0]!)).toBe('{"broken": ')
  })

  it('captures a body sent without any content type, and odd content types', async () => {
    const receiver = setup()
    await receiver.app.inject(post('/r/inbox', 'plain bytes'))
    await receiver.app.inject(post('/r/inbox', '<x/>', { 'content-type': 'text/xml; charset=latin1' }))
    expect(receiver.captures.map(bodyOf)).toEqual(['<x/>', 'plain bytes'])
  })

  it('records the 404 body exactly as sent for an unknown endpoint', async () => {
    const receiver = setup()
    const res = await receiver.app.inject(post('/r/typo', '{}'))
    expect(receiver.captures[0]!.response).toMatchObject({ status: 404, body: res.body })
  })

  it('keeps what it read of a body over the endpoint limit', async () => {
    const receiver = receiverHarness({}, [{ name: 'small', maxBodyBytes: 4 }])
    expect((await receiver.app.inject(post('/r/small', '123456'))).statusCode).toBe(413)
    expect(receiver.captures[0]).toMatchObject({ outcome: 'rejected', size: 6 })
    expect(bodyOf(receiver.captures[0]!)).toBe('1234')
  })

  it('passes the sub-path to findDelivery', async () => {
    const findDelivery = vi.fn(() => undefined)
    const receiver = setup({ findDelivery })
    await receiver.app.inject(post('/r/inbox/deploys?x=1', '{}'))
    expect(findDelivery).toHaveBeenCalledWith(expect.objectContaining({ path: '/deploys', body: Buffer.from('{}') }))
  })
})

describe('scripts', () => {
  it('editing verification does not restart "fail the first N"; editing the script does', async () => {
    const receiver = receiverHarness({}, [{ name: 'flaky', response: { failFirst: 2 } as never }])
    const { endpoints } = receiver
    const status = async () => (await receiver.app.inject(post('/r/flaky', '{}'))).statusCode
    expect(await status()).toBe(500)
    endpoints.upsert({ name: 'flaky', response: { failFirst: 2 } as never, verify: { scheme: 'none', secrets: ['x'] } as never })
    expect(await status()).toBe(500)
    expect(await status()).toBe(200)
    endpoints.upsert({ name: 'flaky', response: { failFirst: 1, failStatus: 503 } as never })
    expect([await status(), await status()]).toEqual([503, 200])
  })

  it('a hung request is still waiting after any amount of time', async () => {
    const clock = createFakeClock()
    const receiver = receiverHarness({ clock }, [{ name: 'hang', response: { hang: true } as never }])
    let answered = false
    void receiver.app.inject(post('/r/hang', '{}')).then(() => (answered = true))
    await clock.advance(3_600_000)
    expect(answered).toBe(false)
    expect((await receiver.app.inject(post('/r/inbox', '{}'))).statusCode).toBe(200)
  })
})

describe('heartbeats and catch-all', () => {
  it('accepts any heartbeat body and hands over where it came from', async () => {
    const onHeartbeat = vi.fn()
    const receiver = createReceiver({ clock: createFakeClock(), onHeartbeat })
    const res = await receiver.app.inject(post('/heartbeat/prod-1', 'not json', { 'content-type': 'application/json' }))
    expect(res.statusCode).toBe(202)
    expect(onHeartbeat).toHaveBeenCalledWith('prod-1', expect.objectContaining({ body: Buffer.from('not json'), receivedAt: '2025-01-01T00:00:00.000Z' }))
    expect((await receiver.app.inject(post(`/heartbeat/${'a'.repeat(31)}`, ''))).statusCode).toBe(400)
  })

  it('with a catch-all endpoint, every path is captured and marked', async () => {
    const receiver = receiverHarness({ catchAllEndpoint: DEFAULT_ENDPOINT_NAME })
    for (const url of ['/', '/hooks/deploy?x=1', '/r/inbox/a']) await receiver.app.inject(post(url, '{}'))
    expect([...receiver.captures].reverse().map((c) => [c.endpoint, c.path, c.catchAll])).toEqual([
      ['inbox', '/', true],
      ['inbox', '/hooks/deploy', true],
      ['inbox', '/a', undefined],
    ])
  })
})
