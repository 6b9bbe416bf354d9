import type { CheckCaseResult, CheckExchange } from '../../shared/schemas/check'
import { secretMask } from '../signing/redact'
import type { CheckTarget } from './check-target'

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
  const sent = exchange.request.headers.filter(([name, value]) => secretHeaders.has(name.toLowerCase()) && value !== '').map(([, value]) => value)
  if (sent.length === 0 && secret === undefined) return exchange
  const mask = secretMask([...sent, secret], secretHeaders)
  return {
    ...exchange,
    request: { ...exchange.request, headers: mask.headers(exchange.request.headers), body: mask.text(exchange.request.body) },
    ...(exchange.response && { response: { ...exchange.response, headers: mask.headers(exchange.response.headers), body: mask.text(exchange.response.body) } }),
    ...(exchange.error !== undefined && { error: mask.text(exchange.error) }),
  }
}
