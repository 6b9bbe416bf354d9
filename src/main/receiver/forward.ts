import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { type HeaderPair, headerPairs } from '../../shared/schemas/http'
import type { ForwardConfig, ForwardResult } from '../../shared/schemas/receiver'
import { RESPONSE_BODY_CAP } from '../../shared/schemas/delivery'

/** Headers that describe one hop, not the message: never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'content-length'])

/** Replays a captured request to the integrator's own app; never throws. */
export function forwardRequest(
  target: ForwardConfig,
  request: { method: string; path: string; query: string; headers: HeaderPair[]; body: Buffer },
): Promise<ForwardResult> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  const finalUrl = forwardUrl(target.url, request.path, request.query)
  return new Promise((resolve) => {
    const send = finalUrl.protocol === 'https:' ? httpsRequest : httpRequest
    const req = send(finalUrl, { method: request.method, timeout: target.timeoutMs })
    for (const [name, value] of request.headers) if (!HOP_BY_HOP.has(name.toLowerCase())) req.setHeader(name, value)
    req.setHeader('Content-Length', request.body.length)
    const failWith = (error: string) => resolve({ url: finalUrl.toString(), headers: [], bodyPreview: '', durationMs: elapsed(), error })
    req.on('timeout', () => {
      req.destroy()
      failWith(`no answer within ${target.timeoutMs} ms`)
    })
    req.on('error', (error: NodeJS.ErrnoException) => failWith(error.code ? `${error.message} (${error.code})` : error.message))
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      let kept = 0
      res.on('data', (chunk: Buffer) => {
        if (kept < RESPONSE_BODY_CAP) chunks.push(chunk.subarray(0, RESPONSE_BODY_CAP - kept))
        kept += chunk.length
      })
      res.on('end', () => {
        resolve({ url: finalUrl.toString(), status: res.statusCode, headers: headerPairs(res.rawHeaders), bodyPreview: Buffer.concat(chunks).toString('utf8'), durationMs: elapsed() })
      })
    })
    req.end(request.body)
  })
}

/** The target URL plus the captured sub-path and query: `/r/inbox/a?b=1` → `<target>/a?b=1`. */
export function forwardUrl(base: string, path: string, query: string): URL {
  const url = new URL(base)
  url.pathname = url.pathname.replace(/\/$/, '') + path || '/'
  if (query) url.search = query
  return url
}
