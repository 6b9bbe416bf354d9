import { useEffect, useMemo, useState } from 'react'
import type { RunSummary } from '../../../shared/schemas/run'
import { type DeliverySummary, DeliveryStatus } from '../../../shared/schemas/delivery'
import { FilterSelect, ListCount, TextFilter } from '../components/Filters'
import { Badge, formatTime } from '../components/Http'
import { EmptyState, Page } from '../components/Page'
import { SplitView } from '../components/SplitView'
import { type Column, VirtualTable } from '../components/VirtualTable'
import { useHookbench } from '../store/app-store'
import { selectEventNames } from '../store/catalog/selectors'
import { redeliverFailedLastHour } from '../store/deliveries/actions'
import type { DeliveryFilter } from '../store/deliveries/filters'
import { deliveryList } from '../store/deliveries/list'
import { setTimelineMode, startTimelineUrlSync, useTimelineMode } from '../store/deliveries/url-sync'
import { compact } from '../store/lists/filters'
import { listRecentRuns } from '../store/runs/actions'
import { DeliveryDetail } from './timeline/DeliveryInspector'
import { STATUS_TONE } from './timeline/status-tone'
import { TimeRangeFilter } from './timeline/TimeRangeFilter'
import { StartCard } from './timeline/StartCard'
import { TimeView } from './timeline/TimeView'


/** Made once: rows are memoised and compare their columns by identity. */
const COLUMNS: Column<DeliverySummary>[] = [
  { title: 'Time', width: '128px', cell: (d) => <span className="cell-time">{formatTime(d.createdAt)}</span> },
  // The event's name first, its platform after it and muted: a narrow column cuts the platform, not the name.
  {
    title: 'Event',
    width: 'auto',
    cell: (d) => (
      <span title={`${d.event} (${d.provider})`}>
        {d.event} <span className="muted">{d.provider}</span>
      </span>
    ),
  },
  { title: 'Subscription', width: '18%', cell: (d) => <span title={d.subscriptionName}>{d.subscriptionName}</span> },
  { title: 'Status', width: '106px', cell: (d) => <Badge tone={STATUS_TONE[d.status]}>{d.status}</Badge> },
  { title: 'Tries', width: '56px', cell: (d) => d.attemptCount },
  { title: 'Last', width: '50px', cell: (d) => d.lastStatus ?? d.lastError ?? '' },
]
const deliveryKey = (d: DeliverySummary) => d.id

/*
 * A live burst changes the list's rows and count and the engine's counters many times a second:
 * this view reads only whether the list is empty and its state; the table, the count and the
 * counters read the rest themselves, so the page around them is not rendered again each time.
 */
export function TimelineView() {
  const anyDelivery = useHookbench((s) => (s.status?.counts.deliveries ?? 0) > 0)
  const listEmpty = deliveryList.use((s) => s.list.total === 0)
  const phase = deliveryList.use((s) => s.list.phase)
  const filter = deliveryList.use((s) => s.filter)
  const opened = deliveryList.use((s) => s.opened)
  const mode = useTimelineMode((s) => s.mode)
  const [runs, setRuns] = useState<RunSummary[]>([])
  const loadRuns = () => void listRecentRuns(100).then((r) => r && setRuns(r))
  useEffect(loadRuns, [])
  useEffect(() => {
    // The URL's filters first, so the first page fetched is already the one asked for.
    const stop = startTimelineUrlSync()
    deliveryList.start()
    return stop
  }, [])
  const filtered = Object.keys(filter).length > 0
  // The time view has its own empty window; the list's emptiness is about the whole history.
  const empty = mode === 'list' && phase === 'ready' && listEmpty
  return (
    <Page
      title="Timeline"
      intro="Every delivery, attempt, retry, response and signature, newest first."
      fill
      actions={
        <button type="button" disabled={!anyDelivery} onClick={() => void redeliverFailedLastHour()} data-testid="redeliver-failed">
          Redeliver failed (last hour)
        </button>
      }
    >
      <StartCard />
      <Counters />
      <DeliveryFilters filter={filter} runs={runs} loadRuns={loadRuns} />
      {empty && !filtered ? (
        <EmptyState title="No deliveries yet">
          Fire an event (above, from Fire with Ctrl+2, or with <code>hookbench fire</code>): its delivery shows up here.
        </EmptyState>
      ) : empty ? (
        <EmptyState title="No delivery matches these filters">
          <button type="button" onClick={() => deliveryList.setFilter({})}>
            Clear filters
          </button>
        </EmptyState>
      ) : mode === 'list' && phase === 'error' ? (
        <EmptyState title="The deliveries could not be loaded">
          <button type="button" onClick={() => deliveryList.reload()}>
            Try again
          </button>
        </EmptyState>
      ) : (
        <SplitView
          name="timeline"
          testId="timeline-split"
          detailTitle="Delivery"
          open={opened !== undefined}
          onClose={() => deliveryList.open(undefined)}
          list={
            mode === 'time' ? (
              <TimeView filter={filter} runs={runs} />
            ) : (
              <VirtualTable controller={deliveryList} columns={COLUMNS} rowKey={deliveryKey} label="Deliveries" testId="deliveries" />
            )
          }
          detail={opened ? <DeliveryDetail id={opened} /> : <p className="muted split-hint">Select a delivery to see its attempts (↑/↓ and Enter, or click).</p>}
        />
      )}
    </Page>
  )
}

