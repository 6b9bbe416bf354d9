import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { ClusterId } from '../../shared/schemas/heartbeat'
import { type HeaderPair, headerPairs, headerProblem } from '../../shared/schemas/http'
import { type Capture, DEFAULT_BODY_LIMIT, DEFAULT_ENDPOINT_NAME, type Endpoint, type ForwardResult } from '../../shared/schemas/receiver'
import type { SignatureVerdict } from '../../shared/schemas/signing'
import type { Clock } from '../core/clock'
import { newId } from '../core/ids'
import { verifyRequest } from '../signing/verify'
import { createDeduper, deliveryKey } from './dedupe'
import { forwardRequest } from './forward'
import { type PlannedResponse, createResponseScript } from './response-script'

/** The delivery (and attempt) a captured request belongs to, when Hookbench sent it. */
export interface DeliveryLink {
  deliveryId: string
  attempt: number
  /** The bytes Hookbench sent: tells "body altered" from "wrong secret". */
  sentBody?: Buffer
}

/** What the receiver knows about a `POST /heartbeat/<clusterId>` besides the id. */
export interface HeartbeatInfo {
  receivedAt: string
  remoteAddress: string
  headers: HeaderPair[]
  body: Buffer
}

export interface ReceiverDeps {
  clock: Clock
  endpoint(name: string): Endpoint | undefined
  /** Called when a capture is complete, and again when its forward finishes (same id). */
  onCapture(capture: Capture): void
  /** A request to an endpoint has arrived; the returned function is called once its capture has been handed to `onCapture`. */
  onReceiving?(): () => void
  onHeartbeat?(clusterId: string, info: HeartbeatInfo): void
  /** Hookbench adds no header of its own to deliveries, so the engine matches by `webhook-id` or body. */
  findDelivery?(request: { headers: HeaderPair[]; body: Buffer; path: string }): DeliveryLink | undefined
  /** Largest body read at all (default 10 MB); endpoints may set lower limits. */
  bodyLimit?: number
  /** `hookbench receive`: every path outside /r/ and /heartbeat/ goes to this endpoint. */
  catchAllEndpoint?: string
  /**
   * Calls back when endpoints were added or removed: a removed endpoint's request count and
   * remembered deliveries go with it, so one made again under the same name starts afresh.
   */
  onEndpointsChanged?(listener: () => void): void
}

/**
 * A sender gets this long to deliver its request's headers, and `RECEIVER_REQUEST_TIMEOUT_MS`
 * for the whole request: a slow-loris client holds a socket for seconds, not for Node's minutes.
 * Checked every second (Node's default is every 30 s). A scripted delay or hang starts after the
 * request has arrived, so neither limit cuts it short.
 */
export const RECEIVER_HEADERS_TIMEOUT_MS = 10_000
export const RECEIVER_REQUEST_TIMEOUT_MS = 120_000

interface Incoming {
  endpointName: string
  path: string
  request: FastifyRequest
  reply: FastifyReply
  body: Buffer
}

/**
 * The built-in receiver: named endpoints at `/r/<name>` (any method, any sub-path) that capture
 * every request byte for byte and answer as scripted. Built without listening (tests inject).
 */
