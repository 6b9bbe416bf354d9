import type { HeaderPair } from '../schemas/http'

/**
 * How a platform's HTTP client writes a request where that differs from Node's: the order of its
 * headers (Content-Length among them) and whether it sends a `Connection` header.
 */
export interface HttpClient {
  /** As a sentence names it: "Go's net/http". */
  name: string
  /** The request's headers in the order the client writes them after `Host`, `Content-Length` included. */
  arrange(headers: HeaderPair[], bodyBytes: number): HeaderPair[]
  /** False: no `Connection` header (an HTTP/1.1 connection stays open without one). */
  connectionHeader: boolean
}

/** Go's canonical form of a header name (textproto.CanonicalMIMEHeaderKey): `x-application-key` → `X-Application-Key`. */
export const canonicalHeaderKey = (name: string) => name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())

const named = (name: string) => (header: HeaderPair) => header[0].toLowerCase() === name

/**
 * Go's net/http client (Request.write, Go 1.19): `Host`, `User-Agent`, `Content-Length`, then the
 * request's own headers sorted by their canonical name (Header.writeSubset), then the
 * `Accept-Encoding: gzip` its Transport adds. A keep-alive HTTP/1.1 request carries no
 * `Connection` header. An `Accept-Encoding` other than gzip is the caller's own: Go sorts it in
 * with the others.
 */
export const GO_NET_HTTP: HttpClient = {
  name: "Go's net/http",
  connectionHeader: false,
  arrange(headers, bodyBytes) {
    const isAgent = named('user-agent')
    const isTransportGzip = (h: HeaderPair) => named('accept-encoding')(h) && h[1] === 'gzip'
    const own = headers.filter((h) => !isAgent(h) && !isTransportGzip(h) && !named('content-length')(h))
    const sorted = own
      .map((header, at) => ({ header, key: canonicalHeaderKey(header[0]), at }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.at - b.at))
      .map((s) => s.header)
    return [...headers.filter(isAgent).slice(0, 1), ['Content-Length', String(bodyBytes)], ...sorted, ...headers.filter(isTransportGzip).slice(0, 1)]
  },
}
