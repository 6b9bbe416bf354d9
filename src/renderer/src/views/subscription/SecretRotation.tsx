import { useEffect, useId, useState } from 'react'
import { Field } from '../../components/Field'
import { type EditForm, isoOf, retirePrevious, rotateSecret } from '../subscription-edit'
import { OVERLAP_CHOICES, type OverlapChoice, fingerprintOf, generateSecret, nextSecretProblem, overlapHoursOf } from '../subscription-tools'

/** A secret's fingerprint once computed; `hidden` where the page cannot hash (not a secure context). */
function useFingerprint(secret: string): string | undefined {
  const [shown, setShown] = useState<{ secret: string; fingerprint: string }>()
  useEffect(() => {
    if (secret === '') return
    let current = true
    if (!globalThis.crypto?.subtle) return
    void fingerprintOf(secret).then((fingerprint) => current && setShown({ secret, fingerprint }))
    return () => {
      current = false
    }
  }, [secret])
  if (secret === '') return undefined
  if (!globalThis.crypto?.subtle) return `hidden (${secret.length} characters)`
  return shown?.secret === secret ? shown.fingerprint : '…'
}

/** The fields Reveal shows, as problems name them. */
const SECRET_FIELDS: Record<string, string> = {
  'signing.secret': 'Secret',
  'signing.previousSecret': 'Previous secret',
  'signing.previousSecretExpiresAt': 'Previous secret expires',
}

/** When the previous secret stops signing, in words. */
function expiryText(local: string): string {
  const iso = isoOf(local)
  if (local.trim() === '') return 'until you retire it'
  if (!iso) return 'at a date that is not valid'
  const at = new Date(iso)
  return `${at.getTime() <= Date.now() ? 'expired' : 'until'} ${at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`
}

/**
 * The signing secrets shown as fingerprints (Reveal shows and edits the values), a rotation
 * that keeps the old secret signing for an overlap, and retiring it early. Changes stay in the
 * form until Save, like every other field.
 */
