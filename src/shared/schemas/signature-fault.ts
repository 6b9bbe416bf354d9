import { z } from 'zod'

/**
 * What a forged, stale or replayed request does to a signature: the names and meaning of
 * `hookbench check`'s cases, also sent from a scenario (`tamper:` on a fire step).
 */
export const SignatureFault = z.enum([
  'body-altered',
  'wrong-secret',
  'signature-missing',
  'signature-malformed',
  'other-scheme',
  'timestamp-stale',
  'timestamp-future',
  'replay',
])
export type SignatureFault = z.infer<typeof SignatureFault>

/** What each fault sends, in a few words (the check's table, the scenario docs). */
export const SIGNATURE_FAULT_TEXT: Record<SignatureFault, string> = {
  'body-altered': 'the same signature over a body changed by one character',
  'wrong-secret': 'signed (or, for plain secret headers, sent) with another secret',
  'signature-missing': 'no signature or secret header',
  'signature-malformed': 'a signature header that does not parse',
  'other-scheme': 'the signature another scheme would send',
  'timestamp-stale': 'a valid signature over a timestamp older than the tolerance (default: 5 min + 1 min)',
  'timestamp-future': 'a valid signature dated beyond the tolerance ahead (default: 5 min + 1 min)',
  replay: 'the same delivery again later: same id, same bytes, its signature as dated then',
}

/** How a signed timestamp may drift before the reference libraries refuse it (standardwebhooks, stripe): 5 minutes. */
export const SIGNATURE_TOLERANCE_SEC = 300
/** How far past the tolerance a stale or future timestamp is put, so clock skew cannot make it pass. */
export const SIGNATURE_FAULT_MARGIN_SEC = 60

/** A fault a delivery is sent with (a scenario's `tamper:`): the case, and how far its timestamp is moved. */
export const DeliveryFault = z.object({
  case: SignatureFault,
  /** timestamp-stale/-future: how far from now the signed timestamp is; replay: how long after the first the copy is sent. */
  byMs: z.number().int().nonnegative().optional(),
  /** body-altered: the body the signature covers (the delivery's `body` is what is sent). */
  signedBody: z.string().optional(),
})
export type DeliveryFault = z.infer<typeof DeliveryFault>
