import { describe, expect, it } from 'vitest'
import type { HeaderPair } from '../../../src/shared/schemas/http'
import { type Hop, nextHop } from '../../../src/main/delivery/redirects'

const first: Hop = {
  method: 'POST',
  url: 'https://hooks.example.com/in',
  headers: [['Content-Type', 'application/json'], ['Authorization', 'Bearer t'], ['x-application-key', 'k']],
  body: '{"a":1}',
  stripsCredentials: false,
}
const to = (location: string): HeaderPair[] => [['Location', location]]
const hop = (from: Hop, status: number, location: string) => {
  const next = nextHop(first, from, status, to(location))
  if (typeof next !== 'object') throw new Error(`no hop: ${next}`)
  return next
}

describe('following a redirect like Go\'s http.Client', () => {
  it.each([301, 302, 303])('%i turns the POST into a GET without body', (status) => {
    expect(hop(first, status, '/moved')).toMatchObject({ method: 'GET', url: 'https://hooks.example.com/moved', body: undefined })
  })

  it.each([307, 308])('%i re-sends the POST with the same body', (status) => {
    expect(hop(first, status, 'https://hooks.example.com/v2')).toMatchObject({ method: 'POST', url: 'https://hooks.example.com/v2', body: '{"a":1}' })
  })

  it('a body dropped by a 303 stays dropped after a 307', () => {
    expect(hop(hop(first, 303, '/a'), 307, '/b')).toMatchObject({ method: 'GET', body: undefined })
  })

  it('copies the first request\'s headers and adds a Referer without credentials', () => {
    const withUser = { ...first, url: 'https://user:pw@hooks.example.com/in' }
    expect(nextHop(first, withUser, 302, to('/x'))).toMatchObject({
      headers: [...first.headers, ['Referer', 'https://hooks.example.com/in']],
    })
  })

  it('sends no Referer from https to http', () => {
    expect(hop(first, 307, 'http://hooks.example.com/plain').headers).toEqual(first.headers)
  })

  it('keeps credentials within the domain and drops them for good once it leaves', () => {
    const names = (h: Hop) => h.headers.map(([n]) => n)
    expect(names(hop(first, 307, 'https://eu.hooks.example.com/in'))).toContain('Authorization')
    const away = hop(first, 307, 'https://elsewhere.test/in')
    expect(names(away)).toEqual(['Content-Type', 'x-application-key', 'Referer'])
    expect(names(hop(away, 307, 'https://hooks.example.com/back'))).not.toContain('Authorization')
  })

  it('a 3xx without Location, or any other status, is the answer', () => {
    expect(nextHop(first, first, 302, [])).toBeUndefined()
    expect(nextHop(first, first, 300, to('/x'))).toBeUndefined()
    expect(nextHop(first, first, 200, to('/x'))).toBeUndefined()
  })

  it('an unusable Location is an error', () => {
    expect(nextHop(first, first, 302, to('ftp://files.example.com/'))).toBe('unsupported protocol scheme "ftp"')
    expect(nextHop(first, first, 302, to('http://[::1'))).toBe('failed to parse Location header "http://[::1"')
  })
})
