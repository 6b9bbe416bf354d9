import { type FormEvent, type ReactNode, useRef } from 'react'
import { type ControlProps, Field } from '../../components/Field'
import { PlatformOptions } from '../../components/PlatformOptions'
import { setCheckForm, useChecks } from '../../store/checks/state'
import { useHookbench } from '../../store/app-store'
import type { CheckStart } from '../../../../shared/schemas/check'
import { type CheckErrors, type CheckField, type CheckForm, checkStartOf, effectiveScheme, eventChoices, placeErrors, schemeChoices, visibleFields, withPlatform } from '../../store/checks/form'

type Invalid = ControlProps & { 'aria-invalid': boolean }

/**
 * What to check: a subscription (its URL, platform, scheme and current secret) or a typed URL
 * with its platform, scheme and secret; then the event, the tolerance and an optional probe.
 * Enter in a field runs the check; the first field in error takes the focus.
 */
export function CheckFormPanel({ running, onRun, onCancel }: { running: boolean; onRun: (input: CheckStart) => Promise<CheckErrors | undefined>; onCancel: () => void }) {
  const form = useChecks((s) => s.form)
  const errors = useChecks((s) => s.errors)
  const subscriptions = useHookbench((s) => s.subscriptions)
  const catalog = useHookbench((s) => s.catalog)
  // The form is judged against the platforms and subscriptions: until both are read, Run waits (it would say "choose the platform").
  const ready = useHookbench((s) => s.catalogLoaded && s.subscriptionsLoaded)
  const formRef = useRef<HTMLFormElement>(null)
  const set = (changes: Partial<CheckForm>) => {
    const next = { ...form, ...changes }
    // A corrected field loses its error; the others keep theirs until the next run.
    const kept = Object.fromEntries(Object.entries(errors).filter(([key]) => !(key in changes) && key !== 'form'))
    setCheckForm(next, kept)
  }
  const subscription = subscriptions.find((s) => s.id === form.subscriptionId)
  const providerId = form.target === 'subscription' && subscription && subscription.provider !== 'any' ? subscription.provider : form.provider
  const platform = catalog.find((p) => p.id === providerId)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!ready) return
    const checked = checkStartOf(form, subscriptions, catalog)
    const found = checked.ok ? await onRun(checked.input) : checked.errors
    if (!found) return setCheckForm(form, {})
    setCheckForm(form, placeErrors(found, visibleFields(form, subscription)))
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
  }

  const field = (key: CheckField, label: string, help: ReactNode, control: (props: Invalid) => ReactNode, className?: string) => (
    <Field label={label} className={className} help={errors[key] ? <span className="error" data-testid={`check-error-${key}`}>{errors[key]}</span> : help}>
      {(props) => control({ ...props, 'aria-invalid': Boolean(errors[key]) })}
    </Field>
  )
  const platformSelect = (help: string) =>
    field('provider', 'Platform', help, (props) => (
      <select {...props} value={form.provider} onChange={(e) => setCheckForm(withPlatform(form, e.target.value), errors)} data-testid="check-provider">
        {form.target === 'subscription' && <option value="">Choose…</option>}
        {catalog.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
      </select>
    ))
  const events = eventChoices(platform, subscription)

  return (
    <form ref={formRef} className="form aligned check-form" onSubmit={(e) => void submit(e)} aria-label="What to check" data-testid="check-form" noValidate>
      <div className="wide check-target" role="radiogroup" aria-label="Check">
        <div className="segmented">
          {(['url', 'subscription'] as const).map((target) => (
            <label key={target} className="segment">
              <input type="radio" name="check-target" value={target} checked={form.target === target} onChange={() => set({ target })} data-testid={`check-target-${target}`} />
              {target === 'url' ? 'An endpoint URL' : 'A subscription'}
            </label>
          ))}
        </div>
        <span className="muted">
          {form.target === 'url' ? 'Your webhook handler, running where Hookbench can reach it.' : "Its URL, platform, signing scheme, current secret and headers are used as a delivery's would be."}
        </span>
      </div>

      {form.target === 'subscription' ? (
        <>
          {field(
            'subscriptionId',
            'Subscription',
            subscription ? `${subscription.url}${optionsLine(subscription.options)}` : 'The endpoint of one of your subscriptions.',
            (props) => (
              <select {...props} value={form.subscriptionId} onChange={(e) => set({ subscriptionId: e.target.value, event: '' })} data-testid="check-subscription">
                <option value="">Choose…</option>
                {subscriptions.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            ),
            'span-2',
          )}
          {subscription?.provider === 'any' && platformSelect('It takes every platform\'s events: the check sends one platform\'s.')}
        </>
      ) : (
        <>
          {field('url', 'Endpoint URL', 'Where your handler listens, e.g. http://127.0.0.1:3000/hooks.', (props) => <input {...props} type="url" spellCheck={false} autoComplete="off" value={form.url} onChange={(e) => set({ url: e.target.value })} placeholder="http://127.0.0.1:3000/hooks" data-testid="check-url" />, 'span-2')}
          {platformSelect('Whose webhooks the endpoint receives.')}
          {field('scheme', 'Signing scheme', `Sends as ${effectiveScheme(form, platform)}.`, (props) => (
            <select {...props} value={form.scheme} onChange={(e) => set({ scheme: schemeChoices(platform).find((c) => c.value === e.target.value)?.value ?? '' })} data-testid="check-scheme">
              {schemeChoices(platform).map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          ))}
          {field('secret', 'Secret', 'The one your endpoint verifies with; it is never shown back.', (props) => (
            <input {...props} type="password" autoComplete="off" spellCheck={false} value={form.secret} onChange={(e) => set({ secret: e.target.value })} data-testid="check-secret" />
          ))}
          {platform && <PlatformOptions entry={platform} values={form.options} onChange={(options) => set({ options })} testIdPrefix="check" />}
          {errors.options && (
            <span className="error wide" data-testid="check-error-options">
              {errors.options}
            </span>
          )}
        </>
      )}

      {field('event', 'Event', events.defaultName ? `Empty: ${events.defaultName}.` : 'The event the cases send.', (props) =>
        events.names.length > 0 ? (
          <select {...props} value={form.event} onChange={(e) => set({ event: e.target.value })} data-testid="check-event">
            <option value="">Default{events.defaultName ? ` (${events.defaultName})` : ''}</option>
            {events.names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        ) : (
          <input {...props} type="text" spellCheck={false} value={form.event} onChange={(e) => set({ event: e.target.value })} placeholder={events.defaultName} data-testid="check-event" />
        ),
      )}
      {field('tolerance', 'Timestamp tolerance', 'How old a signed timestamp may be: 30s, 5m, 1h.', (props) => <input {...props} type="text" spellCheck={false} value={form.tolerance} onChange={(e) => set({ tolerance: e.target.value })} data-testid="check-tolerance" />)}
      {field(
        'probe',
        'Probe URL (optional)',
        'Answers how many events your handler processed: the replay case then proves a second delivery had no effect.',
        (props) => <input {...props} type="url" spellCheck={false} autoComplete="off" value={form.probe} onChange={(e) => set({ probe: e.target.value })} placeholder="http://127.0.0.1:3000/count" data-testid="check-probe" />,
        'span-2',
      )}

      <div className="actions">
        <button type="submit" className="primary" disabled={running || !ready} data-testid="check-run">
          {running ? 'Checking…' : 'Run the check'}
        </button>
        {running && (
          <button type="button" onClick={onCancel} data-testid="check-cancel" title="Stop the check: the request in flight is abandoned, the cases judged so far are kept">
            Cancel
          </button>
        )}
        {errors.form && (
          <span className="error" role="alert" data-testid="check-error-form">
            {errors.form}
          </span>
        )}
      </div>
    </form>
  )
}

/** A subscription's platform options in a few words: " · format hermes-wire, events DEPLOY". */
function optionsLine(options: Record<string, unknown>): string {
  const shown = Object.entries(options)
    .filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => `${key} ${Array.isArray(value) ? value.join(',') : String(value)}`)
  return shown.length > 0 ? ` · ${shown.join(', ')}` : ''
}
