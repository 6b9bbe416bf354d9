import { type HeaderPair, headerValue } from '../../shared/schemas/http'

/** One request of an attempt: the first POST, or the request made after a redirect. */
export interface Hop {
  method: 'POST' | 'GET'
  url: string
  headers: HeaderPair[]
  /** Undefined once a 301/302/303 has dropped it. */
  body: string | undefined
  /** Credentials stay behind once a redirect has left the first request's domain. */
  stripsCredentials: boolean
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const CREDENTIALS = new Set(['authorization', 'www-authenticate', 'cookie', 'cookie2', 'proxy-authorization', 'proxy-authenticate'])

/**
 * The request Go's http.Client makes after an answer (net/http client.go: redirectBehavior,
 * makeHeadersCopier, refererForURL). 301/302/303 turn a POST into a GET and drop the body for
 * good; 307/308 keep both. The first request's headers are copied (credentials only within its
 * domain) and a Referer is added. Undefined when the answer is final (not a redirect, or no
 * Location); a message when the Location cannot be followed.
 */
export function nextHop(first: Hop, current: Hop, status: number, headers: HeaderPair[]): Hop | string | undefined {
  const location = headerValue(headers, 'location')
  if (!REDIRECTS.has(status) || !location) return undefined
  if (!URL.canParse(location, current.url)) return `failed to parse Location header "${location}"`
  const url = new URL(location, current.url)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `unsupported protocol scheme "${url.protocol.slice(0, -1)}"`
  const keepsBody = status === 307 || status === 308
  const stripsCredentials = current.stripsCredentials || !isDomainOrSubdomain(url.hostname, new URL(first.url).hostname)
  const copied = first.headers.filter(([name]) => !(stripsCredentials && CREDENTIALS.has(name.toLowerCase())))
  const referer = refererFor(new URL(current.url), url)
  return {
    method: keepsBody ? current.method : 'GET',
    url: url.href,
    headers: referer && !headerValue(copied, 'referer') ? [...copied, ['Referer', referer]] : copied,
    body: keepsBody ? current.body : undefined,
    stripsCredentials,
  }
}

function isDomainOrSubdomain(host: string, parent: string): boolean {
  return host === parent || (!host.includes(':') && host.endsWith(`.${parent}`))
}

/** The previous URL without credentials; none from https to http (RFC 7231 §5.5.2). */
function refererFor(previous: URL, next: URL): string | undefined {
  if (previous.protocol === 'https:' && next.protocol === 'http:') return undefined
  const referer = new URL(previous)
  referer.username = ''
  referer.password = ''
  return referer.href
}
