import { mkdtempSync } from 'node:fs'
import { type Server, type Socket, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { verify as octokitVerify } from '@octokit/webhooks-methods'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Sender, sendHttp } from '../../../src/main/delivery/http-sender'
import { createThreadedSender } from '../../../src/main/delivery/threaded-sender'
import { type OpenedEngine, openEngine } from '../../../src/main/host/open-engine'
import { fireRequest, subscriptionDraft } from '../../support/inputs'
import { SENDER_WORKER } from '../../support/paths'
import { GITHUB_HEADER_ORDER } from '../../support/github-delivery'

/*
 * What goes over the socket, byte for byte: a raw TCP sink (no HTTP parser in between) records
 * each request as sent and answers the status it is told to, keeping the connection open. Every
 * test runs twice: requests sent on the engine's own thread (the sources, as tests run them) and
 * through the built sending thread the CLI, web mode and the app use (out/cli/sender-worker.js).
 */
const SENDERS = [
  { name: "on the engine's thread", script: false as const },
  { name: 'through the built sending thread', script: SENDER_WORKER },
]

interface RawRequest {
  head: string
  body: string
  /** Which connection it came on (0, 1, …): a second request on the same one shows keep-alive. */
  connection: number
}

function rawSink(statuses: number[]) {
  const requests: RawRequest[] = []
  const sockets = new Set<Socket>()
  let connections = 0
  const server: Server = createServer((socket) => {
    const connection = connections++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    let buffered = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk])
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n')
        if (end === -1) return
        const head = buffered.subarray(0, end + 4).toString('latin1')
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0)
        if (buffered.length < end + 4 + length) return
        requests.push({ head, body: buffered.subarray(end + 4, end + 4 + length).toString('utf8'), connection })
        buffered = buffered.subarray(end + 4 + length)
        const status = statuses[requests.length - 1] ?? 200
        socket.write(`HTTP/1.1 ${status} X\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok`)
      }
    })
  })
  return {
    requests,
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      return (server.address() as { port: number }).port
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** Runs `use` against a raw sink answering `statuses`, closed after it whatever happens. */
async function onRawSink(statuses: number[], use: (sink: ReturnType<typeof rawSink>, port: number) => Promise<void>) {
  const sink = rawSink(statuses)
  const port = await sink.listen()
  try {
    await use(sink, port)
  } finally {
    await sink.close()
  }
}

describe.each(SENDERS)('$name', ({ script }) => {
  let opened: OpenedEngine
  let send: Sender = sendHttp
  let closeSender = async () => {}
  beforeAll(async () => {
    if (script) {
      const threaded = createThreadedSender(script, sendHttp, { onThisThread: 0 })
      // Ready before the first test, so every request goes through it.
      expect(await threaded.ready()).toBe(true)
      send = threaded.send
      closeSender = threaded.close
    }
    // 0.001: CharlesCD's fixed 30 s wait before a retry takes 30 ms.
    opened = await openEngine({ dataDir: mkdtempSync(join(tmpdir(), 'hookbench-wire-')), host: 'cli', timeScale: 0.001, log: () => {}, send })
  })
  afterAll(async () => {
    await opened.close()
    await closeSender()
  })

  async function deliver(url: string, subscription: Record<string, unknown>, fire: Record<string, unknown>) {
    const engine = opened.engine
    const sub = await engine.subscriptions.create(subscriptionDraft({ name: 'wire', url, ...subscription }))
    const result = await engine.deliveries.fire(fireRequest({ subscriptionIds: [sub.id], ...fire }))
    const delivery = await engine.deliveries.whenFinal(result.deliveries[0]!.id)
    await engine.subscriptions.remove(sub.id)
    return delivery
  }

  describe('the bytes on the wire', () => {
    it("CharlesCD: Go's net/http header order and no Connection header, on a connection kept open for the retry", async () => {
      await onRawSink([500, 200], async (sink, port) => {
        const delivery = await deliver(`http://127.0.0.1:${port}/hooks/charles`, { provider: 'charlescd', signing: { scheme: 'native', secret: 'app-key-1' } }, { provider: 'charlescd', event: 'FINISH_DEPLOY' })
        expect(delivery.attempts.map((a) => a.response?.status)).toEqual([500, 200])
        const expected =
          'POST /hooks/charles HTTP/1.1\r\n' +
          `Host: 127.0.0.1:${port}\r\n` +
          'User-Agent: Go-http-client/1.1\r\n' +
          `Content-Length: ${Buffer.byteLength(delivery.body)}\r\n` +
          'Content-Type: application/json\r\n' +
          'X-Application-Key: app-key-1\r\n' +
          'Accept-Encoding: gzip\r\n' +
          '\r\n'
        expect(sink.requests.map((r) => r.head)).toEqual([expected, expected])
        expect(sink.requests.map((r) => r.body)).toEqual([delivery.body, delivery.body])
        // HTTP/1.1 without Connection keeps the connection: the retry reuses it, as Go's client does.
        expect(sink.requests.map((r) => r.connection)).toEqual([0, 0])
        // What the attempt records is what went out (Host aside, which the URL gives).
        expect(delivery.attempts[0]!.headers.map(([name]) => name)).toEqual(['User-Agent', 'Content-Length', 'Content-Type', 'X-Application-Key', 'Accept-Encoding'])
      })
    })

    it("CharlesCD: a subscription's own headers are sorted in with hermes's, as Go's Header.Write does", async () => {
      await onRawSink([200], async (sink, port) => {
        await deliver(
          `http://127.0.0.1:${port}/h`,
          { provider: 'charlescd', signing: { scheme: 'native', secret: 'k' }, headers: [['X-Trace', 't-1'], ['Authorization', 'Bearer x']] },
          { provider: 'charlescd', event: 'START_DEPLOY' },
        )
        const names = sink.requests[0]!.head.split('\r\n').slice(1, -2).map((line) => line.slice(0, line.indexOf(':')))
        expect(names).toEqual(['Host', 'User-Agent', 'Content-Length', 'Authorization', 'Content-Type', 'X-Application-Key', 'X-Trace', 'Accept-Encoding'])
      })
    })

    it("the github scheme: the headers of GitHub's example delivery, in its order, and a signature that verifies", async () => {
      await onRawSink([200], async (sink, port) => {
        await deliver(`http://127.0.0.1:${port}/gh`, { provider: 'generic', signing: { scheme: 'github', secret: 'simulator-secret' } }, { provider: 'generic', event: 'build.finished' })
        const [request] = sink.requests
        const lines = request!.head.split('\r\n').slice(1, -2)
        expect(lines.map((line) => line.slice(0, line.indexOf(':')))).toEqual(['Host', ...GITHUB_HEADER_ORDER, 'Connection'])
        expect(lines).toContain('X-GitHub-Hook-Installation-Target-Type: repository')
        const signature = lines.find((line) => line.startsWith('X-Hub-Signature-256: '))!.slice('X-Hub-Signature-256: '.length)
        await expect(octokitVerify('simulator-secret', request!.body, signature)).resolves.toBe(true)
      })
    })

    it('other platforms keep what Node sends: Content-Length after their headers, and Connection: keep-alive', async () => {
      await onRawSink([200], async (sink, port) => {
        await deliver(`http://127.0.0.1:${port}/q`, { provider: 'qovery', signing: { scheme: 'native', secret: 'q-secret' } }, { provider: 'qovery', event: 'DEPLOYMENT_STARTED' })
        const names = sink.requests[0]!.head.split('\r\n').slice(1, -2).map((line) => line.slice(0, line.indexOf(':')))
        expect(names).toEqual(['Host', 'Content-Type', 'Qovery-Secret', 'Content-Length', 'Connection'])
      })
    })
  })

  describe('the sender alone', () => {
    it("writes headers as Node's setHeader would: Host and the URL's credentials first, a name given twice once (first place, last value), Content-Length added", async () => {
      await onRawSink([200, 200], async (sink, port) => {
        const headers: Array<[string, string]> = [['X-Trace', 'a'], ['Content-Type', 'application/json'], ['x-trace', 'b']]
        const sent = await send({ url: `http://user:p%40ss@127.0.0.1:${port}/in?x=1`, headers, body: '{"a":"é"}', timeoutMs: 5_000 })
        expect(sent).toMatchObject({ kind: 'response', response: { status: 200 } })
        expect(sink.requests[0]!.head).toBe(
          'POST /in?x=1 HTTP/1.1\r\n' +
            `Host: 127.0.0.1:${port}\r\n` +
            `Authorization: Basic ${Buffer.from('user:p@ss').toString('base64')}\r\n` +
            'x-trace: b\r\n' +
            'Content-Type: application/json\r\n' +
            'Content-Length: 10\r\n' +
            'Connection: keep-alive\r\n' +
            '\r\n',
        )
        // A Host given replaces Node's in its place; the second request reuses the connection.
        await send({ url: `http://127.0.0.1:${port}/`, headers: [['Content-Length', '2'], ['host', 'example.test']], body: '{}', timeoutMs: 5_000 })
        expect(sink.requests[1]!.head).toBe('POST / HTTP/1.1\r\nhost: example.test\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\n')
        expect(sink.requests.map((r) => r.connection)).toEqual([0, 0])
      })
    })

    it('refuses a header Node cannot send before anything goes out', async () => {
      await onRawSink([200], async (sink, port) => {
        for (const connectionHeader of [true, false]) {
          const sent = await send({ url: `http://127.0.0.1:${port}/`, headers: [['X-Bad', 'a\nb']], body: '{}', timeoutMs: 5_000, connectionHeader })
          expect(sent).toMatchObject({ kind: 'error', errorClass: 'invalid_request' })
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
        expect(sink.requests).toEqual([])
      })
    })
  })

  describe('abandoning a request', () => {
    it('ends it at once when its signal aborts: the socket is closed and the result says it was interrupted', async () => {
      let closed = false
      const server = createServer((socket) => {
        socket.on('data', () => {}) // read the request, never answer
        socket.on('close', () => (closed = true))
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const { port } = server.address() as { port: number }
      try {
        const stop = new AbortController()
        const started = performance.now()
        const sending = send({ url: `http://127.0.0.1:${port}/`, headers: [], body: '{}', timeoutMs: 30_000, signal: stop.signal })
        setTimeout(() => stop.abort(), 50)
        const result = await sending
        expect(result).toMatchObject({ kind: 'error', errorClass: 'interrupted' })
        // Well before the 30 s timeout (a bound, generous for a busy machine).
        expect(performance.now() - started).toBeLessThan(10_000)
        await expect.poll(() => closed).toBe(true)
        // Already aborted: nothing is sent at all.
        expect(await send({ url: `http://127.0.0.1:${port}/`, headers: [], body: '{}', timeoutMs: 30_000, signal: stop.signal })).toMatchObject({ errorClass: 'interrupted' })
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()))
      }
    })
  })
})
