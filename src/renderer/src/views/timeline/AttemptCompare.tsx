import { useEffect, useMemo, useRef, useState } from 'react'
import type { Attempt } from '../../../../shared/schemas/delivery'
import { type BodyDiff, type ChangeKind, type HeaderChange, type LineChange, attemptLabel, defaultPair, diffAttempts } from './attempt-diff'

const MARK = { added: '+', removed: '−', changed: '~', same: ' ' } as const
const WORD = { added: 'added', removed: 'removed', changed: 'changed' } as const

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

function HeaderChanges({ changes, testId }: { changes: HeaderChange[]; testId: string }) {
  if (changes.length === 0)
    return (
      <p className="muted" data-testid={testId}>
        No differences
      </p>
    )
  return <ChangeTable keyTitle="Header" rows={changes.map((c) => ({ ...c, key: c.name }))} testId={testId} />
}

/** Changed, added and removed values, each with its mark (+ − ~) and a word for screen readers. */
function ChangeTable({ keyTitle, rows, testId, caption }: { keyTitle: string; rows: Array<{ key: string; kind: ChangeKind; before?: string; after?: string }>; testId: string; caption?: string }) {
  return (
    <table className="diff-table" data-testid={testId}>
      {caption && <caption className="visually-hidden">{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">
            <span className="visually-hidden">Change</span>
          </th>
          <th scope="col">{keyTitle}</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.key} className={`diff-${c.kind}`} data-kind={c.kind}>
            <td className="diff-mark" title={WORD[c.kind]}>
              <span aria-hidden="true">{MARK[c.kind]}</span>
              <span className="visually-hidden">{WORD[c.kind]}</span>
            </td>
            <th scope="row">{c.key}</th>
            <td>{c.before ?? <span className="muted">—</span>}</td>
            <td>{c.after ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function BodyChanges({ body }: { body: BodyDiff }) {
  const cut = 'truncated' in body && body.truncated ? <p className="muted">Only the first 4 KB of each body were recorded and compared.</p> : null
  if (body.kind === 'none') return <p className="muted">Neither attempt got a response.</p>
  if (body.kind === 'same')
    return (
      <>
        <p className="muted" data-testid="diff-body">
          No differences
        </p>
        {cut}
      </>
    )
  if (body.kind === 'json')
    return (
      <>
        <ChangeTable keyTitle="JSON path" caption="JSON changes" rows={body.changes.map((c) => ({ ...c, key: c.path }))} testId="diff-body" />
        {cut}
      </>
    )
  return (
    <>
      <pre className="body diff-lines" data-testid="diff-body">
        {body.lines.map((line, i) => (
          <Line key={i} line={line} />
        ))}
      </pre>
      {cut}
    </>
  )
}

function Line({ line }: { line: LineChange }) {
  return (
    <span className={`diff-line diff-${line.kind}`} data-kind={line.kind}>
      <span className="diff-mark" aria-hidden="true">
        {MARK[line.kind]}{' '}
      </span>
      {line.kind !== 'same' && <span className="visually-hidden">{WORD[line.kind]}: </span>}
      {line.text}
      {'\n'}
    </span>
  )
}
