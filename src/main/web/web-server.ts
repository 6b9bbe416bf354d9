import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import type { EngineEvent } from '../../shared/api/events'
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy'
import type { ErrorCode, Result } from '../../shared/result'
import type { Dispatch } from '../api/dispatch'
import { createEventBatcher } from '../api/event-batcher'
import { type RequestGuard, createRequestGuard } from './request-guard'
import { registerStaticFiles } from './static-files'

export interface WebServerDeps {
  dispatch: Dispatch
  subscribe(listener: (event: EngineEvent) => void): () => void
  /** Built renderer directory (index.html + assets). */
  staticDir: string
  /** Address the server binds; decides which Host headers are accepted. */
  host: string
}

const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unavailable: 503,
  internal: 500,
}

/**
 * Web mode: the same API as the Electron IPC bridge, as `POST /api/<method>` and a server-sent
 * event stream at `GET /api/events`, plus the built UI. Built without listening, so tests can
 * use `inject()`.
 */
export function createWebServer(deps: WebServerDeps): { app: FastifyInstance; guard: RequestGuard } {
  // Event streams never go idle; without forcing, `close()` would wait for every open browser tab.
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024, forceCloseConnections: true })
  const guard = createRequestGuard(deps.host, listeningPort(app))

  app.addHook('onRequest', async (request, reply) => {
    if (!guard.isAllowedHost(request.headers.host)) {
      return reply.code(421).type('text/plain').send('Misdirected request: unknown Host\n')
    }
    if (request.url.startsWith('/api/') && !guard.isAllowedOrigin(request.headers.origin, request.headers.host)) {
      return reply.code(403).send(errorBody('forbidden', 'Requests from other origins are refused'))
    }
  })
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff')
    reply.header('Referrer-Policy', 'no-referrer')
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    }
    return payload
  })
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500
    return reply.code(status).send(errorBody(status < 500 ? 'invalid_input' : 'internal', error.message))
  })

  app.get('/api/events', (request, reply) => streamEvents(reply, deps.subscribe, request.raw))
  app.post<{ Params: { method: string } }>('/api/:method', async (request, reply) => {
    const result = await deps.dispatch(request.params.method, request.body ?? {})
    return reply.code(result.ok ? 200 : HTTP_STATUS[result.error.code]).send(result)
  })
  app.all('/api/*', async (_request, reply) =>
    reply.code(405).send(errorBody('invalid_input', 'API methods are called with POST /api/<method>')),
  )
  registerStaticFiles(app, deps.staticDir)
  return { app, guard }
}

function streamEvents(
  reply: FastifyReply,
  subscribe: WebServerDeps['subscribe'],
  request: NodeJS.EventEmitter,
) {
  reply.hijack()
  const raw = reply.raw
  raw.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  })
  raw.write(': connected\n\n')
  const batcher = createEventBatcher((batch) => raw.write(`data: ${JSON.stringify(batch)}\n\n`))
  const unsubscribe = subscribe((event) => batcher.push(event))
  const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), 15_000)
  request.on('close', () => {
    clearInterval(keepAlive)
    unsubscribe()
    batcher.close()
  })
}

function errorBody(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } }
}

/** The port the server listens on (0 until it does); the socket is asked only until it answers. */
function listeningPort(app: FastifyInstance): () => number {
  let port = 0
  return () => (port ||= boundPort(app))
}

function boundPort(app: FastifyInstance): number {
  const address = app.server.address()
  return typeof address === 'object' && address ? address.port : 0
}
