import { useEffect, useState } from 'react'
import { Field } from '../../components/Field'
import { fingerprintOf } from '../subscription/subscription-tools'

/**
 * An endpoint's stored verify secrets as their fingerprints, newest first; Reveal shows the values
 * in the editable field. Secrets stay off the screen unless the user asks.
 */
export function SecretFingerprints({ secrets, onReveal, endpoint }: { secrets: string[]; onReveal: () => void; endpoint: string }) {
  const [prints, setPrints] = useState<string[]>([])
  useEffect(() => {
    let current = true
    void Promise.all(secrets.map(fingerprintOf)).then((found) => current && setPrints(found))
    return () => {
      current = false
    }
  }, [secrets])
  return (
    <Field label="Secrets" help="shown as SHA-256 fingerprints; the values stay hidden unless you reveal them" className="span-2">
      {(props) => (
        <div className="secret-fingerprints" data-testid={`secret-fingerprints-${endpoint}`}>
          <ol>
            {prints.map((print, i) => (
              <li key={`${print}-${i}`} className="mono">
                {i === 0 ? 'newest' : `older ${i}`}: fingerprint {print}
              </li>
            ))}
          </ol>
          <button type="button" {...props} onClick={onReveal} data-testid={`secret-reveal-${endpoint}`}>
            Reveal to change
          </button>
        </div>
      )}
    </Field>
  )
}
