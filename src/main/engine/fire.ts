import type { GeneratedEvent } from '../../shared/providers/generate'
import type { ProviderId } from '../../shared/providers/provider-id'
import type { FireRequest, FireResult } from '../../shared/schemas/fire'
import type { HeaderPair } from '../../shared/schemas/http'
import type { SigningScheme } from '../../shared/schemas/signing'
import type { Subscription } from '../../shared/schemas/subscription'
import type { DeliveryDraft } from '../delivery/delivery-queue'
import { generateEvent } from '../providers/generate'
import { nativeSecretHeaders, transportFor } from '../providers/transport'
import { rulesFor } from './delivery-rules'
import { ApiFailure } from './errors'
import { filterMismatch } from './filters'
import { newId } from './ids'

export interface FirePlan {
  eventId: string
  drafts: DeliveryDraft[]
  skipped: FireResult['skipped']
}

/**
 * Decides who gets an event and builds each delivery: the payload is generated per subscription
 * (its options shape the body) from one seed, so every subscription sees the same ids.
 */
export function planFire(request: FireRequest, subscriptions: Subscription[], env: { nowMs: number; random: () => number }): FirePlan {
  const seed = request.seed ?? Math.floor(env.random() * 2 ** 32)
  const generate = (subscription?: Subscription) => {
    // An `any` subscription gets the platform's defaults: its options belong to no platform.
    const options = subscription?.provider === request.provider ? subscription.options : {}
    const result = generateEvent({ ...request, seed, nowMs: env.nowMs, options, subscriptionId: subscription?.id })
    if (!result.ok) throw new ApiFailure(result.error.code, result.error.message, result.error.issues)
    return result.data
  }
  generate() // a bad event name or override fails the whole fire, even with no subscriber
  const targets = request.subscriptionIds ? subscriptions.filter((s) => request.subscriptionIds!.includes(s.id)) : subscriptions
  const plan: FirePlan = { eventId: newId('evt'), drafts: [], skipped: [] }
  for (const subscription of targets) {
    const skip = (reason: string) => plan.skipped.push({ subscriptionId: subscription.id, subscriptionName: subscription.name, reason })
    const early = subscriptionMismatch(subscription, request)
    if (early) {
      skip(early)
      continue
    }
    const generated = generate(subscription)
    const reason = providerRouting(subscription, request, generated) ?? filterMismatch(subscription.filters, { event: request.event, ...generated.facts, payload: generated.payload })
    if (reason) skip(reason)
    else plan.drafts.push(draftFor(subscription, request, generated, plan.eventId))
  }
  return plan
}

/** What rules a subscription out before any payload is built. */
function subscriptionMismatch(subscription: Subscription, request: FireRequest): string | undefined {
  if (!subscription.enabled) return 'the subscription is disabled'
  if (subscription.provider !== 'any' && subscription.provider !== request.provider) return `it subscribes to ${subscription.provider} events`
  if (subscription.events.length > 0 && !subscription.events.includes(request.event)) return `${request.event} is not among its events`
  return undefined
}

/** Platform-specific routing from the subscription's options (spec §1, §3). */
function providerRouting(subscription: Subscription, request: FireRequest, generated: GeneratedEvent): string | undefined {
  const options = subscription.options
  const { facts } = generated
  if (request.provider === 'charlescd') {
    const categories = (options.events as string[] | undefined) ?? ['DEPLOY', 'UNDEPLOY']
    if (facts.category && !categories.includes(facts.category)) return `it is registered for ${categories.join(' and ')} only`
  }
  if (request.provider === 'ocean-cd') {
    const specs = (options.rolloutSpecs as string[] | undefined) ?? []
    const clusters = (options.heartbeatClusters as string[] | undefined) ?? []
    if (facts.rolloutSpec && specs.length > 0 && !specs.includes(facts.rolloutSpec)) return `rollout spec ${facts.rolloutSpec} does not list it`
    if (facts.clusterId && clusters.length > 0 && !clusters.includes(facts.clusterId)) return `cluster ${facts.clusterId} does not notify it`
  }
  return undefined
}

function draftFor(subscription: Subscription, request: FireRequest, generated: GeneratedEvent, eventId: string): DeliveryDraft {
  const transport = transportFor(request.provider)
  const retry = request.retry ?? subscription.retry ?? transport.retry
  return {
    id: newId('msg'),
    eventId,
    subscriptionId: subscription.id,
    subscriptionName: subscription.name,
    provider: request.provider,
    event: request.event,
    url: subscription.url,
    body: generated.body,
    headers: mergeHeaders(generated.headers, subscription.headers),
    signing: subscription.signing,
    retry,
    timeoutMs: subscription.timeoutMs ?? transport.timeoutMs,
    secretHeaders: nativeSecretHeaders(request.provider, subscription.options),
    rules: rulesFor(request.provider, { signing: subscription.signing, retry }),
  }
}

/** The subscription's own headers replace the platform's of the same name (e.g. a custom User-Agent). */
function mergeHeaders(platform: HeaderPair[], custom: HeaderPair[]): HeaderPair[] {
  const replaced = new Set(custom.map(([name]) => name.toLowerCase()))
  return [...platform.filter(([name]) => !replaced.has(name.toLowerCase())), ...custom]
}

/** The scheme a new subscription gets: the platform's own secret header, else Standard Webhooks when a secret is given. */
export function defaultSchemeFor(provider: ProviderId, secret: string | undefined): SigningScheme {
  if (!secret) return 'none'
  return nativeSecretHeaders(provider, {}).length > 0 ? 'native' : 'standard'
}
