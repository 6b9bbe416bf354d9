import { type FormEvent, useState } from 'react'
import type { CatalogEntry } from '../../../shared/platforms/catalog'
import { RETRY_PRESETS, type RetryPreset } from '../../../shared/schemas/retry-policy'
import { SigningScheme } from '../../../shared/schemas/signing'
import { SubscriptionDraft, SubscriptionProvider } from '../../../shared/schemas/subscription'
import { api } from '../api/transport'
import { Field } from '../components/Field'
import { type OptionValues, PlatformOptions, optionsToSend, splitList } from '../components/PlatformOptions'
import { Select } from '../components/Select'
import { run } from '../store/engine-sync'
import { selectCatalogEntry } from '../store/selectors'
import { useHookbench } from '../store/store'
import { shownSchedule } from './subscription-tools'
import { RetrySchedule } from './subscription/RetrySchedule'

interface Draft {
  name: string
  url: string
  provider: SubscriptionProvider
  events: string
  /** Unset until the user picks one: the platform's default scheme once a secret is typed, else none. */
  scheme: SigningScheme | undefined
  secret: string
  previousSecret: string
  /** A datetime-local value (local time, no zone); empty = accepted until removed. */
  previousSecretExpiresAt: string
  retry: RetryPreset | ''
  environmentTypes: string
  projectNames: string
  /** The options the user changed; the others keep the catalog's defaults. */
  options: OptionValues
}

const EMPTY: Draft = {
  name: '',
  url: '',
  provider: 'any',
  events: '',
  scheme: undefined,
  secret: '',
  previousSecret: '',
  previousSecretExpiresAt: '',
  retry: '',
  environmentTypes: '',
  projectNames: '',
  options: {},
}

/** `2030-01-31T12:00` (local time) → ISO 8601 in UTC; undefined when empty or not a date. */
function isoOf(local: string): string | undefined {
  const at = new Date(local)
  return local === '' || Number.isNaN(at.getTime()) ? undefined : at.toISOString()
}

/** The form as the API's draft, checked by the same schema the engine uses. */
function toDraft(form: Draft, entry: CatalogEntry | undefined, scheme: SigningScheme) {
  const expiresAt = isoOf(form.previousSecretExpiresAt)
  return SubscriptionDraft.safeParse({
    name: form.name,
    url: form.url,
    provider: form.provider,
    events: splitList(form.events),
    options: entry ? optionsToSend(entry.options, form.options) : {},
    signing: {
      scheme,
      ...(form.secret && { secret: form.secret }),
      ...(form.previousSecret && { previousSecret: form.previousSecret, ...(expiresAt && { previousSecretExpiresAt: expiresAt }) }),
    },
    ...(form.retry && { retry: { preset: form.retry } }),
    filters: { environmentTypes: splitList(form.environmentTypes), projectNames: splitList(form.projectNames) },
  })
}

