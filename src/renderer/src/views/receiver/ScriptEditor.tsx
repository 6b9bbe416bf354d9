import { type FormEvent, type KeyboardEvent, type ReactNode, useRef, useState } from 'react'
import type { Endpoint } from '../../../../shared/schemas/receiver'
import { type ControlProps, Field } from '../../components/Field'
import { updateEndpointScript } from '../../store/receiver/actions'
import { SecretFingerprints } from './SecretFingerprints'
import { type Edits, type FieldErrors, type FieldKey, type ScriptForm, VERIFY_SCHEMES, buildPatch, changedFields, currentForm, verifyChoiceOf } from './script-form'

/** Test ids kept from the first editor (`verify-inbox`, `secret-inbox`); the others are the field's key. */
const TEST_ID_PREFIX: Partial<Record<FieldKey, string>> = { verifyScheme: 'verify', secrets: 'secret' }
const testIdOf = (key: FieldKey, endpoint: string) => `${TEST_ID_PREFIX[key] ?? key}-${endpoint}`

type TextKey = { [K in FieldKey]: ScriptForm[K] extends string ? K : never }[FieldKey]

/**
 * Every scripting option of one endpoint. The form keeps only what the user changed over the
 * stored endpoint, and Save sends only that: Enter saves (Ctrl+Enter in the multi-line fields),
 * Esc drops the changes.
 */
