import { STATUS_CODES } from 'node:http'
import { requestToCurl } from '../../shared/curl'
import type { Capture } from '../../shared/schemas/receiver'
import { headerValue } from '../../shared/schemas/http'
import { VERSION } from '../version'

/**
 * Captures as a HAR 1.2 log (the receiver's view: each request and the answer it got).
 * `baseUrl` is where the receiver listened; without it each capture's `Host` header is used.
 * `comment` is the log's (HAR 1.2 `log.comment`): what the file holds of secrets.
 */
export function capturesToHar(captures: Capture[], baseUrl?: string, comment?: string) {
  return {
    log: {
      version: '1.2',
      creator: { name: 'Hookbench', version: VERSION },
      ...(comment !== undefined && { comment }),
      entries: captures.map((capture) => harEntry(capture, baseUrl)),
    },
  }
}

function harEntry(capture: Capture, baseUrl: string | undefined) {
  const body = Buffer.from(capture.bodyBase64, 'base64')
  const mimeType = headerValue(capture.headers, 'content-type') ?? 'application/octet-stream'
  const text = isUtf8Text(body) ? { text: body.toString('utf8') } : { text: capture.bodyBase64, encoding: 'base64' }
  const url = captureUrl(capture, baseUrl)
  const responseBody = capture.response?.body ?? ''
  const status = capture.response?.status ?? 0
  return {
    startedDateTime: capture.receivedAt,
    time: capture.durationMs,
    request: {
      method: capture.method,
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: capture.headers.map(([name, value]) => ({ name, value })),
      queryString: [...new URL(url).searchParams].map(([name, value]) => ({ name, value })),
      ...(body.length > 0 ? { postData: { mimeType, ...text } } : {}),
      headersSize: -1,
      bodySize: capture.size,
    },
    response: {
      status,
      statusText: STATUS_CODES[status] ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: (capture.response?.headers ?? []).map(([name, value]) => ({ name, value })),
      content: {
        size: Buffer.byteLength(responseBody),
        mimeType: headerValue(capture.response?.headers ?? [], 'content-type') ?? 'text/plain; charset=utf-8',
        text: responseBody,
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: Buffer.byteLength(responseBody),
      /** `answered`, `rejected` or `abandoned` (a hung endpoint has no real response). */
      _outcome: capture.outcome,
    },
    cache: {},
    timings: { send: 0, wait: capture.durationMs, receive: 0 },
    comment: capture.deliveryId ? `Hookbench delivery ${capture.deliveryId}, attempt ${capture.attempt}` : '',
  }
}

/**
 * A paste-safe cURL command that replays the capture to `url` (the capture's query is appended),
 * its body byte for byte (`src/shared/curl.ts`, as the inspector copies an attempt).
 */
export function captureToCurl(capture: Capture, target: string | { url: string }): string {
  const url = typeof target === 'string' ? target : target.url
  return requestToCurl({ method: capture.method, url: `${url}${capture.query}`, headers: capture.headers, body: Buffer.from(capture.bodyBase64, 'base64'), includeSecrets: true })
}

/** Where the capture was sent: `<base>/r/<endpoint><path><query>` (or `<base><path><query>` when caught by `hookbench receive`). */
export function captureUrl(capture: Capture, baseUrl?: string): string {
  const host = headerValue(capture.headers, 'host')
  const base = (baseUrl ?? `http://${host ?? '127.0.0.1'}/`).replace(/\/$/, '')
  const mount = capture.catchAll ? '' : `/r/${capture.endpoint}`
  return `${base}${mount}${capture.path}${capture.query}`
}

function isUtf8Text(body: Buffer): boolean {
  if (body.includes(0)) return false
  return Buffer.from(body.toString('utf8'), 'utf8').equals(body)
}