export function NewSubscription() {
  const catalog = useHookbench((s) => s.catalog)
  const status = useHookbench((s) => s.status)
  const [form, setForm] = useState(EMPTY)
  const [problems, setProblems] = useState<string[]>([])
  const entry = useHookbench(selectCatalogEntry(form.provider))
  const scheme = form.scheme ?? (form.secret ? (entry?.defaultScheme ?? 'standard') : 'none')
  const text = (key: 'name' | 'url' | 'events' | 'secret' | 'previousSecret' | 'previousSecretExpiresAt' | 'environmentTypes' | 'projectNames') => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  })
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const draft = toDraft(form, entry, scheme)
    setProblems(draft.success ? [] : draft.error.issues.map((issue) => `${issue.path.join('.') || 'subscription'}: ${issue.message}`))
    if (!draft.success) return
    if (await run(api.createSubscription(draft.data))) setForm({ ...form, name: '', url: '' })
  }
  const inbox = status?.receiverUrl ? `${status.receiverUrl}r/inbox` : 'http://127.0.0.1:4781/r/inbox'
  return (
    <form className="form aligned" onSubmit={(e) => void submit(e)} data-testid="subscription-form" aria-label="New subscription">
      <Field label="Name">{(control) => <input type="text" required {...control} {...text('name')} data-testid="sub-name" />}</Field>
      <Field label="URL" className="wide">
        {(control) => <input type="url" required {...control} {...text('url')} placeholder={inbox} data-testid="sub-url" />}
      </Field>
      <Select
        label="Platform"
        value={form.provider}
        onChange={(provider) => setForm({ ...form, provider: SubscriptionProvider.parse(provider), options: {} })}
        choices={[{ value: 'any', label: 'Any platform' }, ...catalog.map((p) => ({ value: p.id, label: p.title }))]}
        testId="sub-provider"
      />
      <Field label="Events (comma-separated, empty = all)">{(control) => <input type="text" {...control} {...text('events')} data-testid="sub-events" />}</Field>
      {entry && <PlatformOptions entry={entry} values={form.options} onChange={(options) => setForm({ ...form, options })} />}
      <Select
        label="Signing"
        value={scheme}
        onChange={(picked) => setForm({ ...form, scheme: SigningScheme.parse(picked) })}
        choices={SigningScheme.options}
        testId="sub-scheme"
      />
      <Field label="Secret">
        {(control) => <input type="text" {...control} {...text('secret')} placeholder={scheme === 'standard' ? 'whsec_…' : undefined} data-testid="sub-secret" />}
      </Field>
      <Field label="Previous secret (still accepted until…)" help="Requests carry both secrets until it expires.">
        {(control) => <input type="text" {...control} {...text('previousSecret')} data-testid="sub-previous-secret" />}
      </Field>
      <Field label="Previous secret expires" help="Empty = until you remove it.">
        {(control) => <input type="datetime-local" {...control} {...text('previousSecretExpiresAt')} data-testid="sub-previous-expires" />}
      </Field>
      <Select
        label="Retries"
        value={form.retry}
        onChange={(retry) => setForm({ ...form, retry: RETRY_PRESETS.find((preset) => preset === retry) ?? '' })}
        choices={[{ value: '', label: 'Platform default' }, ...RETRY_PRESETS]}
        testId="sub-retry"
      />
      <RetrySchedule shown={shownSchedule(form.retry, undefined, entry?.retry)} testId="sub-retry-schedule" />
      <Field label="Environment types (Qovery)">
        {(control) => <input type="text" {...control} {...text('environmentTypes')} placeholder="PRODUCTION, STAGING" />}
      </Field>
      <Field label="Project names (product* = prefix)">{(control) => <input type="text" {...control} {...text('projectNames')} />}</Field>
      {problems.length > 0 && (
        <ul className="wide problems" role="alert" data-testid="sub-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button className="primary" type="submit" data-testid="sub-create">
          Add subscription
        </button>
      </div>
      <DeliveryDefaults entry={entry} />
    </form>
  )
}

/** What a subscription gets when it leaves retries and timeout unset. */
function DeliveryDefaults({ entry }: { entry: CatalogEntry | undefined }) {
  return (
    <section className="wide defaults" aria-labelledby="sub-defaults-title" data-testid="sub-defaults">
      <h3 id="sub-defaults-title">Delivery defaults{entry && `: ${entry.title}`}</h3>
      {entry ? (
        <dl className="facts">
          <dt>Retries</dt>
          <dd>{entry.retryText}</dd>
          <dt>Timeout</dt>
          <dd>{entry.timeoutMs / 1000} s</dd>
          <dt>Delivered when</dt>
          <dd>
            the answer is {entry.rules.success[0]}–{entry.rules.success[1]}
          </dd>
          <dt>Rules source</dt>
          <dd>{entry.rules.source}</dd>
        </dl>
      ) : (
        <p className="muted">Each event is sent with its own platform's retries, timeout and rules.</p>
      )}
    </section>
  )
}
