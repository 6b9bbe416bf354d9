import { BodyView } from '../../components/Http'
import type { FirePreview } from './fire-request'

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-')

/**
 * The subscriptions this fire reaches, each with a checkbox and the headers it will receive
 * (signature computed now, plain secrets as fingerprints), then the ones skipped and why.
 */
export function TargetList({ preview, isChosen, onToggle }: { preview: FirePreview | undefined; isChosen: (id: string) => boolean; onToggle: (id: string) => void }) {
  if (!preview) return <p className="muted">Working out who receives this event…</p>
  const none = preview.requests.length === 0
  return (
    <div className="fire-targets" data-testid="fire-targets">
      {none && <p className="muted">No subscription receives this event. Add one in Subscriptions (Ctrl+3), or change the event.</p>}
      {preview.requests.length > 1 && preview.requests.every((r) => !isChosen(r.subscriptionId)) && (
        <p className="muted" data-testid="fire-choose-hint">
          Tick where to send it: {preview.requests.length} subscriptions can receive this event.
        </p>
      )}
      {preview.requests.map((request) => (
        <section key={request.subscriptionId} className="fire-target" data-testid={`fire-target-${slug(request.subscriptionName)}`}>
          <div className="fire-target-head">
            <label className="check">
              <input
                type="checkbox"
                checked={isChosen(request.subscriptionId)}
                onChange={() => onToggle(request.subscriptionId)}
                data-testid={`fire-choose-${slug(request.subscriptionName)}`}
              />
              <strong>{request.subscriptionName}</strong>
            </label>
            <span className="mono url">{request.url}</span>
          </div>
          <table className="list headers fire-headers" aria-label={`Headers ${request.subscriptionName} receives`}>
            <tbody>
              {request.headers.map((header, i) => (
                <tr key={`${header.name}-${i}`} className={`header-${header.kind}`} data-kind={header.kind}>
                  <th className="mono">{header.name}</th>
                  <td className="mono">
                    {header.value}
                    {header.kind !== 'header' && <span className="fire-header-kind">{header.kind === 'secret' ? 'secret, shown as a fingerprint' : 'signature, computed now'}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {request.body !== undefined && (
            <details data-testid={`fire-target-body-${slug(request.subscriptionName)}`}>
              <summary>Its format (platform options) gives it a payload of its own: show it</summary>
              <BodyView text={request.body} label={`Payload ${request.subscriptionName} receives`} />
            </details>
          )}
        </section>
      ))}
      {preview.skipped.length > 0 && (
        <ul className="fire-skipped" aria-label="Skipped subscriptions" data-testid="fire-skipped">
          {preview.skipped.map((skip) => (
            <li key={skip.subscriptionId} className="muted">
              <strong>{skip.subscriptionName}</strong> is skipped: {skip.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
