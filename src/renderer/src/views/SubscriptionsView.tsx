import { type KeyboardEvent, type MouseEvent, useCallback, useEffect, useRef, useState } from 'react'
import type { ApiInput } from '../../../shared/api/contract'
import type { PlatformLog } from '../../../shared/platforms/platform-log'
import type { Subscription } from '../../../shared/schemas/subscription'
import { Drawer } from '../components/Drawer'
import { Badge } from '../components/Http'
import { EmptyState, Page } from '../components/Page'
import { useHookbench } from '../store/app-store'
import { openCheckFor } from '../store/checks/actions'
import { onLiveDeliveries } from '../store/deliveries/list'
import { deleteSubscription, readPlatformLog, recreateSubscription, updateSubscription } from '../store/subscriptions/actions'
import { draftOf } from './subscription/subscription-edit'
import { type FormTarget, SubscriptionForm } from './subscription/SubscriptionForm'

/** How long a deleted subscription can be brought back. */
export const UNDO_MS = 8_000

/** The row of a subscription, for moving focus to it. */
const rowOf = (id: string) => document.querySelector<HTMLElement>(`tr[data-row-id="${CSS.escape(id)}"]`)

export function SubscriptionsView() {
  const subscriptions = useHookbench((s) => s.subscriptions)
  const catalogLoaded = useHookbench((s) => s.catalogLoaded)
  const subscriptionsLoaded = useHookbench((s) => s.subscriptionsLoaded)
  const [logOf, setLogOf] = useState<string>()
  const [form, setForm] = useState<FormTarget>()
  /** The row that takes Tab (roving focus): arrows move it. */
  const [current, setCurrent] = useState<string>()
  /** The row last added or saved, shown selected until another is picked. */
  const [selected, setSelected] = useState<string>()
  const [confirming, setConfirming] = useState<Subscription>()
  const [deleted, setDeleted] = useState<Subscription>()
  const [undoProblem, setUndoProblem] = useState<string>()
  const undoTimer = useRef<ReturnType<typeof setTimeout>>(undefined)
  useEffect(() => () => clearTimeout(undoTimer.current), [])

  const focusable = subscriptions.some((s) => s.id === current) ? current : subscriptions[0]?.id
  /**
   * Focuses a row once it can take the focus, and brings it into view: a new one may not be
   * rendered yet, and while the form's modal drawer is still closing the rows behind it are inert.
   */
  const focusRow = (id: string) => {
    setCurrent(id)
    let tries = 0
    const attempt = () => {
      const row = rowOf(id)
      row?.scrollIntoView({ block: 'nearest' })
      row?.focus()
      if (document.activeElement !== row && tries++ < 30) requestAnimationFrame(attempt)
    }
    requestAnimationFrame(attempt)
  }
  const openForm = (target: FormTarget) => setForm(target)
  const closeForm = useCallback(
    (saved: Subscription | undefined) => {
      const editedId = form?.mode === 'edit' ? form.subscription.id : undefined
      setForm(undefined)
      const id = saved?.id ?? editedId
      if (saved) setSelected(saved.id)
      if (id) focusRow(id)
      else requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="new-subscription"]')?.focus())
    },
    [form],
  )

  const confirmDelete = async (s: Subscription) => {
    setConfirming(undefined)
    if (!(await deleteSubscription(s.id))) return
    setDeleted(s)
    setUndoProblem(undefined)
    clearTimeout(undoTimer.current)
    undoTimer.current = setTimeout(() => setDeleted(undefined), UNDO_MS)
  }
  const undo = async () => {
    if (!deleted) return
    clearTimeout(undoTimer.current)
    const draft = draftOf(deleted)
    if (!draft.success) return setUndoProblem('It cannot be recreated as it was: its stored fields no longer pass the checks.')
    const created = await recreateSubscription(draft.data)
    if (!created) return
    setDeleted(undefined)
    focusRow(created.id)
  }

  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, index: number) => {
    if (e.target !== e.currentTarget) return
    const move = (to: number) => {
      const target = subscriptions[Math.max(0, Math.min(subscriptions.length - 1, to))]
      if (!target) return
      e.preventDefault()
      focusRow(target.id)
    }
    if (e.key === 'ArrowDown') move(index + 1)
    else if (e.key === 'ArrowUp') move(index - 1)
    else if (e.key === 'Home') move(0)
    else if (e.key === 'End') move(subscriptions.length - 1)
    else if (e.key === 'Enter') {
      e.preventDefault()
      openForm({ mode: 'edit', subscription: subscriptions[index]! })
    }
  }

  // The form edits the subscription as it is now (a rotation elsewhere, a pause from the list).
  const editing = form?.mode === 'edit' ? subscriptions.find((s) => s.id === form.subscription.id) : undefined
  return (
    <Page
      title="Subscriptions"
      intro="Where events go, which ones, how they are signed and retried."
      actions={
        <button type="button" className="primary" onClick={() => openForm({ mode: 'create' })} data-testid="new-subscription">
          New subscription
        </button>
      }
    >
      {form && (
        <Drawer
          title={form.mode === 'create' ? 'New subscription' : `Edit “${form.subscription.name}”`}
          onClose={() => closeForm(undefined)}
          testId="subscription-drawer"
        >
          {/* The form starts from the platform's catalog entry (its options, default scheme): it opens once that is read. */}
          {catalogLoaded ? (
            <SubscriptionForm key={form.mode === 'edit' ? form.subscription.id : 'new'} target={editing ? { mode: 'edit', subscription: editing } : form} onDone={closeForm} />
          ) : (
            <p className="muted" data-testid="subscription-form-loading">
              Reading the platforms…
            </p>
          )}
        </Drawer>
      )}
      {confirming && (
        <div className="banner banner-warn" role="alertdialog" aria-labelledby="confirm-delete-text" data-testid="confirm-delete">
          <span id="confirm-delete-text">
            Delete “{confirming.name}”? Its deliveries waiting to be sent or retried are cancelled.
          </span>
          <button type="button" className="danger" onClick={() => void confirmDelete(confirming)} data-testid="confirm-delete-yes" autoFocus>
            Delete
          </button>
          <button
            type="button"
            onClick={() => {
              setConfirming(undefined)
              focusRow(confirming.id)
            }}
            data-testid="confirm-delete-no"
          >
            Keep it
          </button>
        </div>
      )}
      {deleted && (
        <div className="banner" role="status" data-testid="undo-delete">
          <span>
            Deleted “{deleted.name}”. Its waiting deliveries were cancelled{undoProblem ? `. ${undoProblem}` : '; Undo recreates it with the same settings.'}
          </span>
          <button type="button" onClick={() => void undo()} data-testid="undo-delete-button">
            Undo
          </button>
        </div>
      )}
      {!subscriptionsLoaded ? (
        <p className="muted" data-testid="subscriptions-loading">
          Reading the subscriptions…
        </p>
      ) : subscriptions.length === 0 ? (
        <EmptyState title="No subscriptions">
          <button type="button" onClick={() => openForm({ mode: 'create' })}>
            Add one
          </button>{' '}
          — the built-in inbox (Receiver) is a handy first target.
        </EmptyState>
      ) : (
        <table className="list subscriptions" data-testid="subscriptions" aria-label="Subscriptions (arrow keys move, Enter edits)">
          <colgroup>
            <col className="col-name" />
            <col className="col-platform" />
            <col className="col-url" />
            <col className="col-signing" />
            <col className="col-state" />
            <col className="col-actions" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Platform</th>
              <th scope="col">URL</th>
              <th scope="col">Signing</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {subscriptions.map((s, index) => (
              <SubscriptionRow
                key={s.id}
                subscription={s}
                tabbable={s.id === focusable}
                selected={s.id === selected || (form?.mode === 'edit' && form.subscription.id === s.id)}
                onKeyDown={(e) => onRowKey(e, index)}
                onFocus={() => setCurrent(s.id)}
                onEdit={() => {
                  setSelected(s.id)
                  openForm({ mode: 'edit', subscription: s })
                }}
                onDelete={() => setConfirming(s)}
                onShowLog={() => setLogOf(logOf === s.id ? undefined : s.id)}
              />
            ))}
          </tbody>
        </table>
      )}
      {logOf && subscriptions.some((s) => s.id === logOf) && <PlatformLogPanel key={logOf} id={logOf} />}
    </Page>
  )
}

