import { type RefObject, useEffect, useMemo, useRef, useState } from 'react'
import type { Attempt } from '../../../../shared/schemas/delivery'
import { BodyChanges, HeaderChanges } from '../inspector/ChangeViews'
import { ComparisonPanel } from '../inspector/ComparisonPanel'
import { attemptLabel, defaultPair, diffAttempts } from '../inspector/attempt-diff'

/**
 * The "Attempts" heading of the delivery detail with "Compare attempts": a button that opens two pickers (the first failed
 * attempt and the last one, to start with) and what differs between them. Esc closes it.
 */
export function AttemptCompare({ attempts }: { attempts: Attempt[] }) {
  const [pair, setPair] = useState<[number, number]>()
  const button = useRef<HTMLButtonElement>(null)
  const first = useRef<HTMLSelectElement>(null)
  const open = pair !== undefined
  useEffect(() => {
    if (open) first.current?.focus()
  }, [open])
  const close = () => {
    setPair(undefined)
    button.current?.focus()
  }
  const canCompare = attempts.length >= 2
  return (
    <>
      <div className="toolbar attempts-head">
        <h3>Attempts</h3>
        <button
          type="button"
          ref={button}
          disabled={!canCompare}
          aria-expanded={open}
          title={canCompare ? 'What changed between two attempts' : 'Needs two attempts'}
          onClick={() => (open ? close() : setPair(defaultPair(attempts)))}
          onKeyDown={(e) => {
            if (!open || e.key !== 'Escape') return
            e.preventDefault()
            close()
          }}
          data-testid="compare-attempts"
        >
          Compare attempts
        </button>
      </div>
      {pair && (
        <ComparisonPanel
          label="Compare attempts"
          testId="attempt-diff"
          closeTestId="diff-close"
          onClose={close}
          pickers={
            <>
              <AttemptPicker label="From" attempts={attempts} value={pair[0]} onChange={(i) => setPair([i, pair[1]])} selectRef={first} testId="diff-from" />
              <span aria-hidden="true">→</span>
              <AttemptPicker label="To" attempts={attempts} value={pair[1]} onChange={(i) => setPair([pair[0], i])} testId="diff-to" />
            </>
          }
        >
          <DiffBody before={attempts[pair[0]]} after={attempts[pair[1]]} />
        </ComparisonPanel>
      )}
    </>
  )
}

function DiffBody({ before, after }: { before: Attempt | undefined; after: Attempt | undefined }) {
  const diff = useMemo(() => (before && after ? diffAttempts(before, after) : undefined), [before, after])
  if (!diff) return null
  if (before === after) return <p className="muted">The same attempt on both sides: pick another one to compare.</p>
  return (
    <div aria-live="polite">
      {diff.same && (
        <p className="muted" data-testid="diff-same">
          These attempts were sent and answered alike.
        </p>
      )}
      <h4>Response status</h4>
      <p data-testid="diff-status" className="diff-status mono">
        {diff.status.changed ? (
          <>
            <span className="diff-removed">{diff.status.before}</span> → <span className="diff-added">{diff.status.after}</span>
          </>
        ) : (
          <span className="muted">{diff.status.after} on both (unchanged)</span>
        )}
      </p>
      <h4>Request headers</h4>
      <HeaderChanges changes={diff.requestHeaders} testId="diff-request-headers" />
      <h4>Response headers</h4>
      <HeaderChanges changes={diff.responseHeaders} testId="diff-response-headers" />
      <h4>Response body</h4>
      <BodyChanges body={diff.body} />
    </div>
  )
}

function AttemptPicker({ label, attempts, value, onChange, selectRef, testId }: { label: string; attempts: Attempt[]; value: number; onChange: (index: number) => void; selectRef?: RefObject<HTMLSelectElement | null>; testId: string }) {
  return (
    <label>
      {label}{' '}
      <select ref={selectRef} value={value} onChange={(e) => onChange(Number(e.target.value))} data-testid={testId}>
        {attempts.map((a, i) => (
          <option key={`${a.series}-${a.n}`} value={i}>
            {attemptLabel(a)}
          </option>
        ))}
      </select>
    </label>
  )
}
