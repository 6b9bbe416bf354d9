import type { Delivery } from '../../shared/schemas/delivery'
import { type HeaderPair, headerValue } from '../../shared/schemas/http'
import type { Decision } from '../delivery/delivery-queue'
import type { SendResult } from '../delivery/http-sender'
import { decideAfterAttempt } from '../delivery/retry-policy'
import { signRequest } from '../signing/sign'

/** The secrets to sign with now: the current one, plus the previous one until its overlap ends. */
export function activeSecrets(signing: Delivery['signing'], nowMs: number): string[] {
  const secrets = signing.secret ? [signing.secret] : []
  const expires = signing.previousSecretExpiresAt ? Date.parse(signing.previousSecretExpiresAt) : Number.POSITIVE_INFINITY
  if (signing.previousSecret && nowMs < expires) secrets.push(signing.previousSecret)
  return secrets
}

/**
 * Signature headers for one attempt, computed with this attempt's timestamp. A scheme's
 * User-Agent (GitHub-Hookshot) only fills in: the platform's or the subscription's own wins.
 */
export function signDelivery(delivery: Delivery, nowMs: number): HeaderPair[] {
  const signed = signRequest({
    scheme: delivery.signing.scheme,
    secrets: activeSecrets(delivery.signing, nowMs),
    messageId: delivery.id,
    subscriptionId: delivery.subscriptionId,
    timestampSec: Math.floor(nowMs / 1000),
    body: delivery.body,
    eventName: delivery.event,
    hmacHeader: delivery.signing.hmacHeader,
    secretHeaders: delivery.secretHeaders,
  })
  const hasOwnAgent = headerValue(delivery.headers, 'User-Agent') !== undefined
  return hasOwnAgent ? signed.filter(([name]) => name.toLowerCase() !== 'user-agent') : signed
}

export function decideDelivery(delivery: Delivery, result: SendResult, attemptsMade: number, nowMs: number, random: () => number): Decision {
  return decideAfterAttempt(delivery.retry, result, { attemptsMade, successStatuses: delivery.successStatuses, nowMs, random })
}
