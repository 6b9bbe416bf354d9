import { type ProviderId, defaultSchemeFor, platformOf } from '../../shared/platforms'
import type { CheckOptions } from '../../shared/schemas/check'
import type { HeaderPair } from '../../shared/schemas/http'
import type { RetryPolicy } from '../../shared/schemas/retry-policy'
import { secretProblem } from '../../shared/schemas/secrets'
import { DEFAULT_HMAC_HEADER, type SigningScheme } from '../../shared/schemas/signing'
import type { DeliveryRules } from '../../shared/schemas/delivery-rules'
import { rulesFor } from '../delivery/rules'

/** What the check sends as: the platform, its event, the scheme and secret, and the platform's delivery rules. */
export interface CheckTarget {
  url: string
  provider: ProviderId
  /** The sender as a sentence names it: "Qovery", "the sender" for generic. */
  platformTitle: string
  event: string
  scheme: SigningScheme
  secret: string | undefined
  toleranceSec: number
  hmacHeader: string
  /** The platform's options (with their defaults), as a subscription would have them. */
  options: Record<string, unknown>
  /** The platform's plain-secret headers (`native`), for these options. */
  secretHeaders: string[]
  /** Sent with every request, replacing the platform's of the same name (a subscription's own headers). */
  headers: HeaderPair[]
  timeoutMs: number
  /** Why the timeout is Hookbench's guess (the platform documents none); undefined when it is known. */
  timeoutUnknown: string | undefined
  retry: RetryPolicy
  rules: DeliveryRules
  /** Named in payloads that carry their subscription's id (CharlesCD's documented format). */
  subscriptionId?: string
  /** Undefined: new names and values every run. */
  seed: string | number | undefined
}

/** How sentences name the sender. */
/** The generic platform takes any event name; the check uses a deploy's. */
const GENERIC_EVENT = 'deploy.succeeded'

/** The option a target problem is about: each client names it its own way (a flag, a form field). */
export type TargetField = 'event' | 'scheme' | 'secret' | 'options'

/** The check's target from its options, or why the options cannot work (a usage error) and which option is wrong. */
export function resolveTarget(options: CheckOptions): { ok: true; target: CheckTarget } | { ok: false; message: string; field: TargetField } {
  const platform = platformOf(options.provider)
  const event = options.event ?? platform.events[0]?.name ?? GENERIC_EVENT
  if (!platform.hasEvent(event)) return { ok: false, message: `${platform.title} has no event "${event}"; its events are ${platform.events.map((e) => e.name).join(', ')}`, field: 'event' }
  const parsedOptions = platform.parseOptions(options.options ?? {})
  if (!parsedOptions.success) {
    const problems = parsedOptions.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ')
    return { ok: false, message: `${platform.title} options cannot be used: ${problems}`, field: 'options' }
  }
  const scheme = options.scheme ?? defaultSchemeFor(options.provider, options.secret)
  const secretHeaders = platform.secretHeaders(parsedOptions.data)
  if (scheme === 'native' && secretHeaders.length === 0) {
    return { ok: false, message: `${platform.title} sends no secret header; choose standard, github, stripe or hmac-sha256 as the scheme`, field: 'scheme' }
  }
  if (scheme !== 'none' && options.secret === undefined) return { ok: false, message: `the ${scheme} scheme needs the secret your endpoint verifies with`, field: 'secret' }
  const problem = options.secret === undefined ? undefined : secretProblem(scheme, options.secret)
  if (problem) return { ok: false, message: `the secret cannot be used: ${problem}`, field: 'secret' }
  return {
    ok: true,
    target: {
      url: options.url,
      provider: options.provider,
      platformTitle: platform.sender,
      event,
      scheme,
      secret: scheme === 'none' ? undefined : options.secret,
      toleranceSec: options.toleranceSec,
      hmacHeader: options.hmacHeader ?? DEFAULT_HMAC_HEADER,
      options: parsedOptions.data,
      secretHeaders,
      headers: [],
      timeoutMs: platform.delivery.timeoutMs,
      timeoutUnknown: platform.delivery.timeoutUnknown,
      retry: platform.delivery.retry,
      rules: rulesFor(options.provider, { signing: { scheme }, retry: platform.delivery.retry }),
      seed: options.seed,
    },
  }
}

/** A sentence that starts with the sender's name. */
export const startingWith = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}`
