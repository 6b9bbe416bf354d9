import type { ProviderId } from '../../shared/providers/provider-id'
import { type DeliveryRules, GO_REDIRECT_LIMIT, STANDARD_WEBHOOKS_RULES } from '../../shared/schemas/delivery-rules'
import type { RetryPolicy } from '../../shared/schemas/retry-policy'

/** How each platform sends, where the spec gives (or we chose) a default. */
export interface Transport {
  retry: RetryPolicy
  timeoutMs: number
}

const TRANSPORTS: Record<ProviderId, Transport> = {
  'ocean-cd': { retry: { preset: 'none' }, timeoutMs: 10_000 },
  qovery: { retry: { preset: 'none' }, timeoutMs: 10_000 },
  // hermes uses Go's default client (no timeout); the simulator uses 30 s.
  charlescd: { retry: { preset: 'charlescd' }, timeoutMs: 30_000 },
  divshot: { retry: { preset: 'divshot' }, timeoutMs: 10_000 },
  generic: { retry: { preset: 'standard-webhooks' }, timeoutMs: 15_000 },
}

export const transportFor = (provider: ProviderId): Transport => TRANSPORTS[provider]

/** 2xx, every failure retried per the preset, no Retry-After, 3xx not followed: what a silent spec leaves us. */
const PLAIN_RULES: Omit<DeliveryRules, 'source'> = {
  success: [200, 299],
  gone: 'retry',
  retryAfter: [],
  redirects: { mode: 'fail' },
  abortMessage: false,
}

export const OCEAN_CD_RULES: DeliveryRules = {
  ...PLAIN_RULES,
  source: '[DEFAULT] §1: nothing public on retries or status handling; one attempt, 2xx succeeds, redirects not followed',
}

export const QOVERY_RULES: DeliveryRules = {
  ...PLAIN_RULES,
  source: '[DEFAULT] §2: retry not documented; one attempt, 2xx succeeds, redirects not followed',
}

export const DIVSHOT_RULES: DeliveryRules = {
  ...PLAIN_RULES,
  source: '[D: DV-doc] §4: any non-2xx is retried; [DEFAULT] 410 and Retry-After get no special treatment, redirects not followed',
}

export const CHARLESCD_RULES: DeliveryRules = {
  success: [200, 226],
  gone: 'retry',
  retryAfter: [],
  redirects: { mode: 'follow', stopAfter: GO_REDIRECT_LIMIT },
  abortMessage: false,
  source:
    '[C: CH-sub, CH-consumer] §3: hermes posts with Go http.DefaultClient, succeeds on 200–226 and retries any other answer on a fixed 30 s TTL; ' +
    '[I] so redirects are followed as Go does (it stops at the 10th)',
}

const PLATFORM_RULES: Record<ProviderId, DeliveryRules> = {
  'ocean-cd': OCEAN_CD_RULES,
  qovery: QOVERY_RULES,
  charlescd: CHARLESCD_RULES,
  divshot: DIVSHOT_RULES,
  generic: STANDARD_WEBHOOKS_RULES,
}

/** How a platform itself judges responses (`rulesFor` in engine/delivery-rules.ts picks what a delivery uses). */
export const platformRules = (provider: ProviderId): DeliveryRules => PLATFORM_RULES[provider]

/** Headers in which a platform sends a subscription's secret in plain text (spec §2, §3). */
export function nativeSecretHeaders(provider: ProviderId, options: Record<string, unknown>): string[] {
  if (provider === 'charlescd') return ['x-application-key']
  if (provider !== 'qovery') return []
  const choice = options.secretHeader ?? 'Qovery-Secret'
  return choice === 'both' ? ['Qovery-Secret', 'Qovery-Signature'] : [String(choice)]
}
