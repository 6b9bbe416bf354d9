import { request } from 'node:http'
import { connect, type Socket } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Capture, Endpoint } from '../../src/shared/schemas/receiver'
import { createSystemClock } from '../../src/main/core/clock'
import { createReceiverApp } from '../../src/main/receiver/receiver-app'
import { RECEIVER_HEADERS_TIMEOUT_MS } from '../../src/main/receiver/receiver-app'
import { rawExchange } from './support/raw-socket'
import { createTally } from './support/tally'

const LIMIT = 10 * 1024 * 1024
const tally = createTally('receiver abuse')
const captures: Capture[] = []
let app: ReturnType<typeof createReceiverApp>
let port = 0

beforeAll(async () => {
  const endpoints = new Map([['inbox', Endpoint.parse({ name: 'inbox' })]])
  app = createReceiverApp({ clock: createSystemClock(), endpoint: (n) => endpoints.get(n), onCapture: (c) => captures.push(c) })
  await app.listen({ host: '127.0.0.1', port: 0 })
  port = (app.server.address() as { port: number }).port
})
afterAll(async () => {
  tally.flush()
  await app.close()
})

const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024)

/** An ordinary webhook POST; resolves with its status (or -1 when the server cut the upload short) and time. */
function post(path: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<{ status: number; ms: number }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }))
    })
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? resolve({ status: -1, ms: performance.now() - started }) : reject(error)))
    req.end(body)
  })
}

const expectStatus = (name: string, got: number, want: (s: number) => boolean, detail = '') => tally.check(name, want(got) ? undefined : `status ${got} ${detail}`.trim())
const is4xx = (s: number) => s >= 400 && s < 500

