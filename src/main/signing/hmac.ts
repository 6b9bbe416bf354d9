import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { secretProblem } from '../../shared/schemas/secrets'

export type Bytes = string | Buffer

export const hmacSha256 = (key: Bytes, content: Bytes) => createHmac('sha256', key).update(content).digest()
export const hmacSha1 = (key: Bytes, content: Bytes) => createHmac('sha1', key).update(content).digest()

/**
 * Standard Webhooks keys are base64 after the `whsec_` prefix; the HMAC key is the decoded bytes.
 * Throws on a secret the reference library would refuse: Node's decoder would quietly skip bad characters.
 */
export function standardWebhooksKey(secret: string): Buffer {
  let key = decodedKeys.get(secret)
  if (!key) {
    const problem = secretProblem('standard', secret)
    if (problem) throw new Error(problem)
    key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64')
    // Every attempt signs: decode and check a secret once, not once per request.
    if (decodedKeys.size >= 1000) decodedKeys.clear()
    decodedKeys.set(secret, key)
  }
  return key
}
const decodedKeys = new Map<string, Buffer>()

/** HMAC-SHA256 of `prefix` followed by `body`, without copying them into one buffer first. */
export const hmacSha256Of = (key: Bytes, prefix: string, body: Bytes) => createHmac('sha256', key).update(prefix).update(body).digest()

/** `utf8(id) . decimal(t) . body`, as bytes (spec §5.1). */
export function standardSignedContent(id: string, timestampSec: number, body: Bytes): Buffer {
  return Buffer.concat([Buffer.from(`${id}.${timestampSec}.`), Buffer.from(body)])
}

export function stripeSignedContent(timestampSec: number, body: Bytes): Buffer {
  return Buffer.concat([Buffer.from(`${timestampSec}.`), Buffer.from(body)])
}

/** Constant-time comparison of two strings; a length difference is (safely) unequal. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/** Logs and the UI show this instead of a plain secret: first 16 hex of SHA-256 (spec §5.4). */
export function secretFingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16)
}
