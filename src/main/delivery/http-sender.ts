import { type ClientRequest, Agent as HttpAgent, type IncomingMessage, type RequestOptions, request as httpRequest, validateHeaderName, validateHeaderValue } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { urlToHttpOptions } from 'node:url'
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
 * POST over node:http(s), on keep-alive connections pooled per target origin: headers go out in
 * the given order and case, and the whole exchange is bounded by a timeout. (Not undici: it
 * writes `host`, `connection` and `content-length` itself, in lower case and in its own places,
 * and a platform's exact bytes are part of what Hookbench simulates.) Redirects are followed only when the request's rule says so, the way
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

/**
 * Keep-alive pools, one per target origin inside each agent: the most recently used socket goes
 * out first, and one idle for 5 s is closed (Node's global agent, kept apart from other users of it).
 */
const POOLS = { keepAlive: true, scheduling: 'lifo', timeout: 5_000 } as const
const HTTP_AGENT = new HttpAgent(POOLS)
const HTTPS_AGENT = new HttpsAgent(POOLS)

/** Parsed target URLs: a subscription sends to the same few URLs thousands of times. */
const targets = new Map<string, { options: RequestOptions; first: HeaderPair[]; secure: boolean }>()
const MAX_TARGETS = 1_000

function targetOf(href: string) {
  let target = targets.get(href)
  if (!target) {
    const url = new URL(href)
    const { auth, ...options } = urlToHttpOptions(url)
    // What Node adds before any header is set: Host, and Basic credentials from the URL.
    const first: HeaderPair[] = [['Host', url.host], ...(auth ? [['Authorization', `Basic ${Buffer.from(auth).toString('base64')}`] as HeaderPair] : [])]
    if (targets.size >= MAX_TARGETS) targets.clear()
    target = { options, first, secure: url.protocol === 'https:' }
    targets.set(href, target)
  }
  return target
}

/**
 * The request's headers as Node's setHeader would leave them: `Host` (and the URL's credentials)
 * first, a name given twice keeps its first place and its last value, `Content-Length` added
 * when there is a body and none was given, and dropped when a redirect dropped the body.
 */
function outgoingHeaders(hop: Hop, first: HeaderPair[]): HeaderPair[] {
  const headers = [...first]
  const at = new Map(first.map(([name], index) => [name.toLowerCase(), index]))
  for (const [name, value] of hop.headers) {
    const key = name.toLowerCase()
    if (hop.body === undefined && key === 'content-length') continue
    const known = at.get(key)
    if (known === undefined) at.set(key, headers.push([name, value]) - 1)
    else headers[known] = [name, value]
  }
  if (hop.body !== undefined && !at.has('content-length')) headers.push(['Content-Length', String(Buffer.byteLength(hop.body))])
  return headers
}

/**
 * Opens the request with its headers written as given, in one list: Node checks them before a
 * socket is taken, so a refused header leaves nothing half-sent behind. Node then adds only
 * `Connection: keep-alive`; Go's client sends no `Connection` header, which only the
 * header-by-header path lets Node leave out.
 */
function openRequest(hop: Hop, connectionHeader: boolean): ClientRequest {
  const target = targetOf(hop.url)
  const headers = outgoingHeaders(hop, target.first)
  const options: RequestOptions = { ...target.options, method: hop.method, agent: target.secure ? HTTPS_AGENT : HTTP_AGENT }
  const request = target.secure ? httpsRequest : httpRequest
  if (connectionHeader) return request({ ...options, headers: headers.flat() })
  for (const [name, value] of headers) {
    validateHeaderName(name)
    validateHeaderValue(name, value)
  }
  const req = request({ ...options, setHost: false })
  for (const [name, value] of headers) req.setHeader(name, value)
  req.removeHeader('Connection')
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
