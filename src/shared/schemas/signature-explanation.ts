import { z } from 'zod'
import { SignatureVerdict } from './signing'

/** A secret named by its fingerprint (first 16 hex of SHA-256), never by its value. */
export const SecretRef = z.object({
  role: z.enum(['current', 'previous']),
  fingerprint: z.string(),
  /** When the previous secret stops being signed with (rotation overlap). */
  expiresAt: z.iso.datetime().optional(),
})
export type SecretRef = z.infer<typeof SecretRef>

export const ExplainSignatureInput = z
  .object({
    deliveryId: z.string().min(1),
    /** Index into the delivery's `attempts`; the last attempt when absent. */
    attempt: z.number().int().nonnegative().optional(),
  })
  .strict()
export type ExplainSignatureInput = z.infer<typeof ExplainSignatureInput>

/**
 * One attempt's request re-verified the way a receiver would: its headers and the body as sent,
 * checked against the subscription's current and previous secrets at the time it was sent.
 */
export const SignatureExplanation = z.object({
  deliveryId: z.string(),
  /** Index into the delivery's `attempts` of the request checked. */
  attempt: z.number().int().nonnegative(),
  subscriptionId: z.string(),
  /** False when the subscription was deleted since: the secrets the delivery was signed with are checked. */
  subscriptionFound: z.boolean(),
  /** The secrets checked, newest first: `verdict.matchedSecret` indexes this list. */
  secrets: z.array(SecretRef),
  verdict: SignatureVerdict,
})
export type SignatureExplanation = z.infer<typeof SignatureExplanation>
