import type { Delivery } from '../../shared/schemas/delivery'
import type { FirePreview, FireRequest, PreviewHeader } from '../../shared/schemas/fire'
import { headerValue } from '../../shared/schemas/http'
import type { Subscription } from '../../shared/schemas/subscription'
import { ApiFailure } from '../core/errors'
import type { DeliveryDraft } from './delivery-queue'
import { secretLabel } from '../signing/redact'
import { signDelivery } from './rules'
import { payloadSource, planFire } from './fire'

/**
 * What a fire would send, without sending or storing anything: the body, its problems against the
 * event's schema, and each reached subscription's request with its signature computed now. The
 * seed and instant are fixed here and returned, so a fire given them sends this very body.
 * A payload that breaks the schema is previewed anyway (its problems listed); a body that is not
 * JSON at all cannot be sent, so it is an error.
 */
export function previewFire(request: FireRequest, subscriptions: Subscription[], env: { nowMs: number; random: () => number }): FirePreview {
  const seed = request.seed ?? Math.floor(env.random() * 2 ** 32)
  const occurredAt = request.occurredAt ?? new Date(env.nowMs).toISOString()
  const fixed = { ...request, seed, occurredAt }
  const plan = planFire({ ...fixed, allowInvalid: true }, subscriptions, env)
  const first = plan.drafts[0]
  const sampleSubscription = subscriptions.find((s) => s.id === first?.subscriptionId)
  const instant = Date.parse(occurredAt)
  const sample = payloadSource({ ...fixed, allowInvalid: true }, seed, instant)(sampleSubscription)
  if (!sample.ok) throw new ApiFailure(sample.error.code, sample.error.message, sample.error.issues)
  const strict = payloadSource({ ...fixed, allowInvalid: false }, seed, instant)(sampleSubscription)
  const body = first?.body ?? sample.data.body
  return {
    seed,
    occurredAt,
    body,
    contentType: headerValue(first?.headers ?? sample.data.headers, 'Content-Type') ?? 'application/json',
    payload: sample.data.payload,
    problems: strict.ok ? [] : (strict.error.issues ?? [{ path: '(root)', message: strict.error.message }]),
    requests: plan.drafts.map((draft) => ({
      subscriptionId: draft.subscriptionId,
      subscriptionName: draft.subscriptionName,
      url: draft.url,
      headers: previewHeaders(draft, env.nowMs),
      ...(draft.body !== body && { body: draft.body }),
    })),
    skipped: plan.skipped,
  }
}

/** The draft's headers, then the signature headers as an attempt made now would carry them. */
function previewHeaders(draft: DeliveryDraft, nowMs: number): PreviewHeader[] {
  const at = new Date(nowMs).toISOString()
  const delivery: Delivery = { ...draft, seq: 0, status: 'queued', series: 0, attempts: [], createdAt: at, updatedAt: at }
  const plain = new Set(draft.signing.scheme === 'native' ? draft.secretHeaders.map((name) => name.toLowerCase()) : [])
  return [
    ...draft.headers.map(([name, value]): PreviewHeader => ({ name, value, kind: 'header' })),
    ...signDelivery(delivery, nowMs).map(([name, value]): PreviewHeader =>
      plain.has(name.toLowerCase()) ? { name, value: secretLabel(value), kind: 'secret' } : { name, value, kind: 'signature' },
    ),
  ]
}
