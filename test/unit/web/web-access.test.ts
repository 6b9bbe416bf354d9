import { describe, expect, it } from 'vitest'
import { accessTokenFor, createAccessToken, isLoopbackHost, isTokenValid, presentedToken, tokenCookie, tokenProblem } from '../../../src/main/web/access-token'
import { apiRefusal, isStateChanging } from '../../../src/main/web/api-gate'
import { createRequestGuard } from '../../../src/main/web/request-guard'
import { resolveStaticPath } from '../../../src/main/web/static-path'
import { exposureWarning } from '../../../src/main/cli/commands/serve'
import { apiMethods } from '../../../src/shared/api/contract'

describe('web mode access token', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.4.5.6', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.20', false],
    ['127.example.com', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback)
  })

  it('asks for a fresh random token off loopback, none on it, and the given one anywhere', () => {
    expect(accessTokenFor('127.0.0.1', undefined)).toBeUndefined()
    const a = accessTokenFor('0.0.0.0', undefined)!
    const b = accessTokenFor('0.0.0.0', undefined)!
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(a).not.toBe(b)
    expect(accessTokenFor('127.0.0.1', 'chosen-token-0123456')).toBe('chosen-token-0123456')
    expect(tokenProblem(createAccessToken())).toBeUndefined()
  })

  it('refuses tokens that are short or need escaping in a link', () => {
    expect(tokenProblem('short')).toMatch(/at least 16/)
    expect(tokenProblem('has space in it 0123')).toMatch(/only letters/)
    expect(tokenProblem('a&b=c;0123456789abc')).toMatch(/only letters/)
  })

  it('reads the token from a Bearer header or the cookie of its own port only', () => {
    expect(presentedToken({ authorization: 'Bearer abc' }, 4780)).toBe('abc')
    expect(presentedToken({ cookie: 'x=1; hookbench_token_4780=abc; y=2' }, 4780)).toBe('abc')
    expect(presentedToken({ cookie: 'hookbench_token_4781=abc' }, 4780)).toBeUndefined()
    expect(presentedToken({}, 4780)).toBeUndefined()
    expect(tokenCookie(4780, 'abc')).toBe('hookbench_token_4780=abc; Path=/; HttpOnly; SameSite=Strict')
  })

  it('compares tokens whole (a prefix or nothing is wrong)', () => {
    expect(isTokenValid('abcdef', 'abcdef')).toBe(true)
    expect(isTokenValid('abcdef', 'abcde')).toBe(false)
    expect(isTokenValid('abcdef', undefined)).toBe(false)
  })

  it('warns about the exposure, naming the address and how to keep it local', () => {
    expect(exposureWarning('0.0.0.0')).toMatch(/0\.0\.0\.0, reachable from other machines/)
    expect(exposureWarning('0.0.0.0')).toMatch(/--host 127\.0\.0\.1/)
  })
})

describe('web mode API gate', () => {
  const guard = createRequestGuard('127.0.0.1', () => 4780)
  const own = { host: '127.0.0.1:4780', origin: 'http://127.0.0.1:4780', contentType: 'application/json' }

  it('lets its own page call anything with JSON', () => {
    expect(apiRefusal({ ...own, method: 'POST', apiMethod: 'fireEvent' }, guard)).toBeUndefined()
    expect(apiRefusal({ ...own, method: 'POST', apiMethod: 'getStatus', contentType: 'application/json; charset=utf-8' }, guard)).toBeUndefined()
  })

  it('refuses Origin null, a foreign Origin, a missing one on writes, and bodies that are not JSON', () => {
    expect(apiRefusal({ ...own, method: 'POST', apiMethod: 'getStatus', origin: 'null' }, guard)?.status).toBe(403)
    expect(apiRefusal({ ...own, method: 'GET', apiMethod: 'events', origin: 'http://evil.example' }, guard)?.status).toBe(403)
    expect(apiRefusal({ ...own, method: 'POST', apiMethod: 'fireEvent', origin: undefined }, guard)?.status).toBe(403)
    expect(apiRefusal({ ...own, method: 'POST', apiMethod: 'getStatus', origin: undefined }, guard)).toBeUndefined()
    expect(apiRefusal({ ...own, method: 'POST', apiMethod: 'fireEvent', contentType: 'text/plain' }, guard)?.status).toBe(415)
    expect(apiRefusal({ ...own, method: 'POST', apiMethod: 'fireEvent', contentType: undefined }, guard)?.status).toBe(415)
  })

  it('counts every method that is not a known read as changing something, unknown ones included', () => {
    const reads = apiMethods.filter((method) => !isStateChanging(method))
    expect(reads.every((method) => /^(get|list|preview|validate|export|explain)/.test(method))).toBe(true)
    for (const write of ['fireEvent', 'createSubscription', 'updateSettings', 'deleteScenario', 'redeliverFailed', 'runScenario', 'saveEndpoint', 'futureMethod']) {
      expect(isStateChanging(write)).toBe(true)
    }
  })
})

describe('static files path', () => {
  it('keeps ordinary paths inside the root', () => {
    expect(resolveStaticPath('/srv/ui', '/assets/app.js?v=1')).toEqual({ ok: true, path: '/srv/ui/assets/app.js' })
    expect(resolveStaticPath('/srv/ui/', '/')).toEqual({ ok: true, path: '/srv/ui' })
    expect(resolveStaticPath('/srv/ui', '/a%20b.txt')).toEqual({ ok: true, path: '/srv/ui/a b.txt' })
  })

  it.each([
    ['/..%2f..%2fetc/passwd', '".." segment'],
    ['/%2e%2e/etc/passwd', '".." segment'],
    ['/%252e%252e%252fetc%252fpasswd', 'encoded twice'],
    ['/..%5cetc', 'backslash'],
    ['/x%00.html', 'NUL'],
    ['/%E0%A4%A', 'malformed'],
  ])('refuses %s (%s)', (url, reason) => {
    const resolved = resolveStaticPath('/srv/ui', url)
    expect(resolved.ok).toBe(false)
    expect(resolved.ok ? '' : resolved.reason).toContain(reason)
  })
})
