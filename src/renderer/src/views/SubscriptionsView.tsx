import { useEffect, useState } from 'react'
import type { ApiInput } from '../../../shared/api/contract'
import type { PlatformLog } from '../../../shared/platforms/platform-log'
import type { Subscription } from '../../../shared/schemas/subscription'
import { api } from '../api/transport'
import { Badge } from '../components/Http'
import { EmptyState, Page } from '../components/Page'
import { run } from '../store/engine-sync'
import { useHookbench } from '../store/store'
import { NewSubscription } from './NewSubscription'

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
  const update = (changes: ApiInput<'updateSubscription'>['changes']) => void run(api.updateSubscription({ id: s.id, changes }))
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
  // Fetched again only when this subscription's newest delivery changes, not on every delivery.
  const latest = useHookbench((s) => s.deliveries.find((d) => d.subscriptionId === id)?.updatedAt)
  const [log, setLog] = useState<PlatformLog>()
  useEffect(() => {
    void run(api.getPlatformLog({ id })).then((page) => setLog(page?.log))
  }, [id, latest])
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
