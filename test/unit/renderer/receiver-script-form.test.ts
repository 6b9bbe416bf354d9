import { describe, expect, it } from 'vitest'
import { Endpoint, EndpointPatch } from '../../../src/shared/schemas/receiver'
import { applyPatch } from '../../../src/shared/schemas/patch'
import { buildPatch, changedFields, formOf, parseHeaders } from '../../../src/renderer/src/views/receiver/script-form'
import { describeScript, explainVerdict } from '../../../src/renderer/src/views/receiver/captures'
import { exportScope } from '../../../src/renderer/src/store/receiver/export-scope'
import type { CaptureSummary } from '../../../src/shared/schemas/receiver'
import { SignatureVerdict } from '../../../src/shared/schemas/signing'

const plain = Endpoint.parse({ name: 'plain' })
const full = Endpoint.parse({
  name: 'full',
  response: { status: 202, headers: [['X-A', '1']], body: 'hi', delayMs: 5, failFirst: 1, failStatus: 503, failureRate: 0.07, seed: 3, retryAfterSec: 9 },
  verify: { scheme: 'github', secrets: ['new', 'old'], toleranceSec: 60 },
  forward: { url: 'http://127.0.0.1:9/f', timeoutMs: 2000 },
  maxBodyBytes: 4096,
})

