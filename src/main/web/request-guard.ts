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

/** The Host and Origin values of everyday requests on one port, accepted without parsing. */
interface KnownGood {
  port: number
  hosts: Set<string>
  /** `http://<host>` for those hosts, as a browser writes it. */
  origins: Set<string>
}

export function createRequestGuard(boundHost: string, port: () => number): RequestGuard {
  const nameAllowed = nameRule(boundHost)
  const hostAllowed = (host: string, expectedPort: number) => {
    const { name, portPart } = splitHost(host)
    return portPart === String(expectedPort) && nameAllowed(name)
  }
  // Keyed on the port: it is known only once the server listens.
  let known: KnownGood | undefined
  const knownGood = () => {
    const current = port()
    if (known?.port !== current) known = knownGoodAt(boundHost, current, hostAllowed)
    return known
  }

  const isAllowedHost = (host: string | undefined) => {
    if (!host) return false
    const { hosts, port: current } = knownGood()
    return hosts.has(host) || hostAllowed(host, current)
  }

  return {
    isAllowedHost,
    isAllowedOrigin(origin, host) {
      if (origin === undefined) return true
      if (host !== undefined && origin === `http://${host}` && knownGood().origins.has(origin)) return true
      try {
        const url = new URL(origin)
        return url.protocol === 'http:' && url.host === host && isAllowedHost(host)
      } catch {
        return false
      }
    },
  }
}

/** Which host names (lower case, no port) reach a server bound to `boundHost`. */
function nameRule(boundHost: string): (name: string) => boolean {
  const bound = hostLiteral(boundHost)
  const wildcard = boundHost === '0.0.0.0' || boundHost === '::'
  const loopback = LOOPBACK_NAMES.has(boundHost) || boundHost === '::1' || boundHost.startsWith('127.')
  return (name) => {
    if (name === bound) return true
    if (loopback) return LOOPBACK_NAMES.has(name)
    if (wildcard) return LOOPBACK_NAMES.has(name) || isIP(name.replace(/^\[|\]$/g, '')) !== 0
    return false
  }
}

/** The bound address and the loopback names, as Host values the full check accepts and a URL keeps as written. */
function knownGoodAt(boundHost: string, port: number, hostAllowed: (host: string, port: number) => boolean): KnownGood {
  const names = [hostLiteral(boundHost), ...LOOPBACK_NAMES]
  const hosts = new Set([...names.map((name) => `${name}:${port}`), ...names].filter((host) => hostAllowed(host, port)))
  const origins = new Set([...hosts].filter(keptAsWritten).map((host) => `http://${host}`))
  return { port, hosts, origins }
}

/** Whether an `http://<host>` origin's URL has exactly this host (no default port dropped, nothing normalised). */
function keptAsWritten(host: string): boolean {
  try {
    return new URL(`http://${host}`).host === host
  } catch {
    return false
  }
}

function hostLiteral(address: string): string {
  return address.includes(':') ? `[${address}]` : address
}

function splitHost(host: string): { name: string; portPart: string } {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase())
  return { name: match?.[1] ?? '', portPart: match?.[2] ?? '80' }
}