export function SecretRotation(props: { form: EditForm; onChange: (form: EditForm) => void; problems: Record<string, string> }) {
  const { form, onChange } = props
  const [revealed, setRevealed] = useState(false)
  const [next, setNext] = useState('')
  const [overlap, setOverlap] = useState<OverlapChoice>('24h')
  const [customHours, setCustomHours] = useState('')
  const [problem, setProblem] = useState<string>()
  const [note, setNote] = useState<string>()
  const current = useFingerprint(form.secret)
  const previous = useFingerprint(form.previousSecret)
  const id = useId()
  const helpId = `${id}-rotation-help`
  const hiddenProblems = Object.entries(props.problems).filter(([key]) => key in SECRET_FIELDS)

  const rotate = () => {
    const secretProblem = nextSecretProblem(form.scheme, next, form.secret)
    const hours = overlapHoursOf(overlap, customHours)
    const why = secretProblem ?? (typeof hours === 'string' ? hours : undefined)
    setProblem(why)
    if (why || typeof hours === 'string') return
    onChange(rotateSecret(form, next, hours, Date.now()))
    setNext('')
    setNote(form.secret === '' ? 'New secret set. Save changes to start signing with it.' : 'Rotated. Save changes to sign with the new secret, and the old one until the overlap ends.')
  }
  const generate = () => {
    const secret = generateSecret(form.scheme)
    if (secret === undefined) return setProblem(nextSecretProblem(form.scheme, '', form.secret))
    setNext(secret)
    setProblem(undefined)
  }
  const retire = () => {
    onChange(retirePrevious(form))
    setNote('Previous secret retired. Save changes to stop signing with it.')
  }

  return (
    <div className="wide secrets" role="group" aria-labelledby={`${id}-title`} data-testid="secrets">
      <div className="secrets-head">
        <span id={`${id}-title`} className="secrets-title">
          Secrets
        </span>
        <button type="button" aria-pressed={revealed} onClick={() => setRevealed(!revealed)} data-testid="secret-reveal">
          {revealed ? 'Hide values' : 'Reveal'}
        </button>
      </div>
      <dl className="facts secret-facts">
        <dt>Current</dt>
        <dd>
          {current ? <code data-testid="secret-fingerprint">{current}</code> : <span className="muted">none</span>}
          {current && <span className="muted"> (SHA-256 fingerprint)</span>}
        </dd>
        <dt>Previous</dt>
        <dd data-testid="previous-secret-state">
          {previous ? (
            <>
              <code data-testid="previous-fingerprint">{previous}</code> <span className="muted">signs too, {expiryText(form.previousSecretExpiresAt)}</span>
            </>
          ) : (
            <span className="muted">none</span>
          )}
        </dd>
      </dl>
      {!revealed && hiddenProblems.length > 0 && (
        <ul className="problems" role="alert" data-testid="secret-problems">
          {hiddenProblems.map(([key, message]) => (
            <li key={key}>
              {SECRET_FIELDS[key]}: {message} (Reveal to change it)
            </li>
          ))}
        </ul>
      )}
      {revealed && (
        <div className="secret-values">
          <Field label="Secret" help={props.problems['signing.secret']}>
            {(control) => <input type="text" {...control} value={form.secret} onChange={(e) => onChange({ ...form, secret: e.target.value })} data-testid="edit-secret" autoComplete="off" spellCheck={false} />}
          </Field>
          <Field label="Previous secret (still accepted)" help={props.problems['signing.previousSecret']}>
            {(control) => (
              <input type="text" {...control} value={form.previousSecret} onChange={(e) => onChange({ ...form, previousSecret: e.target.value })} data-testid="edit-previous-secret" autoComplete="off" spellCheck={false} />
            )}
          </Field>
          <Field label="Previous secret expires" help={props.problems['signing.previousSecretExpiresAt'] ?? 'Empty = until you retire it.'}>
            {(control) => (
              <input type="datetime-local" {...control} value={form.previousSecretExpiresAt} onChange={(e) => onChange({ ...form, previousSecretExpiresAt: e.target.value })} data-testid="edit-previous-expires" />
            )}
          </Field>
        </div>
      )}
      <div className="rotation" role="group" aria-label="Rotate the secret">
        <Field label="New secret">
          {(control) => (
            <input
              type={revealed ? 'text' : 'password'}
              {...control}
              aria-describedby={helpId}
              value={next}
              onChange={(e) => setNext(e.target.value)}
              onKeyDown={(e) => {
                if (e.key !== 'Enter') return
                e.preventDefault()
                rotate()
              }}
              aria-invalid={problem ? true : undefined}
              data-testid="edit-next-secret"
              autoComplete="new-password"
              spellCheck={false}
            />
          )}
        </Field>
        <button type="button" onClick={generate} data-testid="secret-generate">
          Generate
        </button>
        <Field label="Old secret keeps signing for">
          {(control) => (
            <select {...control} value={overlap} onChange={(e) => setOverlap(OVERLAP_CHOICES.find((c) => c.value === e.target.value)?.value ?? '24h')} data-testid="edit-overlap">
              {OVERLAP_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {overlap === 'custom' && (
          <Field label="Hours">
            {(control) => <input type="text" inputMode="decimal" {...control} value={customHours} onChange={(e) => setCustomHours(e.target.value)} data-testid="edit-overlap-hours" className="short" />}
          </Field>
        )}
        <button type="button" onClick={rotate} disabled={form.scheme === 'none'} data-testid="edit-rotate">
          Rotate secret
        </button>
        <button type="button" onClick={retire} disabled={form.previousSecret === '' && form.previousSecretExpiresAt === ''} data-testid="edit-retire">
          Retire previous secret now
        </button>
      </div>
      <p id={helpId} className={problem ? 'rotation-help error' : 'rotation-help muted'} data-testid={problem ? 'rotation-problem' : undefined}>
        {problem ?? 'Type the new secret, or Generate one for the scheme; the old one keeps signing beside it for the overlap.'}
      </p>
      {note && (
        <p className="muted" role="status" data-testid="rotation-note">
          {note}
        </p>
      )}
    </div>
  )
}
