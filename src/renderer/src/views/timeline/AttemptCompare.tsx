import { useEffect, useMemo, useRef, useState } from 'react'
import type { Attempt } from '../../../../shared/schemas/delivery'
import { BodyChanges, HeaderChanges } from '../inspector/ChangeViews'
import { attemptLabel, defaultPair, diffAttempts } from './attempt-diff'

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
          onKeyDown={(e) => open && e.key === 'Escape' && close()}
          data-testid="compare-attempts"
        >
          Compare attempts
        </button>
      </div>
      {pair && (
        <section
          className="attempt-diff"
          role="region"
          aria-label="Compare attempts"
          data-testid="attempt-diff"
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return
            e.stopPropagation()
            close()
          }}
        >
          <div className="toolbar">
            <label>
              From{' '}
              <select ref={first} value={pair[0]} onChange={(e) => setPair([Number(e.target.value), pair[1]])} data-testid="diff-from">
                {attempts.map((a, i) => (
                  <option key={`${a.series}-${a.n}`} value={i}>
                    {attemptLabel(a)}
                  </option>
                ))}
              </select>
            </label>
            <span aria-hidden="true">→</span>
            <label>
              To{' '}
              <select value={pair[1]} onChange={(e) => setPair([pair[0], Number(e.target.value)])} data-testid="diff-to">
                {attempts.map((a, i) => (
                  <option key={`${a.series}-${a.n}`} value={i}>
                    {attemptLabel(a)}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={close} aria-label="Close the comparison (Esc)" data-testid="diff-close">
              Close
            </button>
          </div>
          <DiffBody before={attempts[pair[0]]} after={attempts[pair[1]]} />
        </section>
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