/** List or time: the same deliveries and filters, as rows or along time. */
function ModeSwitch() {
  const mode = useTimelineMode((s) => s.mode)
  return (
    <div className="segmented timeline-mode" role="radiogroup" aria-label="Show deliveries as">
      {(['list', 'time'] as const).map((m) => (
        <label key={m} className="segment">
          <input type="radio" name="timeline-mode" value={m} checked={mode === m} onChange={() => setTimelineMode(m)} data-testid={`timeline-mode-${m}`} />
          {m === 'list' ? 'List' : 'Time'}
        </label>
      ))}
    </div>
  )
}

/** Status, platform, event, subscription, run, time range and text: all sent to the engine with every page. */
function DeliveryFilters(props: { filter: DeliveryFilter; runs: RunSummary[]; loadRuns: () => void }) {
  const { filter, runs, loadRuns } = props
  const catalog = useHookbench((s) => s.catalog)
  const subscriptions = useHookbench((s) => s.subscriptions)
  const mode = useTimelineMode((s) => s.mode)
  const set = (changes: Partial<DeliveryFilter>) => deliveryList.setFilter(compact({ ...filter, ...changes }))
  const eventNames = useHookbench(selectEventNames(filter.provider))
  const events = useMemo(() => eventNames.map((name) => ({ value: name, label: name })), [eventNames])
  const status = Array.isArray(filter.status) ? filter.status[0] : filter.status
  return (
    <div className="filters" role="search" aria-label="Filter deliveries">
      <ModeSwitch />
      <TextFilter value={filter.text} onChange={(text) => set({ text })} placeholder="Filter text  ( / )" testId="deliveries-text" />
      <label className="filter-check" title="Also look for the text in each delivery's body and request headers (slower: read from disk)">
        <input type="checkbox" checked={filter.searchBodies === true} onChange={(e) => set({ searchBodies: e.target.checked || undefined })} data-testid="deliveries-in-bodies" />
        in bodies<span className="wide-only"> and headers</span>
      </label>
      <FilterSelect
        label="Status"
        any="Any status"
        value={status}
        onChange={(value) => set({ status: value === undefined ? undefined : DeliveryStatus.parse(value) })}
        choices={DeliveryStatus.options.map((s) => ({ value: s, label: s }))}
        testId="deliveries-status"
      />
      <FilterSelect
        label="Platform"
        any="Any platform"
        value={filter.provider}
        onChange={(provider) => set({ provider, event: undefined })}
        choices={catalog.map((c) => ({ value: c.id, label: c.title }))}
        testId="deliveries-provider"
      />
      <FilterSelect label="Event" any="Any event" value={filter.event} onChange={(event) => set({ event })} choices={events} testId="deliveries-event" />
      <FilterSelect
        label="Subscription"
        any="Any subscription"
        value={filter.subscriptionId}
        onChange={(subscriptionId) => set({ subscriptionId })}
        choices={subscriptions.map((s) => ({ value: s.id, label: s.name }))}
        testId="deliveries-subscription"
      />
      <span onFocus={loadRuns}>
        <FilterSelect
          label="Scenario run"
          any="Any run"
          value={filter.runId}
          onChange={(runId) => set({ runId })}
          choices={runs.map((r) => ({ value: r.id, label: `${r.scenarioName} · ${formatTime(r.startedAt)}` }))}
          testId="deliveries-run"
        />
      </span>
      <TimeRangeFilter filter={filter} onChange={(changes) => set(changes)} />
      {Object.keys(filter).length > 0 && (
        <button type="button" onClick={() => deliveryList.setFilter({})} data-testid="deliveries-clear">
          Clear
        </button>
      )}
      {mode === 'list' && <DeliveryCount filtered={Object.keys(filter).length > 0} />}
    </div>
  )
}

/** The list's count, read on its own: it changes with every live page. */
function DeliveryCount({ filtered }: { filtered: boolean }) {
  const total = deliveryList.use((s) => s.list.total)
  const atLeast = deliveryList.use((s) => s.list.totalIsLowerBound)
  const phase = deliveryList.use((s) => s.list.phase)
  return <ListCount total={total} atLeast={atLeast} phase={phase} filtered={filtered} noun={['delivery', 'deliveries']} testId="deliveries-count" />
}

/** The engine's counters, read on their own: they change twice a second during a burst. */
function Counters() {
  const counts = useHookbench((s) => s.status?.counts)
  // The engine answers before it has read the history of earlier runs: the lists fill in when it has.
  const loading = useHookbench((s) => s.status?.historyLoading === true)
  return (
    <div className="counters" data-testid="engine-counters">
      <Counter label="Deliveries" value={counts?.deliveries} note={loading ? 'Older ones still loading…' : undefined} />
      <Counter label="Pending" value={counts?.pendingDeliveries} />
      <Counter label="Captures" value={counts?.captures} />
      <Counter label="Subscriptions" value={counts?.subscriptions} />
    </div>
  )
}

function Counter({ label, value, note }: { label: string; value: number | undefined; note?: string | undefined }) {
  return (
    <div className="counter">
      <span className="counter-value">{value?.toLocaleString() ?? '–'}</span>
      <span className="counter-label">{label}</span>
      {note && (
        <span className="muted" data-testid="history-loading">
          {note}
        </span>
      )}
    </div>
  )
}
