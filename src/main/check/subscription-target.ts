import { type CheckOfSubscription, CheckOptions } from '../../shared/schemas/check'
import type { Subscription } from '../../shared/schemas/subscription'
import { ApiFailure } from '../core/errors'
import { rulesFor } from '../delivery/rules'
import { optionsFor } from '../delivery/fire'
import { type CheckTarget, resolveTarget } from './check-target'

/** A target and the options the runner reads (the probe). */
export interface PreparedCheck {
  target: CheckTarget
  options: CheckOptions
}

/** The check's target from explicit options; a problem is an invalid-input failure naming its field. */
export function targetOfOptions(options: CheckOptions, problemPrefix = ''): PreparedCheck {
  const resolved = resolveTarget(options)
  if (!resolved.ok) {
    const message = `${problemPrefix}${resolved.message}`
    throw new ApiFailure('invalid_input', message, [{ path: resolved.field, message: resolved.message }])
  }
  return { target: resolved.target, options }
}

/**
 * What a real delivery to the subscription looks like, as a check target: its URL, platform,
 * scheme and current secret (the previous one of a rotation is left out: the check proves the
 * endpoint knows the current one), its own headers, timeout and retry schedule. Without an event
 * the subscription's first listed event is sent, else the platform's first.
 */
export function targetOfSubscription(subscription: Subscription, input: CheckOfSubscription): PreparedCheck {
  const provider = subscription.provider === 'any' ? input.provider : subscription.provider
  const named = `Subscription "${subscription.name}"`
  if (provider === undefined) {
    const message = `${named} takes every platform's events: choose the platform to check it as`
    throw new ApiFailure('invalid_input', message, [{ path: 'provider', message }])
  }
  if (input.provider !== undefined && input.provider !== provider) {
    const message = `${named} is a ${provider} subscription; it cannot be checked as ${input.provider}`
    throw new ApiFailure('invalid_input', message, [{ path: 'provider', message }])
  }
  const { signing } = subscription
  const options = CheckOptions.parse({
    url: subscription.url,
    provider,
    options: optionsFor(subscription, provider),
    event: input.event ?? (subscription.provider === 'any' ? undefined : subscription.events[0]),
    scheme: signing.scheme,
    secret: signing.scheme === 'none' ? undefined : signing.secret,
    toleranceSec: input.toleranceSec,
    probe: input.probe,
    probeField: input.probeField,
    hmacHeader: signing.hmacHeader,
  })
  const { target } = targetOfOptions(options, `${named} cannot be checked: `)
  const retry = subscription.retry ?? target.retry
  return {
    options,
    target: {
      ...target,
      subscriptionId: subscription.id,
      headers: subscription.headers,
      timeoutMs: subscription.timeoutMs ?? target.timeoutMs,
      // A timeout of the subscription's own is known: it is what Hookbench waits.
      timeoutUnknown: subscription.timeoutMs === undefined ? target.timeoutUnknown : undefined,
      retry,
      rules: rulesFor(provider, { signing: { scheme: target.scheme }, retry }),
    },
  }
}
