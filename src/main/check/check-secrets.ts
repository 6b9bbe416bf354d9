import type { CheckCaseResult, CheckExchange } from '../../shared/schemas/check'
import type { HeaderPair } from '../../shared/schemas/http'
import { secretLabel } from '../engine/fire-preview'
import type { CheckTarget } from './check-target'

/**
 * Shorter secrets are replaced only where they are a whole secret header's value: searching text
 * for a 3-character secret would mangle bodies and still hide nothing.
 */
const MIN_SEARCHED_LENGTH = 6

/**
 * A case as the API returns it: every plain secret the check sent in a header (the endpoint's
 * secret, or the wrong one a case sends) shows as its fingerprint, wherever it appears in the
 * exchange, an endpoint echoing it back included. HMAC signatures stay: they prove a request
 * without revealing the secret.
 */
export function withoutSecrets(result: CheckCaseResult, target: Pick<CheckTarget, 'secret' | 'secretHeaders'>): CheckCaseResult {
  const secretHeaders = new Set(target.secretHeaders.map((name) => name.toLowerCase()))
  return { ...result, exchanges: result.exchanges.map((exchange) => redactExchange(exchange, secretHeaders, target.secret)) }
}

function redactExchange(exchange: CheckExchange, secretHeaders: Set<string>, secret: string | undefined): CheckExchange {
  const isSecretHeader = ([name, value]: HeaderPair) => secretHeaders.has(name.toLowerCase()) && value !== ''
  const sentSecrets = exchange.request.headers.filter(isSecretHeader).map(([, value]) => value)
  const searched = [...new Set([...sentSecrets, ...(secret === undefined ? [] : [secret])])].filter((s) => s.length >= MIN_SEARCHED_LENGTH)
  if (sentSecrets.length === 0 && searched.length === 0) return exchange
  // Longest first: a secret that contains another is replaced whole.
  searched.sort((a, b) => b.length - a.length)
  const text = (value: string) => searched.reduce((out, s) => out.split(s).join(secretLabel(s)), value)
  const headers = (list: HeaderPair[]) => list.map((pair): HeaderPair => [pair[0], isSecretHeader(pair) ? secretLabel(pair[1]) : text(pair[1])])
  return {
    ...exchange,
    request: { ...exchange.request, headers: headers(exchange.request.headers), body: text(exchange.request.body) },
    ...(exchange.response && { response: { ...exchange.response, headers: exchange.response.headers.map(([n, v]): HeaderPair => [n, text(v)]), body: text(exchange.response.body) } }),
    ...(exchange.error !== undefined && { error: text(exchange.error) }),
  }
}
