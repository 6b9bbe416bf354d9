import { type ProviderId, platformOf } from '../../shared/platforms'
import { type GeneratedEvent, type ParsedGenerateInput, generateParsed, unknownEvent } from '../../shared/platforms/generate'
import type { ApiIssue, Result } from '../../shared/result'
import type { FireRequest, FireResult } from '../../shared/schemas/fire'
import type { HeaderPair } from '../../shared/schemas/http'
import type { Subscription } from '../../shared/schemas/subscription'
import { ApiFailure } from '../core/errors'
import { derivedId, newId } from '../core/ids'
import type { DeliveryDraft } from './delivery-queue'
import { rulesFor } from './rules'
import { filterMismatch } from './filters'

export interface FirePlan {
  eventId: string
  drafts: DeliveryDraft[]
  skipped: FireResult['skipped']
}

/**
 * Decides who gets an event and builds each delivery. The payload comes from one seed (so every
 * subscription sees the same ids) in the format each subscription's options select, and the
 * overrides are checked against that payload: an override that does not fit one subscription's
 * format fails the fire, naming that subscription.
 */
export function planFire(request: FireRequest, subscriptions: Subscription[], env: { nowMs: number; random: () => number }): FirePlan {
  const seed = request.seed ?? Math.floor(env.random() * 2 ** 32)
  const unknown = unknownEvent(request.provider, request.event)
  if (unknown) throw new ApiFailure('invalid_input', unknown)
  const targets = request.subscriptionIds ? subscriptions.filter((s) => request.subscriptionIds!.includes(s.id)) : subscriptions
  const nowMs = request.occurredAt ? Date.parse(request.occurredAt) : env.nowMs
  const plan: FirePlan = { eventId: request.runId ? runEventId(request.runId, request.messageSeed ?? seed) : newId('evt'), drafts: [], skipped: [] }
  const payloadFor = payloadSource(request, seed, nowMs)
  const plainFor = payloadSource({ ...request, set: {} }, seed, nowMs)
  const misfits: { subscription: Subscription; issues: ApiIssue[] }[] = []
  let generatedAny = false
  for (const subscription of targets) {
    const skip = (reason: string) => plan.skipped.push({ subscriptionId: subscription.id, subscriptionName: subscription.name, reason })
    const early = subscriptionMismatch(subscription, request)
    if (early) {
      skip(early)
      continue
    }
    const generated = payloadFor(subscription)
    if (!generated.ok) {
      // An override that does not fit a format matters only to a subscription that takes the event.
      const plain = plainFor(subscription)
      const elsewhere = plain.ok ? (routing(subscription, request, plain.data) ?? filterMismatch(subscription.filters, { event: request.event, ...plain.data.facts, payload: plain.data.payload })) : undefined
      if (elsewhere) skip(elsewhere)
      else misfits.push({ subscription, issues: generated.error.issues ?? [{ path: '(root)', message: generated.error.message }] })
      continue
    }
    generatedAny = true
    const reason = routing(subscription, request, generated.data) ?? filterMismatch(subscription.filters, { event: request.event, ...generated.data.facts, payload: generated.data.payload })
    if (reason) skip(reason)
    else plan.drafts.push(draftFor(subscription, request, generated.data, plan.eventId))
  }
  if (misfits.length > 0) throw misfitError(misfits, targets.length)
  // With no subscriber the overrides are still checked, against the platform's default format.
  if (!generatedAny) {
    const check = payloadFor(undefined)
    if (!check.ok) throw new ApiFailure(check.error.code, check.error.message, check.error.issues)
  }
  return plan
}

/** A run's event id: the same for the same run and message seed, so a resumed run finds its fire's deliveries. */
export const runEventId = (runId: string, messageSeed: string | number) => derivedId('evt', runId, String(messageSeed))

/** An `any` subscription gets the platform's defaults: its options belong to no platform. */
export const optionsFor = (subscription: Subscription | undefined, provider: ProviderId) => (subscription?.provider === provider ? subscription.options : {})