export function ScriptEditor({ endpoint }: { endpoint: Endpoint }) {
  const [edits, setEdits] = useState<Edits>({})
  const [errors, setErrors] = useState<FieldErrors>({})
  const [saving, setSaving] = useState(false)
  const [secretsShown, setSecretsShown] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const form = currentForm(endpoint, edits)
  const changed = changedFields(endpoint, edits)
  const name = endpoint.name

  const set = (changes: Edits) => {
    setEdits((current) => ({ ...current, ...changes }))
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !(key in changes))))
  }
  const cancel = () => {
    setEdits({})
    setErrors({})
  }
  const save = async (e: FormEvent) => {
    e.preventDefault()
    const patch = buildPatch(endpoint, edits)
    if (!patch.ok) {
      setErrors(patch.errors)
      // The first field in error takes the focus, so its message is read out.
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
      return
    }
    if (patch.empty) return cancel()
    setSaving(true)
    const saved = await updateEndpointScript(name, patch.changes)
    setSaving(false)
    if (saved) cancel()
  }
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Escape' && changed.length + Object.keys(errors).length > 0) {
      e.preventDefault()
      cancel()
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.target instanceof HTMLTextAreaElement) {
      e.preventDefault()
      formRef.current?.requestSubmit()
    }
  }

  /** A labelled control; its error, or else its hint, is its description. */
  const field = (key: FieldKey, label: string, hint: ReactNode, control: (props: ControlProps & { 'aria-invalid': boolean; 'data-testid': string }) => ReactNode, className?: string) => (
    <Field label={label} className={className} help={errors[key] ? <span className="error" data-testid={`error-${testIdOf(key, name)}`}>{errors[key]}</span> : hint}>
      {(props) => control({ ...props, 'aria-invalid': Boolean(errors[key]), 'data-testid': testIdOf(key, name) })}
    </Field>
  )
  const text = (key: TextKey, label: string, hint?: ReactNode, extra?: { type?: string; placeholder?: string; disabled?: boolean; className?: string; min?: number; max?: number }) =>
    field(
      key,
      label,
      hint,
      (props) => (
        <input
          {...props}
          type={extra?.type ?? 'number'}
          inputMode={extra?.type ? undefined : 'numeric'}
          min={extra?.min}
          max={extra?.max}
          placeholder={extra?.placeholder}
          disabled={extra?.disabled}
          value={form[key]}
          onChange={(e) => set({ [key]: e.target.value })}
        />
      ),
      extra?.className,
    )
  const area = (key: 'headers' | 'body' | 'secrets', label: string, hint: ReactNode, disabled = false) =>
    field(key, label, hint, (props) => <textarea {...props} rows={3} spellCheck={false} disabled={disabled} value={form[key]} onChange={(e) => set({ [key]: e.target.value })} />, 'span-2')

  const verifying = form.verifyScheme !== ''
  const retryAfterNeeded = [form.status, form.failStatus].some((s) => s === '429' || s === '503')
  const preset = (label: string, changes: Edits, testId: string) => (
    <button type="button" onClick={() => set(changes)} data-testid={`preset-${testId}-${name}`}>
      {label}
    </button>
  )

  return (
    <form ref={formRef} className="form script-editor" onSubmit={(e) => void save(e)} onKeyDown={onKeyDown} aria-label={`Script of ${name}`} data-testid={`endpoint-${name}`} noValidate>
      <fieldset>
        <legend>Answer</legend>
        {text('status', 'Status', '100–599; 410 says "gone, stop sending"', { min: 100, max: 599 })}
        {text('delayMs', 'Delay (ms)', 'before answering, up to 600 000', { min: 0 })}
        {text('retryAfterSec', 'Retry-After (s)', retryAfterNeeded ? 'sent with 429 and 503 answers' : 'sent only with 429 and 503 answers; empty: none', { min: 0, placeholder: 'none' })}
        <div className="field check-field">
          <label className="check">
            <input type="checkbox" checked={form.hang} onChange={(e) => set({ hang: e.target.checked })} data-testid={`hang-${name}`} /> Hang: never answer
          </label>
          <small className="help">the sender’s timeout fires</small>
        </div>
        {area('headers', 'Response headers', 'one "Name: value" a line')}
        {area('body', 'Response body', 'sent as it is; Ctrl+Enter saves')}
        <div className="presets wide" role="group" aria-label="Common answers">
          <span className="muted">Quick answers:</span>
          {preset('200 OK', { status: '200', hang: false }, 'ok')}
          {preset('410 Gone', { status: '410', hang: false }, 'gone')}
          {preset('429 + Retry-After', { status: '429', hang: false, retryAfterSec: form.retryAfterSec || '30' }, 'rate-limited')}
          {preset('503 + Retry-After', { status: '503', hang: false, retryAfterSec: form.retryAfterSec || '30' }, 'unavailable')}
        </div>
      </fieldset>

      <fieldset>
        <legend>Failures</legend>
        {text('failFirst', 'Fail the first N', 'then answer normally', { min: 0 })}
        {text('failStatus', 'Failure status', 'for failed requests; 429/503 carry Retry-After', { min: 100, max: 599 })}
        {text('failurePercent', 'Failure rate (%)', 'of requests, drawn from the seed', { min: 0, max: 100 })}
        {text('seed', 'Seed', 'same seed, same failures')}
      </fieldset>

      <fieldset>
        <legend>Signature verification</legend>
        {field('verifyScheme', 'Scheme', 'each capture records the verdict', (props) => (
          <select {...props} value={form.verifyScheme} onChange={(e) => set({ verifyScheme: verifyChoiceOf(e.target.value) ?? form.verifyScheme })}>
            <option value="">off</option>
            {VERIFY_SCHEMES.map((scheme) => (
              <option key={scheme} value={scheme}>
                {scheme === 'none' ? 'none (record, do not check)' : scheme}
              </option>
            ))}
          </select>
        ))}
        {text('toleranceSec', 'Tolerance (s)', 'how old a signed timestamp may be', { min: 0, disabled: !verifying })}
        <div className="field check-field">
          <label className="check">
            <input type="checkbox" checked={form.rejectInvalid} disabled={!verifying} onChange={(e) => set({ rejectInvalid: e.target.checked })} data-testid={`reject-invalid-${name}`} /> Reject
            invalid signatures
          </label>
          <small className="help">answer 401 instead of the script, as a strict app would</small>
        </div>
        {form.verifyScheme === 'hmac-sha256' && text('hmacHeader', 'HMAC header', undefined, { type: 'text', placeholder: 'X-Signature-256' })}
        {form.verifyScheme === 'native' && text('secretHeaders', 'Secret headers', 'comma-separated, e.g. Qovery-Secret', { type: 'text' })}
        {secretsShown || !endpoint.verify?.secrets.length || edits.secrets !== undefined ? (
          area('secrets', 'Secrets', 'one a line, newest first: old ones keep verifying during a rotation', !verifying)
        ) : (
          <SecretFingerprints secrets={endpoint.verify.secrets} onReveal={() => setSecretsShown(true)} endpoint={name} />
        )}
      </fieldset>

      <fieldset>
        <legend>Forwarding and limits</legend>
        {text('forwardUrl', 'Forward to URL', 'each request is also sent there; empty: off', { type: 'url', placeholder: 'http://localhost:3000/hook', className: 'span-2' })}
        {text('forwardTimeoutMs', 'Forward timeout (ms)', '100–120 000', { min: 100, max: 120_000, disabled: form.forwardUrl.trim() === '' })}
        {text('maxBodyBytes', 'Max body (bytes)', 'larger bodies get 413; empty: the receiver’s 10 MB', { min: 1, placeholder: '10485760' })}
      </fieldset>

      <div className="actions">
        <button type="submit" className="primary" disabled={saving} data-testid={`save-${name}`}>
          Save
        </button>
        <button type="button" onClick={cancel} disabled={changed.length === 0 && Object.keys(errors).length === 0} data-testid={`cancel-${name}`}>
          Cancel
        </button>
        <span className="muted" aria-live="polite" data-testid={`changes-${name}`}>
          {changed.length === 0 ? 'No unsaved changes' : `${changed.length} unsaved change${changed.length === 1 ? '' : 's'} · Enter saves, Esc cancels`}
        </span>
      </div>
    </form>
  )
}
