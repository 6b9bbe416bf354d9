import { type FormEvent, type KeyboardEvent, type ReactNode, useId, useState } from 'react'
import type { CatalogEntry } from '../../../shared/platforms/catalog'
import { RETRY_PRESETS } from '../../../shared/schemas/retry-policy'
import { SigningScheme } from '../../../shared/schemas/signing'
import type { Subscription } from '../../../shared/schemas/subscription'
import { api } from '../api/transport'
import { Field } from '../components/Field'
import { PlatformOptions } from '../components/PlatformOptions'
import { Select } from '../components/Select'
import { selectCatalogEntry } from '../store/selectors'
import { useHookbench } from '../store/store'
import { type EditForm, type Problems, checkEdit, eventChoices, fieldOf, formOf } from './subscription-edit'
import { shownSchedule } from './subscription-tools'
import { FilterPreviewPanel } from './subscription/FilterPreviewPanel'
import { RetrySchedule } from './subscription/RetrySchedule'
import { SecretRotation } from './subscription/SecretRotation'
import { TestEvent } from './subscription/TestEvent'

/** `secretHeader` → "Secret header" (as the create form labels options). */
const labelOf = (key: string) => key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`).replace(/^./, (c) => c.toUpperCase())

/** The problem under a field, read as its description. */
const problemOf = (problems: Problems, key: string): ReactNode =>
  problems[key] ? (
    <span className="error" data-testid={`edit-problem-${key}`}>
      {problems[key]}
    </span>
  ) : undefined

/**
 * Every field of a subscription, edited in place. Saving sends only what changed (a patch),
 * checked with the shared schemas first; problems show next to their fields.
 */
export function SubscriptionEditor({ subscription, onClose }: { subscription: Subscription; onClose: (saved: boolean) => void }) {
  const catalog = useHookbench((s) => s.catalog)
  const entry = useHookbench(selectCatalogEntry(subscription.provider))
  const options = entry?.options ?? []
  const [initial] = useState(() => formOf(subscription, options))
  const [form, setForm] = useState<EditForm>(initial)
  const [problems, setProblems] = useState<Problems>({})
  const [note, setNote] = useState<string>()
  const [saving, setSaving] = useState(false)
  const titleId = useId()

  const set = <K extends keyof EditForm>(key: K, value: EditForm[K]) => setForm((before) => ({ ...before, [key]: value }))
  const text = (key: 'name' | 'url' | 'environmentTypes' | 'projectNames' | 'where' | 'headers' | 'hmacHeader' | 'timeout' | 'concurrency', problem: string) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
    'aria-invalid': problems[problem] ? true : undefined,
  })

  const save = async (e: FormEvent) => {
    e.preventDefault()
    setNote(undefined)
    const checked = checkEdit(subscription, initial, form, options)
    if (!checked.ok) return setProblems(checked.problems)
    setProblems({})
    if (Object.keys(checked.changes).length === 0) return setNote('Nothing changed.')
    setSaving(true)
    const result = await api.updateSubscription({ id: subscription.id, changes: checked.changes })
    setSaving(false)
    if (result.ok) return onClose(true)
    const found: Problems = {}
    for (const issue of result.error.issues ?? []) found[fieldOf(issue.path.split('.'))] ??= issue.message
    setProblems(found)
    setNote(Object.keys(found).length > 0 ? 'The engine refused some fields; see the messages next to them.' : `Not saved: ${result.error.message}`)
  }

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return
    e.preventDefault()
    e.stopPropagation()
    onClose(false)
  }

  const optionProblems = Object.entries(problems).filter(([key]) => key.startsWith('options.'))
  const otherProblems = Object.entries(problems).filter(([key]) => key === 'subscription' || key === 'rotation' || key === 'filters' || key === 'signing' || key === 'options')

  return (
    <form className="form aligned editor" onSubmit={(e) => void save(e)} onKeyDown={onKeyDown} aria-labelledby={titleId} data-testid="subscription-editor">
      <h2 id={titleId} className="wide editor-title">
        Edit “{subscription.name}” <span className="muted">({entry?.title ?? 'any platform'}; Esc closes without saving)</span>
      </h2>
      <Field label="Name" help={problemOf(problems, 'name')}>
        {(control) => <input type="text" {...control} {...text('name', 'name')} data-testid="edit-name" autoFocus />}
      </Field>
      <Field label="URL" className="span-2" help={problemOf(problems, 'url')}>
        {(control) => <input type="url" {...control} {...text('url', 'url')} data-testid="edit-url" />}
      </Field>
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

      <EventPicker
        label="Events to send"
        help="None ticked = every event of the platform."
        provider={subscription.provider}
        catalog={catalog}
        chosen={form.events}
        onChange={(events) => set('events', events)}
        problem={problemOf(problems, 'events')}
        testId="edit-events"
      />

      <div className="wide group-title">Filters (every filled one must match)</div>
      <EventPicker
        label="Only these events"
        help="None ticked = no event filter."
        provider={subscription.provider}
        catalog={catalog}
        chosen={form.filterEvents}
        onChange={(events) => set('filterEvents', events)}
        problem={problemOf(problems, 'filters.events')}
        testId="edit-filter-events"
      />
      <Field label="Environment types (comma-separated)" help={problemOf(problems, 'filters.environmentTypes') ?? 'Qovery modes: PRODUCTION, STAGING…'}>
        {(control) => <input type="text" {...control} {...text('environmentTypes', 'filters.environmentTypes')} data-testid="edit-environment-types" />}
      </Field>
      <Field label="Project names (comma-separated)" help={problemOf(problems, 'filters.projectNames') ?? 'product* = any name starting with product'}>
        {(control) => <input type="text" {...control} {...text('projectNames', 'filters.projectNames')} data-testid="edit-project-names" />}
      </Field>
      <Field label="Payload matches (one “path = value” a line)" className="span-2" help={problemOf(problems, 'filters.where') ?? 'payload.environment.mode = "PRODUCTION"'}>
        {(control) => <textarea {...control} {...text('where', 'filters.where')} rows={2} data-testid="edit-where" />}
      </Field>
      <FilterPreviewPanel provider={subscription.provider} form={form} />

      <div className="wide group-title">Request</div>
      <Field label="Extra headers (one “Name: value” a line)" className="span-2" help={problemOf(problems, 'headers')}>
        {(control) => <textarea {...control} {...text('headers', 'headers')} rows={2} data-testid="edit-headers" />}
      </Field>
      <Select
        label="Retries"
        value={form.retry}
        onChange={(retry) => set('retry', RETRY_PRESETS.find((preset) => preset === retry) ?? '')}
        choices={[{ value: '', label: 'Platform default' }, ...RETRY_PRESETS]}
        help={problems.retry ?? (entry && `Default: ${entry.retryText}.`)}
        testId="edit-retry"
      />
      <RetrySchedule shown={shownSchedule(form.retry, subscription.retry, entry?.retry)} testId="edit-retry-schedule" />
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

      <div className="wide group-title">Signing</div>
      <Select label="Scheme" value={form.scheme} onChange={(scheme) => set('scheme', SigningScheme.parse(scheme))} choices={SigningScheme.options} help={problems['signing.scheme']} testId="edit-scheme" />
      {form.scheme === 'hmac-sha256' && (
        <Field label="Signature header" help={problemOf(problems, 'signing.hmacHeader') ?? 'Empty = X-Signature-256.'}>
          {(control) => <input type="text" {...control} {...text('hmacHeader', 'signing.hmacHeader')} data-testid="edit-hmac-header" />}
        </Field>
      )}
      <SecretRotation form={form} onChange={setForm} problems={problems} />

      {entry && <PlatformOptions entry={entry} values={form.options} onChange={(values) => set('options', { ...form.options, ...values })} />}
      {optionProblems.length > 0 && (
        <ul className="wide problems" data-testid="edit-option-problems">
          {optionProblems.map(([key, message]) => (
            <li key={key}>
              {labelOf(key.slice('options.'.length))}: {message}
            </li>
          ))}
        </ul>
      )}
      {otherProblems.length > 0 && (
        <ul className="wide problems" role="alert" data-testid="edit-problems">
          {otherProblems.map(([key, message]) => (
            <li key={key}>{message}</li>
          ))}
        </ul>
      )}
      <TestEvent subscription={subscription} catalog={catalog} />
      <div className="actions">
        <button className="primary" type="submit" disabled={saving} data-testid="edit-save">
          {saving ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" onClick={() => onClose(false)} data-testid="edit-cancel">
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
 * before (no longer in the catalog) stays listed, marked, so it can be removed.
 */
function EventPicker(props: {
  label: string
  help: string
  provider: string
  catalog: CatalogEntry[]
  chosen: string[]
  onChange: (events: string[]) => void
  problem: ReactNode
  testId: string
}) {
  const { chosen } = props
  const id = useId()
  const choices = eventChoices(props.provider, props.catalog)
  const known = new Set(choices.map((c) => c.name))
  const unknown = chosen.filter((name) => !known.has(name))
  const toggle = (name: string, on: boolean) => {
    const names = [...choices.map((c) => c.name), ...unknown]
    props.onChange(names.filter((n) => (n === name ? on : chosen.includes(n))))
  }
  return (
    <div role="group" aria-labelledby={`${id}-label`} aria-describedby={`${id}-help`} className="field wide events" data-testid={props.testId}>
      <span id={`${id}-label`}>{props.label}</span>
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
        {props.problem ?? props.help}
      </small>
    </div>
  )
}
