import type { ProviderId } from '../../shared/providers/provider-id'
import type { RetryPolicy } from '../../shared/schemas/retry-policy'

/** How each platform sends, where the spec gives (or we chose) a default. */
export interface Transport {
  retry: RetryPolicy
  timeoutMs: number
  /** Statuses counted as success when stricter than 2xx. */
  successStatuses?: readonly [number, number]
}

const TRANSPORTS: Record<ProviderId, Transport> = {
  'ocean-cd': { retry: { preset: 'none' }, timeoutMs: 10_000 },
  qovery: { retry: { preset: 'none' }, timeoutMs: 10_000 },
  // hermes uses Go's default client (no timeout); the simulator uses 30 s. Success is 200–226.
  charlescd: { retry: { preset: 'charlescd' }, timeoutMs: 30_000, successStatuses: [200, 226] },
  divshot: { retry: { preset: 'divshot' }, timeoutMs: 10_000 },
  generic: { retry: { preset: 'standard-webhooks' }, timeoutMs: 15_000 },
}

export const transportFor = (provider: ProviderId): Transport => TRANSPORTS[provider]

/** Headers in which a platform sends a subscription's secret in plain text (spec §2, §3). */
export function nativeSecretHeaders(provider: ProviderId, options: Record<string, unknown>): string[] {
  if (provider === 'charlescd') return ['x-application-key']
  if (provider !== 'qovery') return []
  const choice = options.secretHeader ?? 'Qovery-Secret'
  return choice === 'both' ? ['Qovery-Secret', 'Qovery-Signature'] : [String(choice)]
}
