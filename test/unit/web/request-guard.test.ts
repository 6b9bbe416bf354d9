import { describe, expect, it } from 'vitest'
import { createRequestGuard } from '../../../src/main/web/request-guard'

describe('web mode request guard', () => {
  const loopback = createRequestGuard('127.0.0.1', () => 4780)

  it.each([
    ['127.0.0.1:4780', true],
    ['localhost:4780', true],
    ['[::1]:4780', true],
    ['127.0.0.1:9999', false],
    ['evil.example:4780', false],
    ['attacker.com', false],
    [undefined, false],
  ])('loopback server: Host %s allowed = %s', (host, allowed) => {
    expect(loopback.isAllowedHost(host)).toBe(allowed)
  })

  it('allows same-origin and origin-less API calls, refuses other origins', () => {
    expect(loopback.isAllowedOrigin(undefined, '127.0.0.1:4780')).toBe(true)
    expect(loopback.isAllowedOrigin('http://127.0.0.1:4780', '127.0.0.1:4780')).toBe(true)
    expect(loopback.isAllowedOrigin('http://evil.example', '127.0.0.1:4780')).toBe(false)
    expect(loopback.isAllowedOrigin('http://localhost:4780', '127.0.0.1:4780')).toBe(false)
    expect(loopback.isAllowedOrigin('null', '127.0.0.1:4780')).toBe(false)
  })

  it('when bound to all interfaces, accepts IP literals but not DNS names (rebinding)', () => {
    const wildcard = createRequestGuard('0.0.0.0', () => 4780)
    expect(wildcard.isAllowedHost('192.168.1.20:4780')).toBe(true)
    expect(wildcard.isAllowedHost('localhost:4780')).toBe(true)
    expect(wildcard.isAllowedHost('rebind.attacker.example:4780')).toBe(false)
  })

  it('follows the port once the server listens (0 before)', () => {
    let port = 0
    const guard = createRequestGuard('127.0.0.1', () => port)
    expect(guard.isAllowedHost('127.0.0.1:4780')).toBe(false)
    port = 4780
    expect(guard.isAllowedHost('127.0.0.1:4780')).toBe(true)
    expect(guard.isAllowedOrigin('http://127.0.0.1:4780', '127.0.0.1:4780')).toBe(true)
    expect(guard.isAllowedHost('127.0.0.1:0')).toBe(false)
  })

  it('reads Host case-insensitively, and a missing port as 80', () => {
    expect(loopback.isAllowedHost('LOCALHOST:4780')).toBe(true)
    expect(loopback.isAllowedOrigin('http://LOCALHOST:4780', 'localhost:4780')).toBe(true)
    const port80 = createRequestGuard('127.0.0.1', () => 80)
    expect(port80.isAllowedHost('localhost')).toBe(true)
    expect(port80.isAllowedOrigin('http://localhost', 'localhost')).toBe(true)
    expect(port80.isAllowedOrigin('http://localhost:80', 'localhost:80')).toBe(false)
  })
})
