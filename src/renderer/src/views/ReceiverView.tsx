import { useEffect } from 'react'
import { CaptureQuery } from '../../../shared/schemas/history-query'
import type { CaptureSummary } from '../../../shared/schemas/receiver'
import { FilterSelect, ListCount, TextFilter } from '../components/Filters'
import { Badge, formatTime, httpTone } from '../components/Http'
import { EmptyState, Page } from '../components/Page'
import { SplitView } from '../components/SplitView'
import { type Column, VirtualTable } from '../components/VirtualTable'
import { useHookbench } from '../store/app-store'
import { compact } from '../store/lists/filters'
import { downloadCaptures } from '../store/receiver/actions'
import { captureList } from '../store/receiver/list'
import type { CaptureFilter } from '../store/receiver/filters'
import { CaptureDetail } from './receiver/CaptureDetail'
import { Endpoints } from './receiver/Endpoints'

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
          <button type="button" disabled={none || empty} onClick={() => void downloadCaptures('har', filter)} data-testid="export-har" title={filtered(filter) ? 'The requests these filters match, as HAR 1.2' : 'Every captured request, as HAR 1.2'}>
            {filtered(filter) ? 'Export filtered as HAR' : 'Export HAR'}
          </button>
          <button type="button" disabled={none || empty} onClick={() => void downloadCaptures('curl', filter)} data-testid="export-curl" title={filtered(filter) ? 'The requests these filters match, as cURL commands' : 'Every captured request, as cURL commands'}>
            {filtered(filter) ? 'Export filtered as cURL' : 'Export cURL'}
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
        <div className="receiver-split">
          <SplitView
            name="receiver"
            testId="receiver-split"
            detailTitle="Request"
            open={opened !== undefined}
            onClose={() => captureList.open(undefined)}
            list={<VirtualTable controller={captureList} columns={COLUMNS} rowKey={captureKey} label="Captured requests" testId="captures" />}
            detail={opened ? <CaptureDetail id={opened} /> : <p className="muted split-hint">Select a request to see its headers, body and signature check.</p>}
          />
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