const ok = (result: ReturnType<typeof buildPatch>) => {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`)
  return result
}
/** What the engine stores after this patch. */
const applied = (endpoint: Endpoint, changes: object) => Endpoint.parse(applyPatch(Endpoint, endpoint, changes as Record<string, unknown>))

describe('the script form', () => {
  it('shows the stored values, the failure rate in percent', () => {
    const form = formOf(full)
    expect(form).toMatchObject({ status: '202', headers: 'X-A: 1', failurePercent: '7', retryAfterSec: '9', verifyScheme: 'github', secrets: 'new\nold', maxBodyBytes: '4096' })
    expect(formOf(plain)).toMatchObject({ verifyScheme: '', forwardUrl: '', maxBodyBytes: '', retryAfterSec: '' })
  })

  it('sends nothing when nothing changed, or when an edit was typed back to the stored value', () => {
    expect(ok(buildPatch(full, {}))).toEqual({ ok: true, changes: {}, empty: true })
    const typedBack = { ...formOf(full) }
    expect(changedFields(full, typedBack)).toEqual([])
    expect(ok(buildPatch(full, typedBack)).empty).toBe(true)
  })

  it('sends only the field changed: the delay alone leaves everything else as stored', () => {
    const { changes } = ok(buildPatch(full, { delayMs: '250' }))
    expect(changes).toStrictEqual({ response: { delayMs: 250 } })
    expect(EndpointPatch.safeParse({ name: 'full', changes }).success).toBe(true)
    expect(applied(full, changes)).toStrictEqual({ ...full, response: { ...full.response, delayMs: 250 } })
  })

  it('switches rejecting invalid signatures on and off alone', () => {
    const { changes } = ok(buildPatch(full, { rejectInvalid: true }))
    expect(changes).toStrictEqual({ verify: { rejectInvalid: true } })
    expect(applied(full, changes)).toStrictEqual({ ...full, verify: { ...full.verify!, rejectInvalid: true } })
  })

  it('turns each kind of field into its value', () => {
    const { changes } = ok(
      buildPatch(plain, { status: '410', headers: 'X-One: 1\n\nRetry-Later:  soon ', body: 'gone', hang: true, failurePercent: '12.5', failFirst: '2', failStatus: '429', seed: '-4', retryAfterSec: '30', maxBodyBytes: '100' }),
    )
    expect(changes).toStrictEqual({
      response: { status: 410, failFirst: 2, failStatus: 429, seed: -4, failureRate: 0.125, retryAfterSec: 30, headers: [['X-One', '1'], ['Retry-Later', 'soon']], body: 'gone', hang: true },
      maxBodyBytes: 100,
    })
  })

  it('unsets optional fields when emptied (null), and only those', () => {
    expect(ok(buildPatch(full, { retryAfterSec: '', maxBodyBytes: '' })).changes).toStrictEqual({ response: { retryAfterSec: null }, maxBodyBytes: null })
    expect(ok(buildPatch(full, { verifyScheme: '' })).changes).toStrictEqual({ verify: null })
    expect(ok(buildPatch(full, { forwardUrl: ' ' })).changes).toStrictEqual({ forward: null })
  })

  it('sends verification and forwarding whole when switched on, by changed field when edited', () => {
    expect(ok(buildPatch(plain, { verifyScheme: 'hmac-sha256', secrets: ' s1 \n\ns2' })).changes).toStrictEqual({
      verify: { scheme: 'hmac-sha256', secrets: ['s1', 's2'], toleranceSec: 300, rejectInvalid: false, secretHeaders: [] },
    })
    expect(ok(buildPatch(plain, { forwardUrl: 'http://localhost:3000/hook' })).changes).toStrictEqual({ forward: { url: 'http://localhost:3000/hook', timeoutMs: 10_000 } })
    expect(ok(buildPatch(full, { toleranceSec: '30' })).changes).toStrictEqual({ verify: { toleranceSec: 30 } })
    expect(ok(buildPatch(full, { secrets: 'newer\nnew\nold' })).changes).toStrictEqual({ verify: { secrets: ['newer', 'new', 'old'] } })
    expect(ok(buildPatch(full, { forwardTimeoutMs: '500' })).changes).toStrictEqual({ forward: { timeoutMs: 500 } })
    const changes = ok(buildPatch(full, { verifyScheme: 'stripe' })).changes
    expect(changes).toStrictEqual({ verify: { scheme: 'stripe' } })
    expect(applied(full, changes).verify).toStrictEqual({ ...full.verify, scheme: 'stripe' })
  })

  it('says what is wrong next to each field, in words, and sends nothing', () => {
    const result = buildPatch(plain, { status: '700', delayMs: '1.5', failFirst: '', failurePercent: '120', headers: 'no colon', forwardUrl: 'ftp://x', maxBodyBytes: '0' })
    expect(result).toStrictEqual({
      ok: false,
      errors: {
        status: 'must be at most 599',
        delayMs: 'must be a whole number',
        failFirst: 'a number is needed here',
        failurePercent: 'must be at most 100',
        headers: 'line 1: write it as "Name: value"',
        forwardUrl: 'must be an http:// or https:// URL',
        maxBodyBytes: 'must be at least 1',
      },
    })
  })

  it('checks secrets against the scheme, even when only the scheme changed', () => {
    expect(buildPatch(plain, { verifyScheme: 'github' })).toStrictEqual({ ok: false, errors: { secrets: 'give at least one' } })
    const result = buildPatch(full, { verifyScheme: 'standard' })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.errors.secrets).toMatch(/^a standard secret is "whsec_"/)
  })

  it('reads headers line by line and refuses names HTTP does not allow', () => {
    expect(parseHeaders('A: b: c\n')).toEqual({ ok: true, value: [['A', 'b: c']] })
    expect(parseHeaders('Bad Name: x')).toEqual({ ok: false, error: 'line 1: "Bad Name" is not a valid header name' })
  })
})

describe('capture exports and explanations', () => {
  const page = (ids: string[], nextCursor?: string) => ({ items: ids.map((id) => ({ id }) as CaptureSummary), ...(nextCursor && { nextCursor }) })

  it('exports by endpoint when only the endpoint filters, by ids of every matching capture otherwise', async () => {
    const never = () => Promise.reject(new Error('no list needed'))
    await expect(exportScope({}, never)).resolves.toEqual({})
    await expect(exportScope({ endpoint: 'flaky' }, never)).resolves.toEqual({ endpoint: 'flaky' })
    const asked: unknown[] = []
    const pages = [page(['a', 'b'], 'c1'), page(['c'])]
    const scope = await exportScope({ endpoint: 'flaky', method: 'POST' }, async (query) => {
      asked.push(query)
      return pages.shift()
    })
    expect(scope).toEqual({ ids: ['a', 'b', 'c'] })
    expect(asked).toEqual([
      { endpoint: 'flaky', method: 'POST', limit: 1000 },
      { endpoint: 'flaky', method: 'POST', limit: 1000, cursor: 'c1' },
    ])
    await expect(exportScope({ text: 'x' }, async () => undefined)).resolves.toBeUndefined()
  })

  it('explains each failed verdict and sums up a script', () => {
    const verdict = SignatureVerdict.parse({ scheme: 'github', valid: false, reason: 'timestamp_out_of_tolerance', message: '' })
    expect(explainVerdict(verdict)).toContain('tolerance')
    expect(describeScript(full)).toBe('answers 202 · after 5 ms · fails the first 1 with 503 · fails 7% with 503 · Retry-After 9 s · verifies github · forwards to http://127.0.0.1:9/f · bodies up to 4096 B')
  })
})
