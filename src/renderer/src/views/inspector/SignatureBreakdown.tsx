import type { SecretRef } from '../../../../shared/schemas/signature-explanation'
import type { SignatureVerdict } from '../../../../shared/schemas/signing'
import { Badge, formatTime } from '../../components/Http'
import { signatureRows, verdictSentence } from './signature-rows'

const SIGNED_CONTENT: Record<SignatureVerdict['scheme'], string> = {
  standard: 'id.timestamp.body',
  stripe: 't.body',
  github: 'the body',
  'hmac-sha256': 'the body',
  native: '',
  none: '',
}

/**
 * A signature check laid out: scheme, exactly what was signed, expected and received signatures
 * side by side (matching ones marked), the verdict in one sentence, and the secrets by
 * fingerprint. `why` adds the longer explanation of a failed check.
 */
export function SignatureBreakdown({ verdict, secrets, why }: { verdict: SignatureVerdict; secrets?: SecretRef[]; why?: string }) {
  const rows = signatureRows(verdict, secrets)
  const tone = verdict.valid && verdict.reason !== 'not_checked' ? 'ok' : verdict.reason === 'not_checked' ? 'neutral' : 'bad'
  const plain = verdict.scheme === 'native'
  return (
    <section className="signature" aria-label="Signature" data-testid="signature">
      <p className="signature-verdict" data-testid="verdict">
        <Badge tone={tone}>{verdict.scheme}</Badge> {verdictSentence(verdict)}
      </p>
      {why && !verdict.valid && verdict.reason !== 'not_checked' && (
        <p className="verdict-why" role="note" data-testid="verdict-explanation">
          <strong>Why it failed ({verdict.reason.replaceAll('_', ' ')}):</strong> {why}
        </p>
      )}
      {verdict.signedContent !== undefined && (
        <>
          <h4>
            Signed content <span className="muted">({SIGNED_CONTENT[verdict.scheme]}, exactly as signed)</span>
          </h4>
          <pre className="body signed-content" data-testid="signed-content">
            {verdict.signedContent}
          </pre>
        </>
      )}
      {plain && <p className="muted">A plain secret in a header proves who sent the request, not what the body was: nothing is signed. Values are shown as fingerprints.</p>}
      {rows.length > 0 && (
        <table className="signature-table" data-testid="signature-table">
          <thead>
            <tr>
              <th scope="col">Secret</th>
              <th scope="col">Expected{plain ? ' (fingerprint)' : ''}</th>
              <th scope="col">Received{plain ? ' (fingerprint)' : ''}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i} className={row.matches ? 'sig-match' : undefined} data-matches={row.matches}>
                <th scope="row">
                  {row.secret ?? <span className="muted">—</span>}
                  {row.matches && <span className="sig-match-mark"> ✓ matches</span>}
                </th>
                <td className="mono" data-testid="sig-expected">
                  {row.expected ?? <span className="muted">—</span>}
                </td>
                <td className="mono" data-testid="sig-received">
                  {row.received ?? <span className="muted">—</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {secrets && secrets.length > 0 && (
        <p className="muted" data-testid="signature-secrets">
          Checked with {secrets.map((s) => `the ${s.role} secret (fingerprint ${s.fingerprint}${s.expiresAt ? `, overlap until ${formatTime(s.expiresAt)}` : ''})`).join(' and ')}.
          {verdict.matchedSecret !== undefined && secrets[verdict.matchedSecret] && ` It matched the ${secrets[verdict.matchedSecret]!.role} one.`}
        </p>
      )}
    </section>
  )
}
