import { describe, expect, it } from 'vitest'
import { describeCatalog } from '../../../src/main/platforms/catalog'
import { secretFingerprint } from '../../../src/main/signing/sign'
import { describeOptions } from '../../../src/shared/platforms/options'
import { qovery } from '../../../src/shared/platforms/qovery'
import { applyPatch } from '../../../src/shared/schemas/patch'
import { RetryPolicy } from '../../../src/shared/schemas/retry-policy'
import { secretProblem } from '../../../src/shared/schemas/secrets'
import { SigningScheme } from '../../../src/shared/schemas/signing'
import { Subscription, SubscriptionShape } from '../../../src/shared/schemas/subscription'
import { checkEdit, fieldsOf, formOf, retirePrevious, rotateSecret } from '../../../src/renderer/src/views/subscription/subscription-edit'
import {
  fingerprintOf,
  generateSecret,
  nextSecretProblem,
  overlapHoursOf,
  previewRequestOf,
  shownSchedule,
  testEventChoices,
  testOutcomeText,
} from '../../../src/renderer/src/views/subscription/subscription-tools'

const catalog = describeCatalog()
const options = describeOptions(qovery.options)

const stored = Subscription.parse({
  id: 'sub_1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  name: 'prod alerts',
  url: 'http://127.0.0.1:9/hook',
  provider: 'qovery',
  events: ['DEPLOYMENT_STARTED'],
  enabled: false,
  paused: true,
  signing: { scheme: 'standard', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
  retry: { preset: 'exponential', baseMs: 500, factor: 3, capMs: 60_000, jitter: 0.1, maxAttempts: 4 },
  timeoutMs: 2_500,
  headers: [['X-Team', 'ops']],
  filters: { events: ['DEPLOYMENT_STARTED'], environmentTypes: ['PRODUCTION'], projectNames: ['shop*'], where: [{ path: 'payload.x', equals: 3 }] },
  concurrency: 2,
  ordered: true,
  options: { kind: 'SLACK', secretHeader: 'both', objects: 'minimal' },
})

describe('the retry schedule a form shows', () => {
  const platform = RetryPolicy.parse({ preset: 'divshot' })

  it("is the platform's default while retries are unset", () => {
    expect(shownSchedule('', undefined, platform)).toMatchObject({ source: 'platform', summary: { end: 'gives up after attempt 6, 15 min 30 s after the first' } })
  })

  it("is the subscription's own numbers while its preset stays chosen, jitter stated", () => {
    const shown = shownSchedule('exponential', stored.retry, platform)!
    expect(shown.source).toBe('subscription')
    expect(shown.summary.lines.map((l) => l.text)).toEqual(['at 0 s', 'at +500 ms (500 ms)', 'at +2 s (1.5 s)', 'at +6.5 s (4.5 s)'])
    expect(shown.summary.jitter).toBe('each wait varies by up to ±10 %')
  })

  it("is the preset's defaults once another preset is picked", () => {
    expect(shownSchedule('charlescd', stored.retry, platform)).toMatchObject({ source: 'preset', summary: { end: 'gives up after attempt 4, 1 min 30 s after the first' } })
  })

  it('says nothing for `any` left unset: each platform uses its own', () => {
    expect(shownSchedule('', undefined, undefined)).toBeUndefined()
  })
})

describe('the filters a preview sends', () => {
  it('are the form as typed, lists split and payload lines read', () => {
    expect(previewRequestOf('qovery', { events: ['DEPLOYMENT_FAILURE'], filterEvents: [], environmentTypes: 'production, staging', projectNames: ' shop* ', where: 'payload.x = 3\npayload.name = shop' })).toEqual({
      provider: 'qovery',
      events: ['DEPLOYMENT_FAILURE'],
      filters: { events: [], environmentTypes: ['production', 'staging'], projectNames: ['shop*'], where: [{ path: 'payload.x', equals: 3 }, { path: 'payload.name', equals: 'shop' }] },
      limit: 200,
    })
  })

  it('are a sentence while a payload line cannot be read', () => {
    expect(previewRequestOf('qovery', { events: [], filterEvents: [], environmentTypes: '', projectNames: '', where: 'no equals sign' })).toBe('each line is "path = value" ("no equals sign" has no "=")')
  })
})

describe('secret rotation', () => {
  const counting = (n: number) => Uint8Array.from({ length: n }, (_, i) => i)

  it.each(SigningScheme.options.filter((s) => s !== 'none'))('generates a %s secret the scheme accepts, from 32 random bytes', (scheme) => {
    const secret = generateSecret(scheme)!
    expect(secretProblem(scheme, secret)).toBeUndefined()
    expect(generateSecret(scheme)).not.toBe(secret)
  })

  it('shapes each secret as its scheme expects', () => {
    expect(generateSecret('standard', counting)).toBe(`whsec_${Buffer.from(counting(32)).toString('base64')}`)
    expect(generateSecret('stripe', counting)).toBe(`whsec_${Buffer.from(counting(32)).toString('hex')}`)
    expect(generateSecret('github', counting)).toBe(Buffer.from(counting(32)).toString('hex'))
    expect(generateSecret('native', counting)).toBe(Buffer.from(counting(32)).toString('base64url'))
    expect(generateSecret('none', counting)).toBeUndefined()
  })

  it.each([
    ['1h', '', 1],
    ['24h', 'ignored', 24],
    ['7d', '', 168],
    ['custom', '36', 36],
    ['custom', '0.5', 0.5],
    ['custom', '', 'the custom overlap must be a number of hours'],
    ['custom', 'soon', 'the custom overlap must be a number of hours'],
    ['custom', '0', 'the custom overlap must be more than 0 hours'],
    ['custom', '9000', 'the custom overlap can be at most a year (8760 hours)'],
  ] as const)('overlap %s %j → %j', (choice, custom, expected) => {
    expect(overlapHoursOf(choice, custom)).toBe(expected)
  })

  it('refuses a new secret that cannot sign, in words', () => {
    expect(nextSecretProblem('standard', '', 'x')).toBe('type the new secret or press Generate')
    expect(nextSecretProblem('standard', 'whsec_abc!', 'x')).toMatch(/^a standard secret is "whsec_" followed by base64/)
    expect(nextSecretProblem('github', 'same', 'same')).toBe('the new secret is the current one')
    expect(nextSecretProblem('none', 'anything', '')).toBe('choose a signing scheme first: "none" signs nothing')
  })

  it('fingerprints as the engine does', async () => {
    await expect(fingerprintOf('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).resolves.toBe(secretFingerprint('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'))
  })

  it('a rotation saved from the editor changes only the signing fields: the rest stays as stored', () => {
    const initial = formOf(stored, options)
    const next = generateSecret('standard')!
    const now = Date.parse('2026-03-01T10:00:00Z')
    const checked = checkEdit(stored, initial, rotateSecret(initial, next, 168, now), options)
    expect(checked).toEqual({ ok: true, changes: { signing: { secret: next, previousSecret: stored.signing.secret, previousSecretExpiresAt: '2026-03-08T10:00:00.000Z' } } })
    if (!checked.ok) return
    const after = applyPatch(SubscriptionShape, fieldsOf(stored), checked.changes as Record<string, unknown>)
    expect(after).toEqual({ ...fieldsOf(stored), signing: { scheme: 'standard', secret: next, previousSecret: stored.signing.secret, previousSecretExpiresAt: '2026-03-08T10:00:00.000Z' } })
  })

  it('retiring the previous secret removes only it and its expiry', () => {
    const rotated = { ...stored, signing: { ...stored.signing, previousSecret: 'whsec_b2xkLXNlY3JldC1vbGQtc2VjcmV0LW9sZA==', previousSecretExpiresAt: '2030-01-01T00:00:00.000Z' } }
    const initial = formOf(rotated, options)
    expect(checkEdit(rotated, initial, retirePrevious(initial), options)).toEqual({ ok: true, changes: { signing: { previousSecret: null, previousSecretExpiresAt: null } } })
  })
})

describe('the test event', () => {
  it("offers the platform's events, the first one first", () => {
    const choices = testEventChoices('qovery', catalog)
    expect(choices[0]).toEqual({ provider: 'qovery', event: catalog.find((e) => e.id === 'qovery')!.events[0]!.name, label: choices[0]!.event })
    expect(choices.every((c) => c.provider === 'qovery')).toBe(true)
  })

  it('offers every platform with events for `any`, labelled with the platform; none for generic', () => {
    const any = testEventChoices('any', catalog)
    expect(new Set(any.map((c) => c.provider))).toEqual(new Set(['ocean-cd', 'qovery', 'charlescd', 'divshot']))
    expect(any[0]!.label).toBe(`${catalog[0]!.title}: ${catalog[0]!.events[0]!.name}`)
    expect(testEventChoices('generic', catalog)).toEqual([])
  })

  it.each([
    [{ status: 'delivered', attemptCount: 1, lastStatus: 204 }, 'Delivered: HTTP 204 after 1 attempt'],
    [{ status: 'failed', attemptCount: 3, lastStatus: 500, reason: 'retries exhausted after 3 attempts; last: HTTP 500' }, 'Failed after 3 attempts: retries exhausted after 3 attempts; last: HTTP 500'],
    [{ status: 'retrying', attemptCount: 1, lastError: 'connection_refused' }, 'Retrying: connection refused on attempt 1'],
    [{ status: 'held', attemptCount: 0 }, 'Held: the subscription is paused; it goes out on resume'],
    [{ status: 'queued', attemptCount: 0 }, 'Sending…'],
  ] as const)('%j reads %j', (delivery, text) => {
    expect(testOutcomeText(delivery)).toBe(text)
  })
})
