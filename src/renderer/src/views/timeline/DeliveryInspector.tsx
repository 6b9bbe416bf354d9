import { useEffect, useState } from 'react'
import type { Delivery } from '../../../../shared/schemas/delivery'
import { run } from '../../api/run'
import { api } from '../../api/transport'
import { Badge, BodyView, HeaderList, formatTime, httpTone } from '../../components/Http'
import { onLiveDeliveries } from '../../store/lists'
import { AttemptCompare } from './AttemptCompare'
import { STATUS_TONE } from './status-tone'

/** How long the detail waits for more changes of its delivery before fetching it again. */
const DETAIL_REFRESH_MS = 150

export function DeliveryDetail({ id }: { id: string }) {
  const [delivery, setDelivery] = useState<Delivery>()
  useEffect(() => {
    let current = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const fetch = () => void run(api.getDelivery({ id })).then((d) => current && d && setDelivery(d))
    fetch()
    // Fetched again when this delivery changes (a retry, an answer), not on every delivery.
    const stop = onLiveDeliveries((items) => {
      if (!items.some((d) => d.id === id)) return
      clearTimeout(timer)
      timer = setTimeout(fetch, DETAIL_REFRESH_MS)
    })
    return () => {
      current = false
      clearTimeout(timer)
      stop()
    }
  }, [id])
  if (delivery?.id !== id) return <div className="detail muted">Loading…</div>
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
      <AttemptCompare key={delivery.id} attempts={delivery.attempts} />
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