export function createReceiverApp(deps: ReceiverDeps): FastifyInstance {
  const bodyLimit = deps.bodyLimit ?? DEFAULT_BODY_LIMIT
  const app = Fastify({
    logger: false,
    bodyLimit,
    forceCloseConnections: true,
    return503OnClosing: false,
    requestTimeout: RECEIVER_REQUEST_TIMEOUT_MS,
    http: { headersTimeout: RECEIVER_HEADERS_TIMEOUT_MS, connectionsCheckingInterval: 1_000 },
  })
  const scripts = new Map<string, ReturnType<typeof createResponseScript>>()
  const scriptFor = (name: string) => scripts.get(name) ?? scripts.set(name, createResponseScript()).get(name)!
  const deduper = createDeduper()
  deps.onEndpointsChanged?.(() => {
    for (const name of scripts.keys()) {
      if (deps.endpoint(name)) continue
      scripts.delete(name)
      deduper.forget(name)
    }
  })

  // Heartbeats take any body (the controller's format is not public), so they get raw bodies too.
  void app.register(async (scope) => {
    acceptAnyBody(scope, bodyLimit)
    scope.post<{ Params: { clusterId: string } }>('/heartbeat/:clusterId', async (request, reply) => {
      const parsed = ClusterId.safeParse(request.params.clusterId)
      if (!parsed.success) return reply.code(400).send({ error: `cluster id ${parsed.error.issues[0]?.message}` })
      deps.onHeartbeat?.(parsed.data, {
        receivedAt: new Date(deps.clock.now()).toISOString(),
        remoteAddress: request.socket.remoteAddress ?? '',
        headers: headerPairs(request.raw.rawHeaders),
        body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
      })
      return reply.code(202).send({ ok: true, clusterId: parsed.data })
    })
  })

  void app.register(async (scope) => {
    acceptAnyBody(scope, bodyLimit)
    scope.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
      const { endpointName, path } = routeOf(request, deps.catchAllEndpoint)
      const response = jsonError(status, error.message)
      recordRejected(request, endpointName, path, response)
      return reply.code(status).headers(Object.fromEntries(response.headers)).send(response.body)
    })
    const handle = async (request: FastifyRequest, reply: FastifyReply) => {
      const { endpointName, path } = routeOf(request, deps.catchAllEndpoint)
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
      const received = deps.onReceiving?.()
      try {
        return await receive({ endpointName, path, request, reply, body })
      } finally {
        received?.()
      }
    }
    scope.all('/r/:endpoint', handle)
    scope.all('/r/:endpoint/*', handle)
    if (deps.catchAllEndpoint) {
      scope.all('/', handle)
      scope.all('/*', handle)
    }
  })

  /** A request fastify refused before our handler ran (413, unreadable body): headers and declared size only. */
  function recordRejected(request: FastifyRequest, endpointName: string, path: string, response: RecordedResponse) {
    const size = Number(request.headers['content-length'] ?? 0)
    deps.onCapture({
      ...baseCapture(request, endpointName, path, Buffer.alloc(0)),
      size: Number.isFinite(size) ? size : 0,
      outcome: 'rejected',
      response,
      scriptNote: response.status === 413 ? `body over the ${bodyLimit}-byte limit` : 'request could not be read',
    })
  }

  function baseCapture(request: FastifyRequest, endpointName: string, path: string, body: Buffer) {
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''
    const catchAll = deps.catchAllEndpoint !== undefined && !/^\/r\/[^/?]+/.test(request.url)
    return {
      id: newId('cap'),
      endpoint: endpointName,
      ...(catchAll ? { catchAll } : {}),
      receivedAt: new Date(deps.clock.now()).toISOString(),
      method: request.method,
      path,
      query,
      headers: headerPairs(request.raw.rawHeaders),
      bodyBase64: body.toString('base64'),
      size: body.length,
      remoteAddress: request.socket.remoteAddress ?? '',
      durationMs: 0,
    }
  }

  async function receive({ endpointName, path, request, reply, body }: Incoming) {
    const started = performance.now()
    const capture: Capture = { ...baseCapture(request, endpointName, path, body), outcome: 'answered' }
    const endpoint = deps.endpoint(endpointName)
    if (!endpoint) {
      // Still captured: a typo in a subscription URL is exactly what the integrator needs to see.
      const response = jsonError(404, `No endpoint "${endpointName}": create it in Hookbench (Receiver view) or send to /r/${DEFAULT_ENDPOINT_NAME}`)
      deps.onCapture({ ...capture, response, scriptNote: 'unknown endpoint' })
      return reply.code(404).headers(Object.fromEntries(response.headers)).send(response.body)
    }
    if (endpoint.maxBodyBytes !== undefined && body.length > endpoint.maxBodyBytes) {
      const response = jsonError(413, `Body of ${body.length} bytes is over this endpoint's ${endpoint.maxBodyBytes}-byte limit`)
      const kept = body.subarray(0, endpoint.maxBodyBytes).toString('base64')
      deps.onCapture({ ...capture, bodyBase64: kept, outcome: 'rejected', response, scriptNote: `body over the endpoint's ${endpoint.maxBodyBytes}-byte limit (first ${endpoint.maxBodyBytes} bytes kept)` })
      return reply.code(413).headers(Object.fromEntries(response.headers)).send(response.body)
    }
    const link = deps.findDelivery?.({ headers: capture.headers, body, path })
    if (link) Object.assign(capture, { deliveryId: link.deliveryId, attempt: link.attempt })
    if (endpoint.verify) {
      capture.verdict = verifyRequest({
        ...endpoint.verify,
        headers: capture.headers,
        body,
        nowSec: Math.floor(deps.clock.now() / 1000),
        sentBody: link?.sentBody,
      })
    }
    const refused = endpoint.verify?.rejectInvalid && capture.verdict && !capture.verdict.valid
    const dedupeKey = !refused && endpoint.dedupe ? deliveryKey(capture.headers, body) : undefined
    const duplicate = dedupeKey && deduper.processed(endpoint.name, dedupeKey.key) ? duplicateAnswer(dedupeKey.by) : undefined
    const forwarding =
      endpoint.forward && !duplicate ? forwardRequest(endpoint.forward, { method: request.method, path, query: capture.query, headers: capture.headers, body }) : undefined
    const plan = sendable(refused ? invalidSignatureAnswer(capture.verdict!) : (duplicate ?? scriptFor(endpoint.name).next(endpoint.response)))
    const answered = await answer(plan, request, reply)
    // Only a delivery the handler took (2xx) is processed; a failed one comes again and must run.
    if (dedupeKey && answered && plan.status >= 200 && plan.status < 300) deduper.remember(endpoint.name, dedupeKey.key)
    const done: Capture = {
      ...capture,
      durationMs: Math.round(performance.now() - started),
      outcome: refused ? 'rejected' : answered ? 'answered' : 'abandoned',
      response: answered ? { status: plan.status, headers: plan.headers, body: plan.body } : undefined,
      scriptNote: answered ? plan.note : plan.hang ? 'hung until the client gave up' : 'the client left before the answer',
    }
    deps.onCapture(done)
    if (forwarding) void forwarding.then((forward: ForwardResult) => deps.onCapture({ ...done, forward }))
    return reply
  }

  /** Sends the planned answer after its delay; false when the client left first (or we hang). */
  function answer(plan: PlannedResponse, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    reply.hijack()
    const raw = reply.raw
    return new Promise((resolve) => {
      let cancelDelay = () => {}
      const onClose = () => {
        cancelDelay()
        resolve(false)
      }
      request.raw.socket.once('close', onClose)
      if (plan.hang) return
      const send = () => {
        request.raw.socket.off('close', onClose)
        if (raw.destroyed) return resolve(false)
        const headers = plan.headers.flat()
        if (!plan.headers.some(([name]) => name.toLowerCase() === 'content-type')) headers.push('Content-Type', 'text/plain; charset=utf-8')
        raw.writeHead(plan.status, headers)
        raw.end(plan.body, () => resolve(true))
      }
      if (plan.delayMs === 0) send()
      else cancelDelay = deps.clock.after(plan.delayMs, send)
    })
  }

  return app
}

