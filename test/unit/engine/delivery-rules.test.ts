import { describe, expect, it } from 'vitest'
import { ProviderId } from '../../../src/shared/providers/provider-id'
import { DeliveryRules, STANDARD_WEBHOOKS_RULES } from '../../../src/shared/schemas/delivery-rules'
import type { SigningScheme } from '../../../src/shared/schemas/signing'
import { RetryPolicy } from '../../../src/shared/schemas/retry-policy'
import { rulesFor } from '../../../src/main/engine/delivery-rules'
import { CHARLESCD_RULES, DIVSHOT_RULES, platformRules } from '../../../src/main/providers/transport'

const choice = (scheme: SigningScheme, preset: RetryPolicy['preset'] = 'none') => ({ signing: { scheme }, retry: RetryPolicy.parse({ preset }) })

describe('delivery rules', () => {
  it.each(ProviderId.options)('%s has valid rules with a source', (provider) => {
    expect(DeliveryRules.parse(platformRules(provider))).toEqual(platformRules(provider))
  })

  it('CharlesCD follows redirects like Go, succeeds on 200–226 and retries a 410', () => {
    expect(CHARLESCD_RULES).toMatchObject({ success: [200, 226], gone: 'retry', retryAfter: [], redirects: { mode: 'follow', maxRedirects: 10 } })
    expect(CHARLESCD_RULES.source).toContain('[C: CH-sub')
  })

  it('Standard Webhooks: 410 disables, Retry-After honoured, 3xx fails, abort-message stops', () => {
    expect(STANDARD_WEBHOOKS_RULES).toMatchObject({ gone: 'disable', retryAfter: [429, 502, 503, 504], redirects: { mode: 'fail' }, abortMessage: true })
    expect(platformRules('generic')).toBe(STANDARD_WEBHOOKS_RULES)
  })

  it('a delivery gets its platform\'s rules unless the user chose Standard Webhooks', () => {
    expect(rulesFor('charlescd', choice('native', 'charlescd'))).toBe(CHARLESCD_RULES)
    expect(rulesFor('divshot', choice('github', 'divshot'))).toBe(DIVSHOT_RULES)
    expect(rulesFor('charlescd', choice('standard', 'charlescd'))).toBe(STANDARD_WEBHOOKS_RULES)
    expect(rulesFor('divshot', choice('none', 'standard-webhooks'))).toBe(STANDARD_WEBHOOKS_RULES)
  })
})
