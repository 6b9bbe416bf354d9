import { type FormEvent, useEffect, useState } from 'react'
import { type Capture, DEFAULT_ENDPOINT_NAME, type Endpoint } from '../../../shared/schemas/receiver'
import { SigningScheme } from '../../../shared/schemas/signing'
import { api } from '../api/transport'
import { Badge, BodyView, HeaderList, download, formatTime, httpTone } from '../components/Http'
import { EmptyState, Page } from '../components/Page'
import { Select } from '../components/Select'
import { SelectableTable } from '../components/SelectableTable'
import { run } from '../store/engine-sync'
import { useHookbench } from '../store/store'

export function ReceiverView() {
  const status = useHookbench((s) => s.status)
  const captures = useHookbench((s) => s.captures)
  const [selected, setSelected] = useState<string>()
  const base = status?.receiverUrl ?? undefined
  return (
    <Page
      title="Receiver"
      intro={base ? `Local endpoints at ${base}r/<name>: every request captured byte for byte.` : 'The built-in receiver is not running in this host.'}
      actions={
        <>
          <button type="button" disabled={captures.length === 0} onClick={() => void exportAs('har')} data-testid="export-har">
            Export HAR
          </button>
          <button type="button" disabled={captures.length === 0} onClick={() => void exportAs('curl')} data-testid="export-curl">
            Export cURL
          </button>
        </>
      }
    >
      <Endpoints base={base} />
      <h2 className="section">Captured requests</h2>
      {captures.length === 0 ? (
        <EmptyState title="Nothing received yet">Send anything to an endpoint above, or fire an event at the built-in inbox subscription.</EmptyState>
      ) : (
        <div className="split">
          <SelectableTable
            rows={captures}
            rowKey={(c) => c.id}
            selected={selected}
            onSelect={setSelected}
            label="Captured requests"
            testId="captures"
            columns={[
              { title: 'Time', cell: (c) => formatTime(c.receivedAt) },
              { title: 'Request', cell: (c) => `${c.method} /r/${c.endpoint}${c.path}` },
              { title: 'Answer', cell: (c) => <Badge tone={httpTone(c.response?.status)}>{c.response?.status ?? c.outcome}</Badge> },
              { title: 'Size', cell: (c) => `${c.size} B` },
              { title: 'Signature', cell: (c) => (c.verdict ? <Badge tone={c.verdict.valid ? 'ok' : 'bad'}>{c.verdict.valid ? 'valid' : c.verdict.reason}</Badge> : '') },
            ]}
          />
          {selected ? <CaptureDetail id={selected} /> : <p className="muted">Select a request to see its headers, body and signature check.</p>}
        </div>
      )}
    </Page>
  )
}

async function exportAs(format: 'har' | 'curl') {
  const exported = await run(api.exportCaptures({ format }))
  if (exported) download(exported.filename, exported.mimeType, exported.text)
}

function CaptureDetail({ id }: { id: string }) {
  const summary = useHookbench((s) => s.captures.find((c) => c.id === id))
  const [capture, setCapture] = useState<Capture>()
  useEffect(() => {
    void run(api.getCapture({ id })).then(setCapture)
  }, [id, summary])
  if (!capture) return <div className="detail muted">Loading…</div>
  const verdict = capture.verdict
  return (
    <div className="detail" data-testid="capture-detail">
      <div className="toolbar">
        <strong>
          {capture.method} /r/{capture.endpoint}
          {capture.path}
          {capture.query}
        </strong>
        <Badge tone={httpTone(capture.response?.status)}>{capture.response?.status ?? capture.outcome}</Badge>
      </div>
      <p className="muted">
        {capture.receivedAt} from {capture.remoteAddress} · {capture.size} bytes · answered in {capture.durationMs} ms
        {capture.scriptNote ? ` · ${capture.scriptNote}` : ''}
        {capture.deliveryId ? ` · delivery ${capture.deliveryId}, attempt ${capture.attempt}` : ''}
      </p>
      {verdict && (
        <>
          <h3>Signature</h3>
          <p data-testid="verdict">
            <Badge tone={verdict.valid ? 'ok' : 'bad'}>{verdict.valid ? 'valid' : 'invalid'}</Badge> {verdict.scheme}: {verdict.message}
          </p>
          {verdict.expected.length > 0 && <p className="mono">expected: {verdict.expected.join(' ')}</p>}
          {verdict.received.length > 0 && <p className="mono">received: {verdict.received.join(' ')}</p>}
          {verdict.signedContent && (
            <details>
              <summary>Signed content</summary>
              <pre className="body">{verdict.signedContent}</pre>
            </details>
          )}
        </>
      )}
      <h3>Headers (in arrival order)</h3>
      <HeaderList headers={capture.headers} testId="capture-headers" />
      <h3>Body</h3>
      <BodyView base64={capture.bodyBase64} testId="capture-body" />
      {capture.forward && (
        <>
          <h3>Forwarded to {capture.forward.url}</h3>
          <p>{capture.forward.error ?? `${capture.forward.status} in ${capture.forward.durationMs} ms`}</p>
          {capture.forward.bodyPreview && <BodyView text={capture.forward.bodyPreview} />}
        </>
      )}
    </div>
  )
}

