import { request } from 'node:http'
import { pageHeaders } from '../../support/web-api'

export interface HttpAnswer {
  status: number
  body: string
  ms: number
}

/** One POST with exactly these bytes (no client-side JSON), answered or failed within `timeoutMs`. */
export function postRaw(url: string, body: Buffer, headers: Record<string, string> = pageHeaders(url), timeoutMs = 20_000): Promise<HttpAnswer> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'Content-Length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }))
      res.on('error', reject)
    })
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    req.on('close', () => clearTimeout(timer))
    // A server may answer 413 and close before the whole body is written: the answer still counts.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? resolve({ status: -1, body: error.code, ms: performance.now() - started }) : reject(error)))
    req.end(body)
  })
}

/** Calls a method in a loop until stopped, keeping the slowest answer: "a normal request stays fast". */
export function keepCalling(url: string, everyMs = 50, during: () => string = () => '') {
  let slowestMs = 0
  let calls = 0
  let slowest = ''
  const errors: string[] = []
  let running = true
  const loop = (async () => {
    while (running) {
      const at = during()
      try {
        const answer = await postRaw(url, Buffer.from('{}'), pageHeaders(url), 10_000)
        if (answer.status !== 200) errors.push(`status ${answer.status}: ${answer.body.slice(0, 200)}`)
        if (answer.ms > slowestMs) slowest = `sent during ${at}, answered during ${during()}`
        slowestMs = Math.max(slowestMs, answer.ms)
      } catch (error) {
        errors.push(`${String(error)} (sent during ${at}, now ${during()})`)
      }
      calls++
      await new Promise((r) => setTimeout(r, everyMs))
    }
  })()
  return {
    async stop() {
      running = false
      await loop
      return { slowestMs: Math.round(slowestMs), slowest, calls, errors }
    },
  }
}
