import { useEffect, useState } from 'react'
import type { ApiInput } from '../../../shared/api/contract'
import type { PlatformLog } from '../../../shared/platforms/platform-log'
import type { Subscription } from '../../../shared/schemas/subscription'
import { run } from '../api/run'
import { api } from '../api/transport'
import { Badge } from '../components/Http'
import { EmptyState, Page } from '../components/Page'
import { onLiveDeliveries } from '../store/lists'
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
      {logOf && subscriptions.some((s) => s.id === logOf) && <PlatformLogPanel key={logOf} id={logOf} />}
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

/** How long the log waits for more changes of its subscription's deliveries before fetching again. */
const LOG_REFRESH_MS = 400

/** The ids of a log's rows (a delivery each), newest first. */
function rowIds(log: PlatformLog): string[] {
  if (log.platform === 'qovery') return log.results.map((r) => r.id)
  if (log.platform === 'charlescd') return log.messages.map((m) => m.executionId)
  return []
}

/** `newer`'s rows, then those of `older` it does not have (the card is `newer`'s). */
function mergeLogs(newer: PlatformLog, older: PlatformLog): PlatformLog {
  const seen = new Set(rowIds(newer))
  if (newer.platform === 'qovery' && older.platform === 'qovery') return { ...newer, results: [...newer.results, ...older.results.filter((r) => !seen.has(r.id))] }
  if (newer.platform === 'charlescd' && older.platform === 'charlescd') {
    return { ...newer, messages: [...newer.messages, ...older.messages.filter((m) => !seen.has(m.executionId))] }
  }
  return newer
}

interface LoadedLog {
  /** Every page loaded so far, as one log. */
  log: PlatformLog
  /** Where the next older page starts; absent once the oldest was loaded. */
  next: string | undefined
  total: number | undefined
}

/**
 * The deliveries as Qovery's event log or CharlesCD's message history and card would show them:
 * the first page, older ones on demand ("Load older").
 */
function PlatformLogPanel({ id }: { id: string }) {
  const [loaded, setLoaded] = useState<LoadedLog>()
  const [loadingOlder, setLoadingOlder] = useState(false)
  useEffect(() => {
    let current = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const fetchFirst = () =>
      void run(api.getPlatformLog({ id })).then((page) => {
        if (!current || !page) return
        setLoaded((before) => {
          const fresh = { log: page.log, next: page.nextCursor, total: page.total }
          if (!before) return fresh
          // Rows loaded before stay below the new first page while the two overlap; with no row in
          // common (more new deliveries than a page) there would be a hole: start again from the top.
          const known = new Set(rowIds(before.log))
          if (!rowIds(page.log).some((row) => known.has(row))) return fresh
          return { log: mergeLogs(page.log, before.log), next: before.next, total: page.total }
        })
      })
    fetchFirst()
    // Fetched again only when a delivery of this subscription changes, a burst at a time.
    const stop = onLiveDeliveries((items) => {
      if (!items.some((d) => d.subscriptionId === id)) return
      clearTimeout(timer)
      timer = setTimeout(fetchFirst, LOG_REFRESH_MS)
    })
    return () => {
      current = false
      clearTimeout(timer)
      stop()
    }
  }, [id])
  const loadOlder = async () => {
    if (!loaded?.next) return
    setLoadingOlder(true)
    const page = await run(api.getPlatformLog({ id, cursor: loaded.next }))
    setLoadingOlder(false)
    if (page) setLoaded((before) => before && { ...before, log: mergeLogs(before.log, page.log), next: page.nextCursor })
  }
  if (!loaded) return null
  const { log } = loaded
  const shown = rowIds(log).length
  return (
    <div className="detail section" data-testid="platform-log">
      {log.platform === 'charlescd' && (
        <p>
          CharlesCD card: <Badge tone={log.card.status === 200 ? 'ok' : log.card.status ? 'bad' : 'neutral'}>{log.card.status ?? '–'}</Badge> {log.card.message}
        </p>
      )}
      <pre className="body">{JSON.stringify(log.platform === 'qovery' ? { results: log.results } : log.platform === 'charlescd' ? log.messages : log.reason, null, 2)}</pre>
      {log.platform !== 'none' && (
        <div className="toolbar">
          <span className="muted" data-testid="platform-log-count">
            {shown.toLocaleString()}
            {loaded.total !== undefined ? ` of ${loaded.total.toLocaleString()}` : ''} deliveries
          </span>
          {loaded.next && (
            <button type="button" disabled={loadingOlder} onClick={() => void loadOlder()} data-testid="platform-log-older">
              {loadingOlder ? 'Loading…' : 'Load older'}
            </button>
          )}
        </div>
      )}
    </div>
  )
}
