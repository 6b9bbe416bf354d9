import type { Delivery } from '../../shared/schemas/delivery'
import type { SecretRef, SignatureExplanation } from '../../shared/schemas/signature-explanation'
import type { SigningConfig } from '../../shared/schemas/signing'
import { ApiFailure } from '../core/errors'
import { secretFingerprint } from './hmac'
import { verifyRequest } from './verify'

/** The subscription as it is now, or undefined when it was deleted. */
interface SubscriptionNow {
  name: string
  signing: SigningConfig
}

/**
 * Re-verifies what one attempt actually sent (its headers, the delivery's body) against the
 * subscription's current and previous secrets, as a receiver would have when it arrived: the
 * attempt's own time is "now", so a retry checked next week is not "too old". The scheme is the
 * one the delivery was signed with; the previous secret counts even after its overlap ended,
 * since the attempt may have been signed before it did.
 */
export function explainSignature(delivery: Delivery, subscription: SubscriptionNow | undefined, attemptIndex?: number): SignatureExplanation {
  const index = attemptIndex ?? delivery.attempts.length - 1
  const attempt = delivery.attempts[index]
  if (!attempt) {
    const why = delivery.attempts.length === 0 ? 'it has not been sent yet' : `it has ${delivery.attempts.length} attempt${delivery.attempts.length === 1 ? '' : 's'}`
    throw new ApiFailure('not_found', `No attempt ${index + 1} of delivery "${delivery.id}": ${why}`)
  }
  const scheme = delivery.signing.scheme
  const base = { deliveryId: delivery.id, attempt: index, subscriptionId: delivery.subscriptionId }
  if (!subscription) {
    const message = `the subscription "${delivery.subscriptionName}" was deleted, so there is no secret to check with`
    return { ...base, subscriptionFound: false, secrets: [], verdict: { scheme, valid: false, reason: 'not_checked', message, expected: [], received: [] } }
  }
  const candidates = secretsOf(subscription.signing)
  const verdict = verifyRequest({
    scheme,
    secrets: candidates.map((c) => c.secret),
    headers: attempt.headers,
    body: Buffer.from(delivery.body),
    sentBody: Buffer.from(delivery.body),
    nowSec: Math.floor(Date.parse(attempt.startedAt) / 1000),
    hmacHeader: delivery.signing.hmacHeader,
    secretHeaders: delivery.secretHeaders,
  })
  const noSecret = scheme !== 'none' && candidates.length === 0
  return {
    ...base,
    subscriptionFound: true,
    secrets: candidates.map((c) => c.ref),
    verdict: noSecret ? { ...verdict, message: `the subscription "${subscription.name}" has no secret, so there is nothing to check with` } : verdict,
  }
}

function secretsOf(signing: SigningConfig): Array<{ secret: string; ref: SecretRef }> {
  const found: Array<{ secret: string; ref: SecretRef }> = []
  if (signing.secret) found.push({ secret: signing.secret, ref: { role: 'current', fingerprint: secretFingerprint(signing.secret) } })
  if (signing.previousSecret) {
    const expires = signing.previousSecretExpiresAt === undefined ? {} : { expiresAt: signing.previousSecretExpiresAt }
    found.push({ secret: signing.previousSecret, ref: { role: 'previous', fingerprint: secretFingerprint(signing.previousSecret), ...expires } })
  }
  return found
}
