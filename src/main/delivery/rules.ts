import { z } from 'zod'
import { ProviderId, platformOf } from '../../shared/platforms'
import { Delivery } from '../../shared/schemas/delivery'
import { type DeliveryRules, STANDARD_WEBHOOKS_RULES } from '../../shared/schemas/delivery-rules'
import { type HeaderPair, headerValue } from '../../shared/schemas/http'
import { RetryPolicy } from '../../shared/schemas/retry-policy'
import { DEFAULT_HMAC_HEADER, SigningScheme } from '../../shared/schemas/signing'
import type { Decision } from './decision'
import type { SendResult } from './http-sender'
import { decideAfterAttempt } from './retry-policy'
import { type SignInput, signRequest } from '../signing/sign'
import { type FaultTarget, signWithFault } from '../signing/faults'

/** What a delivery is sent with: its signing scheme and the retry policy in force (subscription, fire or platform). */
interface RulesChoice {
  signing: { scheme: SigningScheme }
  retry: RetryPolicy
}

/**
 * The rules a delivery is judged by. Each platform has its own (`rules` in
 * `src/shared/platforms/<id>/index.ts`); the Standard Webhooks rules replace them only where the
 * user chose Standard Webhooks for the subscription: it signs with the `standard` scheme, or its
 * retry policy is the `standard-webhooks` preset. A CharlesCD subscription with its native key
 * keeps hermes's rules.
 */
export function rulesFor(provider: ProviderId, choice: RulesChoice): DeliveryRules {
  const standard = choice.signing.scheme === 'standard' || choice.retry.preset === 'standard-webhooks'
  return standard ? STANDARD_WEBHOOKS_RULES : platformOf(provider).delivery.rules
}

/** A journal line from before deliveries carried their rules (it may have `successStatuses`). */
const DeliveryWithoutRules = z.looseObject({
  rules: z.never().optional(),
  provider: z.string(),
  signing: z.looseObject({ scheme: SigningScheme }),
  retry: RetryPolicy,
})

/**
 * Deliveries as read back from the journal. Older lines get the rules that apply to them now;
 * their `successStatuses` is dropped (it only ever held CharlesCD's 200–226, now in its rules).
 */
export const StoredDelivery = z.preprocess((value) => {
  const old = DeliveryWithoutRules.safeParse(value)
  if (!old.success) return value
  return { ...old.data, rules: rulesFor(ProviderId.catch('generic').parse(old.data.provider), old.data) }
}, Delivery)

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
  const input: SignInput = {
    scheme: delivery.signing.scheme,
    secrets: activeSecrets(delivery.signing, nowMs),
    messageId: delivery.id,
    subscriptionId: delivery.subscriptionId,
    timestampSec: Math.floor(nowMs / 1000),
    body: delivery.body,
    eventName: delivery.event,
    hmacHeader: delivery.signing.hmacHeader,
    secretHeaders: delivery.secretHeaders,
  }
  const signed = delivery.fault ? signWithFault(input, delivery.fault, faultTargetOf(delivery), faultAttemptOf(delivery)) : signRequest(input)
  const hasOwnAgent = headerValue(delivery.headers, 'User-Agent') !== undefined
  return hasOwnAgent ? signed.filter(([name]) => name.toLowerCase() !== 'user-agent') : signed
}

/** What a fault needs to know of how the delivery is signed. */
export const faultTargetOf = (delivery: Pick<Delivery, 'signing' | 'secretHeaders'>): FaultTarget => ({
  scheme: delivery.signing.scheme,
  hmacHeader: delivery.signing.hmacHeader ?? DEFAULT_HMAC_HEADER,
  secretHeaders: delivery.secretHeaders,
})

/** Which attempt this is for a fault: a replay's copy carries the first request's signature. */
function faultAttemptOf(delivery: Pick<Delivery, 'series' | 'attempts'>) {
  const first = delivery.attempts.find((a) => a.series === 0 && a.error?.class !== 'interrupted')
  return { series: delivery.series, ...(first && { firstSignedSec: Math.floor(Date.parse(first.startedAt) / 1000) }) }
}

export function decideDelivery(delivery: Delivery, result: SendResult, attemptsMade: number, nowMs: number, random: () => number): Decision {
  return decideAfterAttempt(delivery.retry, delivery.rules, result, { attemptsMade, nowMs, random })
}
