import { useEffect, useState } from 'react'
import type { Delivery, DeliverySummary } from '../../../shared/schemas/delivery'
import { api } from '../api/transport'
import { Badge, BodyView, HeaderList, formatTime, httpTone } from '../components/Http'
import { EmptyState, Page } from '../components/Page'
import { SelectableTable } from '../components/SelectableTable'
import { run } from '../store/engine-sync'
import { addNotice, useHookbench } from '../store/store'

const STATUS_TONE: Record<DeliverySummary['status'], 'ok' | 'bad' | 'warn' | 'neutral'> = {
  delivered: 'ok',
  failed: 'bad',
  cancelled: 'bad',
  retrying: 'warn',
  held: 'warn',
  sending: 'neutral',
  queued: 'neutral',
}

export function TimelineView() {
  const status = useHookbench((s) => s.status)
  const deliveries = useHookbench((s) => s.deliveries)
  const [selected, setSelected] = useState<string>()
  const failed = deliveries.filter((d) => d.status === 'failed').length
  return (
    <Page
      title="Timeline"
      intro="Every delivery, attempt, retry, response and signature, newest first."
      actions={
        <button type="button" disabled={failed === 0} onClick={() => void redeliverFailed()} data-testid="redeliver-failed">
          Redeliver failed (last hour)
        </button>
      }
    >
      <div className="counters" data-testid="engine-counters">
        <Counter label="Deliveries" value={status?.counts.deliveries} />
        <Counter label="Pending" value={status?.counts.pendingDeliveries} />
        <Counter label="Captures" value={status?.counts.captures} />
        <Counter label="Subscriptions" value={status?.counts.subscriptions} />
      </div>
      {deliveries.length === 0 ? (
        <EmptyState title="No deliveries yet">
          Fire an event from Scenarios (Ctrl+1) or with <code>hookbench fire</code>; its delivery shows up here.
        </EmptyState>
      ) : (
        <div className="split">
          <SelectableTable
            rows={deliveries}
            rowKey={(d) => d.id}
            selected={selected}
            onSelect={setSelected}
            label="Deliveries"
            testId="deliveries"
            columns={[
              { title: 'Time', cell: (d) => formatTime(d.createdAt) },
              { title: 'Event', cell: (d) => `${d.provider} ${d.event}` },
              { title: 'Subscription', cell: (d) => d.subscriptionName },
              { title: 'Status', cell: (d) => <Badge tone={STATUS_TONE[d.status]}>{d.status}</Badge> },
              { title: 'Attempts', cell: (d) => d.attemptCount },
              { title: 'Last', cell: (d) => d.lastStatus ?? d.lastError ?? '' },
            ]}
          />
          {selected ? <DeliveryDetail id={selected} /> : <p className="muted">Select a delivery to see its attempts.</p>}
        </div>
      )}
    </Page>
  )
}

async function redeliverFailed() {
  const since = new Date(Date.now() - 3_600_000).toISOString()
  const result = await run(api.redeliverFailed({ since }))
  if (result) addNotice('info', `Redelivering ${result.ids.length} failed deliveries`)
}

function DeliveryDetail({ id }: { id: string }) {
  const summary = useHookbench((s) => s.deliveries.find((d) => d.id === id))
  const [delivery, setDelivery] = useState<Delivery>()
  useEffect(() => {
    void run(api.getDelivery({ id })).then(setDelivery)
  }, [id, summary?.updatedAt])
  if (!delivery) return <div className="detail muted">Loading…</div>
  return (
    <div className="detail" data-testid="delivery-detail">
      <div className="toolbar">
        <strong className="mono">{delivery.id}</strong>
        <Badge tone={STATUS_TONE[delivery.status]}>{delivery.status}</Badge>
        <button type="button" disabled={!['delivered', 'failed', 'cancelled'].includes(delivery.status)} onClick={() => void run(api.redeliver({ id }))} data-testid="redeliver">
          Redeliver
        </button>
      </div>
      <p className="muted">
        {delivery.provider} {delivery.event} → {delivery.url}
        {delivery.reason ? ` · ${delivery.reason}` : ''}
      </p>
      <h3>Body sent ({new TextEncoder().encode(delivery.body).length} bytes)</h3>
      <BodyView text={delivery.body} />
      <h3>Attempts</h3>
      {delivery.attempts.length === 0 && <p className="muted">No attempt yet ({delivery.status}).</p>}
      {delivery.attempts.map((attempt) => (
        <div className="attempt" key={`${attempt.series}-${attempt.n}`} data-testid="attempt">
          <div className="toolbar">
            <strong>
              Attempt {attempt.n}
              {attempt.series > 0 ? ` (redelivery ${attempt.series})` : ''}
            </strong>
            {attempt.response ? (
              <Badge tone={httpTone(attempt.response.status)}>{attempt.response.status}</Badge>
            ) : (
              <Badge tone="bad">{attempt.error?.class}</Badge>
            )}
            <span className="muted">
              {formatTime(attempt.startedAt)} · {Math.round(attempt.durationMs)} ms · {attempt.outcome}
              {attempt.retryInMs !== undefined ? ` · next in ${Math.round(attempt.retryInMs / 1000)} s` : ''}
            </span>
          </div>
          {attempt.note && <p className="muted">{attempt.note}</p>}
          {attempt.error && <p>{attempt.error.message}</p>}
          <details>
            <summary>Request headers</summary>
            <HeaderList headers={attempt.headers} />
          </details>
          {attempt.response && (
            <details>
              <summary>Response ({attempt.response.bodyBytes} bytes{attempt.response.truncated ? ', first 4 KB shown' : ''})</summary>
              <HeaderList headers={attempt.response.headers} />
              <BodyView text={attempt.response.body} />
            </details>
          )}
        </div>
      ))}
    </div>
  )
}

function Counter({ label, value }: { label: string; value: number | undefined }) {
  return (
    <div className="counter">
      <span className="counter-value">{value ?? '–'}</span>
      <span className="counter-label">{label}</span>
    </div>
  )
}
