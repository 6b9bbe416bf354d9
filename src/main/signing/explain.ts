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
 * since the attempt may have been signed before it did. A deleted subscription (a finished run's,
 * say) leaves the secrets the delivery was signed with, which it keeps.
 */
export function explainSignature(delivery: Delivery, subscription: SubscriptionNow | undefined, attemptIndex?: number): SignatureExplanation {
  const index = attemptIndex ?? delivery.attempts.length - 1
  const attempt = delivery.attempts[index]
  if (!attempt) {
    const why = delivery.attempts.length === 0 ? 'it has not been sent yet' : `it has ${delivery.attempts.length} attempt${delivery.attempts.length === 1 ? '' : 's'}`
    throw new ApiFailure('not_found', `No attempt ${index + 1} of delivery "${delivery.id}": ${why}`)
  }
  const scheme = delivery.signing.scheme
  const base = { deliveryId: delivery.id, attempt: index, subscriptionId: delivery.subscriptionId, subscriptionFound: subscription !== undefined }
  const candidates = secretsOf(subscription?.signing ?? delivery.signing)
  if (scheme !== 'none' && candidates.length === 0) {
    const message = subscription
      ? `the subscription "${subscription.name}" has no secret, so there is nothing to check with`
      : `the subscription "${delivery.subscriptionName}" was deleted and the delivery kept no secret, so there is nothing to check with`
    return { ...base, secrets: [], verdict: { scheme, valid: false, reason: 'not_checked', message, expected: [], received: [] } }
  }
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
  const gone = subscription === undefined && scheme !== 'none'
  const message = gone ? `${verdict.message} (with the secret it was signed with: the subscription "${delivery.subscriptionName}" was deleted)` : verdict.message
  return { ...base, secrets: candidates.map((c) => c.ref), verdict: { ...verdict, message } }
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
