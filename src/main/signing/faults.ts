import { createHash } from 'node:crypto'
import type { HeaderPair } from '../../shared/schemas/http'
import { type DeliveryFault, SIGNATURE_FAULT_MARGIN_SEC, SIGNATURE_TOLERANCE_SEC, type SignatureFault } from '../../shared/schemas/signature-fault'
import type { SigningScheme } from '../../shared/schemas/signing'
import { type SignInput, signRequest } from './sign'

/*
 * Forged, stale and replayed requests: how `hookbench check` makes its signature cases, and how a
 * scenario's `tamper:` sends a delivery. One definition of each fault for both.
 */

/** What a fault needs to know of the receiving end's signing. */
export interface FaultTarget {
  scheme: SigningScheme
  hmacHeader: string
  /** `native`: the platform's headers that carry the secret itself. */
  secretHeaders: string[]
}

const HMAC_SCHEMES: SigningScheme[] = ['standard', 'github', 'stripe', 'hmac-sha256']

/** A signature header that does not parse, per scheme. */
export const MALFORMED: Partial<Record<SigningScheme, string>> = {
  standard: 'v1,this is not base64!',
  github: 'sha256=not-a-hex-digest',
  stripe: 't=yesterday,v1=',
  'hmac-sha256': 'zz-not-hex',
}

/** A signature a different scheme would send, with the same secret. */
export const OTHER_SCHEME: Partial<Record<SigningScheme, SigningScheme>> = { standard: 'github', github: 'stripe', stripe: 'github', 'hmac-sha256': 'stripe' }

/** Which schemes each fault means something for; said in words where a fault cannot apply. */
export const FAULT_SCHEMES: Record<SignatureFault, { applies: (scheme: SigningScheme) => boolean; needs: string }> = {
  'body-altered': { applies: (s) => HMAC_SCHEMES.includes(s), needs: 'a scheme that signs the body (standard, github, stripe, hmac-sha256)' },
  'wrong-secret': { applies: (s) => s !== 'none', needs: 'a signed or secret-carrying scheme (anything but none)' },
  'signature-missing': { applies: (s) => s !== 'none', needs: 'a signed or secret-carrying scheme (anything but none)' },
  'signature-malformed': { applies: (s) => MALFORMED[s] !== undefined, needs: 'a scheme with a signature header (standard, github, stripe, hmac-sha256)' },
  'other-scheme': { applies: (s) => OTHER_SCHEME[s] !== undefined, needs: 'a scheme with a signature header (standard, github, stripe, hmac-sha256)' },
  'timestamp-stale': { applies: (s) => s === 'standard' || s === 'stripe', needs: 'a scheme that signs a timestamp (standard, stripe)' },
  // Stripe's own library checks the age only, so a future timestamp is not a defect there.
  'timestamp-future': { applies: (s) => s === 'standard', needs: 'the standard scheme (Stripe\'s library checks the age only)' },
  replay: { applies: () => true, needs: 'any scheme' },
}

/** Changes one character of the first string value: the JSON stays valid, the bytes differ. */
export function alterBody(body: string): string {
  const at = body.search(/":\s*"[^"\\]/)
  if (at === -1) return `${body} `
  const valueStart = body.indexOf('"', body.indexOf(':', at)) + 1
  const char = body[valueStart] === 'X' ? 'Y' : 'X'
  return `${body.slice(0, valueStart)}${char}${body.slice(valueStart + 1)}`
}

/** The headers that carry the proof for a scheme. */
export function proofHeaders(target: FaultTarget): string[] {
  switch (target.scheme) {
    case 'standard':
      return ['webhook-signature']
    case 'github':
      return ['X-Hub-Signature-256', 'X-Hub-Signature']
    case 'stripe':
      return ['Stripe-Signature']
    case 'hmac-sha256':
      return [target.hmacHeader]
    case 'native':
      return target.secretHeaders
    case 'none':
      return []
  }
}

export const withoutHeaders = (names: string[]) => (headers: HeaderPair[]) => headers.filter(([name]) => !names.some((n) => n.toLowerCase() === name.toLowerCase()))

export const replaceHeader = (name: string, value: string) => (headers: HeaderPair[]) => headers.map(([n, v]): HeaderPair => [n, n.toLowerCase() === name.toLowerCase() ? value : v])

/** A secret the endpoint does not know, valid for the scheme (same length for plain secrets, so a length check alone does not catch it). */
export function otherSecretFor(scheme: SigningScheme, secret: string | undefined): string {
  const digest = createHash('sha256').update(`hookbench-check-other:${secret ?? ''}`).digest()
  if (scheme === 'standard') return `whsec_${digest.toString('base64')}`
  const plain = secret ?? ''
  if (scheme === 'native' && plain.length > 0) {
    const last = plain.at(-1) === 'x' ? 'y' : 'x'
    return `${plain.slice(0, -1)}${last}`
  }
  return `hookbench-${digest.toString('hex').slice(0, 24)}`
}

/** How far a stale or future timestamp is moved: `by`, else the tolerance plus a margin. */
export const faultOffsetSec = (fault: Pick<DeliveryFault, 'byMs'>) => (fault.byMs !== undefined ? Math.round(fault.byMs / 1000) : SIGNATURE_TOLERANCE_SEC + SIGNATURE_FAULT_MARGIN_SEC)

/** One attempt of a delivery sent with a fault: which attempt it is, and when the first went out. */
export interface FaultAttempt {
  /** 0 for the delivery as first sent; the copy of a replay is 1 and later. */
  series: number
  /** When its first attempt was signed (Unix seconds): a replay's copy carries that signature. */
  firstSignedSec?: number
}

/**
 * The signature headers of one attempt sent with a fault: signed as `sign` says, then changed
 * the way the fault changes them (a scenario's `tamper:`). The body a `body-altered` delivery
 * sends is already altered; its signature covers `signedBody`.
 */
export function signWithFault(input: SignInput, fault: DeliveryFault, target: FaultTarget, attempt: FaultAttempt): HeaderPair[] {
  switch (fault.case) {
    case 'body-altered':
      return signRequest({ ...input, body: fault.signedBody ?? input.body })
    case 'wrong-secret':
      return signRequest({ ...input, secrets: [otherSecretFor(target.scheme, input.secrets[0])] })
    case 'signature-missing':
      return withoutHeaders(proofHeaders(target))(signRequest(input))
    case 'signature-malformed': {
      const [header] = proofHeaders(target)
      const malformed = MALFORMED[target.scheme]
      return header && malformed ? replaceHeader(header, malformed)(signRequest(input)) : signRequest(input)
    }
    case 'other-scheme': {
      const other = OTHER_SCHEME[target.scheme]
      return other ? withoutHeaders(proofHeaders(target))(signRequest({ ...input, scheme: other })) : signRequest(input)
    }
    case 'timestamp-stale':
      return signRequest({ ...input, timestampSec: input.timestampSec - faultOffsetSec(fault) })
    case 'timestamp-future':
      return signRequest({ ...input, timestampSec: input.timestampSec + faultOffsetSec(fault) })
    case 'replay': {
      if (attempt.series === 0) return signRequest(input)
      // The copy is the first request again: dated as it was, `by` (story time) before now.
      const dated = fault.byMs !== undefined ? input.timestampSec - Math.round(fault.byMs / 1000) : (attempt.firstSignedSec ?? input.timestampSec)
      return signRequest({ ...input, timestampSec: dated })
    }
  }
}
