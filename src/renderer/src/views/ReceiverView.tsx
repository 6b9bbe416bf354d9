import { type FormEvent, useEffect, useState } from 'react'
import { CaptureQuery } from '../../../shared/schemas/history-query'
import { type Capture, type CaptureSummary, DEFAULT_ENDPOINT_NAME, type Endpoint } from '../../../shared/schemas/receiver'
import { SigningScheme } from '../../../shared/schemas/signing'
import { run } from '../api/run'
import { api } from '../api/transport'
import { FilterSelect, ListCount, TextFilter } from '../components/Filters'
import { Badge, BodyView, HeaderList, download, formatTime, httpTone } from '../components/Http'
import { EmptyState, Page } from '../components/Page'
import { Select } from '../components/Select'
import { type Column, VirtualTable } from '../components/VirtualTable'
import { type CaptureFilter, compact } from '../store/filters'
import { captureList, onLiveCaptures } from '../store/lists'
import { useHookbench } from '../store/store'

/** Made once: rows are memoised and compare their columns by identity. */
const COLUMNS: Column<CaptureSummary>[] = [
  { title: 'Time', width: '142px', cell: (c) => formatTime(c.receivedAt) },
  { title: 'Request', width: 'auto', cell: (c) => `${c.method} /r/${c.endpoint}${c.path}` },
  { title: 'Answer', width: '84px', cell: (c) => <Badge tone={httpTone(c.response?.status)}>{c.response?.status ?? c.outcome}</Badge> },
  { title: 'Size', width: '76px', cell: (c) => `${c.size} B` },
  { title: 'Signature', width: '132px', cell: (c) => (c.verdict ? <Badge tone={c.verdict.valid ? 'ok' : 'bad'}>{c.verdict.valid ? 'valid' : c.verdict.reason}</Badge> : '') },
]
const captureKey = (c: CaptureSummary) => c.id
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].map((m) => ({ value: m, label: m }))
const OUTCOMES = CaptureQuery.shape.outcome.unwrap().options.map((o) => ({ value: o, label: o }))

export function ReceiverView() {
  const status = useHookbench((s) => s.status)
  const list = captureList.use((s) => s.list)
  const filter = captureList.use((s) => s.filter)
  const opened = captureList.use((s) => s.opened)
  useEffect(() => captureList.start(), [])
  const base = status?.receiverUrl ?? undefined
  const none = !status?.counts.captures
  const empty = list.phase === 'ready' && list.total === 0
  return (
    <Page
      title="Receiver"
      intro={base ? `Local endpoints at ${base}r/<name>: every request captured byte for byte.` : 'The built-in receiver is not running in this host.'}
      actions={
        <>
          <button type="button" disabled={none} onClick={() => void exportAs('har')} data-testid="export-har">
            Export HAR
          </button>
          <button type="button" disabled={none} onClick={() => void exportAs('curl')} data-testid="export-curl">
            Export cURL
          </button>
        </>
      }
    >
      <Endpoints base={base} />
      <h2 className="section">Captured requests</h2>
      <CaptureFilters filter={filter} total={list.total} phase={list.phase} />
      {empty && !filtered(filter) ? (
        <EmptyState title="Nothing received yet">Send anything to an endpoint above, or fire an event at the built-in inbox subscription.</EmptyState>
      ) : empty ? (
        <EmptyState title="No request matches these filters">
          <button type="button" onClick={() => captureList.setFilter({})}>
            Clear filters
          </button>
        </EmptyState>
      ) : list.phase === 'error' ? (
        <EmptyState title="The captured requests could not be loaded">
          <button type="button" onClick={() => captureList.reload()}>
            Try again
          </button>
        </EmptyState>
      ) : (
        <div className="split tall">
          <VirtualTable controller={captureList} columns={COLUMNS} rowKey={captureKey} label="Captured requests" testId="captures" />
          {opened ? <CaptureDetail id={opened} /> : <p className="detail muted">Select a request to see its headers, body and signature check.</p>}
        </div>
      )}
    </Page>
  )
}

/** Endpoint, method, outcome and text: sent to the engine with every page. */
function CaptureFilters({ filter, total, phase }: { filter: CaptureFilter; total: number; phase: string }) {
  const endpoints = useHookbench((s) => s.endpoints)
  const set = (changes: Partial<CaptureFilter>) => captureList.setFilter(compact({ ...filter, ...changes }))
  return (
    <div className="filters" role="search" aria-label="Filter captured requests">
      <TextFilter value={filter.text} onChange={(text) => set({ text })} placeholder="Filter text  ( / )" testId="captures-text" />
      <FilterSelect label="Endpoint" any="Any endpoint" value={filter.endpoint} onChange={(endpoint) => set({ endpoint })} choices={endpoints.map((e) => ({ value: e.name, label: e.name }))} testId="captures-endpoint" />
      <FilterSelect label="Method" any="Any method" value={filter.method} onChange={(method) => set({ method })} choices={METHODS} testId="captures-method" />
      <FilterSelect
        label="Outcome"
        any="Any outcome"
        value={filter.outcome}
        onChange={(outcome) => set({ outcome: outcome === undefined ? undefined : CaptureQuery.shape.outcome.unwrap().parse(outcome) })}
        choices={OUTCOMES}
        testId="captures-outcome"
      />
      {filtered(filter) && (
        <button type="button" onClick={() => captureList.setFilter({})} data-testid="captures-clear">
          Clear
        </button>
      )}
      <ListCount total={total} phase={phase} filtered={filtered(filter)} noun={['request', 'requests']} testId="captures-count" />
    </div>
  )
}

const filtered = (filter: object) => Object.keys(filter).length > 0

async function exportAs(format: 'har' | 'curl') {
  const exported = await run(api.exportCaptures({ format }))
  if (exported) download(exported.filename, exported.mimeType, exported.text)
}

function CaptureDetail({ id }: { id: string }) {
  const [capture, setCapture] = useState<Capture>()
  useEffect(() => {
    let current = true
    const fetch = () => void run(api.getCapture({ id })).then((c) => current && c && setCapture(c))
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
