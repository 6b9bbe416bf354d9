import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import type { SendResult, Sender } from '../../../src/main/delivery/http-sender'
import { createThreadedSender } from '../../../src/main/delivery/threaded-sender'
import { SENDER_WORKER } from '../../support/paths'

const FLAKY = new URL('../../fixtures/flaky-sender-worker.mjs', import.meta.url)
const request = (url: string) => ({ url, headers: [], body: '{}', timeoutMs: 5_000 })
/** Stands for the sender on the engine's own thread: answers 299, so a test sees which one sent. */
const meanwhile: Sender = async () => ({ kind: 'response', response: { status: 299, headers: [], body: '', bodyBytes: 0, truncated: false }, durationMs: 0 })
const statusOf = (result: SendResult) => (result.kind === 'response' ? result.response.status : result.errorClass)

describe('the sending thread', () => {
  it('sends on this thread until the thread is ready; a thread that stops ends what it had out as interrupted, and the next request starts another', async () => {
    const sender = createThreadedSender(FLAKY, meanwhile, { onThisThread: 0 })
    try {
      // The first request does not wait for the thread to start.
      expect(statusOf(await sender.send(request('http://127.0.0.1:9/first')))).toBe(299)
      expect(await sender.ready()).toBe(true)
      expect(statusOf(await sender.send(request('http://127.0.0.1:9/ok')))).toBe(200)
      const [lost, alsoLost] = await Promise.all([sender.send(request('http://127.0.0.1:9/die')), sender.send(request('http://127.0.0.1:9/b'))])
      expect(lost).toMatchObject({ kind: 'error', errorClass: 'interrupted', message: 'the sending thread stopped (exit code 3)' })
      // Posted in the same turn as the one that ended the thread: never answered, so interrupted too.
      expect(alsoLost).toMatchObject({ kind: 'error', errorClass: 'interrupted' })
      await expect.poll(async () => statusOf(await sender.send(request('http://127.0.0.1:9/again')))).toBe(200)
    } finally {
      await sender.close()
    }
  })

  it('sends a few at a time on this thread (no hop); what is beyond goes to the thread', async () => {
    const held: Array<() => void> = []
    const slow: Sender = () => new Promise((resolve) => held.push(() => resolve({ kind: 'response', response: { status: 299, headers: [], body: '', bodyBytes: 0, truncated: false }, durationMs: 0 })))
    const sender = createThreadedSender(FLAKY, slow, { onThisThread: 2 })
    try {
      // One at a time, as a fire or a slow story sends: always here.
      for (let i = 0; i < 3; i++) {
        const one = sender.send(request('http://127.0.0.1:9/one'))
        held.shift()!()
        expect(statusOf(await one)).toBe(299)
      }
      const two = [sender.send(request('http://127.0.0.1:9/a')), sender.send(request('http://127.0.0.1:9/b'))]
      // A third while two are out here starts the thread; once it is ready, the overflow goes there.
      const beforeReady = sender.send(request('http://127.0.0.1:9/c'))
      expect(held).toHaveLength(3)
      expect(await sender.ready()).toBe(true)
      expect(statusOf(await sender.send(request('http://127.0.0.1:9/d')))).toBe(200)
      for (const release of held.splice(0)) release()
      expect((await Promise.all([...two, beforeReady])).map(statusOf)).toEqual([299, 299, 299])
    } finally {
      await sender.close()
    }
  })

  it('sends on this thread only while the thread has nothing out: under load every request goes to the thread', async () => {
    const server = createServer((socket) => socket.on('data', () => {})) // reads, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`
    const held: Array<() => void> = []
    const slow: Sender = () => new Promise((resolve) => held.push(() => resolve({ kind: 'response', response: { status: 299, headers: [], body: '', bodyBytes: 0, truncated: false }, durationMs: 0 })))
    const sender = createThreadedSender(SENDER_WORKER, slow, { onThisThread: 1 })
    try {
      expect(await sender.ready()).toBe(true)
      const here = sender.send({ ...request(url), timeoutMs: 300 })
      const inThread = sender.send({ ...request(url), timeoutMs: 300 })
      expect(held).toHaveLength(1)
      held.shift()!()
      expect(statusOf(await here)).toBe(299)
      // Nothing out here any more, but the thread still has one out: this one goes there too.
      const alsoInThread = sender.send({ ...request(url), timeoutMs: 300 })
      expect(held).toHaveLength(0)
      expect((await Promise.all([inThread, alsoInThread])).map(statusOf)).toEqual(['timeout', 'timeout'])
      // The thread idle again: one at a time goes out here.
      const again = sender.send(request(url))
      expect(held).toHaveLength(1)
      held.shift()!()
      expect(statusOf(await again)).toBe(299)
    } finally {
      await sender.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })

  it('keeps sending on this thread when the thread cannot start (its script missing)', async () => {
    const sender = createThreadedSender(new URL('../../fixtures/no-such-worker.mjs', import.meta.url), meanwhile, { onThisThread: 0 })
    try {
      expect(await sender.ready()).toBe(false)
      for (let i = 0; i < 5; i++) {
        expect(statusOf(await sender.send(request('http://127.0.0.1:9/')))).toBe(299)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    } finally {
      await sender.close()
    }
  })

  it('abandons a request whose signal aborts, even one posted already aborted, and closes with requests out', async () => {
    const server = createServer((socket) => socket.on('data', () => {})) // reads, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`
    const sender = createThreadedSender(SENDER_WORKER, meanwhile, { onThisThread: 0 })
    try {
      expect(await sender.ready()).toBe(true)
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
