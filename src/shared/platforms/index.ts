import { z } from 'zod'
import { NoOptions } from './generic/definition'
import { PLATFORMS } from './list'
import type { Platform } from './platform'

export { PLATFORMS }

export type ProviderId = (typeof PLATFORMS)[number]['id']
export const ProviderId = z.enum(PLATFORMS.map((p) => p.id) as [ProviderId, ...ProviderId[]])

const BY_ID = new Map<string, Platform<ProviderId>>(PLATFORMS.map((p) => [p.id, p]))

export function platformOf(id: ProviderId): Platform<ProviderId> {
  return BY_ID.get(id)!
}

/** The platforms whose controllers beat, each with the event it sends when one stays silent. */
export function heartbeatFailureEvents(): Array<{ provider: ProviderId; event: string; sender: string }> {
  return PLATFORMS.flatMap((p) => (p.heartbeatFailure ? [{ provider: p.id, event: p.heartbeatFailure, sender: p.sender }] : []))
}

/** The scheme a new subscription gets: the platform's own secret header, else Standard Webhooks when a secret is given. */
export function defaultSchemeFor(provider: ProviderId, secret: string | undefined): 'native' | 'standard' | 'none' {
  return secret === undefined ? 'none' : platformOf(provider).defaultScheme
}

/** Every header a platform may send a subscription's secret itself in (Qovery, CharlesCD), whatever its options. */
export const PLAIN_SECRET_HEADERS: readonly string[] = PLATFORMS.flatMap((platform) => platform.secretHeaderNames)

/** Platforms with a fixed event catalog (every one but generic). */
export const CATALOG_PLATFORMS = PLATFORMS.filter((p) => p.events.length > 0)

/** One platform's member of a union keyed on `provider`: the shared fields, its id and its typed options. */
function platformVariant<Shape extends z.ZodRawShape, Id extends string, O extends z.ZodObject>(fields: z.ZodObject<Shape>, platform: Platform<Id, O>) {
  // Every platform's options default each field, so `{}` is a valid input for all of them.
  return fields.extend({ provider: z.literal(platform.id), options: platform.options.prefault({} as z.input<O>) })
}

type VariantOf<Shape extends z.ZodRawShape, P> = P extends Platform<infer Id, infer O> ? ReturnType<typeof platformVariant<Shape, Id, O>> : never
/** One variant per platform, as a tuple in the registry's order (a mapped tuple keeps each member's own type). */
type Variants<Shape extends z.ZodRawShape, Platforms extends readonly unknown[]> = { [K in keyof Platforms]: VariantOf<Shape, Platforms[K]> }

/**
 * One object schema per platform, plus `any` (every platform's events with their defaults), from
 * the fields all subscriptions share: the members of the Subscription union, keyed on `provider`,
 * each with its platform's typed options.
 */
export function perPlatform<Shape extends z.ZodRawShape>(fields: z.ZodObject<Shape>) {
  const variants = PLATFORMS.map((platform) => platformVariant(fields, platform as Platform<ProviderId>)) as unknown as Variants<Shape, typeof PLATFORMS>
  return [...variants, fields.extend({ provider: z.literal('any'), options: NoOptions.prefault({}) })] as const
}

