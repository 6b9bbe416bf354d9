import { z } from 'zod'
import { charlesCd } from './charlescd'
import { divshot } from './divshot'
import { generic } from './generic'
import { NoOptions } from './generic/definition'
import { oceanCd } from './ocean-cd'
import type { Platform } from './platform'
import { qovery } from './qovery'

/** Every platform Hookbench plays. A new platform is a folder beside these and one entry here. */
export const PLATFORMS = [oceanCd, qovery, charlesCd, divshot, generic] as const

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

/** Platforms with a fixed event catalog (every one but generic). */
export const CATALOG_PLATFORMS = PLATFORMS.filter((p) => p.events.length > 0)

/**
 * One object schema per platform, plus `any` (every platform's events with their defaults), from
 * the fields all subscriptions share: the members of the Subscription union, keyed on `provider`,
 * each with its platform's typed options.
 */
export function perPlatform<Shape extends z.ZodRawShape>(fields: z.ZodObject<Shape>) {
  const variant = <Id extends string, O extends z.ZodObject>(platform: Platform<Id, O>) =>
    // Every platform's options default each field, so `{}` is a valid input for all of them.
    fields.extend({ provider: z.literal(platform.id), options: platform.options.prefault({} as z.input<O>) })
  return [
    variant(oceanCd),
    variant(qovery),
    variant(charlesCd),
    variant(divshot),
    variant(generic),
    fields.extend({ provider: z.literal('any'), options: NoOptions.prefault({}) }),
  ] as const
}

export { charlesCd, divshot, generic, oceanCd, qovery }
