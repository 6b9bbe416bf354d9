import { useMemo, useState } from 'react'
import type { Attempt, Delivery } from '../../../../shared/schemas/delivery'
import { copyText } from '../../store/ui/clipboard'
import { requestToCurl } from './curl'

/**
 * "Copy as cURL" for one attempt: the exact request (its headers, the delivery's body) copied,
 * and shown below so it can be read or selected by hand. Plain-secret headers are shell
 * variables unless `includeSecrets`.
 */
export function AttemptCurl({ delivery, attempt, includeSecrets }: { delivery: Delivery; attempt: Attempt; includeSecrets: boolean }) {
  const [open, setOpen] = useState(false)
  const command = useMemo(
    () => requestToCurl({ method: 'POST', url: attempt.url, headers: attempt.headers, body: delivery.body, secretHeaders: delivery.secretHeaders, includeSecrets }),
    [attempt, delivery.body, delivery.secretHeaders, includeSecrets],
  )
  const hidesSecrets = !includeSecrets && command.startsWith('#')
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        onClick={() => {
          setOpen(true)
          void copyText(command, 'cURL command')
        }}
        data-testid="attempt-copy-curl"
      >
        Copy as cURL
      </button>
      {open && (
        <div className="curl-panel" role="region" aria-label={`cURL for attempt ${attempt.n}`} onKeyDown={(e) => {
            if (e.key !== 'Escape') return
            e.preventDefault()
            setOpen(false)
          }}>
          {hidesSecrets && <p className="muted">The secret headers read shell variables: tick “Include secrets” above to copy the secrets themselves.</p>}
          <pre className="body" data-testid="attempt-curl">
            {command}
          </pre>
          <button type="button" onClick={() => setOpen(false)}>
            Hide
          </button>
        </div>
      )}
    </>
  )
}
