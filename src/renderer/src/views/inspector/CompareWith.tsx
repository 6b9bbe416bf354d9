import { useEffect, useMemo, useRef, useState } from 'react'
import type { Delivery, DeliverySummary } from '../../../../shared/schemas/delivery'
import type { CaptureSummary } from '../../../../shared/schemas/receiver'
import { formatTime } from '../../components/Http'
import { getDelivery, listDeliveries } from '../../store/deliveries/actions'
import { getCapture, listCaptures } from '../../store/receiver/actions'
import { type ExchangeSide, bodyLines, compareHeaders, diffExchanges, diffHeaders } from './attempt-diff'
import { BodyChanges, HeaderChanges, LineDiff } from './ChangeViews'
import { candidateLabel } from './candidate-label'
import { captureSide, deliverySide } from './exchange-sides'
import { ComparisonPanel } from './ComparisonPanel'

/** How many recent candidates each group of the picker offers. */
const PICK_LIMIT = 20

interface Candidates {
  captures: CaptureSummary[]
  sameSubscription: DeliverySummary[]
  sameEvent: DeliverySummary[]
}

/** What the other side is: `capture:<id>` or `delivery:<id>`. */
type TargetKey = `${'capture' | 'delivery'}:${string}`

interface Compared {
  key: TargetKey
  mine: ExchangeSide
  theirs: ExchangeSide
  titles: readonly [string, string]
}

/**
 * "Compare with…": this delivery beside another one (same subscription or same event type, or a
 * pasted id) or beside what the built-in receiver captured of it. Esc closes it.
 */
export function CompareWith({ delivery }: { delivery: Delivery }) {
  const [open, setOpen] = useState(false)
  const [candidates, setCandidates] = useState<Candidates>()
  const [target, setTarget] = useState<TargetKey>()
  const [compared, setCompared] = useState<Compared>()
  const [pasted, setPasted] = useState('')
  const [onlyDiffs, setOnlyDiffs] = useState(true)
  const button = useRef<HTMLButtonElement>(null)
  const picker = useRef<HTMLSelectElement>(null)

  useEffect(() => {
    if (!open) return
    let current = true
    void loadCandidates(delivery).then((found) => {
      if (!current || !found) return
      setCandidates(found)
      setTarget((t) => t ?? firstTarget(found))
      picker.current?.focus()
    })
    return () => {
      current = false
    }
  }, [open, delivery])

  useEffect(() => {
    if (!target) return
    let current = true
    void compareWith(delivery, target).then((c) => current && c && setCompared(c))
    return () => {
      current = false
    }
  }, [target, delivery])

  const close = () => {
    setOpen(false)
    button.current?.focus()
  }
  const comparePasted = () => {
    const id = pasted.trim()
    if (id) setTarget(`delivery:${id}`)
  }
  return (
    <>
      <button type="button" ref={button} aria-expanded={open} onClick={() => (open ? close() : setOpen(true))} data-testid="compare-with">
        Compare with…
      </button>
      {open && (
        <ComparisonPanel
          label="Compare with another request"
          className="compare-with"
          testId="compare-panel"
          toolbarClass="compare-pickers"
          onClose={close}
          pickers={
            <>
                <label className="compare-target">
                  Compare with{' '}
                  <select ref={picker} value={target ?? ''} onChange={(e) => setTarget(asTarget(e.target.value))} data-testid="compare-target">
                    <option value="">{candidates ? 'Pick a capture or a delivery' : 'Loading…'}</option>
                    {candidates && <CandidateOptions candidates={candidates} />}
                  </select>
                </label>
                <label>
                  or a delivery id{' '}
                  <input
                    type="text"
                    value={pasted}
                    onChange={(e) => setPasted(e.target.value)}
                    onKeyDown={(e) => e.key === 'Enter' && comparePasted()}
                    placeholder="msg_…"
                    spellCheck={false}
                    data-testid="compare-id"
                  />
                </label>
                <button type="button" onClick={comparePasted} disabled={pasted.trim() === ''} data-testid="compare-id-go">
                  Compare
                </button>
                <label className="check">
                  <input type="checkbox" checked={onlyDiffs} onChange={(e) => setOnlyDiffs(e.target.checked)} data-testid="compare-only-diffs" /> Only differences
                </label>
            </>
          }
        >
          {candidates && !target && <p className="muted">Nothing to compare with yet: no capture of this delivery and no other delivery of its subscription or event.</p>}
          {compared && compared.key === target && <ExchangeCompare compared={compared} onlyDiffs={onlyDiffs} />}
        </ComparisonPanel>
      )}
    </>
  )
}

