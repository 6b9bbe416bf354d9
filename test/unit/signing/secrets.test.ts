import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { VerifyConfig, VerifyInput } from '../../../src/shared/schemas/receiver'
import { secretProblem, secretWarning } from '../../../src/shared/schemas/secrets'
import { SigningConfig } from '../../../src/shared/schemas/signing'
import { SubscriptionDraft } from '../../../src/shared/schemas/subscription'
import { describeIssues } from '../../../src/shared/result'
import { standardWebhooksKey } from '../../../src/main/signing/hmac'
import { standardSignature } from '../../../src/main/signing/sign'

const KEY_A = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='

/** Standard secrets, and whether we accept them: exactly the ones the reference library accepts. */
const STANDARD: Array<[secret: string, accepted: boolean]> = [
  [KEY_A, true],
  ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', true],
  ['AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', true], // the prefix is optional
  ['whsec_//79/Pv6+fj39vX08/Lx8O/u7ezr6uno5+bl5OPi4eA=', true],
  ['whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8', true], // padding is optional
  ['whsec_QQ==', true], // 1 byte: short, accepted with a warning
  ['whsec_QR==', true], // non-zero trailing bits are ignored, as by every decoder
  ['mysecret', true], // happens to be base64 (6 bytes)
  ['', false],
  ['whsec_', false],
  ['whsec_abc$', false],
  ['whsec_QQ', false], // under 4 characters
  ['whsec_A===', false],
  ['whsec_AA=A', false],
  ['whsec_ AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', false],
  ['whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n', false],
  ['whsec_-_8AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxw', false], // URL-safe alphabet
  ['whsec_whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', false],
  ['whsec_simulator_stripe_style', false],
  ['not base64!', false],
]

const libraryAccepts = (secret: string) => {
  try {
    new Webhook(secret)
    return true
  } catch {
    return false
  }
}

describe('standard secrets follow the standardwebhooks library', () => {
  it.each(STANDARD)('%j: accepted %s', (secret, accepted) => {
    expect(secretProblem('standard', secret) === undefined).toBe(accepted)
    expect(libraryAccepts(secret)).toBe(accepted)
  })

  it('signs exactly like the library with every secret it accepts', () => {
    const at = new Date(1735689600_000)
    for (const [secret] of STANDARD.filter(([, accepted]) => accepted)) {
      expect(standardSignature(secret, 'msg_1', 1735689600, '{"a":1}')).toBe(new Webhook(secret).sign('msg_1', at, '{"a":1}'))
    }
  })

  it('is stricter in one place: the library silently drops a dangling fifth character', () => {
    expect(libraryAccepts('whsec_AAAAB')).toBe(true)
    expect(secretProblem('standard', 'whsec_AAAAB')).toMatch(/5 base64 characters do not make whole bytes/)
    expect(libraryAccepts('whsec_AAAA$')).toBe(true)
    expect(secretProblem('standard', 'whsec_AAAA$')).toMatch(/"\$" is not base64/)
  })

  it('explains the format and the fault without printing the secret', () => {
    const format = 'a standard secret is "whsec_" followed by base64 (24–64 random bytes)'
    expect(secretProblem('standard', 'whsec_abc$')).toBe(`${format}; "$" is not base64 (character 4 after "whsec_")`)
    expect(secretProblem('standard', 'whsec_')).toBe(`${format}; nothing follows "whsec_"`)
    expect(secretProblem('standard', '')).toBe(`${format}; it is empty`)
    expect(secretProblem('standard', 'whsec_A===')).toMatch(/more than two "="/)
    expect(secretProblem('standard', 'whsec_AA=A')).toMatch(/"=" is padding and may only come at the end/)
    expect(secretProblem('standard', 'whsec_ab-d')).toMatch(/"-" is URL-safe base64; standard base64 uses "\+" and "\/"/)
    expect(secretProblem('standard', 'whsec_QQ')).toMatch(/too short/)
    const long = 'whsec_Very-Secret-Value-That-Must-Not-Leak'
    expect(secretProblem('standard', long)).not.toContain('Very')
  })

  it('warns, without refusing, about keys outside the spec\'s 24–64 bytes', () => {
    expect(secretWarning('standard', 'whsec_QQ==')).toBe('the standard key is 1 byte; the spec asks for 24–64 random bytes')
    expect(secretWarning('standard', `whsec_${Buffer.alloc(65).toString('base64')}`)).toMatch(/65 bytes/)
    expect(secretWarning('standard', KEY_A)).toBeUndefined()
    expect(secretWarning('standard', 'whsec_abc$')).toBeUndefined()
    expect(secretWarning('github', 'x')).toBeUndefined()
  })

  it('standardWebhooksKey refuses what the schemas refuse, as a second safety net', () => {
    expect(standardWebhooksKey(KEY_A)).toEqual(Buffer.from([...Array(32).keys()]))
    expect(() => standardWebhooksKey('whsec_abc$')).toThrow(/"\$" is not base64/)
    expect(() => standardWebhooksKey('whsec_')).toThrow(/nothing follows "whsec_"/)
  })
})

