import type { SecretRef } from '../../../../shared/schemas/signature-explanation'
import type { SignatureVerdict } from '../../../../shared/schemas/signing'

/** One line of the "expected | received" table: what a secret gives, and what arrived. */
export interface SignatureRow {
  /** "current secret 1a2b3c4d…", or "secret 2" when only positions are known. */
  secret?: string
  expected?: string
  received?: string
  /** This expected value is among those received. */
  matches: boolean
}

/** Names a secret: its role and fingerprint when known, else its place in the list. */
export function secretName(index: number, secrets: readonly SecretRef[] | undefined): string {
  const ref = secrets?.[index]
  if (!ref) return `secret ${index + 1}${index === 0 ? ' (newest)' : ''}`
  return `${ref.role} secret · ${ref.fingerprint}`
}

/**
 * Expected signatures (one per secret, newest first) beside the received ones. A received value
 * that matches an expected one sits on its row; the others follow.
 */
export function signatureRows(verdict: SignatureVerdict, secrets?: readonly SecretRef[]): SignatureRow[] {
  const received = [...verdict.received]
  const rows: SignatureRow[] = verdict.expected.map((expected, i) => {
    const at = received.indexOf(expected)
    const matched = at === -1 ? undefined : received.splice(at, 1)[0]
    return { secret: secretName(i, secrets), expected, ...(matched !== undefined && { received: matched }), matches: matched !== undefined }
  })
  // Unmatched received values fill the empty cells first, then rows of their own.
  for (const row of rows) if (row.received === undefined && received.length > 0) row.received = received.shift()
  return [...rows, ...received.map((value) => ({ received: value, matches: false }))]
}

/** The verdict in one sentence: "Valid: signed with the current secret." */
export function verdictSentence(verdict: SignatureVerdict): string {
  const word = verdict.valid ? (verdict.reason === 'not_checked' ? 'Not checked' : 'Valid') : verdict.reason === 'not_checked' ? 'Not checked' : 'Invalid'
  return `${word}: ${verdict.message}.`
}
