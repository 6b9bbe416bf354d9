import { useEffect, useState } from 'react'
import type { Capture } from '../../../../shared/schemas/receiver'
import { Badge, BodyView, HeaderList, httpTone } from '../../components/Http'
import { addNotice } from '../../store/notices/actions'
import { captureAsCurl, downloadCaptureHar, getCapture } from '../../store/receiver/actions'
import { onLiveCaptures } from '../../store/receiver/list'
import { writeClipboard } from '../../store/ui/clipboard'
import { SignatureBreakdown } from '../inspector/SignatureBreakdown'
import { explainVerdict } from './captures'
import { hidesSecrets, withoutLeadingComments } from '../inspector/secret-labels'

/** One capture: what arrived, what was answered, the signature check and its reason. */
export function CaptureDetail({ id }: { id: string }) {
  const [capture, setCapture] = useState<Capture>()
  const [manualCurl, setCurl] = useState<{ id: string; command: string }>()
  const [reveal, setReveal] = useState(false)
  useEffect(() => {
    let current = true
    const fetch = () => void getCapture(id).then((c) => current && c && setCapture(c))
    fetch()
    // Fetched again when this capture changes (its forward finished), not on every capture.
    const stop = onLiveCaptures((items) => items.some((c) => c.id === id) && fetch())
    return () => {
      current = false
      stop()
    }
  }, [id])
  if (capture?.id !== id) return <div className="detail muted">Loading…</div>
  const verdict = capture.verdict
  const curl = manualCurl?.id === id ? manualCurl.command : undefined
  const copyCurl = async () => {
    const text = await captureAsCurl(id, reveal)
    if (text === undefined) return
    const command = withoutLeadingComments(text)
    if (await writeClipboard(command)) {
      setCurl(undefined)
      addNotice('info', 'cURL command copied')
    } else {
      // No clipboard (permission refused, not a secure context): shown to copy by hand.
      setCurl({ id, command })
    }
  }
  return (
    <div className="detail" data-testid="capture-detail">
      <div className="toolbar">
        <strong className="request-line">
          {capture.method} /r/{capture.endpoint}
          {capture.path}
          {capture.query}
        </strong>
        <Badge tone={httpTone(capture.response?.status)}>{capture.response?.status ?? capture.outcome}</Badge>
        <span className="toolbar-end">
          <button type="button" onClick={() => void copyCurl()} data-testid="copy-curl">
            Copy as cURL
          </button>
          <button type="button" onClick={() => void downloadCaptureHar(id, reveal)} data-testid="capture-har">
            Export HAR
          </button>
          {hidesSecrets(capture.headers) && (
            <label className="check" title="Secret headers are shown by their SHA-256 fingerprint; tick to copy and export the values as received">
              <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} data-testid="capture-include-secrets" /> Include secrets
            </label>
          )}
        </span>
      </div>
      {curl && (
        <>
          <p className="muted">The clipboard is not available here: select the command and copy it.</p>
          <pre className="body" data-testid="curl-text">
            {curl}
          </pre>
        </>
      )}
      <p className="muted">
        {capture.receivedAt} from {capture.remoteAddress} · {capture.size} bytes · answered in {capture.durationMs} ms
        {capture.scriptNote ? ` · ${capture.scriptNote}` : ''}
        {capture.deliveryId ? ` · delivery ${capture.deliveryId}, attempt ${capture.attempt}` : ''}
      </p>
      {verdict && (
        <>
          <h3>Signature</h3>
          <SignatureBreakdown verdict={verdict} why={explainVerdict(verdict)} />
        </>
      )}
      <h3>Headers (in arrival order)</h3>
      <HeaderList headers={capture.headers} testId="capture-headers" />
      <h3>Body</h3>
      <BodyView base64={capture.bodyBase64} testId="capture-body" />
      {capture.response && (
        <>
          <h3>Answered {capture.response.status}</h3>
          <HeaderList headers={capture.response.headers} testId="capture-response-headers" />
          <BodyView text={capture.response.body} testId="capture-response-body" label="Response body" />
        </>
      )}
      {capture.forward && (
        <>
          <h3>Forwarded to {capture.forward.url}</h3>
          <p>{capture.forward.error ?? `${capture.forward.status} in ${capture.forward.durationMs} ms`}</p>
          {capture.forward.bodyPreview && <BodyView text={capture.forward.bodyPreview} testId="forward-body" label="Forwarded response body" />}
        </>
      )}
    </div>
  )
}