describe('other schemes', () => {
  it.each(['github', 'stripe', 'hmac-sha256'] as const)('%s: any non-empty string', (scheme) => {
    expect(secretProblem(scheme, '')).toBe(`a ${scheme} secret cannot be empty`)
    for (const secret of ['x', 'whsec_simulator_stripe_style', ' spaced out ', 'line\nbreak', 'ünïcødé €']) {
      expect(secretProblem(scheme, secret)).toBeUndefined()
    }
  })

  it('native: the secret must be a valid header value', () => {
    for (const secret of ['s3cr3t-key', 'inner space', 'tab\there', 'café', '-starts-with-dash']) {
      expect(secretProblem('native', secret)).toBeUndefined()
    }
    const format = 'a native secret is sent as-is in a header, so it must be a valid header value'
    expect(secretProblem('native', '')).toBe(`${format}; it is empty`)
    expect(secretProblem('native', 'abc\r\nX-Evil: 1')).toBe(`${format}; it contains a carriage return (CR)`)
    expect(secretProblem('native', 'abc\n')).toMatch(/a line feed \(LF\)$/)
    expect(secretProblem('native', 'a\0b')).toMatch(/a NUL character$/)
    expect(secretProblem('native', 'a\u0007b')).toMatch(/character U\+0007$/)
    expect(secretProblem('native', 'price €')).toMatch(/character U\+20AC$/)
    expect(secretProblem('native', ' lead')).toMatch(/starts with whitespace/)
    expect(secretProblem('native', 'trail\t')).toMatch(/ends with whitespace/)
  })

  it('none needs no secret, so any is fine', () => {
    expect(secretProblem('none', '')).toBeUndefined()
    expect(secretProblem('none', 'whsec_abc$')).toBeUndefined()
  })
})

describe('schemas reject with the path and the scheme\'s message', () => {
  const issues = (result: { success: boolean; error?: Parameters<typeof describeIssues>[0] }) => (result.error ? describeIssues(result.error) : [])

  const draft = (signing: object) => SubscriptionDraft.safeParse({ name: 's', url: 'http://127.0.0.1:9/', provider: 'generic', signing })

  it('a subscription draft checks the secret and the previous secret', () => {
    const result = draft({ scheme: 'standard', secret: 'whsec_abc$', previousSecret: 'whsec_' })
    expect(issues(result).map((i) => i.path)).toEqual(['signing.secret', 'signing.previousSecret'])
    expect(issues(result)[0]!.message).toMatch(/^a standard secret is "whsec_" followed by base64/)
    expect(draft({ scheme: 'standard', secret: KEY_A, previousSecret: 'whsec_QQ==' }).success).toBe(true)
    expect(issues(draft({ scheme: 'stripe', secret: '' }))).toEqual([{ path: 'signing.secret', message: 'a stripe secret cannot be empty' }])
  })

  it('a scheme that signs is refused without a secret, in words that give both ways out', () => {
    for (const scheme of ['standard', 'github', 'stripe', 'hmac-sha256', 'native'] as const) {
      expect(issues(draft({ scheme }))).toEqual([{ path: 'signing.secret', message: `the ${scheme} scheme signs with a secret and none is set: give a secret, or choose the scheme "none" to send unsigned` }])
    }
    expect(draft({ scheme: 'none' }).success).toBe(true)
  })

  it('a verify setting as given checks every secret', () => {
    const result = VerifyInput.safeParse({ scheme: 'native', secrets: ['fine', 'bad\r\n'] })
    expect(issues(result)).toEqual([{ path: 'secrets.1', message: expect.stringMatching(/carriage return/) }])
  })

  it('stored configurations still load with a secret refused today, so an older data file opens', () => {
    expect(SigningConfig.safeParse({ scheme: 'standard', secret: 'whsec_abc$' }).success).toBe(true)
    expect(VerifyConfig.safeParse({ scheme: 'native', secrets: ['bad\r\n'] }).success).toBe(true)
  })
})
