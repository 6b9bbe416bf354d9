import type { BodyDiff, ChangeKind, HeaderRow, LineChange } from './attempt-diff'

const MARK = { added: '+', removed: '−', changed: '~', same: ' ' } as const
const WORD = { added: 'added', removed: 'removed', changed: 'changed', same: 'unchanged' } as const

type RowKind = ChangeKind | 'same'
/** The two value columns' headings: "Before"/"After" unless the sides have names. */
type Titles = readonly [string, string]

/** Header changes (or every header, alike ones included, when given `HeaderRow`s), or "No differences". */
export function HeaderChanges({ changes, testId, titles }: { changes: HeaderRow[]; testId: string; titles?: Titles }) {
  if (changes.length === 0)
    return (
      <p className="muted" data-testid={testId}>
        No differences
      </p>
    )
  return <ChangeTable keyTitle="Header" rows={changes.map((c) => ({ ...c, key: c.name }))} testId={testId} titles={titles} />
}

/** Changed, added and removed values, each with its mark (+ − ~) and a word for screen readers. */
export function ChangeTable({
  keyTitle,
  rows,
  testId,
  caption,
  titles = ['Before', 'After'],
}: {
  keyTitle: string
  rows: Array<{ key: string; kind: RowKind; before?: string; after?: string }>
  testId: string
  caption?: string
  titles?: Titles
}) {
  return (
    <table className="diff-table" data-testid={testId}>
      {caption && <caption className="visually-hidden">{caption}</caption>}
      <colgroup>
        <col className="diff-mark-col" />
        <col className="diff-key-col" />
        <col />
        <col />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">
            <span className="visually-hidden">Change</span>
          </th>
          <th scope="col">{keyTitle}</th>
          <th scope="col">{titles[0]}</th>
          <th scope="col">{titles[1]}</th>
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

/** A body diff: JSON changes by path, text by line; `noun` names what was compared ("attempt", "exchange"). */
export function BodyChanges({
  body,
  testId = 'diff-body',
  noun = 'attempt',
  sameText = 'No differences',
  titles,
}: {
  body: BodyDiff
  testId?: string
  noun?: string
  sameText?: string
  titles?: Titles
}) {
  const cut = 'truncated' in body && body.truncated ? <p className="muted">Only the first 4 KB of each body were recorded and compared.</p> : null
  if (body.kind === 'none') return <p className="muted" data-testid={testId}>{`Neither ${noun} got a response.`}</p>
  if (body.kind === 'same')
    return (
      <>
        <p className="muted" data-testid={testId}>
          {sameText}
        </p>
        {cut}
      </>
    )
  if (body.kind === 'json')
    return (
      <>
        <ChangeTable keyTitle="JSON path" caption="JSON changes" rows={body.changes.map((c) => ({ ...c, key: c.path }))} testId={testId} titles={titles} />
        {cut}
      </>
    )
  return (
    <>
      <LineDiff lines={body.lines} testId={testId} />
      {cut}
    </>
  )
}

export function LineDiff({ lines, testId }: { lines: LineChange[]; testId: string }) {
  return (
    <pre className="body diff-lines" data-testid={testId}>
      {lines.map((line, i) => (
        <Line key={i} line={line} />
      ))}
    </pre>
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
