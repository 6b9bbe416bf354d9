import { STATUS_CODES } from 'node:http'
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

/** Headers curl computes itself, or that describe the original connection. */
const CURL_SKIPPED = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'expect'])
/** Headers curl adds on its own: sent empty (`-H 'Accept:'`) when the capture had none, to replay faithfully. */
const CURL_DEFAULTS = ['Accept', 'User-Agent']

/**
 * A paste-safe cURL command that replays the capture to `url` (the capture's query is appended).
 * Printable text bodies are single-quoted and sent with `--data-raw` (a leading `@` is not a file);
 * anything else (binary, control characters, CR) goes through `base64 -d | curl --data-binary @-`,
 * so no byte is lost to the shell or the terminal.
 */
export function captureToCurl(capture: Capture, target: string | { url: string }): string {
  const url = typeof target === 'string' ? target : target.url
  const body = Buffer.from(capture.bodyBase64, 'base64')
  const kept = capture.headers.filter(([name]) => !CURL_SKIPPED.has(name.toLowerCase()))
  const headers = kept.map(([name, value]) => `-H ${quote(`${name}: ${value}`)}`)
  const missing = [...CURL_DEFAULTS, ...(body.length > 0 ? ['Content-Type'] : [])].filter((name) => headerValue(capture.headers, name) === undefined)
  const lines = [`curl -X ${capture.method} ${quote(`${url}${capture.query}`)}`, ...headers, ...missing.map((name) => `-H ${quote(`${name}:`)}`)]
  if (body.length === 0) return join(lines)
  if (isPasteSafe(body)) return join([...lines, `--data-raw ${quote(body.toString('utf8'))}`])
  return `printf %s ${quote(capture.bodyBase64)} | base64 -d | ${join([...lines, '--data-binary @-'])}`
}

/** Where the capture was sent: `<base>/r/<endpoint><path><query>` (or `<base><path><query>` when caught by `hookbench receive`). */
export function captureUrl(capture: Capture, baseUrl?: string): string {
  const host = headerValue(capture.headers, 'host')
  const base = (baseUrl ?? `http://${host ?? '127.0.0.1'}/`).replace(/\/$/, '')
  const mount = capture.catchAll ? '' : `/r/${capture.endpoint}`
  return `${base}${mount}${capture.path}${capture.query}`
}

const join = (lines: string[]) => lines.join(' \\\n  ')

/** POSIX single quotes: everything literal, `'` written as `'\''`. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

function isUtf8Text(body: Buffer): boolean {
  if (body.includes(0)) return false
  return Buffer.from(body.toString('utf8'), 'utf8').equals(body)
}

/** Valid UTF-8 with no control characters but newline and tab: safe inside single quotes in a terminal. */
function isPasteSafe(body: Buffer): boolean {
  // eslint-disable-next-line no-control-regex
  return isUtf8Text(body) && !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(body.toString('utf8'))
}
