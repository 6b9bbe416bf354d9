import { verify as octokitVerify } from '@octokit/webhooks-methods'
import { Webhook } from 'standardwebhooks'
import Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import type { HeaderPair } from '../../../src/shared/schemas/http'
import { safeEqual, secretFingerprint } from '../../../src/main/signing/hmac'
import { githubDeliveryGuid, inGithubOrder, signRequest } from '../../../src/main/signing/sign'
import { generateSecret } from '../../../src/shared/schemas/secrets'
import { verifyRequest } from '../../../src/main/signing/verify'
import { GITHUB_HEADER_ORDER } from '../../support/github-delivery'

/** Spec §5 shared body B: the minified Divshot example, 313 bytes. */
const B =
  '{"event":"release","data":{"app":{"name":"your-app","id":"abc123"},"release":{"env":"production","version":12,"author":"someone@example.com","rollback":false,"source":"Divshot CLI","source_env":"staging","timestamp":1417552837,"url":"http://your-app.divshot.io","permanent_url":"http://v12.your-app.divshot.io"}}}'
const T = 1735689600
const KEY_A = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='
const KEY_B = 'whsec_//79/Pv6+fj39vX08/Lx8O/u7ezr6uno5+bl5OPi4eA='

const get = (headers: HeaderPair[], name: string) => headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1]
const nowSec = () => Math.floor(Date.now() / 1000)
const stripe = new Stripe('sk_test_unused')