/** Overrides that do not fit the payload some subscriptions receive; names them when there are several. */
function misfitError(misfits: { subscription: Subscription; issues: ApiIssue[] }[], targetCount: number): ApiFailure {
  const issues = misfits.flatMap(({ subscription, issues }) =>
    targetCount === 1 ? issues : issues.map((issue) => ({ ...issue, message: `${issue.message} (in the payload subscription "${subscription.name}" receives)` })),
  )
  return new ApiFailure('invalid_input', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues)
}

/**
 * A fire's payloads, each built once: subscriptions with the same options share one, unless the
 * platform's payload depends on the subscription (CharlesCD's documented format names it).
 */
export function payloadSource(request: FireRequest, seed: string | number, nowMs: number) {
  const platform = platformOf(request.provider)
  const built = new Map<string, Result<GeneratedEvent>>()
  return (subscription: Subscription | undefined): Result<GeneratedEvent> => {
    const options = optionsFor(subscription, request.provider)
    const subscriptionId = platform.namesSubscription(options) ? subscription?.id : undefined
    const key = `${subscriptionId ?? ''}\u0000${JSON.stringify(options)}`
    let generated = built.get(key)
    if (!generated) {
      generated = generate(request, { seed, nowMs, options, subscriptionId })
      built.set(key, generated)
    }
    return generated
  }
}

function generate(request: FireRequest, payload: Pick<ParsedGenerateInput, 'seed' | 'nowMs' | 'options' | 'subscriptionId'>) {
  const { provider, event, messageSeed, context, set, allowInvalid, definition, body } = request
  return generateParsed({ provider, event, messageSeed, context, set, allowInvalid, definition, body, ...payload })
}

/** What rules a subscription out before any payload is built. */
function subscriptionMismatch(subscription: Subscription, request: FireRequest): string | undefined {
  if (!subscription.enabled) return 'the subscription is disabled'
  if (subscription.provider !== 'any' && subscription.provider !== request.provider) return `it subscribes to ${subscription.provider} events`
  return eventListMismatch(subscription.events, request.event)
}

/** Why a subscription's event list (empty = every event) leaves an event out, if it does. */
export function eventListMismatch(events: string[], event: string): string | undefined {
  return events.length > 0 && !events.includes(event) ? `${event} is not among its events` : undefined
}

/** The platform's own routing (CharlesCD categories, Ocean CD specs and clusters). */
function routing(subscription: Subscription, request: FireRequest, generated: GeneratedEvent): string | undefined {
  return platformOf(request.provider).route(optionsFor(subscription, request.provider), generated.facts)
}

function draftFor(subscription: Subscription, request: FireRequest, generated: GeneratedEvent, eventId: string): DeliveryDraft {
  const platform = platformOf(request.provider)
  const { delivery } = platform
  const retry = request.retry ?? subscription.retry ?? delivery.retry
  return {
    // A run's deliveries have ids derived from the run and the fire, so a run resumed after a
    // crash that repeats a fire finds its deliveries already queued instead of sending twice.
    id: request.runId ? derivedId('msg', eventId, subscription.id) : newId('msg'),
    eventId,
    ...(request.runId !== undefined && { runId: request.runId }),
    subscriptionId: subscription.id,
    subscriptionName: subscription.name,
    provider: request.provider,
    event: request.event,
    facts: generated.facts,
    url: subscription.url,
    body: generated.body,
    headers: mergeHeaders(mergeHeaders(generated.headers, subscription.headers), request.headers),
    signing: subscription.signing,
    retry,
    timeoutMs: subscription.timeoutMs ?? delivery.timeoutMs,
    secretHeaders: platform.secretHeaders(optionsFor(subscription, request.provider)),
    rules: rulesFor(request.provider, { signing: subscription.signing, retry }),
  }
}

/** The subscription's own headers replace the platform's of the same name (e.g. a custom User-Agent). */
export function mergeHeaders(platform: HeaderPair[], custom: HeaderPair[]): HeaderPair[] {
  const replaced = new Set(custom.map(([name]) => name.toLowerCase()))
  return [...platform.filter(([name]) => !replaced.has(name.toLowerCase())), ...custom]
}
