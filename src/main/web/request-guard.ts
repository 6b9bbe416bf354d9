import { isIP } from 'node:net'

/**
 * DNS-rebinding and cross-site protection for web mode. A page on another site cannot make the
 * browser send our Host (rebinding needs a DNS name pointing here), nor forge Origin.
 */
export interface RequestGuard {
  /** Host header acceptable? (the bound address, or any IP literal / localhost when bound to all) */
  isAllowedHost(host: string | undefined): boolean
  /** Origin acceptable for an API call? Absent is fine (non-browser clients, same-origin GETs). */
  isAllowedOrigin(origin: string | undefined, host: string | undefined): boolean
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]'])

export function createRequestGuard(boundHost: string, port: () => number): RequestGuard {
  const wildcard = boundHost === '0.0.0.0' || boundHost === '::'
  const loopback = LOOPBACK_NAMES.has(boundHost) || boundHost === '::1' || boundHost.startsWith('127.')

  const isAllowedHost = (host: string | undefined) => {
    if (!host) return false
    const { name, portPart } = splitHost(host)
    if (portPart !== String(port())) return false
    if (name === hostLiteral(boundHost)) return true
    if (loopback) return LOOPBACK_NAMES.has(name)
    if (wildcard) return LOOPBACK_NAMES.has(name) || isIP(name.replace(/^\[|\]$/g, '')) !== 0
    return false
  }

  return {
    isAllowedHost,
    isAllowedOrigin(origin, host) {
      if (origin === undefined) return true
      try {
        const url = new URL(origin)
        return url.protocol === 'http:' && url.host === host && isAllowedHost(host)
      } catch {
        return false
      }
    },
  }
}

function hostLiteral(address: string): string {
  return address.includes(':') ? `[${address}]` : address
}

function splitHost(host: string): { name: string; portPart: string } {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase())
  return { name: match?.[1] ?? '', portPart: match?.[2] ?? '80' }
}
