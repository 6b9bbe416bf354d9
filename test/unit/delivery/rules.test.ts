import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProviderId, platformOf } from '../../../src/shared/platforms'
import { charlesCd } from '../../../src/shared/platforms/charlescd'
import { divshot } from '../../../src/shared/platforms/divshot'
import { DeliveryRules, STANDARD_WEBHOOKS_RULES } from '../../../src/shared/schemas/delivery-rules'
import type { SigningScheme } from '../../../src/shared/schemas/signing'
import { RetryPolicy } from '../../../src/shared/schemas/retry-policy'
import { StoredDelivery, rulesFor } from '../../../src/main/delivery/rules'
import { openDeliveryHistory } from '../../../src/main/persistence/delivery-history'

const platformRules = (provider: ProviderId) => platformOf(provider).delivery.rules
const CHARLESCD_RULES = charlesCd.delivery.rules
const DIVSHOT_RULES = divshot.delivery.rules

const choice = (scheme: SigningScheme, preset: RetryPolicy['preset'] = 'none') => ({ signing: { scheme }, retry: RetryPolicy.parse({ preset }) })

describe('delivery rules', () => {
  it.each(ProviderId.options)('%s has valid rules with a source', (provider) => {
    expect(DeliveryRules.parse(platformRules(provider))).toEqual(platformRules(provider))
  })

  it('CharlesCD follows redirects like Go, succeeds on 200–226 and retries a 410', () => {
    expect(CHARLESCD_RULES).toMatchObject({ success: [200, 226], gone: 'retry', retryAfter: [], redirects: { mode: 'follow', stopAfter: 10 } })
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

describe('deliveries saved before they carried their rules', () => {
  const legacy = {
    id: 'msg_1', seq: 0, eventId: 'evt_1', subscriptionId: 'sub_1', subscriptionName: 'old', provider: 'charlescd', event: 'FINISH_DEPLOY',
    url: 'http://127.0.0.1:9/hook', body: '{}', headers: [], signing: { scheme: 'native', secret: 'k' }, retry: { preset: 'charlescd' },
    timeoutMs: 30_000, secretHeaders: ['x-application-key'], successStatuses: [200, 226], status: 'retrying', series: 0, attempts: [],
    createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z',
  }

  it('are carried into the history with the rules that apply to them now', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hookbench-rules-')), 'deliveries.jsonl')
    const standard = { ...legacy, id: 'msg_2', provider: 'divshot', signing: { scheme: 'standard', secret: 'k' }, successStatuses: undefined }
    writeFileSync(file, [legacy, standard].map((d) => JSON.stringify(d) + '\n').join(''))
    const history = await openDeliveryHistory(file.replace(/\.jsonl$/, '.index'), 10)
    expect(history.skippedLines).toBe(0)
    expect((await history.get('msg_1'))?.rules).toEqual(CHARLESCD_RULES)
    expect(await history.get('msg_1')).not.toHaveProperty('successStatuses')
    expect((await history.get('msg_2'))?.rules).toEqual(STANDARD_WEBHOOKS_RULES)
    expect(existsSync(`${file}.migrated`)).toBe(true)
  })

  it('keep the rules they were saved with', () => {
    const saved = { ...legacy, rules: { ...CHARLESCD_RULES, source: 'saved' } }
    expect(StoredDelivery.parse(saved).rules.source).toBe('saved')
  })
})
