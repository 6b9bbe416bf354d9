import type { Endpoint } from '../../../../shared/schemas/receiver'
import type { SignatureVerdict } from '../../../../shared/schemas/signing'

const REASONS: Record<SignatureVerdict['reason'], string> = {
  valid: 'The signature matches one of the endpoint’s secrets.',
  not_checked: 'The endpoint’s scheme is “none”: the request was recorded, not checked.',
  header_missing:
    'The request carries no signature header for this scheme: the sender did not sign it, signs with another scheme, or sends the signature in another header.',
  malformed_header: 'A signature header is there but cannot be read: its format is not the one this scheme uses (look at “received” below).',
  timestamp_out_of_tolerance:
    'The signed timestamp is too far from now: the request is older (or newer) than the endpoint’s tolerance allows. A replayed request, a clock out of step, or a retry sent much later.',
  wrong_secret: 'The request is signed, but with a secret this endpoint does not have: check that the sender and the endpoint use the same secret.',
  body_altered: 'The request was signed with the right secret, but the body that arrived is not the one that was signed: something changed it on the way (a proxy, re-encoded JSON).',
  signature_mismatch: 'The signature does not match what this endpoint computes from the body and its secrets: a different secret, a changed body, or another signing scheme.',
}

/** Why a signature check came out as it did, in a sentence for people. */
export const explainVerdict = (verdict: SignatureVerdict): string => REASONS[verdict.reason]

/** What the endpoint does, in a few words, for its row in the list. */
export function describeScript(endpoint: Endpoint): string {
  const r = endpoint.response
  const parts = [r.hang ? 'hangs' : `answers ${r.status}`]
  if (r.delayMs > 0) parts.push(`after ${r.delayMs} ms`)
  if (r.failFirst > 0) parts.push(`fails the first ${r.failFirst} with ${r.failStatus}`)
  if (r.failureRate > 0) parts.push(`fails ${Math.round(r.failureRate * 1000) / 10}% with ${r.failStatus}`)
  if (r.retryAfterSec !== undefined) parts.push(`Retry-After ${r.retryAfterSec} s`)
  if (endpoint.verify) parts.push(`verifies ${endpoint.verify.scheme}`)
  if (endpoint.forward) parts.push(`forwards to ${endpoint.forward.url}`)
  if (endpoint.maxBodyBytes !== undefined) parts.push(`bodies up to ${endpoint.maxBodyBytes} B`)
  return parts.join(' · ')
}
