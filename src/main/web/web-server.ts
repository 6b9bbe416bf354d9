import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { EngineEvent } from '../../shared/api/events'
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy'
import type { ErrorCode, Result } from '../../shared/result'
import type { Dispatch } from '../api/dispatch'
import { createEventBatcher } from '../api/event-batcher'
import { TOKEN_QUERY, isTokenValid, presentedToken, tokenCookie } from './access-token'
import { apiRefusal } from './api-gate'
import { type RequestGuard, createRequestGuard } from './request-guard'
import { registerStaticFiles } from './static-files'

export interface WebServerDeps {
  dispatch: Dispatch
  subscribe(listener: (event: EngineEvent) => void): () => void
  /** Built renderer directory (index.html + assets). */
  staticDir: string
  /** Address the server binds; decides which Host headers are accepted. */
  host: string
  /** When set, every request (page, files, API, events) must carry it: see `access-token.ts`. */
  token?: string
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
  const port = listeningPort(app)
  const guard = createRequestGuard(deps.host, port)

  app.addHook('onRequest', async (request, reply) => {
    if (!guard.isAllowedHost(request.headers.host)) {
      return reply.code(421).type('text/plain').send('Misdirected request: unknown Host\n')
    }
    if (deps.token !== undefined && !hasToken(request, deps.token, port())) return refuseWithoutToken(request, reply, deps.token, port())
    if (!request.url.startsWith('/api/')) return
    const refusal = apiRefusal(
      {
        method: request.method,
        apiMethod: /^\/api\/([^/?#]+)/.exec(request.url)?.[1],
        origin: request.headers.origin,
        host: request.headers.host,
        contentType: request.headers['content-type'],
      },
      guard,
    )
    if (refusal) return reply.code(refusal.status).send(errorBody(refusal.status === 415 ? 'invalid_input' : 'forbidden', refusal.message))
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

const hasToken = (request: FastifyRequest, token: string, port: number) => isTokenValid(token, presentedToken(request.headers, port))

/**
 * A request without the token: the link's `?token=` is traded for a cookie (and dropped from the
 * address bar); anything else gets 401 and what to do about it.
 */
function refuseWithoutToken(request: FastifyRequest, reply: FastifyReply, token: string, port: number) {
  const url = new URL(request.url, 'http://hookbench.invalid')
  const offered = url.searchParams.get(TOKEN_QUERY) ?? undefined
  const isApi = url.pathname.startsWith('/api/')
  if (request.method === 'GET' && !isApi && isTokenValid(token, offered)) {
    url.searchParams.delete(TOKEN_QUERY)
    return reply.code(303).header('Set-Cookie', tokenCookie(port, token)).header('Location', `${url.pathname}${url.search}`).send()
  }
  reply.code(401).header('WWW-Authenticate', 'Bearer realm="hookbench"')
  if (isApi) return reply.send(errorBody('forbidden', NEEDS_TOKEN))
  return reply.type('text/plain; charset=utf-8').send(`${NEEDS_TOKEN}\n`)
}

const NEEDS_TOKEN =
  'This Hookbench is shared on the network and asks for its access token: open the full link printed where Hookbench started (it ends in ?token=…).'

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
