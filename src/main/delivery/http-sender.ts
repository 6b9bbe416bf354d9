import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { AttemptResponse, TransportErrorClass } from '../../shared/schemas/delivery'
import { RESPONSE_BODY_CAP } from '../../shared/schemas/delivery'
import { type HeaderPair, headerPairs } from '../../shared/schemas/http'

export interface OutgoingRequest {
  url: string
  headers: HeaderPair[]
  body: string
  timeoutMs: number
}

export type SendResult =
  | { kind: 'response'; response: AttemptResponse; durationMs: number }
  | { kind: 'error'; errorClass: TransportErrorClass; message: string; durationMs: number }

/** Sends one request; never throws. Injected into the queue so tests can script outcomes. */
export type Sender = (request: OutgoingRequest) => Promise<SendResult>

/**
 * POST over node:http(s): headers go out in the given order and case, redirects are not
 * followed (a 3xx is an answer like any other), and the whole exchange is bounded by a timeout.
 */
export const sendHttp: Sender = (outgoing) => {
  const started = performance.now()
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10
  return new Promise((resolve) => {
    let settled = false
    const finish = (result: SendResult) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(result)
    }
    const fail = (errorClass: TransportErrorClass, message: string) =>
      finish({ kind: 'error', errorClass, message, durationMs: elapsed() })

    let url: URL
    try {
      url = new URL(outgoing.url)
    } catch {
      return fail('network', `invalid URL: ${outgoing.url}`)
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    const req = send(url, { method: 'POST' })
    const timer = setTimeout(() => {
      fail('timeout', `no complete response within ${outgoing.timeoutMs} ms`)
      req.destroy()
    }, outgoing.timeoutMs)
    for (const [name, value] of outgoing.headers) req.setHeader(name, value)
    if (!req.hasHeader('content-length')) req.setHeader('Content-Length', Buffer.byteLength(outgoing.body))
    req.on('error', (error) => fail(...classifyError(error)))
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      let kept = 0
      let total = 0
      res.on('data', (chunk: Buffer) => {
        total += chunk.length
        if (kept < RESPONSE_BODY_CAP) {
          chunks.push(chunk.subarray(0, RESPONSE_BODY_CAP - kept))
          kept += Math.min(chunk.length, RESPONSE_BODY_CAP - kept)
        }
      })
      res.on('error', (error) => fail(...classifyError(error)))
      res.on('end', () =>
        finish({
          kind: 'response',
          durationMs: elapsed(),
          response: {
            status: res.statusCode ?? 0,
            headers: headerPairs(res.rawHeaders),
            body: Buffer.concat(chunks).toString('utf8'),
            bodyBytes: total,
            truncated: total > kept,
          },
        }),
      )
    })
    req.end(outgoing.body)
  })
}

const TLS_CODES = /^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)|ERR_OSSL)/

/** Maps Node's error codes to the classes a user reasons about. */
export function classifyError(error: Error): [TransportErrorClass, string] {
  const code = (error as NodeJS.ErrnoException).code ?? ''
  if (code === 'ECONNREFUSED') return ['connection_refused', `connection refused (${code})`]
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return ['dns', `host not found (${code})`]
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return ['reset', `connection reset (${code})`]
  if (code === 'ETIMEDOUT') return ['timeout', `timed out (${code})`]
  if (TLS_CODES.test(code)) return ['tls', `TLS error: ${error.message}`]
  return ['network', code ? `${error.message} (${code})` : error.message]
}
