import { type HeaderPair, headerValue } from '../../shared/schemas/http'
import { secretProblem } from '../../shared/schemas/secrets'
import { DEFAULT_HMAC_HEADER, type SignatureVerdict, type SigningScheme, type VerdictReason } from '../../shared/schemas/signing'
import { type Bytes, hmacSha256, safeEqual, secretFingerprint, standardSignedContent, stripeSignedContent } from './hmac'
import { githubSignature, standardSignature, stripeSignature } from './sign'

export interface VerifyInput {
  scheme: SigningScheme
  /** Accepted secrets, newest first. */
  secrets: string[]
  /** Received headers, any case. */
  headers: HeaderPair[]
  /** Raw received bytes. */
  body: Buffer
  nowSec: number
  toleranceSec?: number
  hmacHeader?: string
  secretHeaders?: string[]
  /** The bytes Hookbench sent, when known: tells "body altered" apart from "wrong secret". */
  sentBody?: Buffer
}

const SHOWN_CONTENT = 2048

/** Checks a received request the way the reference libraries do, and explains the verdict. */
export function verifyRequest(input: VerifyInput): SignatureVerdict {
  const base = { scheme: input.scheme, expected: [], received: [] }
  if (input.scheme === 'none') return { ...base, valid: true, reason: 'not_checked', message: 'no signature expected' }
  if (input.secrets.length === 0) return { ...base, valid: false, reason: 'not_checked', message: 'no secret configured to verify with' }
  const unusable = input.secrets.map((secret) => secretProblem(input.scheme, secret)).find(Boolean)
  if (unusable) return { ...base, valid: false, reason: 'not_checked', message: `the endpoint's secret cannot be used: ${unusable}` }
  switch (input.scheme) {
    case 'standard':
      return verifyStandard(input)
    case 'github':
      return verifyHmacHeader(input, 'X-Hub-Signature-256', (secret, body) => githubSignature(secret, body))
    case 'stripe':
      return verifyStripe(input)
    case 'hmac-sha256':
      return verifyHmacHeader(input, input.hmacHeader ?? DEFAULT_HMAC_HEADER, (secret, body) => hmacHex(secret, body))
    case 'native':
      return verifyPlainSecret(input)
  }
}

const hmacHex = (secret: string, body: Bytes) => hmacSha256(secret, body).toString('hex')

const header = headerValue

const show = (content: Buffer) =>
  content.length > SHOWN_CONTENT ? `${content.subarray(0, SHOWN_CONTENT).toString('utf8')}… (${content.length} bytes)` : content.toString('utf8')

function verifyStandard(input: VerifyInput): SignatureVerdict {
  const id = header(input.headers, 'webhook-id')
  const timestamp = header(input.headers, 'webhook-timestamp')
  const signature = header(input.headers, 'webhook-signature')
  const base = { scheme: input.scheme, expected: [] as string[], received: signature ? signature.split(' ') : [] }
  const missing = [!id && 'webhook-id', !timestamp && 'webhook-timestamp', !signature && 'webhook-signature'].filter(Boolean)
  if (missing.length > 0) return { ...base, valid: false, reason: 'header_missing', message: `missing ${missing.join(', ')}` }
  const t = Number(timestamp)
  if (!/^\d+$/.test(timestamp!)) return { ...base, valid: false, reason: 'malformed_header', message: `webhook-timestamp "${timestamp}" is not Unix seconds` }
  const received = base.received.filter((entry) => entry.startsWith('v1,'))
  if (received.length === 0) return { ...base, valid: false, reason: 'malformed_header', message: 'webhook-signature has no v1 entry' }
  const skew = tooFarOff(t, input, true)
  const signedContent = show(standardSignedContent(id!, t, input.body))
  const expected = input.secrets.map((secret) => standardSignature(secret, id!, t, input.body))
  const outcome = { ...base, signedContent, expected }
  if (skew) return { ...outcome, valid: false, reason: 'timestamp_out_of_tolerance', message: skew }
  return matchVerdict(input, outcome, expected, received, (secret, body) => standardSignature(secret, id!, t, body))
}

