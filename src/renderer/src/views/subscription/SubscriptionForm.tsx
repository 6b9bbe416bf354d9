import { type FormEvent, type ReactNode, useId, useState } from 'react'
import type { CatalogEntry } from '../../../../shared/platforms/catalog'
import { RETRY_PRESETS } from '../../../../shared/schemas/retry-policy'
import { SigningScheme } from '../../../../shared/schemas/signing'
import { type Subscription, SubscriptionProvider } from '../../../../shared/schemas/subscription'
import { Field } from '../../components/Field'
import { PlatformOptions } from '../../components/PlatformOptions'
import { Select } from '../../components/Select'
import { useHookbench } from '../../store/app-store'
import { saveSubscription } from '../../store/subscriptions/actions'
import { type EditForm, type Problems, checkCreate, checkEdit, emptyForm, eventChoices, fieldOf, formOf, mergedEventList } from './subscription-edit'
import { formSchedule, generateSecret } from './subscription-tools'
import { FilterPreviewPanel } from './FilterPreviewPanel'
import { RetrySchedule } from './RetrySchedule'
import { NewSecret, StoredSecrets } from './SecretsField'
import { TestEvent } from './TestEvent'

/** `secretHeader` → "Secret header" (as option fields are labelled). */
const labelOf = (key: string) => key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`).replace(/^./, (c) => c.toUpperCase())

/** The problem under a field, read as its description. */
const problemOf = (problems: Problems, key: string): ReactNode =>
  problems[key] ? (
    <span className="error" data-testid={`edit-problem-${key}`}>
      {problems[key]}
    </span>
  ) : undefined

const PROBLEMS_SHOWN_AT_FIELDS = new Set(['name', 'url', 'events', 'headers', 'timeoutMs', 'concurrency', 'signing.secret', 'signing.hmacHeader', 'signing.scheme', 'filters.where', 'filters.environmentTypes', 'filters.projectNames', 'retry', 'retry.delaysMs', 'retry.baseMs', 'retry.factor', 'retry.capMs', 'retry.jitter', 'retry.maxAttempts'])

export type FormTarget = { mode: 'create'; provider?: SubscriptionProvider } | { mode: 'edit'; subscription: Subscription }

/**
 * One form for a new subscription and for changing one: the same fields in both, events picked
 * from the platform's catalog, the platform's own options and filters only where it has them.
 * Creating sends the whole draft; saving sends only what changed (a patch), so fields left alone
 * stay exactly as stored. Both are checked with the engine's schemas first.
 */
export function SubscriptionForm({ target, onDone }: { target: FormTarget; onDone: (saved: Subscription | undefined) => void }) {
  const catalog = useHookbench((s) => s.catalog)
  const status = useHookbench((s) => s.status)
  const editing = target.mode === 'edit' ? target.subscription : undefined
  const entryOf = (provider: string) => catalog.find((e) => e.id === provider)
  const [initial, setInitial] = useState<EditForm>(() => {
    if (editing) return formOf(editing, entryOf(editing.provider)?.options ?? [])
    const provider = target.mode === 'create' ? (target.provider ?? 'any') : 'any'
    const scheme = entryOf(provider)?.defaultScheme ?? 'standard'
    return emptyForm(provider, entryOf(provider)?.options ?? [], scheme, generateSecret(scheme))
  })
  const [form, setForm] = useState<EditForm>(initial)
  const [problems, setProblems] = useState<Problems>({})
  const [note, setNote] = useState<string>()
  const [saving, setSaving] = useState(false)
  const entry = entryOf(form.provider)
  const options = entry?.options ?? []

  const set = <K extends keyof EditForm>(key: K, value: EditForm[K]) => setForm((before) => ({ ...before, [key]: value }))
  const text = (key: 'name' | 'url' | 'environmentTypes' | 'projectNames' | 'where' | 'headers' | 'hmacHeader' | 'timeout' | 'concurrency' | 'retryDelays' | 'retryBase' | 'retryFactor' | 'retryCap' | 'retryJitter' | 'retryMaxAttempts', problem: string) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
    'aria-invalid': problems[problem] ? true : undefined,
  })

  /** Another platform: its options from their defaults; a new subscription also gets its default scheme and a secret of that shape. */
  const choosePlatform = (value: string) => {
    const provider = SubscriptionProvider.parse(value)
    const next = entryOf(provider)
    setForm((before) => {
      const options = Object.fromEntries((next?.options ?? []).map((option) => [option.key, emptyForm(provider, [option], 'none', undefined).options[option.key]!]))
      if (editing) return { ...before, provider, options }
      const scheme = before.scheme === 'none' ? 'none' : (next?.defaultScheme ?? 'standard')
      return { ...before, provider, options, scheme, secret: scheme === before.scheme ? before.secret : (generateSecret(scheme) ?? '') }
    })
  }
  const chooseScheme = (value: string) => {
    const scheme = SigningScheme.parse(value)
    setForm((before) => {
      // A secret made here for the old scheme is made again in the new one's shape.
      if (!editing) return { ...before, scheme, secret: before.secret === '' || before.secret === initial.secret ? (generateSecret(scheme) ?? '') : before.secret }
      const needsOne = scheme !== 'none' && !editing.signing.secret && before.newSecret === ''
      return { ...before, scheme, newSecret: needsOne ? (generateSecret(scheme) ?? '') : before.newSecret }
    })
  }

  const save = async (e: FormEvent) => {
    e.preventDefault()
    setNote(undefined)
    const checked = editing ? checkEdit(editing, initial, form, options) : checkCreate(form, options)
    if (!checked.ok) {
      setProblems(checked.problems)
      return setNote('Not saved: see the messages next to the fields.')
    }
    setProblems({})
    if (editing && 'changes' in checked && Object.keys(checked.changes).length === 0) return setNote('Nothing changed.')
    setSaving(true)
    const result = await saveSubscription(editing && 'changes' in checked ? { id: editing.id, changes: checked.changes } : { draft: 'draft' in checked ? checked.draft : ({} as never) })
    setSaving(false)
    if (result.ok) return onDone(result.data)
    const found: Problems = {}
    for (const issue of result.error.issues ?? []) found[fieldOf(issue.path.split('.'))] ??= issue.message
    setProblems(found)
    setNote(Object.keys(found).length > 0 ? 'The engine refused some fields; see the messages next to them.' : `Not saved: ${result.error.message}`)
  }

  /** A rotation or a retirement took effect: its fields are now what is stored (other edits stay in the form). */
  const applied = (updated: Subscription) => {
    const signing = { secret: updated.signing.secret ?? '', previousSecret: updated.signing.previousSecret ?? '', previousSecretExpiresAt: formOf(updated, options).previousSecretExpiresAt, newSecret: '' }
    setInitial((before) => ({ ...before, ...signing }))
    setForm((before) => ({ ...before, ...signing }))
  }

  const facts = new Set((entry?.filterFacts ?? (form.provider === 'any' ? [{ fact: 'environmentType' }, { fact: 'projectName' }] : [])).map((f) => f.fact))
  const example = (fact: string) => entry?.filterFacts.find((f) => f.fact === fact)?.example
  const optionProblems = Object.entries(problems).filter(([key]) => key.startsWith('options.'))
  const otherProblems = Object.entries(problems).filter(([key]) => !key.startsWith('options.') && !PROBLEMS_SHOWN_AT_FIELDS.has(key))
  const inbox = status?.receiverUrl ? `${status.receiverUrl}r/inbox` : 'http://127.0.0.1:4781/r/inbox'
  const providerChanged = editing !== undefined && form.provider !== editing.provider

  return (
    <form className="form sub-form" onSubmit={(e) => void save(e)} data-testid="subscription-editor" data-mode={target.mode} noValidate>
      <fieldset className="sub-section">
        <legend>Where</legend>
        <Field label="Name" help={problemOf(problems, 'name')}>
          {(control) => <input type="text" {...control} {...text('name', 'name')} data-testid="edit-name" autoFocus />}
        </Field>
        <Field label="URL" className="span-2" help={problemOf(problems, 'url') ?? (editing ? undefined : `The built-in inbox: ${inbox}`)}>
          {(control) => <input type="url" {...control} {...text('url', 'url')} placeholder={inbox} data-testid="edit-url" />}
        </Field>
        <Select
          label="Platform"
          value={form.provider}
          onChange={choosePlatform}
          choices={[{ value: 'any', label: 'Any platform' }, ...catalog.map((p) => ({ value: p.id, label: p.title }))]}
          help={providerChanged ? 'Saving changes the platform: its options start from the new platform’s defaults.' : undefined}
          testId="edit-provider"
        />
        <div className="field">
          <span>State</span>
          <div className="check-row">
            <label className="check">
              <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} data-testid="edit-enabled" /> Enabled
            </label>
            <label className="check">
              <input type="checkbox" checked={form.paused} onChange={(e) => set('paused', e.target.checked)} data-testid="edit-paused" /> Paused
            </label>
          </div>
          <small className="help">Disabled sends nothing; paused holds deliveries until resumed.</small>
        </div>
      </fieldset>

      <fieldset className="sub-section">
        <legend>Events</legend>
        <EventPicker provider={form.provider} catalog={catalog} form={form} onChange={setForm} problem={problemOf(problems, 'events')} />
      </fieldset>

      <fieldset className="sub-section">
        <legend>Filters (every filled one must match)</legend>
        {facts.has('environmentType') && (
          <Field
            label="Environment types (comma-separated)"
            help={problemOf(problems, 'filters.environmentTypes') ?? `The environment each event names${example('environmentType') ? `, e.g. ${example('environmentType')}` : ''}; case does not matter.`}
          >
            {(control) => <input type="text" {...control} {...text('environmentTypes', 'filters.environmentTypes')} data-testid="edit-environment-types" />}
          </Field>
        )}
        {facts.has('projectName') && (
          <Field label="Project names (comma-separated)" help={problemOf(problems, 'filters.projectNames') ?? `${example('projectName') ? `e.g. ${example('projectName')}; ` : ''}product* = any name starting with product`}>
            {(control) => <input type="text" {...control} {...text('projectNames', 'filters.projectNames')} data-testid="edit-project-names" />}
          </Field>
        )}
        <Field label="Payload matches (one “path = value” a line)" className="span-2" help={problemOf(problems, 'filters.where') ?? 'payload.environment.mode = "PRODUCTION"'}>
          {(control) => <textarea {...control} {...text('where', 'filters.where')} rows={2} data-testid="edit-where" />}
        </Field>
        <FilterPreviewPanel provider={form.provider} form={form} />
      </fieldset>

      <fieldset className="sub-section">
        <legend>Signing</legend>
        <Select label="Scheme" value={form.scheme} onChange={chooseScheme} choices={SigningScheme.options} help={problems['signing.scheme']} testId="edit-scheme" />
        {form.scheme === 'hmac-sha256' && (
          <Field label="Signature header" help={problemOf(problems, 'signing.hmacHeader') ?? 'Empty = X-Signature-256.'}>
            {(control) => <input type="text" {...control} {...text('hmacHeader', 'signing.hmacHeader')} data-testid="edit-hmac-header" />}
          </Field>
        )}
        {form.scheme === 'none' ? (
          <p className="muted span-2 scheme-none" data-testid="unsigned-note">
            Sent unsigned{editing?.signing.secret ? ': the stored secret is kept, unused, until another scheme signs with it' : ''}.
          </p>
        ) : editing ? (
          <StoredSecrets subscription={editing} form={form} onChange={setForm} onApplied={applied} problem={problems['signing.secret']} />
        ) : (
          <NewSecret form={form} onChange={setForm} problem={problems['signing.secret']} />
        )}
      </fieldset>

      <fieldset className="sub-section">
        <legend>Delivery</legend>
        <Select
          label="Retries"
          value={form.retry}
          onChange={(retry) => set('retry', RETRY_PRESETS.find((preset) => preset === retry) ?? '')}
          choices={[{ value: '', label: 'Platform default' }, ...RETRY_PRESETS]}
          help={problems.retry ?? (entry && `Default: ${entry.retryText}.`)}
          testId="edit-retry"
        />
        {form.retry === 'fixed' && (
          <Field label="Waits before each retry" className="span-2" help={problemOf(problems, 'retry.delaysMs') ?? '30s, 2m, 1h30m… one per retry, comma-separated'}>
            {(control) => <input type="text" {...control} {...text('retryDelays', 'retry.delaysMs')} data-testid="edit-retry-delays" />}
          </Field>
        )}
        {form.retry === 'exponential' && (
          <div className="span-3 retry-params" data-testid="edit-retry-exponential">
            <Field label="First wait" help={problemOf(problems, 'retry.baseMs')}>
              {(control) => <input type="text" {...control} {...text('retryBase', 'retry.baseMs')} className="short" data-testid="edit-retry-base" />}
            </Field>
            <Field label="Factor" help={problemOf(problems, 'retry.factor')}>
              {(control) => <input type="text" inputMode="decimal" {...control} {...text('retryFactor', 'retry.factor')} className="short" data-testid="edit-retry-factor" />}
            </Field>
            <Field label="Longest wait" help={problemOf(problems, 'retry.capMs')}>
              {(control) => <input type="text" {...control} {...text('retryCap', 'retry.capMs')} className="short" data-testid="edit-retry-cap" />}
            </Field>
            <Field label="Jitter (0–1)" help={problemOf(problems, 'retry.jitter')}>
              {(control) => <input type="text" inputMode="decimal" {...control} {...text('retryJitter', 'retry.jitter')} className="short" data-testid="edit-retry-jitter" />}
            </Field>
            <Field label="Attempts in all" help={problemOf(problems, 'retry.maxAttempts')}>
              {(control) => <input type="text" inputMode="numeric" {...control} {...text('retryMaxAttempts', 'retry.maxAttempts')} className="short" data-testid="edit-retry-attempts" />}
            </Field>
          </div>
        )}
        <RetrySchedule shown={formSchedule(form, editing?.retry, entry?.retry)} testId="edit-retry-schedule" />
        <Field label="Timeout (seconds)" help={problemOf(problems, 'timeoutMs') ?? `Empty = platform default${entry ? ` (${entry.timeoutMs / 1000} s)` : ''}.`}>
          {(control) => <input type="text" inputMode="decimal" {...control} {...text('timeout', 'timeoutMs')} data-testid="edit-timeout" />}
        </Field>
        <Field label="Concurrency (requests at once)" help={problemOf(problems, 'concurrency') ?? '1 to 64.'}>
          {(control) => <input type="text" inputMode="numeric" {...control} {...text('concurrency', 'concurrency')} data-testid="edit-concurrency" />}
        </Field>
        <div className="field">
          <span>Order</span>
          <div className="check-row">
            <label className="check">
              <input type="checkbox" checked={form.ordered} onChange={(e) => set('ordered', e.target.checked)} data-testid="edit-ordered" /> One at a time, in fire order
            </label>
          </div>
          <small className="help">A retry wait then holds back later deliveries.</small>
        </div>
        <Field label="Extra headers (one “Name: value” a line)" className="span-2" help={problemOf(problems, 'headers')}>
          {(control) => <textarea {...control} {...text('headers', 'headers')} rows={2} data-testid="edit-headers" />}
        </Field>
      </fieldset>

      {entry && entry.options.length > 0 && (
        <fieldset className="sub-section">
          <legend>{entry.title} options</legend>
          <PlatformOptions entry={entry} values={form.options} onChange={(values) => set('options', { ...form.options, ...values })} />
          {optionProblems.length > 0 && (
            <ul className="wide problems" data-testid="edit-option-problems">
              {optionProblems.map(([key, message]) => (
                <li key={key}>
                  {labelOf(key.slice('options.'.length))}: {message}
                </li>
              ))}
            </ul>
          )}
        </fieldset>
      )}

      {editing && (
        <fieldset className="sub-section">
          <legend>Try it</legend>
          <TestEvent subscription={editing} catalog={catalog} />
        </fieldset>
      )}

      <div className="sub-form-actions">
        {otherProblems.length > 0 && (
          <ul className="problems" role="alert" data-testid="edit-problems">
            {otherProblems.map(([key, message]) => (
              <li key={key}>{message}</li>
            ))}
          </ul>
        )}
        <button className="primary" type="submit" disabled={saving} data-testid="edit-save">
          {saving ? 'Saving…' : editing ? 'Save changes' : 'Add subscription'}
        </button>
        <button type="button" onClick={() => onDone(undefined)} data-testid="edit-cancel">
          Cancel
        </button>
        {note && (
          <span className="muted" role="status" data-testid="edit-note">
            {note}
          </span>
        )}
      </div>
    </form>
  )
}

/**
 * The platform's catalog events as checkboxes: nothing else can be picked. An event stored
 * before (no longer in the catalog) stays listed, marked, so it can be removed. An event
 * filter saved earlier (scenarios can set one) is shown here too, with a way to fold it in.
 */
function EventPicker(props: { provider: string; catalog: CatalogEntry[]; form: EditForm; onChange: (form: EditForm) => void; problem: ReactNode }) {
  const { form } = props
  const chosen = form.events
  const id = useId()
  const choices = eventChoices(props.provider, props.catalog)
  const known = new Set(choices.map((c) => c.name))
  const unknown = chosen.filter((name) => !known.has(name))
  const merged = mergedEventList(form.events, form.filterEvents)
  const toggle = (name: string, on: boolean) => {
    const names = [...choices.map((c) => c.name), ...unknown]
    props.onChange({ ...form, events: names.filter((n) => (n === name ? on : chosen.includes(n))) })
  }
  return (
    <div role="group" aria-labelledby={`${id}-label`} aria-describedby={`${id}-help`} className="field wide events" data-testid="edit-events">
      <span id={`${id}-label`}>Events to send</span>
      <div className="check-grid">
        {choices.length === 0 && unknown.length === 0 && <span className="muted">This platform has no event catalog: every event is sent.</span>}
        {choices.map((choice) => (
          <label key={choice.name} className="check" title={`${props.provider === 'any' ? `${choice.platform}: ` : ''}${choice.firesWhen}`}>
            <input type="checkbox" value={choice.name} checked={chosen.includes(choice.name)} onChange={(e) => toggle(choice.name, e.target.checked)} /> {choice.name}
          </label>
        ))}
        {unknown.map((name) => (
          <label key={name} className="check unknown">
            <input type="checkbox" value={name} checked onChange={(e) => toggle(name, e.target.checked)} /> {name} <span className="muted">(not in the catalog)</span>
          </label>
        ))}
      </div>
      <small id={`${id}-help`} className="help">
        {props.problem ?? 'None ticked = every event of the platform.'}
      </small>
      {form.filterEvents.length > 0 && (
        <p className="events-filter-note" data-testid="edit-event-filter">
          Also only these, from an event filter saved earlier: <b>{form.filterEvents.join(', ')}</b>.{' '}
          {merged ? (
            <button type="button" onClick={() => props.onChange({ ...form, events: merged, filterEvents: [] })} data-testid="edit-merge-events">
              Keep one list
            </button>
          ) : (
            <span className="muted">No event passes both lists: untick the filter’s events by editing the list above, then save.</span>
          )}
        </p>
      )}
    </div>
  )
}
