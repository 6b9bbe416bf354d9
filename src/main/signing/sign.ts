import { createHash } from 'node:crypto'
import type { HeaderPair } from '../../shared/schemas/http'
import { DEFAULT_HMAC_HEADER, type SigningScheme } from '../../shared/schemas/signing'
import { type Bytes, hmacSha1, hmacSha256, hmacSha256Of, standardWebhooksKey, stripeSignedContent } from './hmac'

/** Logs and the UI show a secret's fingerprint, never the secret (spec §5.4). */
export { secretFingerprint } from './hmac'

export interface SignInput {
  scheme: SigningScheme
  /** Newest first; more than one while a secret is being rotated. */
  secrets: string[]
  /** The delivery id: `webhook-id`, and the seed of `X-GitHub-Delivery`. Same on every retry. */
  messageId: string
  /** Seeds GitHub's `X-GitHub-Hook-ID` and `User-Agent` (the delivery id when absent). */
  subscriptionId?: string
  /** This attempt's time, in Unix seconds. */
  timestampSec: number
  /** The raw bytes sent; never re-serialised. */
  body: Bytes
  eventName?: string
  hmacHeader?: string
  /** For `native`: the platform's headers that carry the secret in plain text. */
  secretHeaders?: string[]
}

/**
 * The headers a scheme adds to one attempt. Standard Webhooks and Stripe carry one signature
 * per active secret (rotation); GitHub and plain HMAC headers hold one value, so they are
 * signed with the newest secret only.
 */
export function signRequest(input: SignInput): HeaderPair[] {
  const [newest] = input.secrets
  if (input.scheme === 'none' || newest === undefined) return []
  switch (input.scheme) {
    case 'standard':
      return [
        ['webhook-id', input.messageId],
        ['webhook-timestamp', String(input.timestampSec)],
        ['webhook-signature', input.secrets.map((s) => standardSignature(s, input.messageId, input.timestampSec, input.body)).join(' ')],
      ]
    case 'github':
      return githubHeaders(input, newest)
    case 'stripe':
      return [['Stripe-Signature', stripeHeader(input.secrets, input.timestampSec, input.body)]]
    case 'hmac-sha256':
      return [[input.hmacHeader ?? DEFAULT_HMAC_HEADER, hmacSha256(newest, input.body).toString('hex')]]
    case 'native':
      return (input.secretHeaders ?? []).map((name): HeaderPair => [name, newest])
  }
}

/** GitHub's headers; the ids are derived, so every retry (and a resumed run) repeats them. */
function githubHeaders(input: SignInput, secret: string): HeaderPair[] {
  const hook = sha256(input.subscriptionId ?? input.messageId)
  return [
    ['X-GitHub-Delivery', githubDeliveryGuid(input.messageId)],
    ['X-Hub-Signature', githubSha1Signature(secret, input.body)],
    ['X-Hub-Signature-256', githubSignature(secret, input.body)],
    ['User-Agent', `GitHub-Hookshot/${hook.toString('hex').slice(8, 15)}`],
    ...(input.eventName ? [['X-GitHub-Event', input.eventName] as HeaderPair] : []),
    ['X-GitHub-Hook-ID', String(hook.readUInt32BE(0))],
    // A repository webhook: the installation target is the repository, its id derived like the hook's.
    ['X-GitHub-Hook-Installation-Target-ID', String(hook.readUInt32BE(16))],
    ['X-GitHub-Hook-Installation-Target-Type', 'repository'],
  ]
}

/**
 * The order of the headers in GitHub's example delivery (docs, "Webhook events and payloads"):
 * the request's other headers (a subscription's own) follow.
 */
const GITHUB_ORDER = [
  'x-github-delivery',
  'x-hub-signature',
  'x-hub-signature-256',
  'user-agent',
  'content-type',
  'content-length',
  'x-github-event',
  'x-github-hook-id',
  'x-github-hook-installation-target-id',
  'x-github-hook-installation-target-type',
]

/** A request signed with the `github` scheme, its headers in GitHub's order with `Content-Length` in place. */
export function inGithubOrder(headers: HeaderPair[], bodyBytes: number): HeaderPair[] {
  const all: HeaderPair[] = [...headers.filter(([name]) => name.toLowerCase() !== 'content-length'), ['Content-Length', String(bodyBytes)]]
  const rank = (name: string) => {
    const at = GITHUB_ORDER.indexOf(name.toLowerCase())
    return at === -1 ? GITHUB_ORDER.length : at
  }
  return all.map((header, at) => ({ header, at, rank: rank(header[0]) })).sort((a, b) => a.rank - b.rank || a.at - b.at).map((s) => s.header)
}

const sha256 = (text: string) => createHash('sha256').update(text).digest()

/** `X-GitHub-Delivery` for a delivery: a GUID shaped like a v4 UUID, made from SHA-256 of its id. */
export function githubDeliveryGuid(deliveryId: string): string {
  const bytes = sha256(deliveryId).subarray(0, 16)
  bytes[6] = (bytes[6]! & 0x0f) | 0x40 // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80 // RFC 4122 variant
  const hex = bytes.toString('hex')
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-')
}

/** `v1,<base64>` for one Standard Webhooks secret. */
export function standardSignature(secret: string, id: string, timestampSec: number, body: Bytes): string {
  return `v1,${hmacSha256Of(standardWebhooksKey(secret), `${id}.${timestampSec}.`, body).toString('base64')}`
}

export const githubSignature = (secret: string, body: Bytes) => `sha256=${hmacSha256(secret, body).toString('hex')}`
export const githubSha1Signature = (secret: string, body: Bytes) => `sha1=${hmacSha1(secret, body).toString('hex')}`

/** Hex HMAC of `<t>.<body>` keyed with the whole secret string, `whsec_` included (spec §5.3). */
export const stripeSignature = (secret: string, timestampSec: number, body: Bytes) =>
  hmacSha256(secret, stripeSignedContent(timestampSec, body)).toString('hex')

export function stripeHeader(secrets: string[], timestampSec: number, body: Bytes): string {
  return [`t=${timestampSec}`, ...secrets.map((s) => `v1=${stripeSignature(s, timestampSec, body)}`)].join(',')
}
