import { useEffect, useId, useState } from 'react'
import type { Subscription } from '../../../../shared/schemas/subscription'
import { Field } from '../../components/Field'
import { addNotice } from '../../store/notices/actions'
import { applySubscriptionChanges } from '../../store/subscriptions/actions'
import { copyText } from '../../store/ui/clipboard'
import { type EditForm, rotationChanges } from './subscription-edit'
import { OVERLAP_CHOICES, type OverlapChoice, fingerprintOf, generateSecret, nextSecretProblem, overlapHoursOf } from './subscription-tools'

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

/** When the previous secret stops signing, in words. */
function expiryText(iso: string | undefined): string {
  if (!iso) return 'until you retire it'
  const at = new Date(iso)
  return `${at.getTime() <= Date.now() ? 'expired' : 'until'} ${at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`
}

/** A secret typed, or generated in the scheme's shape (Generate), saved with the form; Copy where asked. */
function SecretInput(props: { label: string; help: string; value: string; onChange: (value: string) => void; onGenerate: () => void; problem: string | undefined; placeholder?: string; copy?: boolean; className?: string; testId: string }) {
  return (
    <div className={props.className ? `secret-row ${props.className}` : 'secret-row'}>
      <Field label={props.label} className="grow" help={props.problem ?? props.help}>
        {(control) => (
          <input
            type="text"
            {...control}
            value={props.value}
            onChange={(e) => props.onChange(e.target.value)}
            aria-invalid={props.problem ? true : undefined}
            placeholder={props.placeholder}
            className="mono"
            autoComplete="off"
            spellCheck={false}
            data-testid={props.testId}
          />
        )}
      </Field>
      <button type="button" onClick={props.onGenerate} data-testid="secret-generate">
        Generate
      </button>
      {props.copy && (
        <button type="button" onClick={() => void copyText(props.value, 'Secret')} disabled={props.value === ''} data-testid="secret-copy">
          Copy
        </button>
      )}
    </div>
  )
}

const placeholderOf = (scheme: EditForm['scheme']) => (scheme === 'standard' || scheme === 'stripe' ? 'whsec_…' : undefined)

/** A new subscription's secret: typed, or generated in the scheme's shape, and saved with it. */
export function NewSecret({ form, onChange, problem }: { form: EditForm; onChange: (form: EditForm) => void; problem: string | undefined }) {
  return (
    <SecretInput
      label="Secret"
      help="Saved with the subscription; copy it to your receiver."
      value={form.secret}
      onChange={(secret) => onChange({ ...form, secret })}
      onGenerate={() => onChange({ ...form, secret: generateSecret(form.scheme) ?? '' })}
      problem={problem}
      placeholder={placeholderOf(form.scheme)}
      copy
      className="span-2"
      testId="edit-secret"
    />
  )
}

/**
 * An existing subscription's secrets: the current one as a fingerprint (Reveal shows it), a
 * replacement typed or generated that the form saves, and a rotation that takes effect at once
 * (the old secret keeps signing for the overlap chosen), as does retiring the previous one.
 */