function SubscriptionRow(props: {
  subscription: Subscription
  tabbable: boolean
  selected: boolean
  onKeyDown: (e: KeyboardEvent<HTMLTableRowElement>) => void
  onFocus: () => void
  onEdit: () => void
  onDelete: () => void
  onShowLog: () => void
}) {
  const { subscription: s } = props
  const update = (changes: ApiInput<'updateSubscription'>['changes']) => void updateSubscription(s.id, changes)
  const state = !s.enabled ? 'disabled' : s.paused ? 'paused' : 'active'
  const onClick = (e: MouseEvent) => {
    if ((e.target as HTMLElement).closest('button, a, input, select, textarea')) return
    props.onEdit()
  }
  return (
    <tr
      data-testid={`subscription-${s.name}`}
      data-row-id={s.id}
      tabIndex={props.tabbable ? 0 : -1}
      aria-selected={props.selected}
      onKeyDown={props.onKeyDown}
      onFocus={(e) => e.target === e.currentTarget && props.onFocus()}
      onClick={onClick}
    >
      <td className="wrap">{s.name}</td>
      <td>{s.provider}</td>
      <td className="mono wrap">{s.url}</td>
      <td>{s.signing.scheme}</td>
      <td>
        <Badge tone={state === 'active' ? 'ok' : 'warn'}>{state}</Badge>
      </td>
      <td className="actions">
        <div className="row-actions">
          <button type="button" onClick={props.onEdit} data-testid={`edit-${s.name}`}>
            Edit
          </button>
          {!s.enabled && (
            <button type="button" onClick={() => update({ enabled: true })} data-testid={`enable-${s.name}`}>
              Enable
            </button>
          )}
          <button type="button" onClick={() => update({ paused: !s.paused })} disabled={!s.enabled} data-testid={`pause-${s.name}`}>
            {s.paused ? 'Resume' : 'Pause'}
          </button>
          {(s.provider === 'qovery' || s.provider === 'charlescd') && (
            <button type="button" onClick={props.onShowLog} data-testid={`log-${s.name}`}>
              Log
            </button>
          )}
          <button type="button" onClick={() => openCheckFor(s)} aria-label={`Check this endpoint (${s.name})`} title="Check this endpoint: the Check view, filled in with this subscription" data-testid={`check-${s.name}`}>
            Check
          </button>
          <button type="button" className="danger" onClick={props.onDelete} data-testid={`delete-${s.name}`}>
            Delete
          </button>
        </div>
      </td>
    </tr>
  )
}

