import { type ClientRequest, type IncomingMessage, request as httpRequest, validateHeaderName, validateHeaderValue } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { AttemptResponse, Redirect, TransportErrorClass } from '../../shared/schemas/delivery'
import { RESPONSE_BODY_CAP } from '../../shared/schemas/delivery'
import type { RedirectRule } from '../../shared/schemas/delivery-rules'
import { type HeaderPair, headerPairs } from '../../shared/schemas/http'
import { type Hop, nextHop } from './redirects'
import { setLongTimeout } from '../core/long-timeout'

export interface OutgoingRequest {
  url: string
  headers: HeaderPair[]
  body: string
  /** Bounds the whole exchange, redirects included (like Go's Client.Timeout). */
  timeoutMs: number
  /** Absent or `fail`: a 3xx is an answer like any other. */
  redirects?: RedirectRule
  /** False: no `Connection` header (Go's client sends none); Node's `keep-alive` otherwise. */
  connectionHeader?: boolean
  /** Abandons the request (the socket is destroyed): an `interrupted` error. */
  signal?: AbortSignal
}

type Outcome =
  | { kind: 'response'; response: AttemptResponse }
  | { kind: 'error'; errorClass: TransportErrorClass; message: string }

/** What came of a request; `redirects` lists those followed on the way, when any were. */
export type SendResult = Outcome & { durationMs: number; redirects?: Redirect[] }

/** Sends one request; never throws. Injected into the queue so tests can script outcomes. */
export type Sender = (request: OutgoingRequest) => Promise<SendResult>

/**
 * POST over node:http(s): headers go out in the given order and case, and the whole exchange is
 * bounded by a timeout. Redirects are followed only when the request's rule says so, the way
 * Go's http.Client does (see redirects.ts), until the rule's limit ends it with an error.
 */
export const sendHttp: Sender = async (outgoing) => {
  const started = performance.now()
  const followed: Redirect[] = []
  const done = (outcome: Outcome): SendResult => ({
    ...outcome,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    ...(followed.length > 0 ? { redirects: followed } : {}),
  })
  const limit = outgoing.redirects?.mode === 'follow' ? outgoing.redirects.stopAfter : 0
  const first: Hop = { method: 'POST', url: outgoing.url, headers: outgoing.headers, body: outgoing.body, stripsCredentials: false }
  for (let hop = first; ; ) {
    const outcome = await exchange(hop, outgoing, outgoing.timeoutMs - (performance.now() - started))
    if (outcome.kind === 'error' || limit === 0) return done(outcome)
    const next = nextHop(first, hop, outcome.response.status, outcome.response.headers)
    if (next === undefined) return done(outcome)
    if (typeof next === 'string') return done({ kind: 'error', errorClass: 'network', message: next })
    // Go's defaultCheckRedirect refuses the limit-th redirect: `len(via) >= 10`.
    if (followed.length + 1 >= limit) return done({ kind: 'error', errorClass: 'network', message: `stopped after ${limit} redirects` })
    followed.push({ status: outcome.response.status, method: next.method, url: next.url })
    hop = next
  }
}

/** One request and its response, within `remainingMs`. Never throws. */
function exchange(hop: Hop, outgoing: OutgoingRequest, remainingMs: number): Promise<Outcome> {
  const { timeoutMs, signal } = outgoing
  return new Promise((resolve) => {
    let settled = false
    const finish = (outcome: Outcome) => {
      if (settled) return
      settled = true
      cancelTimer()
      signal?.removeEventListener('abort', abandon)
      resolve(outcome)
    }
    const fail = (errorClass: TransportErrorClass, message: string) => finish({ kind: 'error', errorClass, message })
    let req: ClientRequest | undefined
    const cancelTimer = setLongTimeout(() => {
      fail('timeout', `no complete response within ${timeoutMs} ms`)
      req?.destroy()
    }, Math.max(0, remainingMs))
    const abandon = () => {
      fail('interrupted', 'the request was abandoned before its answer (cancelled)')
      req?.destroy()
    }
    if (signal?.aborted) return abandon()
    signal?.addEventListener('abort', abandon, { once: true })
    try {
      req = openRequest(hop, outgoing.connectionHeader !== false)
    } catch (error) {
      // A malformed URL or header: Node refuses before anything is sent, and always will.
      return fail('invalid_request', `${hop.url}: ${error instanceof Error ? error.message : String(error)}`)
    }
    req.on('error', (error) => fail(...classifyError(error)))
    req.on('response', (res) => readResponse(res, finish, fail))
    req.end(hop.body)
  })
}

function openRequest(hop: Hop, connectionHeader: boolean): ClientRequest {
  const url = new URL(hop.url)
  // Checked before a socket is opened, so a refused header leaves nothing half-sent behind.
  for (const [name, value] of hop.headers) {
    validateHeaderName(name)
    validateHeaderValue(name, value)
  }
  const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: hop.method })
  for (const [name, value] of hop.headers) {
    if (hop.body !== undefined || name.toLowerCase() !== 'content-length') req.setHeader(name, value)
  }
  if (hop.body !== undefined && !req.hasHeader('content-length')) req.setHeader('Content-Length', Buffer.byteLength(hop.body))
  // Node writes `Connection: keep-alive` unless the header is removed; the connection still stays open.
  if (!connectionHeader) req.removeHeader('Connection')
  return req
}

function readResponse(res: IncomingMessage, finish: (outcome: Outcome) => void, fail: (errorClass: TransportErrorClass, message: string) => void) {
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
      response: {
        status: res.statusCode ?? 0,
        headers: headerPairs(res.rawHeaders),
        body: Buffer.concat(chunks).toString('utf8'),
        bodyBytes: total,
        truncated: total > kept,
      },
    }),
  )
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