function Endpoints({ base }: { base: string | undefined }) {
  const endpoints = useHookbench((s) => s.endpoints)
  const [name, setName] = useState('')
  const add = async (e: FormEvent) => {
    e.preventDefault()
    if (await run(api.saveEndpoint({ name }))) setName('')
  }
  return (
    <>
      <form className="toolbar" onSubmit={(e) => void add(e)}>
        <input type="text" required value={name} onChange={(e) => setName(e.target.value)} placeholder="new-endpoint" aria-label="New endpoint name" data-testid="endpoint-name" />
        <button type="submit" data-testid="endpoint-add">
          Add endpoint
        </button>
      </form>
      {endpoints.map((endpoint) => (
        <EndpointEditor key={endpoint.name} endpoint={endpoint} base={base} />
      ))}
    </>
  )
}

/** Edits an endpoint's script; the next request uses it. */
function EndpointEditor({ endpoint, base }: { endpoint: Endpoint; base: string | undefined }) {
  const [draft, setDraft] = useState({
    status: endpoint.response.status,
    failFirst: endpoint.response.failFirst,
    delayMs: endpoint.response.delayMs,
    hang: endpoint.response.hang,
    scheme: endpoint.verify?.scheme ?? 'none',
    secret: endpoint.verify?.secrets[0] ?? '',
  })
  const save = async (e: FormEvent) => {
    e.preventDefault()
    const { scheme, secret, ...response } = draft
    // Only what the form shows changes: other secrets, tolerance and forwarding stay as they were.
    const verify = scheme !== 'none' && secret ? { scheme, secrets: [secret, ...(endpoint.verify?.secrets.slice(1) ?? [])] } : null
    await run(api.updateEndpoint({ name: endpoint.name, changes: { response, verify } }))
  }
  const number = (key: 'status' | 'failFirst' | 'delayMs') => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: Number(e.target.value) })
  return (
    <form className="form" onSubmit={(e) => void save(e)} data-testid={`endpoint-${endpoint.name}`}>
      <div className="wide">
        <strong>{endpoint.name}</strong> <span className="mono muted">{base ? `${base}r/${endpoint.name}` : ''}</span>
      </div>
      <label>
        Answer status
        <input type="number" min={100} max={599} value={draft.status} onChange={number('status')} data-testid={`status-${endpoint.name}`} />
      </label>
      <label>
        Fail the first N (500)
        <input type="number" min={0} value={draft.failFirst} onChange={number('failFirst')} />
      </label>
      <label>
        Delay (ms)
        <input type="number" min={0} value={draft.delayMs} onChange={number('delayMs')} />
      </label>
      <Select
        label="Verify signatures"
        value={draft.scheme}
        onChange={(scheme) => setDraft({ ...draft, scheme: SigningScheme.parse(scheme) })}
        choices={SigningScheme.options}
        testId={`verify-${endpoint.name}`}
      />
      <label>
        Secret
        <input type="text" value={draft.secret} onChange={(e) => setDraft({ ...draft, secret: e.target.value })} data-testid={`secret-${endpoint.name}`} />
      </label>
      <div className="actions">
        <label className="check">
          <input type="checkbox" checked={draft.hang} onChange={(e) => setDraft({ ...draft, hang: e.target.checked })} /> Hang until the client gives up
        </label>
        <button type="submit" data-testid={`save-${endpoint.name}`}>
          Save
        </button>
        {endpoint.name !== DEFAULT_ENDPOINT_NAME && (
          <button type="button" className="danger" onClick={() => void run(api.removeEndpoint({ name: endpoint.name }))}>
            Remove
          </button>
        )}
      </div>
    </form>
  )
}