export function StoredSecrets(props: { subscription: Subscription; form: EditForm; onChange: (form: EditForm) => void; onApplied: (updated: Subscription) => void; problem: string | undefined }) {
  const { subscription, form, onChange } = props
  const stored = subscription.signing
  const [revealed, setRevealed] = useState(false)
  const [overlap, setOverlap] = useState<OverlapChoice>('24h')
  const [customHours, setCustomHours] = useState('')
  const [problem, setProblem] = useState<string>()
  const [rotated, setRotated] = useState<{ secret: string; until: string | undefined }>()
  const [busy, setBusy] = useState(false)
  const current = useFingerprint(stored.secret ?? '')
  const previous = useFingerprint(stored.previousSecret ?? '')
  const id = useId()
  const schemeChanged = form.scheme !== stored.scheme

  const rotate = async () => {
    const next = form.newSecret.trim() || generateSecret(form.scheme) || ''
    const hours = overlapHoursOf(overlap, customHours)
    const why = schemeChanged ? 'save the new scheme first: a rotation keeps the scheme that signs now' : (nextSecretProblem(form.scheme, next, stored.secret ?? '') ?? (typeof hours === 'string' ? hours : undefined))
    setProblem(why)
    if (why || typeof hours === 'string') return
    setBusy(true)
    const result = await applySubscriptionChanges(subscription.id, rotationChanges(stored, next, hours, Date.now()))
    setBusy(false)
    if (!result.ok) return setProblem(`not rotated: ${result.error.issues?.[0]?.message ?? result.error.message}`)
    const until = result.data.signing.previousSecretExpiresAt
    setRotated({ secret: next, until })
    props.onApplied(result.data)
    addNotice('info', stored.secret ? `Rotated “${subscription.name}”: the new secret signs from now on, the old one too ${expiryText(until)}` : `“${subscription.name}” signs with its new secret from now on`)
  }
  const retire = async () => {
    setBusy(true)
    const result = await applySubscriptionChanges(subscription.id, { signing: { previousSecret: null, previousSecretExpiresAt: null } })
    setBusy(false)
    if (!result.ok) return setProblem(`not retired: ${result.error.message}`)
    props.onApplied(result.data)
    addNotice('info', `“${subscription.name}” signs with its current secret only`)
  }
  const generate = () => {
    onChange({ ...form, newSecret: generateSecret(form.scheme) ?? '' })
    setProblem(undefined)
  }

  return (
    <div className="secrets" role="group" aria-labelledby={`${id}-title`} data-testid="secrets">
      <div className="secrets-head">
        <span id={`${id}-title`} className="secrets-title">
          Secrets
        </span>
        {stored.secret && (
          <button type="button" aria-pressed={revealed} onClick={() => setRevealed(!revealed)} data-testid="secret-reveal">
            {revealed ? 'Hide' : 'Reveal'}
          </button>
        )}
      </div>
      <dl className="facts secret-facts">
        <dt>Current</dt>
        <dd>
          {stored.secret ? (
            <>
              <code data-testid="secret-fingerprint">{current}</code> <span className="muted">(SHA-256 fingerprint)</span>
              {revealed && (
                <span className="secret-value">
                  <code data-testid="secret-value">{stored.secret}</code>
                  <button type="button" onClick={() => void copyText(stored.secret ?? '', 'Secret')}>
                    Copy
                  </button>
                </span>
              )}
            </>
          ) : (
            <span className="muted">none</span>
          )}
        </dd>
        <dt>Previous</dt>
        <dd data-testid="previous-secret-state">
          {stored.previousSecret ? (
            <>
              <code data-testid="previous-fingerprint">{previous}</code> <span className="muted">signs too, {expiryText(stored.previousSecretExpiresAt)}</span>{' '}
              <button type="button" onClick={() => void retire()} disabled={busy} data-testid="edit-retire">
                Retire now
              </button>
            </>
          ) : (
            <span className="muted">none</span>
          )}
        </dd>
      </dl>
      <SecretInput
        label={stored.secret ? 'Replace with' : 'Secret'}
        help={stored.secret ? 'Saved with the form: the new secret replaces the current one, which stops signing.' : 'Saved with the form.'}
        value={form.newSecret}
        onChange={(newSecret) => onChange({ ...form, newSecret })}
        onGenerate={generate}
        problem={props.problem}
        placeholder={placeholderOf(form.scheme)}
        testId="edit-new-secret"
      />
      {stored.secret && (
        <div className="rotation" role="group" aria-label="Rotate the secret">
          <Field label="Rotate: the old secret keeps signing for">
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
              {(control) => <input type="text" inputMode="decimal" {...control} value={customHours} onChange={(e) => setCustomHours(e.target.value)} className="short" data-testid="edit-overlap-hours" />}
            </Field>
          )}
          <button type="button" onClick={() => void rotate()} disabled={busy || form.scheme === 'none'} data-testid="edit-rotate">
            Rotate now
          </button>
        </div>
      )}
      <p className={problem ? 'rotation-help error' : 'rotation-help muted'} data-testid={problem ? 'rotation-problem' : undefined} role={problem ? 'alert' : undefined}>
        {problem ??
          (stored.secret
            ? 'Rotate now takes effect at once, without Save: the secret above (or a generated one) signs from now on, and the current one signs beside it for the overlap.'
            : 'A scheme that signs needs a secret: type one or press Generate, then save.')}
      </p>
      {rotated && (
        <p className="rotation-done" role="status" data-testid="rotation-done">
          Signing with the new secret {rotated.until ? `and the old one until ${new Date(rotated.until).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}` : 'from now on'}. Copy it to your receiver:{' '}
          <code data-testid="rotated-secret">{rotated.secret}</code>{' '}
          <button type="button" onClick={() => void copyText(rotated.secret, 'Secret')}>
            Copy
          </button>
        </p>
      )}
    </div>
  )
}

