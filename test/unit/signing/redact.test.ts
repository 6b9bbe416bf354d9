import { describe, expect, it } from 'vitest'
import { secretFingerprint } from '../../../src/main/signing/hmac'
import { PLAIN_SECRET_HEADERS } from '../../../src/shared/platforms'
import { redactRun, secretLabel, secretMask } from '../../../src/main/signing/redact'

describe('secret mask', () => {
  it('labels a named secret header whatever its value, and a known secret wherever it appears', () => {
    const mask = secretMask(['long-secret-value'], ['X-Application-Key'])
    expect(mask.found()).toBe(false)
    expect(mask.headers([['x-application-key', 'anything'], ['Authorization', 'Bearer long-secret-value'], ['Accept', '*/*']])).toEqual([
      ['x-application-key', secretLabel('anything')],
      ['Authorization', `Bearer ${secretLabel('long-secret-value')}`],
      ['Accept', '*/*'],
    ])
    expect(mask.found()).toBe(true)
    expect(secretLabel('s3cr3t-key')).toBe(`sha256:${secretFingerprint('s3cr3t-key')}…`)
  })

  it('replaces a short secret only where it is the whole value (no accidental matches inside other text)', () => {
    const mask = secretMask(['ab12'])
    expect(mask.text('ab12')).toBe(secretLabel('ab12'))
    expect(mask.text('xab12y')).toBe('xab12y')
  })

  it('ignores empty and absent secrets, and leaves empty named headers empty', () => {
    const mask = secretMask([undefined, ''], ['Qovery-Secret'])
    expect(mask.headers([['Qovery-Secret', ''], ['Accept', '']])).toEqual([['Qovery-Secret', ''], ['Accept', '']])
    expect(mask.found()).toBe(false)
  })

  it('knows every platform header that carries a plain secret', () => {
    expect(PLAIN_SECRET_HEADERS).toEqual(['Qovery-Secret', 'Qovery-Signature', 'X-Application-Key'])
  })

  it("labels a run's secret and leaves its other options as they were", () => {
    const options = { targets: ['http://127.0.0.1:1/'], secret: 'run-secret-123', timeScale: 2, vars: { a: 'b' } }
    expect(redactRun({ id: 'r', options })).toEqual({ id: 'r', options: { ...options, secret: secretLabel('run-secret-123') } })
    const plain = { id: 'r', options: { targets: [], timeScale: 1, vars: {} } }
    expect(redactRun(plain)).toBe(plain)
  })
})
