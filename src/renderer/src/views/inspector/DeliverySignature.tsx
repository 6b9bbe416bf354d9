import { useEffect, useState } from 'react'
import type { Delivery } from '../../../../shared/schemas/delivery'
import type { SignatureExplanation } from '../../../../shared/schemas/signature-explanation'
import { explainSignature } from '../../store/deliveries/actions'
import { attemptLabel } from './attempt-diff'
import { SignatureBreakdown } from './SignatureBreakdown'

/**
 * The signature of one attempt (the last, to start with), re-verified by the engine against the
 * subscription's secrets as they are now. Fetched again when the delivery gets a new attempt.
 */
export function DeliverySignature({ delivery }: { delivery: Delivery }) {
  const count = delivery.attempts.length
  const [picked, setPicked] = useState<number>()
  const index = picked !== undefined && picked < count ? picked : count - 1
  const [explained, setExplained] = useState<SignatureExplanation>()
  useEffect(() => {
    if (index < 0) return
    let current = true
    void explainSignature(delivery.id, index).then((e) => current && setExplained(e))
    return () => {
      current = false
    }
  }, [delivery.id, index, count])
  if (count === 0) return <p className="muted">Not sent yet: no signature to check.</p>
  const shown = explained?.deliveryId === delivery.id && explained.attempt === index ? explained : undefined
  return (
    <>
      {count > 1 && (
        <label className="signature-pick">
          Attempt{' '}
          <select value={index} onChange={(e) => setPicked(Number(e.target.value))} data-testid="signature-attempt">
            {delivery.attempts.map((a, i) => (
              <option key={`${a.series}-${a.n}`} value={i}>
                {attemptLabel(a)}
              </option>
            ))}
          </select>
        </label>
      )}
      {shown ? <SignatureBreakdown verdict={shown.verdict} secrets={shown.secrets} /> : <p className="muted">Checking…</p>}
    </>
  )
}
