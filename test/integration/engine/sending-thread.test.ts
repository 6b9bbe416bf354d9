import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createThreadedSender } from '../../../src/main/delivery/threaded-sender'
import { SENDER_WORKER } from '../../support/paths'

const FLAKY = new URL('../../fixtures/flaky-sender-worker.mjs', import.meta.url)
const request = (url: string) => ({ url, headers: [], body: '{}', timeoutMs: 5_000 })

describe('the sending thread', () => {
  it('ends what it had out as interrupted when it stops, and the next request starts another', async () => {
    const sender = createThreadedSender(FLAKY)
    try {
      const [lost, alsoLost] = await Promise.all([sender.send(request('http://127.0.0.1:9/die')), sender.send(request('http://127.0.0.1:9/b'))])
      expect(lost).toMatchObject({ kind: 'error', errorClass: 'interrupted', message: 'the sending thread stopped (exit code 3)' })
      // Posted in the same turn as the one that ended the thread: never answered, so interrupted too.
      expect(alsoLost).toMatchObject({ kind: 'error', errorClass: 'interrupted' })
      expect(await sender.send(request('http://127.0.0.1:9/ok'))).toMatchObject({ kind: 'response', response: { status: 200 } })
    } finally {
      await sender.close()
    }
  })

  it('abandons a request whose signal aborts, even one posted already aborted, and closes with requests out', async () => {
    const server = createServer((socket) => socket.on('data', () => {})) // reads, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`
    const sender = createThreadedSender(SENDER_WORKER)
    try {
      const stop = new AbortController()
      const sending = sender.send({ ...request(url), timeoutMs: 30_000, signal: stop.signal })
      setTimeout(() => stop.abort(), 50)
      expect(await sending).toMatchObject({ kind: 'error', errorClass: 'interrupted', message: 'the request was abandoned before its answer (cancelled)' })
      expect(await sender.send({ ...request(url), signal: stop.signal })).toMatchObject({ kind: 'error', errorClass: 'interrupted' })
      const outAtClose = sender.send({ ...request(url), timeoutMs: 30_000 })
      await new Promise((resolve) => setTimeout(resolve, 50))
      await sender.close()
      expect(await outAtClose).toMatchObject({ kind: 'error', errorClass: 'interrupted' })
    } finally {
      await sender.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