function verifyStripe(input: VerifyInput): SignatureVerdict {
  const value = header(input.headers, 'Stripe-Signature')
  const base = { scheme: input.scheme, expected: [] as string[], received: [] as string[] }
  if (!value) return { ...base, valid: false, reason: 'header_missing', message: 'missing Stripe-Signature' }
  const parts = value.split(',').map((part) => part.split('='))
  const rawT = parts.find(([k]) => k === 't')?.[1] ?? ''
  const t = /^\d+$/.test(rawT) ? Number(rawT) : Number.NaN
  const received = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v!)
  if (!Number.isInteger(t) || received.length === 0) {
    return { ...base, received, valid: false, reason: 'malformed_header', message: 'Stripe-Signature needs t=<unix> and at least one v1=<hex>' }
  }
  const skew = tooFarOff(t, input, false)
  const expected = input.secrets.map((secret) => stripeSignature(secret, t, input.body))
  const outcome = { ...base, received, expected, signedContent: show(stripeSignedContent(t, input.body)) }
  if (skew) return { ...outcome, valid: false, reason: 'timestamp_out_of_tolerance', message: skew }
  return matchVerdict(input, outcome, expected, received, (secret, body) => stripeSignature(secret, t, body))
}

function verifyHmacHeader(input: VerifyInput, name: string, sign: (secret: string, body: Bytes) => string): SignatureVerdict {
  const value = header(input.headers, name)
  const base = { scheme: input.scheme, expected: [] as string[], received: value ? [value] : [] }
  if (!value) return { ...base, valid: false, reason: 'header_missing', message: `missing ${name}` }
  const expected = input.secrets.map((secret) => sign(secret, input.body))
  return matchVerdict(input, { ...base, expected, signedContent: show(input.body) }, expected, [value], sign)
}

function verifyPlainSecret(input: VerifyInput): SignatureVerdict {
  const names = input.secretHeaders ?? []
  const present = names.map((name) => header(input.headers, name)).filter((v): v is string => v !== undefined)
  // Fingerprints on both sides let people compare without ever seeing a secret.
  const base = { scheme: input.scheme, expected: input.secrets.map(secretFingerprint), received: present.map(secretFingerprint) }
  const label = 'auth token, not a signature: it proves nothing about the body'
  if (present.length === 0) return { ...base, valid: false, reason: 'header_missing', message: `missing ${names.join(' or ') || 'secret header'} (${label})` }
  const matched = input.secrets.findIndex((secret) => present.some((value) => safeEqual(value, secret)))
  const fingerprint = secretFingerprint(present[0]!)
  if (matched === -1) return { ...base, fingerprint, valid: false, reason: 'wrong_secret', message: `secret does not match (${label})` }
  return { ...base, fingerprint, valid: true, reason: 'valid', matchedSecret: matched, message: `secret matches (${label})` }
}

type Outcome = Omit<SignatureVerdict, 'valid' | 'reason' | 'message'>

/** Any received signature equal to any expected one is valid; otherwise say why as precisely as we can. */
function matchVerdict(
  input: VerifyInput,
  outcome: Outcome,
  expected: string[],
  received: string[],
  sign: (secret: string, body: Bytes) => string,
): SignatureVerdict {
  const matched = expected.findIndex((e) => received.some((r) => safeEqual(r, e)))
  if (matched !== -1) {
    const which = matched === 0 ? 'the current secret' : 'the previous secret (rotation)'
    return { ...outcome, valid: true, reason: 'valid', matchedSecret: matched, message: `signed with ${which}` }
  }
  return { ...outcome, valid: false, ...mismatchReason(input, received, sign) }
}

function mismatchReason(input: VerifyInput, received: string[], sign: (secret: string, body: Bytes) => string): { reason: VerdictReason; message: string } {
  if (!input.sentBody) return { reason: 'signature_mismatch', message: 'signature does not match: wrong secret or body altered' }
  if (!input.sentBody.equals(input.body)) {
    const signedOriginal = input.secrets.some((secret) => received.some((r) => safeEqual(r, sign(secret, input.sentBody!))))
    return {
      reason: 'body_altered',
      message: signedOriginal
        ? `body altered in transit: the signature matches the ${input.sentBody.length} bytes sent, not the ${input.body.length} received`
        : 'body altered in transit, and the signature matches neither body',
    }
  }
  return { reason: 'wrong_secret', message: 'the body is exactly what was sent, so the secret is wrong' }
}

/** Standard Webhooks rejects both too old and too new; Stripe only too old. */
function tooFarOff(timestampSec: number, input: VerifyInput, rejectFuture: boolean): string | undefined {
  const tolerance = input.toleranceSec ?? 300
  const age = input.nowSec - timestampSec
  if (age > tolerance) return `timestamp ${age} s old (tolerance ${tolerance} s)`
  if (rejectFuture && -age > tolerance) return `timestamp ${-age} s in the future (tolerance ${tolerance} s)`
  return undefined
}
