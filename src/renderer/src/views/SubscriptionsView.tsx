import { type FormEvent, useEffect, useState } from 'react'
import type { PlatformLog } from '../../../shared/platforms/platform-log'
import { RETRY_PRESETS } from '../../../shared/schemas/retry-policy'
import { SigningScheme } from '../../../shared/schemas/signing'
import type { Subscription } from '../../../shared/schemas/subscription'
import { api } from '../api/transport'
import { Badge } from '../components/Http'
import { EmptyState, Page } from '../components/Page'
import { Select } from '../components/Select'
import { run } from '../store/engine-sync'
import { useHookbench } from '../store/store'

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

export function SubscriptionsView() {
  const subscriptions = useHookbench((s) => s.subscriptions)
  const [logOf, setLogOf] = useState<string>()
  return (
    <Page title="Subscriptions" intro="Where events go, which ones, how they are signed and retried.">
      <NewSubscription />
      {subscriptions.length === 0 ? (
        <EmptyState title="No subscriptions">Add one above; the built-in inbox (Receiver) is a handy first target.</EmptyState>
      ) : (
        <table className="list" data-testid="subscriptions">
          <thead>
            <tr>
              <th>Name</th>
              <th>Platform</th>
              <th>URL</th>
              <th>Signing</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {subscriptions.map((s) => (
              <SubscriptionRow key={s.id} subscription={s} onShowLog={() => setLogOf(logOf === s.id ? undefined : s.id)} />
            ))}
          </tbody>
        </table>
      )}
      {logOf && subscriptions.some((s) => s.id === logOf) && <PlatformLogPanel id={logOf} />}
    </Page>
  )
}

function SubscriptionRow({ subscription: s, onShowLog }: { subscription: Subscription; onShowLog: () => void }) {
  const update = (changes: Partial<Subscription>) => void run(api.updateSubscription({ id: s.id, changes }))
  const state = !s.enabled ? 'disabled' : s.paused ? 'paused' : 'active'
  return (
    <tr data-testid={`subscription-${s.name}`}>
      <td>{s.name}</td>
      <td>{s.provider}</td>
      <td className="mono" title={s.url}>
        {s.url}
      </td>
      <td>{s.signing.scheme}</td>
      <td>
        <Badge tone={state === 'active' ? 'ok' : 'warn'}>{state}</Badge>
      </td>
      <td className="actions">
        <button type="button" onClick={() => update({ enabled: !s.enabled })}>
          {s.enabled ? 'Disable' : 'Enable'}
        </button>{' '}
        <button type="button" onClick={() => update({ paused: !s.paused })} data-testid={`pause-${s.name}`}>
          {s.paused ? 'Resume' : 'Pause'}
        </button>{' '}
        {(s.provider === 'qovery' || s.provider === 'charlescd') && (
          <button type="button" onClick={onShowLog} data-testid={`log-${s.name}`}>
            Platform log
          </button>
        )}{' '}
        <button type="button" className="danger" onClick={() => void run(api.deleteSubscription({ id: s.id }))}>
          Delete
        </button>
      </td>
    </tr>
  )
}

/** The deliveries as Qovery's event log or CharlesCD's message history and card would show them. */
function PlatformLogPanel({ id }: { id: string }) {
  const deliveries = useHookbench((s) => s.deliveries)
  const [log, setLog] = useState<PlatformLog>()
  useEffect(() => {
    void run(api.getPlatformLog({ id })).then(setLog)
  }, [id, deliveries])
  if (!log) return null
  return (
    <div className="detail section" data-testid="platform-log">
      {log.platform === 'charlescd' && (
        <p>
          CharlesCD card: <Badge tone={log.card.status === 200 ? 'ok' : log.card.status ? 'bad' : 'neutral'}>{log.card.status ?? '–'}</Badge> {log.card.message}
        </p>
      )}
      <pre className="body">{JSON.stringify(log.platform === 'qovery' ? { results: log.results } : log.platform === 'charlescd' ? log.messages : log.reason, null, 2)}</pre>
    </div>
  )
}

function NewSubscription() {
  const catalog = useHookbench((s) => s.catalog)
  const status = useHookbench((s) => s.status)
  const [form, setForm] = useState({
    name: '',
    url: '',
    provider: 'any',
    events: '',
    scheme: 'none',
    secret: '',
    retry: '',
    environmentTypes: '',
    projectNames: '',
  })
  const choose = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value })
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => choose(key)(e.target.value)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const created = await run(
      api.createSubscription({
        name: form.name,
        url: form.url,
        provider: form.provider as never,
        events: list(form.events),
        signing: { scheme: form.scheme as never, ...(form.secret && { secret: form.secret }) },
        ...(form.retry && { retry: { preset: form.retry } as never }),
        filters: { environmentTypes: list(form.environmentTypes), projectNames: list(form.projectNames) },
      } as never),
    )
    if (created) setForm({ ...form, name: '', url: '' })
  }
  const inbox = status?.receiverUrl ? `${status.receiverUrl}r/inbox` : 'http://127.0.0.1:4781/r/inbox'
  return (
    <form className="form" onSubmit={(e) => void submit(e)} data-testid="subscription-form">
      <label>
        Name
        <input type="text" required value={form.name} onChange={set('name')} data-testid="sub-name" />
      </label>
      <label className="wide">
        URL
        <input type="url" required value={form.url} onChange={set('url')} placeholder={inbox} data-testid="sub-url" />
      </label>
      <Select
        label="Platform"
        value={form.provider}
        onChange={choose('provider')}
        choices={[{ value: 'any', label: 'Any platform' }, ...catalog.map((p) => ({ value: p.id, label: p.title }))]}
        testId="sub-provider"
      />
      <label>
        Events (comma-separated, empty = all)
        <input type="text" value={form.events} onChange={set('events')} />
      </label>
      <Select label="Signing" value={form.scheme} onChange={choose('scheme')} choices={SigningScheme.options} testId="sub-scheme" />
      <label>
        Secret
        <input type="text" value={form.secret} onChange={set('secret')} placeholder="whsec_… for standard" data-testid="sub-secret" />
      </label>
      <Select label="Retries" value={form.retry} onChange={choose('retry')} choices={[{ value: '', label: 'Platform default' }, ...RETRY_PRESETS]} />
      <label>
        Environment types (Qovery)
        <input type="text" value={form.environmentTypes} onChange={set('environmentTypes')} placeholder="PRODUCTION, STAGING" />
      </label>
      <label>
        Project names (product* = prefix)
        <input type="text" value={form.projectNames} onChange={set('projectNames')} />
      </label>
      <div className="actions">
        <button className="primary" type="submit" data-testid="sub-create">
          Add subscription
        </button>
      </div>
    </form>
  )
}
