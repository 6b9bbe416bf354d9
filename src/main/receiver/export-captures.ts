import type { Capture } from '../../shared/schemas/receiver'
import { STATUS_TEXT, headerValue } from '../../shared/schemas/http'
import { VERSION } from '../version'

/** Captures as a HAR 1.2 log (the receiver's view: each request and the answer it got). */
export function capturesToHar(captures: Capture[], baseUrl: string) {
  return {
    log: {
      version: '1.2',
      creator: { name: 'Hookbench', version: VERSION },
      entries: captures.map((capture) => harEntry(capture, baseUrl)),
    },
  }
}

function harEntry(capture: Capture, baseUrl: string) {
  const body = Buffer.from(capture.bodyBase64, 'base64')
  const mimeType = headerValue(capture.headers, 'content-type') ?? 'application/octet-stream'
  const text = isText(body) ? { text: body.toString('utf8') } : { text: capture.bodyBase64, encoding: 'base64' }
  const url = captureUrl(capture, baseUrl)
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
      postData: { mimeType, ...text },
      headersSize: -1,
      bodySize: capture.size,
    },
    response: {
      status: capture.response?.status ?? 0,
      statusText: STATUS_TEXT[capture.response?.status ?? 0] ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: (capture.response?.headers ?? []).map(([name, value]) => ({ name, value })),
      content: { size: Buffer.byteLength(capture.response?.body ?? ''), mimeType: 'text/plain', text: capture.response?.body ?? '' },
      redirectURL: '',
      headersSize: -1,
      bodySize: Buffer.byteLength(capture.response?.body ?? ''),
      _outcome: capture.outcome,
    },
    cache: {},
    timings: { send: 0, wait: capture.durationMs, receive: 0 },
    comment: capture.deliveryId ? `Hookbench delivery ${capture.deliveryId}, attempt ${capture.attempt}` : '',
  }
}

/**
 * A paste-safe cURL command that replays the capture to `url`. Text bodies are single-quoted;
 * binary bodies go through `base64 -d` so no byte is lost to the shell.
 */
export function captureToCurl(capture: Capture, url: string): string {
  const body = Buffer.from(capture.bodyBase64, 'base64')
  const skipped = new Set(['host', 'content-length', 'connection', 'transfer-encoding'])
  const headers = capture.headers.filter(([name]) => !skipped.has(name.toLowerCase())).map(([name, value]) => `  -H ${quote(`${name}: ${value}`)}`)
  const target = `${url}${capture.query}`
  const lines = [`curl -X ${capture.method} ${quote(target)}`, ...headers]
  if (body.length === 0) return lines.join(' \\\n')
  if (isText(body)) return [...lines, `  --data-binary ${quote(body.toString('utf8'))}`].join(' \\\n')
  return `printf %s ${quote(capture.bodyBase64)} | base64 -d | ${[...lines, '  --data-binary @-'].join(' \\\n')}`
}

export function captureUrl(capture: Capture, baseUrl: string): string {
  const base = baseUrl.replace(/\/$/, '')
  return `${base}/r/${capture.endpoint}${capture.path}${capture.query}`
}

/** POSIX single quotes: everything literal, `'` written as `'\''`. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

function isText(body: Buffer): boolean {
  if (body.includes(0)) return false
  return Buffer.from(body.toString('utf8'), 'utf8').equals(body)
}