const MALFORMED: Array<[string, string | Buffer]> = [
  ['garbage request line', 'HELLO\r\n\r\n'],
  ['binary noise', Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x00, 0x0d, 0x0a, 0x0d, 0x0a])],
  ['TLS hello on plain HTTP', Buffer.from('160301020001000100', 'hex')],
  ['header without colon', 'POST /r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\nNoColonHere\r\n\r\n'],
  ['space in header name', 'POST /r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\nBad Name: v\r\n\r\n'],
  ['NUL in header value', 'POST /r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-A: a\u0000b\r\n\r\n'],
  ['bare LF line ends in headers', 'POST /r/inbox HTTP/1.1\nHost: x\nContent-Length: 2\n\n{}'],
  ['two different Content-Length', 'POST /r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}'],
  ['Content-Length and chunked', 'POST /r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
  ['negative Content-Length', 'POST /r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: -1\r\n\r\n'],
  ['Content-Length not a number', 'POST /r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: abc\r\n\r\n'],
  ['bad chunk size', 'POST /r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n'],
  ['chunk size overflow', 'POST /r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nx\r\n0\r\n\r\n'],
  ['unknown transfer coding', 'POST /r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: gzip, chunked, zz\r\n\r\n0\r\n\r\n'],
  ['HTTP/9.9', 'POST /r/inbox HTTP/9.9\r\nHost: x\r\n\r\n'],
  // Node reads a request line without a version as HTTP/0.9: answered like any other.
  ['no version', 'POST /r/inbox\r\nHost: x\r\n\r\n'],
  ['header continuation line', 'POST /r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-A: a\r\n  folded\r\n\r\n'],
  ['method with a space', 'PO ST /r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['absolute URI to elsewhere', 'POST http://169.254.169.254/r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'],
  ['percent-encoding broken in the endpoint name', 'POST /r/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'],
  ['traversal in the path', 'POST /r/../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'],
]

describe('the receiver under abuse (real sockets, 127.0.0.1)', () => {
  it('answers malformed HTTP with a 4xx status line (or closes), and keeps serving', async () => {
    const seen = tally.failures.length
    const problems: string[] = []
    for (const [name, bytes] of MALFORMED) {
      const answer = await rawExchange(port, bytes)
      const fine = (answer.status === 0 && answer.closed) || is4xx(answer.status) || (answer.status >= 200 && answer.status < 300 && !/^(garbage|binary|TLS|header without|space in|NUL in|two different|Content-Length and|negative|Content-Length not|bad chunk|chunk size|unknown transfer|HTTP\/9|method with)/.test(name))
      tally.check(`malformed: ${name}`, fine && answer.ms < 3_000 ? undefined : `status ${answer.status} after ${Math.round(answer.ms)} ms: ${JSON.stringify(answer.text.slice(0, 120))}`)
      if (/\n\s+at |node_modules|\.js:\d+/.test(answer.text)) problems.push(`${name} leaks a trace`)
    }
    expect((await post('/r/inbox', '{"still":"up"}')).status).toBe(200)
    expect(problems).toEqual([])
    expect(tally.failures.slice(seen)).toEqual([])
  })

  it('takes a body of exactly the limit, refuses one byte more with 413 (declared and chunked)', async () => {
    const seen = tally.failures.length
    const before = rssMb()
    expectStatus('body at the limit', (await post('/r/inbox', Buffer.alloc(LIMIT, 0x61))).status, (s) => s === 200)
    expectStatus('body one byte over', (await post('/r/inbox', Buffer.alloc(LIMIT + 1, 0x61))).status, (s) => s === 413 || s === -1)
    const chunked = await new Promise<number>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/r/inbox', method: 'POST', agent: false }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', () => resolve(-1))
      for (let i = 0; i < 12; i++) req.write(Buffer.alloc(1024 * 1024, 0x62))
      req.end()
    })
    expectStatus('chunked body over the limit', chunked, (s) => s === 413 || s === -1)
    expectStatus('a lying Content-Length over the limit', (await rawExchange(port, `POST /r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: ${LIMIT * 100}\r\n\r\n{}`)).status, (s) => s === 413)
    expectStatus('still up after the limits', (await post('/r/inbox', '{}')).status, (s) => s === 200)
    tally.note(`bodies at/over the 10 MB limit: RSS ${before} → ${rssMb()} MB`)
    expect(tally.failures.slice(seen)).toEqual([])
  })

  it('keeps compressed bodies as sent (never inflates them): a gzip bomb inflating to 64 MB costs its compressed size', async () => {
    const seen = tally.failures.length
    const bomb = gzipSync(Buffer.alloc(1024 * 1024 * 1024 / 16), { level: 9 })
    const small = gzipSync('{"event":"release"}')
    const before = rssMb()
    for (const [encoding, body] of [['gzip', small], ['deflate', small], ['br', small], ['gzip', bomb]] as const) {
      const sent = await post('/r/inbox', body, { 'Content-Encoding': encoding })
      const kept = captures.at(-1)
      tally.check(`compressed ${encoding} (${body.length} bytes)`, sent.status === 200 && kept?.bodyBase64 === body.toString('base64') ? undefined : `status ${sent.status}, captured ${kept?.size} bytes`)
    }
    const grewMb = rssMb() - before
    tally.check('gzip bomb does not inflate in memory', grewMb < 100 ? undefined : `RSS grew ${grewMb} MB`)
    tally.note(`compressed bodies incl. a 64 MB-inflating gzip bomb of ${Math.round(bomb.length / 1024)} KB: RSS +${grewMb} MB`)
    expect(tally.failures.slice(seen)).toEqual([])
  })

  it('answers 1,000 concurrent requests, each captured, in bounded time and memory', async () => {
    const seen = tally.failures.length
    const before = rssMb()
    const count = captures.length
    const started = performance.now()
    const answers = await Promise.all(Array.from({ length: 1_000 }, (_, i) => post(`/r/inbox/c${i}`, JSON.stringify({ i }))))
    const ms = Math.round(performance.now() - started)
    const ok = answers.filter((a) => a.status === 200).length
    tally.check('1,000 concurrent requests all answered 200', ok === 1_000 ? undefined : `${ok} of 1000 answered 200`)
    tally.check('1,000 concurrent requests all captured', captures.length - count === 1_000 ? undefined : `${captures.length - count} captured`)
    tally.check('1,000 concurrent requests within 20 s', ms < 20_000 ? undefined : `${ms} ms`)
    tally.note(`1,000 concurrent requests: ${ms} ms, slowest ${Math.round(Math.max(...answers.map((a) => a.ms)))} ms, RSS ${before} → ${rssMb()} MB`)
    expect(tally.failures.slice(seen)).toEqual([])
  })

  it('answers long URLs and headers: within limits captured, over them 414/431, never a hang', async () => {
    const seen = tally.failures.length
    const cases: Array<[string, string, (s: number) => boolean]> = [
      ['8 KB path', `POST /r/inbox/${'a'.repeat(8_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}`, (s) => s === 200],
      ['100 KB path', `POST /r/inbox/${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}`, (s) => s === 414 || s === 431],
      ['1 MB query', `POST /r/inbox?q=${'a'.repeat(1_000_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}`, (s) => s === 414 || s === 431],
      ['one 12 KB header', `POST /r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: ${'v'.repeat(12_000)}\r\nContent-Length: 2\r\n\r\n{}`, (s) => s === 200],
      ['one 64 KB header', `POST /r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: ${'v'.repeat(64_000)}\r\nContent-Length: 2\r\n\r\n{}`, (s) => s === 431],
      ['500 small headers', `POST /r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${Array.from({ length: 500 }, (_, i) => `X-H${i}: ${i}\r\n`).join('')}Content-Length: 2\r\n\r\n{}`, (s) => s === 200],
      ['5,000 small headers', `POST /r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${Array.from({ length: 5_000 }, (_, i) => `X-H${i}: ${i}\r\n`).join('')}Content-Length: 2\r\n\r\n{}`, (s) => s === 431],
      ['endpoint name of 10 KB', `POST /r/${'n'.repeat(10_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}`, (s) => s === 404 || s === 414],
    ]
    for (const [name, text, want] of cases) {
      const answer = await rawExchange(port, text, 5_000)
      tally.check(`long: ${name}`, want(answer.status) && answer.ms < 5_000 ? undefined : `status ${answer.status} after ${Math.round(answer.ms)} ms`)
    }
    expect(tally.failures.slice(seen)).toEqual([])
  })

  it('cuts slow-loris connections within its header timeout while normal requests stay fast', async () => {
    const seen = tally.failures.length
    const sockets: Socket[] = []
    const closedAt: number[] = []
    const started = performance.now()
    const drips: NodeJS.Timeout[] = []
    for (let i = 0; i < 100; i++) {
      const socket = connect(port, '127.0.0.1')
      socket.on('error', () => {})
      socket.on('close', () => closedAt.push(performance.now() - started))
      socket.write('POST /r/inbox HTTP/1.1\r\nHost: x\r\nConnection: close\r\n')
      drips.push(setInterval(() => socket.writable && socket.write('X-Drip: 1\r\n'), 500))
      sockets.push(socket)
    }
    let slowestMs = 0
    while (closedAt.length < sockets.length && performance.now() - started < RECEIVER_HEADERS_TIMEOUT_MS + 5_000) {
      slowestMs = Math.max(slowestMs, (await post('/r/inbox', '{"normal":true}')).ms)
      await new Promise((r) => setTimeout(r, 250))
    }
    for (const drip of drips) clearInterval(drip)
    for (const socket of sockets) socket.destroy()
    tally.check('100 slow-loris connections cut', closedAt.length === 100 ? undefined : `${closedAt.length} of 100 cut within ${RECEIVER_HEADERS_TIMEOUT_MS + 5_000} ms`)
    tally.check('normal requests stay fast beside them', slowestMs < 1_000 ? undefined : `slowest ${Math.round(slowestMs)} ms`)
    tally.note(`100 slow-loris sockets cut after ${Math.round(Math.max(0, ...closedAt) / 100) / 10} s; a normal request beside them ≤ ${Math.round(slowestMs)} ms`)
    expect(tally.failures.slice(seen)).toEqual([])
  }, 60_000)
})
