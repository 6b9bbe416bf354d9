import { ProviderId, platformOf } from '../../shared/platforms'
import type { HeaderPair } from '../../shared/schemas/http'
import type { SigningScheme } from '../../shared/schemas/signing'
import { inGithubOrder } from '../signing/sign'

/** A request's headers as they go on the wire, and whether Node may add its `Connection` header. */
export interface WireHeaders {
  headers: HeaderPair[]
  connectionHeader: boolean
}

/**
 * The headers in the order the sender writes them: the platform's own HTTP client where it has
 * one (CharlesCD's Go), else GitHub's order for the `github` scheme, else as given (Node then
 * adds `Content-Length` last, and `Connection`).
 */
export function onTheWire(provider: string, scheme: SigningScheme, headers: HeaderPair[], body: string): WireHeaders {
  const known = ProviderId.safeParse(provider)
  const client = known.success ? platformOf(known.data).client : undefined
  const bytes = Buffer.byteLength(body)
  if (client) return { headers: client.arrange(headers, bytes), connectionHeader: client.connectionHeader }
  if (scheme === 'github') return { headers: inGithubOrder(headers, bytes), connectionHeader: true }
  return { headers, connectionHeader: true }
}
