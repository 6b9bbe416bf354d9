import { useEffect, useMemo, useState } from 'react'
import type { Delivery } from '../../../../shared/schemas/delivery'
import { Badge, BodyView, HeaderList, httpTone } from '../../components/Http'
import { getDelivery, redeliver } from '../../store/deliveries/actions'
import { onLiveDeliveries } from '../../store/deliveries/list'
import { download } from '../../store/ui/download'
import { AttemptCurl } from '../inspector/AttemptCurl'
import { AttemptTimings } from '../inspector/AttemptTimings'
import { CompareWith } from '../inspector/CompareWith'
import { DeliverySignature } from '../inspector/DeliverySignature'
import { deliveryFixture, fixtureFileName, fixtureText } from '../inspector/fixture'
import { attemptTimings } from '../inspector/timings'
import { AttemptCompare } from './AttemptCompare'
import { STATUS_TONE } from './status-tone'

/** How long the detail waits for more changes of its delivery before fetching it again. */
const DETAIL_REFRESH_MS = 150

export function DeliveryDetail({ id }: { id: string }) {
  const [delivery, setDelivery] = useState<Delivery>()
  useEffect(() => {
    let current = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const fetch = () => void getDelivery(id).then((d) => current && d && setDelivery(d))
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
  return <DeliveryView delivery={delivery} />
}

/**
 * The delivery with its secrets, fetched only while the user asks for them (the engine shows
 * them as fingerprints otherwise), and again when the delivery changes.
 */
function useRevealed(delivery: Delivery, wanted: boolean): Delivery | undefined {
  const [revealed, setRevealed] = useState<Delivery>()
  useEffect(() => {
    if (!wanted) return
    let current = true
    void getDelivery(delivery.id, true).then((d) => current && d && setRevealed(d))
    return () => {
      current = false
    }
  }, [delivery, wanted])
  return wanted && revealed?.id === delivery.id ? revealed : undefined
}

/** One delivery: actions, signature breakdown, body, and every attempt with its timings. */
function DeliveryView({ delivery }: { delivery: Delivery }) {
  const { id } = delivery
  const [includeSecrets, setIncludeSecrets] = useState(false)
  const revealed = useRevealed(delivery, includeSecrets)
  const timings = useMemo(() => attemptTimings(delivery), [delivery])
  const exportFixture = () => {
    const source = revealed ?? delivery
    const fixture = deliveryFixture(source, source.attempts.at(-1), { includeSecrets: revealed !== undefined })
    download(fixtureFileName(fixture), 'application/json', fixtureText(fixture))
  }
  return (
    <div className="detail" data-testid="delivery-detail">
      <div className="toolbar">
        <strong className="mono">{delivery.id}</strong>
        <Badge tone={STATUS_TONE[delivery.status]}>{delivery.status}</Badge>
      </div>
      <p className="muted">
        {delivery.provider} {delivery.event} → {delivery.url}
        {delivery.reason ? ` · ${delivery.reason}` : ''}
      </p>
      <div className="inspector-actions" role="group" aria-label="Delivery actions">
        <button type="button" disabled={!['delivered', 'failed', 'cancelled'].includes(delivery.status)} onClick={() => void redeliver(id)} data-testid="redeliver">
          Redeliver
        </button>
        <button type="button" onClick={exportFixture} title="Provider, event, the last attempt's headers and the body, as a JSON file for your tests" data-testid="export-fixture">
          Export as fixture
        </button>
        {delivery.secretHeaders.length > 0 && (
          <label className="check" title={`${delivery.secretHeaders.join(', ')} carry the subscription's secret in plain text`}>
            <input type="checkbox" checked={includeSecrets} onChange={(e) => setIncludeSecrets(e.target.checked)} data-testid="include-secrets" /> Include secrets in cURL and
            fixtures
          </label>
        )}
        <CompareWith key={delivery.id} delivery={delivery} />
      </div>
      <h3>Signature</h3>
      <DeliverySignature delivery={delivery} />
      <h3>Body sent</h3>
      <BodyView text={delivery.body} testId="delivery-body" />
      <AttemptCompare key={delivery.id} attempts={delivery.attempts} />
      {delivery.attempts.length === 0 && <p className="muted">No attempt yet ({delivery.status}).</p>}
      {delivery.attempts.map((attempt, i) => (
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
            <span className="muted">{attempt.outcome}</span>
          </div>
          {timings[i] && <AttemptTimings timing={timings[i]} />}
          <div className="attempt-actions">
            <AttemptCurl delivery={delivery} attempt={revealed?.attempts[i] ?? attempt} includeSecrets={revealed?.attempts[i] !== undefined} />
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
              <BodyView text={attempt.response.body} testId="response-body" label="Response body" />
            </details>
          )}
        </div>
      ))}
    </div>
  )
}