function CandidateOptions({ candidates }: { candidates: Candidates }) {
  const group = (label: string, items: DeliverySummary[]) =>
    items.length > 0 && (
      <optgroup label={label}>
        {items.map((d) => (
          <option key={d.id} value={`delivery:${d.id}`} title={d.id}>
            {candidateLabel(d)}
          </option>
        ))}
      </optgroup>
    )
  return (
    <>
      {candidates.captures.length > 0 && (
        <optgroup label="Captured by the built-in receiver">
          {candidates.captures.map((c) => (
            <option key={c.id} value={`capture:${c.id}`}>
              {`Capture of attempt ${c.attempt ?? '?'} · ${c.response?.status ?? c.outcome} · ${formatTime(c.receivedAt)}`}
            </option>
          ))}
        </optgroup>
      )}
      {group('Same event type', candidates.sameEvent)}
      {group('Same subscription', candidates.sameSubscription)}
    </>
  )
}

/** The receiver's capture first (the commonest question: did it arrive as sent?), else the newest other delivery. */
function firstTarget(found: Candidates): TargetKey | undefined {
  const capture = found.captures[0]
  if (capture) return `capture:${capture.id}`
  const delivery = found.sameEvent[0] ?? found.sameSubscription[0]
  return delivery && `delivery:${delivery.id}`
}

function asTarget(value: string): TargetKey | undefined {
  if (value.startsWith('capture:')) return `capture:${value.slice('capture:'.length)}`
  if (value.startsWith('delivery:')) return `delivery:${value.slice('delivery:'.length)}`
  return undefined
}

async function loadCandidates(delivery: Delivery): Promise<Candidates | undefined> {
  const [captures, sameSubscription, sameEvent] = await Promise.all([
    listCaptures({ deliveryId: delivery.id, limit: PICK_LIMIT }),
    listDeliveries({ subscriptionId: delivery.subscriptionId, limit: PICK_LIMIT + 1 }),
    listDeliveries({ provider: delivery.provider, event: delivery.event, limit: PICK_LIMIT + 1 }),
  ])
  if (!captures || !sameSubscription || !sameEvent) return undefined
  const others = (items: DeliverySummary[]) => items.filter((d) => d.id !== delivery.id).slice(0, PICK_LIMIT)
  const inEvent = others(sameEvent.items)
  // A delivery of the same event type is listed once, under that group.
  const sub = others(sameSubscription.items).filter((d) => !inEvent.some((e) => e.id === d.id))
  return { captures: captures.items, sameSubscription: sub, sameEvent: inEvent }
}

async function compareWith(delivery: Delivery, key: TargetKey): Promise<Compared | undefined> {
  const id = key.slice(key.indexOf(':') + 1)
  if (key.startsWith('capture:')) {
    const capture = await getCapture(id)
    if (!capture) return undefined
    const attempt = delivery.attempts.find((a) => a.series === delivery.series && a.n === capture.attempt) ?? delivery.attempts.at(-1)
    const sent = attempt ? `Sent (attempt ${attempt.n})` : 'Sent'
    return { key, mine: deliverySide(delivery, attempt), theirs: captureSide(capture), titles: [sent, 'Received (capture)'] }
  }
  const other = await getDelivery(id)
  if (!other) return undefined
  return { key, mine: deliverySide(delivery), theirs: deliverySide(other), titles: ['This delivery', `Other · ${formatTime(other.createdAt)}`] }
}


function ExchangeCompare({ compared, onlyDiffs }: { compared: Compared; onlyDiffs: boolean }) {
  const { mine, theirs, titles } = compared
  const diff = useMemo(() => diffExchanges(mine, theirs), [mine, theirs])
  const headers = (a: ExchangeSide['requestHeaders'], b: ExchangeSide['requestHeaders']) => (onlyDiffs ? diffHeaders(a, b) : compareHeaders(a, b))
  const body = (a: ExchangeSide['requestBody'], b: ExchangeSide['requestBody'], d: typeof diff.body, testId: string, sameText: string) =>
    onlyDiffs || d.kind === 'none' ? (
      <BodyChanges body={d} testId={testId} noun="side" sameText={sameText} titles={titles} />
    ) : (
      <LineDiff lines={bodyLines(a, b)} testId={testId} />
    )
  return (
    <div aria-live="polite" data-testid="compare-result">
      {diff.same && (
        <p className="muted" data-testid="compare-same">
          These requests were sent and answered alike.
        </p>
      )}
      <h4>Request headers</h4>
      <HeaderChanges changes={headers(mine.requestHeaders, theirs.requestHeaders)} testId="compare-request-headers" titles={titles} />
      <h4>Request body</h4>
      {body(mine.requestBody, theirs.requestBody, diff.requestBody, 'compare-request-body', 'No differences in the body')}
      <h4>Response status</h4>
      <p data-testid="compare-status" className="diff-status mono">
        {diff.status.changed ? (
          <>
            <span className="diff-removed">{diff.status.before}</span> → <span className="diff-added">{diff.status.after}</span>
          </>
        ) : (
          <span className="muted">{diff.status.after} on both (unchanged)</span>
        )}
      </p>
      <h4>Response headers</h4>
      <HeaderChanges changes={headers(mine.responseHeaders, theirs.responseHeaders)} testId="compare-response-headers" titles={titles} />
      <h4>Response body</h4>
      {body(mine.responseBody, theirs.responseBody, diff.body, 'compare-response-body', 'No differences in the response body')}
    </div>
  )
}