describe('spec §5 vectors', () => {
  it('body B is the 313-byte text the vectors are computed over', () => {
    expect(Buffer.byteLength(B)).toBe(313)
  })

  it('Standard Webhooks: the official vector', () => {
    const headers = signRequest({
      scheme: 'standard',
      secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
      messageId: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestampSec: 1614265330,
      body: '{"test": 2432232314}',
    })
    expect(get(headers, 'webhook-signature')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })

  it('Standard Webhooks: keys A and B, and the rotation header (newest first)', () => {
    const sign = (secrets: string[]) => get(signRequest({ scheme: 'standard', secrets, messageId: 'msg_sim_0001', timestampSec: T, body: B }), 'webhook-signature')
    expect(sign([KEY_A])).toBe('v1,tj2M2d+lKM7KX776vRWAGrHplFiXq0mYUcYUNkaLXXs=')
    expect(sign([KEY_B])).toBe('v1,MPKNbZHa/zT9KQGit2yDyzWAOQK01Jq2HWK6vyKRs1E=')
    expect(sign([KEY_B, KEY_A])).toBe('v1,MPKNbZHa/zT9KQGit2yDyzWAOQK01Jq2HWK6vyKRs1E= v1,tj2M2d+lKM7KX776vRWAGrHplFiXq0mYUcYUNkaLXXs=')
  })

  it('GitHub: the official vector and ours, with the legacy sha1 header', () => {
    const official = signRequest({ scheme: 'github', secrets: ["It's a Secret to Everybody"], messageId: 'x', timestampSec: T, body: 'Hello, World!' })
    expect(get(official, 'X-Hub-Signature-256')).toBe('sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17')
    const ours = signRequest({ scheme: 'github', secrets: ['simulator-secret'], messageId: 'x', timestampSec: T, body: B, eventName: 'release' })
    expect(get(ours, 'X-Hub-Signature-256')).toBe('sha256=6ea1fb3c4d04efeca09914cd7853716d2e015c4c34a37bf086c452a019c07a99')
    expect(get(ours, 'X-Hub-Signature')).toBe('sha1=e5955e80b69e2ed1ab64bf8d667bb8fe1fe221d2')
    expect(get(ours, 'X-GitHub-Event')).toBe('release')
  })

  it('GitHub: the other headers, in GitHub\'s order, derived from the delivery and subscription ids', () => {
    const sign = (messageId: string, subscriptionId?: string, timestampSec = T) =>
      signRequest({ scheme: 'github', secrets: ['simulator-secret'], messageId, subscriptionId, timestampSec, body: B, eventName: 'release' })
    const headers = sign('msg_sim_0001', 'sub_sim_0001')
    // GitHub's example delivery (docs, "Webhook events and payloads"), Content-Type and Content-Length put in by inGithubOrder.
    expect(inGithubOrder([['Content-Type', 'application/json'], ...headers], 6615).map(([name]) => name)).toEqual(GITHUB_HEADER_ORDER)
    expect(get(headers, 'X-GitHub-Hook-Installation-Target-Type')).toBe('repository')
    expect(get(headers, 'X-GitHub-Hook-Installation-Target-ID')).toMatch(/^[1-9][0-9]*$/)
    // Pinned: a resumed run, even by a newer version, must repeat the GUID of an earlier attempt.
    expect(get(headers, 'X-GitHub-Delivery')).toBe('37f34a2d-12e1-4fa8-ae1e-c61f182648e7')
    expect(get(headers, 'X-GitHub-Hook-ID')).toBe('786573106')
    expect(get(headers, 'User-Agent')).toBe('GitHub-Hookshot/94b0643')
    expect(sign('msg_sim_0001', 'sub_sim_0001', T + 3600)).toEqual(headers)
    const other = sign('msg_sim_0002', 'sub_sim_0001')
    expect(get(other, 'X-GitHub-Delivery')).not.toBe(get(headers, 'X-GitHub-Delivery'))
    const hookHeaders = ['X-GitHub-Hook-ID', 'User-Agent', 'X-GitHub-Hook-Installation-Target-ID']
    expect(hookHeaders.map((name) => get(other, name))).toEqual(hookHeaders.map((name) => get(headers, name)))
    const alone = sign('msg_sim_0001')
    expect(get(alone, 'X-GitHub-Hook-ID')).not.toBe(get(headers, 'X-GitHub-Hook-ID'))
    expect(get(alone, 'X-GitHub-Delivery')).toBe(get(headers, 'X-GitHub-Delivery'))
  })

  it('GitHub delivery GUIDs are shaped like v4 UUIDs', () => {
    for (const id of ['msg_1', 'msg_2', 'x', 'msg_0123456789abcdefghjk']) {
      expect(githubDeliveryGuid(id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    }
  })

  it('Stripe: ours, and with the old secret still active', () => {
    const one = signRequest({ scheme: 'stripe', secrets: ['whsec_simulator_stripe_style'], messageId: 'x', timestampSec: T, body: B })
    expect(get(one, 'Stripe-Signature')).toBe('t=1735689600,v1=4883abb553b6e4083a609408c04d3b587ba4a6b28ac07e2c1e417f43acdae59a')
    const two = signRequest({ scheme: 'stripe', secrets: ['whsec_simulator_stripe_style', 'whsec_old_secret'], messageId: 'x', timestampSec: T, body: B })
    expect(get(two, 'Stripe-Signature')).toBe(
      't=1735689600,v1=4883abb553b6e4083a609408c04d3b587ba4a6b28ac07e2c1e417f43acdae59a,v1=3a0057666d2e8084f33430dc36478e14c5dcebb85a19396fd6519e74568d289c',
    )
  })

  it('plain secret headers: value byte for byte, fingerprint, constant-time compare', () => {
    const headers = signRequest({ scheme: 'native', secrets: ['s3cr3t-key'], messageId: 'x', timestampSec: T, body: B, secretHeaders: ['Qovery-Secret'] })
    expect(headers).toEqual([['Qovery-Secret', 's3cr3t-key']])
    expect(secretFingerprint('s3cr3t-key')).toBe('99ab9660c4e55f77')
    expect(safeEqual('s3cr3t-key', 's3cr3t-kez')).toBe(false)
    expect(safeEqual('s3cr3t-key', 's3cr3t-key')).toBe(true)
  })

  it('none adds nothing', () => {
    expect(signRequest({ scheme: 'none', secrets: ['x'], messageId: 'x', timestampSec: T, body: B })).toEqual([])
  })
})

describe('our signatures verify with the public reference libraries', () => {
  it('standardwebhooks accepts ours, with each key of a rotation', () => {
    const headers = signRequest({ scheme: 'standard', secrets: [KEY_B, KEY_A], messageId: 'msg_live', timestampSec: nowSec(), body: B })
    const asRecord = Object.fromEntries(headers)
    expect(new Webhook(KEY_A).verify(B, asRecord)).toMatchObject({ event: 'release' })
    expect(new Webhook(KEY_B).verify(B, asRecord)).toMatchObject({ event: 'release' })
    const fresh = generateSecret('standard')!
    const other = Object.fromEntries(signRequest({ scheme: 'standard', secrets: [fresh], messageId: 'msg_2', timestampSec: nowSec(), body: B }))
    expect(() => new Webhook(fresh).verify(B, other)).not.toThrow()
    expect(() => new Webhook(KEY_A).verify(B, other)).toThrow()
  })

  it('@octokit/webhooks-methods accepts ours', async () => {
    const headers = signRequest({ scheme: 'github', secrets: ['simulator-secret'], messageId: 'x', timestampSec: nowSec(), body: B })
    await expect(octokitVerify('simulator-secret', B, get(headers, 'X-Hub-Signature-256')!)).resolves.toBe(true)
    await expect(octokitVerify('other-secret', B, get(headers, 'X-Hub-Signature-256')!)).resolves.toBe(false)
  })

  it('stripe accepts ours, with either secret of a rotation', () => {
    const header = get(signRequest({ scheme: 'stripe', secrets: ['whsec_new', 'whsec_old'], messageId: 'x', timestampSec: nowSec(), body: B }), 'Stripe-Signature')!
    expect(stripe.webhooks.constructEvent(B, header, 'whsec_new', 300)).toMatchObject({ event: 'release' })
    expect(stripe.webhooks.constructEvent(B, header, 'whsec_old', 300)).toMatchObject({ event: 'release' })
    expect(() => stripe.webhooks.constructEvent(B, header, 'whsec_other', 300)).toThrow()
  })
})

describe('verification verdicts', () => {
  const body = Buffer.from(B)
  const signed = (scheme: 'standard' | 'github' | 'stripe' | 'hmac-sha256', secrets: string[], timestampSec = T) =>
    signRequest({ scheme, secrets, messageId: 'msg_1', timestampSec, body: B })
  const check = (scheme: 'standard' | 'github' | 'stripe' | 'hmac-sha256', headers: HeaderPair[], secrets: string[], extra = {}) =>
    verifyRequest({ scheme, secrets, headers, body, nowSec: T + 10, ...extra })

  it.each(['standard', 'github', 'stripe', 'hmac-sha256'] as const)('%s: valid, and which secret matched during rotation', (scheme) => {
    const secret = scheme === 'standard' ? KEY_A : 'whsec_current'
    const previous = scheme === 'standard' ? KEY_B : 'whsec_previous'
    expect(check(scheme, signed(scheme, [secret]), [secret])).toMatchObject({ valid: true, reason: 'valid', matchedSecret: 0 })
    expect(check(scheme, signed(scheme, [previous]), [secret, previous])).toMatchObject({ valid: true, matchedSecret: 1 })
  })

  it.each(['standard', 'github', 'stripe', 'hmac-sha256'] as const)('%s: missing header', (scheme) => {
    expect(check(scheme, [['Content-Type', 'application/json']], [scheme === 'standard' ? KEY_A : 'whsec_x'])).toMatchObject({ valid: false, reason: 'header_missing' })
  })

  it.each(['standard', 'github', 'stripe', 'hmac-sha256'] as const)('%s: wrong secret vs altered body, told apart by what was sent', (scheme) => {
    const secret = scheme === 'standard' ? KEY_A : 'whsec_current'
    const wrong = scheme === 'standard' ? KEY_B : 'whsec_wrong'
    const headers = signed(scheme, [secret])
    expect(check(scheme, headers, [wrong], { sentBody: body })).toMatchObject({ valid: false, reason: 'wrong_secret' })
    expect(check(scheme, headers, [wrong])).toMatchObject({ valid: false, reason: 'signature_mismatch' })
    const altered = Buffer.from(B.replace('"version":12', '"version":13'))
    const verdict = verifyRequest({ scheme, secrets: [secret], headers, body: altered, nowSec: T + 10, sentBody: body })
    expect(verdict).toMatchObject({ valid: false, reason: 'body_altered' })
    expect(verdict.expected).not.toEqual(verdict.received)
  })

  it('standard and stripe: timestamps outside the tolerance', () => {
    const old = T - 301
    expect(check('standard', signed('standard', [KEY_A], old), [KEY_A]).reason).toBe('timestamp_out_of_tolerance')
    expect(check('stripe', signed('stripe', ['whsec_x'], old), ['whsec_x']).reason).toBe('timestamp_out_of_tolerance')
    const future = T + 10 + 301
    expect(check('standard', signed('standard', [KEY_A], future), [KEY_A]).message).toMatch(/in the future/)
    // Stripe's library only rejects old timestamps.
    expect(check('stripe', signed('stripe', ['whsec_x'], future), ['whsec_x']).valid).toBe(true)
  })

  it('shows the signed content and both signatures', () => {
    const verdict = check('standard', signed('standard', [KEY_A]), [KEY_B])
    expect(verdict.signedContent).toBe(`msg_1.${T}.${B}`)
    expect(verdict.expected[0]).toMatch(/^v1,/)
    expect(verdict.received).toHaveLength(1)
  })

  it('malformed headers are named as such', () => {
    const bad: HeaderPair[] = [['webhook-id', 'm'], ['webhook-timestamp', 'yesterday'], ['webhook-signature', 'v1,abc']]
    expect(check('standard', bad, [KEY_A]).reason).toBe('malformed_header')
    expect(check('stripe', [['Stripe-Signature', 'nonsense']], ['whsec_x']).reason).toBe('malformed_header')
  })

  it('plain secret headers are an auth token, and only a fingerprint is shown', () => {
    const verdict = verifyRequest({
      scheme: 'native',
      secrets: ['s3cr3t-key'],
      headers: [['x-application-key', 's3cr3t-kez']],
      body,
      nowSec: T,
      secretHeaders: ['x-application-key'],
    })
    expect(verdict).toMatchObject({ valid: false, reason: 'wrong_secret' })
    expect(verdict.message).toContain('auth token, not a signature')
    expect(JSON.stringify(verdict)).not.toContain('s3cr3t-key')
    const ok = verifyRequest({ scheme: 'native', secrets: ['s3cr3t-key'], headers: [['X-Application-Key', 's3cr3t-key']], body, nowSec: T, secretHeaders: ['x-application-key'] })
    expect(ok).toMatchObject({ valid: true, fingerprint: '99ab9660c4e55f77' })
  })
})

it('a stored secret the scheme refuses is reported, never used', () => {
  const verdict = verifyRequest({ scheme: 'standard', secrets: ['whsec_x'], headers: [], body: Buffer.from(B), nowSec: T })
  expect(verdict).toMatchObject({ valid: false, reason: 'not_checked', message: expect.stringMatching(/^the endpoint's secret cannot be used: a standard secret/) })
})

describe('more vectors and edge cases', () => {
  const body = Buffer.from(B)

  it('the spec vectors verify with our verifier too, at their own time', () => {
    const official: HeaderPair[] = [
      ['webhook-id', 'msg_p5jXN8AQM9LWM0D4loKWxJek'],
      ['webhook-timestamp', '1614265330'],
      ['webhook-signature', 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='],
    ]
    const secrets = ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw']
    expect(verifyRequest({ scheme: 'standard', secrets, headers: official, body: Buffer.from('{"test": 2432232314}'), nowSec: 1614265330 })).toMatchObject({ valid: true })
    const rotation: HeaderPair[] = [
      ['Webhook-Id', 'msg_sim_0001'],
      ['Webhook-Timestamp', String(T)],
      ['Webhook-Signature', 'v1,MPKNbZHa/zT9KQGit2yDyzWAOQK01Jq2HWK6vyKRs1E= v1,tj2M2d+lKM7KX776vRWAGrHplFiXq0mYUcYUNkaLXXs='],
    ]
    expect(verifyRequest({ scheme: 'standard', secrets: [KEY_A], headers: rotation, body, nowSec: T })).toMatchObject({ valid: true, matchedSecret: 0 })
    const github: HeaderPair[] = [['x-hub-signature-256', 'sha256=6ea1fb3c4d04efeca09914cd7853716d2e015c4c34a37bf086c452a019c07a99']]
    expect(verifyRequest({ scheme: 'github', secrets: ['simulator-secret'], headers: github, body, nowSec: T }).valid).toBe(true)
    const stripeHeader: HeaderPair[] = [['stripe-signature', `t=${T},v0=ignored,v1=3a0057666d2e8084f33430dc36478e14c5dcebb85a19396fd6519e74568d289c`]]
    expect(verifyRequest({ scheme: 'stripe', secrets: ['whsec_simulator_stripe_style', 'whsec_old_secret'], headers: stripeHeader, body, nowSec: T })).toMatchObject({
      valid: true,
      matchedSecret: 1,
      message: 'signed with the previous secret (rotation)',
    })
  })

  it('plain secret vector in every header a platform uses', () => {
    const sign = (secretHeaders: string[]) => signRequest({ scheme: 'native', secrets: ['s3cr3t-key', 'old-key'], messageId: 'x', timestampSec: T, body: B, secretHeaders })
    expect(sign(['x-application-key'])).toEqual([['x-application-key', 's3cr3t-key']])
    expect(sign(['Qovery-Secret', 'Qovery-Signature'])).toEqual([
      ['Qovery-Secret', 's3cr3t-key'],
      ['Qovery-Signature', 's3cr3t-key'],
    ])
  })

  it('plain secret: a missing header, and fingerprints on both sides', () => {
    const input = { scheme: 'native' as const, secrets: ['s3cr3t-key'], body, nowSec: T, secretHeaders: ['Qovery-Secret'] }
    expect(verifyRequest({ ...input, headers: [] })).toMatchObject({ valid: false, reason: 'header_missing' })
    const wrong = verifyRequest({ ...input, headers: [['qovery-secret', 'nope']] })
    expect(wrong.expected).toEqual(['99ab9660c4e55f77'])
    expect(wrong.received).toEqual([secretFingerprint('nope')])
  })

  it('none is not checked; a scheme without a secret cannot be checked', () => {
    expect(verifyRequest({ scheme: 'none', secrets: [], headers: [], body, nowSec: T })).toMatchObject({ valid: true, reason: 'not_checked' })
    expect(verifyRequest({ scheme: 'github', secrets: [], headers: [], body, nowSec: T })).toMatchObject({ valid: false, reason: 'not_checked' })
  })

  it('a Stripe header with an empty or non-numeric t is malformed', () => {
    for (const value of [`t=,v1=abc`, `t=12x,v1=abc`, `v1=abc`, `t=${T}`]) {
      expect(verifyRequest({ scheme: 'stripe', secrets: ['whsec_x'], headers: [['Stripe-Signature', value]], body, nowSec: T }).reason).toBe('malformed_header')
    }
  })

  it('a Standard Webhooks signature without a v1 entry is malformed', () => {
    const headers: HeaderPair[] = [['webhook-id', 'm'], ['webhook-timestamp', String(T)], ['webhook-signature', 'v1a,xyz']]
    expect(verifyRequest({ scheme: 'standard', secrets: [KEY_A], headers, body, nowSec: T }).reason).toBe('malformed_header')
  })

  it('the hmac-sha256 scheme uses X-Signature-256 unless told otherwise', () => {
    const plain = signRequest({ scheme: 'hmac-sha256', secrets: ['k'], messageId: 'x', timestampSec: T, body: B })
    expect(plain).toHaveLength(1)
    expect(plain[0]![0]).toBe('X-Signature-256')
    expect(plain[0]![1]).toMatch(/^[0-9a-f]{64}$/)
    const custom = signRequest({ scheme: 'hmac-sha256', secrets: ['k', 'old'], messageId: 'x', timestampSec: T, body: B, hmacHeader: 'X-Sig' })
    expect(custom).toEqual([['X-Sig', plain[0]![1]]])
  })

  it('GitHub sends a GUID made from the delivery id, and the event name only when given', () => {
    const headers = signRequest({ scheme: 'github', secrets: ['k'], messageId: 'guid-1', timestampSec: T, body: B })
    expect(get(headers, 'X-GitHub-Delivery')).toBe(githubDeliveryGuid('guid-1'))
    expect(get(headers, 'X-GitHub-Event')).toBeUndefined()
  })

  it('generated secrets have the scheme\'s usual shape', () => {
    expect(generateSecret('standard')).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(generateSecret('stripe')).toMatch(/^whsec_[0-9a-f]{64}$/)
    expect(generateSecret('github')).toMatch(/^[0-9a-f]{64}$/)
    expect(generateSecret('standard')).not.toBe(generateSecret('standard'))
  })
})