/** How long the log waits for more changes of its subscription's deliveries before fetching again. */
const LOG_REFRESH_MS = 400

/** The ids of a log's rows (a delivery each), newest first. */
function rowIds(log: PlatformLog): string[] {
  if (log.platform === 'qovery') return log.results.map((r) => r.id)
  if (log.platform === 'charlescd') return log.messages.map((m) => m.executionId)
  return []
}

/** `newer`'s rows, then those of `older` it does not have (the card is `newer`'s). */
function mergeLogs(newer: PlatformLog, older: PlatformLog): PlatformLog {
  const seen = new Set(rowIds(newer))
  if (newer.platform === 'qovery' && older.platform === 'qovery') return { ...newer, results: [...newer.results, ...older.results.filter((r) => !seen.has(r.id))] }
  if (newer.platform === 'charlescd' && older.platform === 'charlescd') {
    return { ...newer, messages: [...newer.messages, ...older.messages.filter((m) => !seen.has(m.executionId))] }
  }
  return newer
}

interface LoadedLog {
  /** Every page loaded so far, as one log. */
  log: PlatformLog
  /** Where the next older page starts; absent once the oldest was loaded. */
  next: string | undefined
  total: number | undefined
}

/**
 * The deliveries as Qovery's event log or CharlesCD's message history and card would show them:
 * the first page, older ones on demand ("Load older").
 */
function PlatformLogPanel({ id }: { id: string }) {
  const [loaded, setLoaded] = useState<LoadedLog>()
  const [loadingOlder, setLoadingOlder] = useState(false)
  useEffect(() => {
    let current = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const fetchFirst = () =>
      void readPlatformLog(id).then((page) => {
        if (!current || !page) return
        setLoaded((before) => {
          const fresh = { log: page.log, next: page.nextCursor, total: page.total }
          if (!before) return fresh
          // Rows loaded before stay below the new first page while the two overlap; with no row in
          // common (more new deliveries than a page) there would be a hole: start again from the top.
          const known = new Set(rowIds(before.log))
          if (!rowIds(page.log).some((row) => known.has(row))) return fresh
          return { log: mergeLogs(page.log, before.log), next: before.next, total: page.total }
        })
      })
    fetchFirst()
    // Fetched again only when a delivery of this subscription changes, a burst at a time.
    const stop = onLiveDeliveries((items) => {
      if (!items.some((d) => d.subscriptionId === id)) return
      clearTimeout(timer)
      timer = setTimeout(fetchFirst, LOG_REFRESH_MS)
    })
    return () => {
      current = false
      clearTimeout(timer)
      stop()
    }
  }, [id])
  const loadOlder = async () => {
    if (!loaded?.next) return
    setLoadingOlder(true)
    const page = await readPlatformLog(id, loaded.next)
    setLoadingOlder(false)
    if (page) setLoaded((before) => before && { ...before, log: mergeLogs(before.log, page.log), next: page.nextCursor })
  }
  if (!loaded) return null
  const { log } = loaded
  const shown = rowIds(log).length
  return (
    <div className="detail section" data-testid="platform-log">
      {log.platform === 'charlescd' && (
        <p>
          CharlesCD card: <Badge tone={log.card.status === 200 ? 'ok' : log.card.status ? 'bad' : 'neutral'}>{log.card.status ?? '–'}</Badge> {log.card.message}
        </p>
      )}
      <pre className="body">{JSON.stringify(log.platform === 'qovery' ? { results: log.results } : log.platform === 'charlescd' ? log.messages : log.reason, null, 2)}</pre>
      {log.platform !== 'none' && (
        <div className="toolbar">
          <span className="muted" data-testid="platform-log-count">
            {shown.toLocaleString()}
            {loaded.total !== undefined ? ` of ${loaded.total.toLocaleString()}` : ''} deliveries
          </span>
          {loaded.next && (
            <button type="button" disabled={loadingOlder} onClick={() => void loadOlder()} data-testid="platform-log-older">
              {loadingOlder ? 'Loading…' : 'Load older'}
            </button>
          )}
        </div>
      )}
    </div>
  )
}
