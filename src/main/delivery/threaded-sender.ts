import { Worker } from 'node:worker_threads'
import type { SendResult, Sender } from './http-sender'
import { READY, type SenderAnswer, type SenderOp, perTurn } from './sender-thread-protocol'

export interface ThreadedSender {
  send: Sender
  /** Starts the thread if need be; true once it takes requests, false if it cannot start. */
  ready(): Promise<boolean>
  /** Stops the thread; requests still out end as `interrupted` (the queue resends them after a restart). */
  close(): Promise<void>
}

const stoppedResult = (message: string): SendResult => ({ kind: 'error', errorClass: 'interrupted', message, durationMs: 0 })

/**
 * Requests sent on the caller's thread while fewer than this many are out there and the thread
 * has none out. One at a time (a fire, a story at 50/s) goes out at once, without the hop to the
 * thread and back (it added ~0.5 ms at the median and 1–2 ms at the p99); a load or a burst
 * overflows to the thread, and while the thread is busy everything goes there (a few kept here
 * under load cost the caller's thread ~60 µs each: a quarter of its time per delivery).
 */
export const ON_THIS_THREAD = 4

export interface ThreadedSenderOptions {
  /** Requests sent on this thread while fewer than this many are out here and none in the thread (0: every one goes to the thread once it is ready). */
  onThisThread?: number
}

/**
 * A Sender that hands each request to a worker thread running sendHttp (`script`, the built
 * sender-worker.js): what one turn of the event loop sends goes over in one message and the
 * answers come back the same way. Only the bytes' journey moves: signing, timestamps, retries and
 * their timers stay with the caller. Requests go out through `meanwhile` (the same sender on this
 * thread) while few are out and the thread has none (ON_THIS_THREAD); the thread starts with the first request beyond, and
 * until it says it is ready (tens of milliseconds, more on a busy machine) those go out through
 * `meanwhile` too, so no request waits for it. It does not keep the process alive
 * while nothing is out; one that fails ends its requests as `interrupted` and the next request
 * starts another (one that fails before it was ready is not tried again: everything goes through
 * `meanwhile`).
 */
export function createThreadedSender(script: URL, meanwhile: Sender, { onThisThread = ON_THIS_THREAD }: ThreadedSenderOptions = {}): ThreadedSender {
  let worker: Worker | undefined
  let post: ((op: SenderOp) => void) | undefined
  let ready = false
  /** A thread that failed before it was ready (a script missing from the build): not started again. */
  let unusable = false
  let readyWaiters: Array<(ready: boolean) => void> = []
  const toldReady = (value: boolean) => {
    const waiters = readyWaiters
    readyWaiters = []
    for (const resolve of waiters) resolve(value)
  }
  const out = new Map<number, (result: SendResult) => void>()
  let nextId = 0

  const settle = (answers: SenderAnswer[] | typeof READY) => {
    if (answers === READY) {
      ready = true
      toldReady(true)
      return
    }
    for (const [id, result] of answers) {
      const resolve = out.get(id)
      out.delete(id)
      resolve?.(result)
    }
    if (out.size === 0) worker?.unref()
  }
  const stopped = (from: Worker, why: string) => {
    if (worker !== from) return
    worker = undefined
    post = undefined
    if (!ready) unusable = true
    ready = false
    toldReady(false)
    const waiting = [...out.values()]
    out.clear()
    for (const resolve of waiting) resolve(stoppedResult(why))
  }
  const started = () => {
    if (worker && post) return post
    const thread = new Worker(script)
    // Held alive only while it has requests out (see inThread and settle).
    thread.unref()
    thread.on('message', settle)
    thread.on('error', (error) => stopped(thread, `the sending thread failed: ${error.message}`))
    thread.on('exit', (code) => stopped(thread, `the sending thread stopped (exit code ${code})`))
    worker = thread
    post = perTurn<SenderOp>((ops) => thread.postMessage(ops))
    return post
  }

  let outHere = 0
  const here: Sender = async (outgoing) => {
    outHere++
    try {
      return await meanwhile(outgoing)
    } finally {
      outHere--
    }
  }
  const send: Sender = (outgoing) => {
    if (unusable || (outHere < onThisThread && out.size === 0)) return here(outgoing)
    const toThread = started()
    return ready ? inThread(toThread, outgoing) : here(outgoing)
  }
  const inThread = (toThread: (op: SenderOp) => void, { signal, ...request }: Parameters<Sender>[0]) =>
    new Promise<SendResult>((resolve) => {
      const id = nextId++
      if (out.size === 0) worker?.ref()
      const abandon = () => toThread({ kind: 'abandon', id })
      out.set(id, (result) => {
        signal?.removeEventListener('abort', abandon)
        resolve(result)
      })
      toThread({ kind: 'send', id, request, abandonable: signal !== undefined })
      if (signal?.aborted) abandon()
      else signal?.addEventListener('abort', abandon, { once: true })
    })

  return {
    send,
    ready() {
      if (unusable) return Promise.resolve(false)
      started()
      return ready ? Promise.resolve(true) : new Promise<boolean>((resolve) => readyWaiters.push(resolve))
    },
    async close() {
      const thread = worker
      if (!thread) return
      stopped(thread, 'Hookbench stopped while this request was in flight; it may have arrived')
      await thread.terminate()
    },
  }
}
