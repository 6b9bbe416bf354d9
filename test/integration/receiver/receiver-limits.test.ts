import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSystemClock } from '../../../src/main/core/clock'
import { receiverHarness } from '../../support/receiver-harness'

const heartbeats: string[] = []
const receiver = receiverHarness({ clock: createSystemClock(), bodyLimit: 1024, onHeartbeat: (id) => heartbeats.push(id) })
let base = ''
beforeAll(async () => {
  base = await receiver.listen({ port: 0 })
})
afterAll(() => receiver.close())

/** Sends a body either with Content-Length or chunked (no length known up front). */
function post(path: string, chunks: string[], chunked = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const length = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0)
    const headers = chunked ? { 'Content-Type': 'application/json' } : { 'Content-Type': 'application/json', 'Content-Length': length }
    const req = request(new URL(path, base), { method: 'POST', headers }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    // The server may answer 413 and close before the whole body is written.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)))
    for (const chunk of chunks) req.write(chunk)
    req.end()
  })
}

describe('receiver limits over real sockets', () => {
  it('answers 413 to a declared body over the limit and records the rejection with its headers', async () => {
    expect(await post('/r/inbox', ['x'.repeat(2000)])).toBe(413)
    const rejected = receiver.captures[0]!
    expect(rejected).toMatchObject({ endpoint: 'inbox', outcome: 'rejected', size: 2000, response: { status: 413 } })
    expect(rejected.headers).toContainEqual(['Content-Type', 'application/json'])
  })

  it('answers 413 to a chunked body that grows over the limit', async () => {
    expect(await post('/r/inbox', ['x'.repeat(600), 'y'.repeat(600)], true)).toBe(413)
    expect(receiver.captures[0]).toMatchObject({ outcome: 'rejected', response: { status: 413 } })
  })

  it('keeps serving after rejections, and takes heartbeats', async () => {
    expect(await post('/r/inbox', ['{"ok":true}'])).toBe(200)
    expect(await post('/heartbeat/abc123', ['{}'])).toBe(202)
    expect(heartbeats).toEqual(['abc123'])
  })
})