type RecordedResponse = NonNullable<Capture['response']>

/** The receiver's own errors are JSON; the capture records exactly what was sent. */
function jsonError(status: number, message: string): RecordedResponse {
  return { status, headers: [['Content-Type', 'application/json; charset=utf-8']], body: JSON.stringify({ error: message }) }
}

/**
 * Every content type is read as raw bytes, in this plugin scope only: signatures are checked
 * against exactly what arrived, and bad JSON is captured instead of answered 400.
 */
function acceptAnyBody(scope: FastifyInstance, bodyLimit: number) {
  scope.removeAllContentTypeParsers()
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body))
}

function routeOf(request: FastifyRequest, catchAll: string | undefined): { endpointName: string; path: string } {
  const pathOnly = request.url.split('?')[0] ?? ''
  const match = /^\/r\/([^/]+)(\/.*)?$/.exec(pathOnly)
  if (match) return { endpointName: decodeURIComponent(match[1]!), path: match[2] ?? '' }
  return { endpointName: catchAll ?? '', path: pathOnly }
}

/**
 * The planned answer, or a 500 saying why when one of its scripted headers is one Node refuses to
 * write (saved by an older version): the request is answered and captured instead of hanging.
 */
function sendable(plan: PlannedResponse): PlannedResponse {
  const problem = headerProblem(plan.headers)
  if (!problem) return plan
  const message = `this endpoint's scripted response cannot be sent: ${problem}; fix its headers in the Receiver view`
  return { ...jsonError(500, message), delayMs: plan.delayMs, hang: plan.hang, note: message }
}

/** The answer to a delivery the endpoint has processed before. */
function duplicateAnswer(by: string): PlannedResponse {
  return { status: 200, headers: [['content-type', 'application/json']], body: '{"duplicate":true}', delayMs: 0, hang: false, note: `already processed (${by}): answered 200, script skipped` }
}

/** What an endpoint that rejects invalid signatures answers instead of its script: 401 and why. */
function invalidSignatureAnswer(verdict: SignatureVerdict): PlannedResponse {
  return {
    status: 401,
    headers: [['content-type', 'application/json']],
    body: JSON.stringify({ error: 'invalid signature', reason: verdict.reason, message: verdict.message }),
    delayMs: 0,
    hang: false,
    note: `rejected: the signature does not verify (${verdict.message})`,
  }
}
