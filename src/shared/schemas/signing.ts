import { z } from 'zod'
import { headerNameProblem } from './http'
import { secretProblem } from './secrets'
import { SigningScheme } from './signing-scheme'

export { SigningScheme } from './signing-scheme'

export const DEFAULT_HMAC_HEADER = 'X-Signature-256'

const GITHUB_HEADERS = [
  'X-GitHub-Delivery',
  'X-GitHub-Event',
  'X-GitHub-Hook-ID',
  'X-GitHub-Hook-Installation-Target-ID',
  'X-GitHub-Hook-Installation-Target-Type',
  'X-Hub-Signature',
  'X-Hub-Signature-256',
]

/**
 * The headers a scheme's signer writes on every attempt, replacing any of the same name (a
 * scheme's `User-Agent` only fills in, so it is not one). `secretHeaders`: the platform's plain
 * secret headers, for `native`.
 */
export function signerHeaderNames(scheme: SigningScheme, options: { hmacHeader?: string; secretHeaders?: string[] } = {}): string[] {
  switch (scheme) {
    case 'standard':
      return ['webhook-id', 'webhook-timestamp', 'webhook-signature']
    case 'github':
      return GITHUB_HEADERS
    case 'stripe':
      return ['Stripe-Signature']
    case 'hmac-sha256':
      return [options.hmacHeader ?? DEFAULT_HMAC_HEADER]
    case 'native':
      return options.secretHeaders ?? []
    case 'none':
      return []
  }
}

/** Adds the scheme's complaint about a secret, if any, at `path`. */
export function checkSecret(ctx: z.RefinementCtx, scheme: SigningScheme, secret: string | undefined, path: PropertyKey[]) {
  const problem = secret === undefined ? undefined : secretProblem(scheme, secret)
  if (problem) ctx.addIssue({ code: 'custom', path, message: problem })
}

/**
 * A signing configuration as stored. Secrets are checked where they come in (`checkSigning` on
 * drafts and patches), not on load: a file saved by an older version with a secret we now refuse
 * must still open, and such a secret fails its deliveries with the scheme's message instead.
 */
export const SigningConfig = z.object({
  scheme: SigningScheme,
  secret: z.string().optional(),
  /** The secret being rotated out: requests are signed with both until it expires. */
  previousSecret: z.string().optional(),
  previousSecretExpiresAt: z.iso.datetime().optional(),
  /** Header carrying the hex HMAC for the `hmac-sha256` scheme (default X-Signature-256). */
  hmacHeader: z.string().min(1).optional(),
})
export type SigningConfig = z.infer<typeof SigningConfig>

/** The scheme's complaints about a signing configuration's secrets, at `path`. */
export function checkSigning(ctx: z.RefinementCtx, signing: SigningConfig, path: PropertyKey[]) {
  if (signing.scheme !== 'none' && signing.secret === undefined) ctx.addIssue({ code: 'custom', path: [...path, 'secret'], message: missingSecretMessage(signing.scheme) })
  checkSecret(ctx, signing.scheme, signing.secret, [...path, 'secret'])
  checkSecret(ctx, signing.scheme, signing.previousSecret, [...path, 'previousSecret'])
  checkHmacHeader(ctx, signing, path)
}

/** Why a scheme that signs cannot be saved without a secret, and the two ways out. */
export const missingSecretMessage = (scheme: SigningScheme) =>
  `the ${scheme} scheme signs with a secret and none is set: give a secret, or choose the scheme "none" to send unsigned`

/** `hmacHeader` becomes a header name on every request: one Node would refuse is refused here. */
export function checkHmacHeader(ctx: z.RefinementCtx, signing: SigningConfig, path: PropertyKey[]) {
  const problem = signing.hmacHeader === undefined ? undefined : headerNameProblem(signing.hmacHeader)
  if (problem) ctx.addIssue({ code: 'custom', path: [...path, 'hmacHeader'], message: problem })
}

export const VerdictReason = z.enum([
  'valid',
  'not_checked',
  'header_missing',
  'malformed_header',
  'timestamp_out_of_tolerance',
  'wrong_secret',
  'body_altered',
  'signature_mismatch',
])
export type VerdictReason = z.infer<typeof VerdictReason>

/** What a receiver concluded about a request's signature, and why. */
export const SignatureVerdict = z.object({
  scheme: SigningScheme,
  valid: z.boolean(),
  reason: VerdictReason,
  /** One sentence for people: "signed with the previous secret", "timestamp 412 s old (tolerance 300 s)". */
  message: z.string(),
  /** The exact content that was (or would be) signed, truncated for display. */
  signedContent: z.string().optional(),
  expected: z.array(z.string()).default([]),
  received: z.array(z.string()).default([]),
  /** Index of the secret that matched (0 = current, 1 = previous). */
  matchedSecret: z.number().int().optional(),
  /** For plain secret headers: SHA-256 fingerprint instead of the secret itself. */
  fingerprint: z.string().optional(),
})
export type SignatureVerdict = z.infer<typeof SignatureVerdict>
