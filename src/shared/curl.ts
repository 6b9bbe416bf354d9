import type { HeaderPair } from './schemas/http'

/** A request to write as a cURL command: a delivery's attempt (the inspector) or a capture (the receiver's export). */
export interface CurlRequest {
  method: string
  url: string
  /** In the order they were sent. */
  headers: readonly HeaderPair[]
  /** Text as sent (a delivery's body), or the bytes as received (a capture's, which need not be text). */
  body: string | Uint8Array
  /** Headers whose value is a secret in plain text (Qovery-Secret, x-application-key). */
  secretHeaders?: readonly string[]
  /** Put the secrets themselves in the command instead of shell variables. */
  includeSecrets?: boolean
}

/** Headers curl computes itself, or that describe the original connection. */
const SKIPPED = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'expect'])
/** Headers curl adds on its own: sent empty (`-H 'Accept:'`) when the request had none, so curl sends none either. */
const CURL_DEFAULTS = ['Accept', 'User-Agent']

/** `Qovery-Secret` → `QOVERY_SECRET`: the shell variable a secret header's value is read from. */
export function secretVariable(header: string): string {
  const name = header.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '')
  return /^[0-9]/.test(name) ? `_${name}` : name || 'SECRET'
}

/**
 * A paste-safe cURL command that sends the request again, byte for byte. Plain-secret headers
 * read their value from a shell variable (with a comment saying so) unless `includeSecrets`:
 * a secret never reaches the clipboard unasked. Printable text bodies are single-quoted
 * `--data-raw` (a leading `@` is not a file); anything else (binary, control characters, CR)
 * goes through `base64 -d | curl --data-binary @-`, so no byte is lost to the shell or the terminal.
 */
export function requestToCurl(request: CurlRequest): string {
  const secret = new Set((request.secretHeaders ?? []).map((name) => name.toLowerCase()))
  const hidden = request.includeSecrets ? [] : request.headers.filter(([name]) => secret.has(name.toLowerCase()))
  const isHidden = (name: string) => hidden.some(([h]) => h === name)
  const headerArgs = request.headers
    .filter(([name]) => !SKIPPED.has(name.toLowerCase()))
    .map(([name, value]) => (isHidden(name) ? `-H ${quote(`${name}: `)}"$${secretVariable(name)}"` : `-H ${quote(`${name}: ${value}`)}`))
  const has = (name: string) => request.headers.some(([n]) => n.toLowerCase() === name.toLowerCase())
  const bytes = typeof request.body === 'string' ? new TextEncoder().encode(request.body) : request.body
  const missing = [...CURL_DEFAULTS, ...(bytes.length > 0 ? ['Content-Type'] : [])].filter((name) => !has(name))
  const lines = [`curl -X ${request.method} ${quote(request.url)}`, ...headerArgs, ...missing.map((name) => `-H ${quote(`${name}:`)}`)]
  const comments = [...new Set(hidden.map(([name]) => name))].map(
    (name) => `# ${name} carries the subscription's secret: set ${secretVariable(name)} before running (kept out of the clipboard).`,
  )
  return [...comments, commandWithBody(lines, bytes)].join('\n')
}

function commandWithBody(lines: string[], body: Uint8Array): string {
  if (body.length === 0) return join(lines)
  const text = pasteSafeText(body)
  if (text !== undefined) return join([...lines, `--data-raw ${quote(text)}`])
  return `printf %s ${quote(base64(body))} | base64 -d | ${join([...lines, '--data-binary @-'])}`
}

const join = (lines: string[]) => lines.join(' \\\n  ')

/** POSIX single quotes: everything literal, `'` written as `'\''`. */
export function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

/** The body as text when it is valid UTF-8 with no control characters but newline and tab: safe inside single quotes in a terminal. */
function pasteSafeText(body: Uint8Array): string | undefined {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body)
  } catch {
    return undefined
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text) ? undefined : text
}

function base64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}
