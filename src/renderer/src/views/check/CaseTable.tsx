import { type KeyboardEvent, useState } from 'react'
import { Badge } from '../../components/Http'
import { type CaseRow, VERDICT_LABEL, VERDICT_TONE, moveRow } from './check-results'

/**
 * The cases as they fill in: one tab stop for the whole table, ↑/↓ (Home/End, Page Up/Down)
 * move the selection, Enter or a click opens a case.
 */
export function CaseTable({ rows, opened, onOpen, tableRef }: { rows: CaseRow[]; opened: string | undefined; onOpen: (id: string) => void; tableRef: React.RefObject<HTMLTableElement | null> }) {
  const [active, setActive] = useState<string>()
  const activeAt = rows.findIndex((r) => r.id === (active ?? opened))
  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if (event.key === 'Enter') {
      const row = rows[activeAt]
      if (row) onOpen(row.id)
      event.preventDefault()
      return
    }
    const next = moveRow(activeAt, rows.length, event.key)
    if (next === undefined) return
    event.preventDefault()
    setActive(rows[next]!.id)
    document.getElementById(rowId(rows[next]!.id))?.scrollIntoView({ block: 'nearest' })
  }
  const onFocus = () => {
    if (activeAt === -1 && rows[0]) setActive(rows[0].id)
  }
  const shownActive = rows[activeAt]?.id
  return (
    <div className="check-table">
      <table
        ref={tableRef}
        className="list check-cases"
        role="grid"
        tabIndex={0}
        aria-label="Cases"
        aria-rowcount={rows.length + 1}
        aria-activedescendant={shownActive ? rowId(shownActive) : undefined}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        data-testid="check-cases"
      >
        <colgroup>
          <col className="col-case" />
          <col className="col-expected" />
          <col className="col-got" />
          <col className="col-verdict" />
          <col className="col-counts" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Case</th>
            <th scope="col">Expected</th>
            <th scope="col">Got</th>
            <th scope="col">Verdict</th>
            <th scope="col">Counts</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.id}
              id={rowId(row.id)}
              aria-selected={row.id === shownActive}
              className={row.id === opened ? 'open' : undefined}
              onClick={() => {
                setActive(row.id)
                onOpen(row.id)
              }}
              data-case={row.id}
              data-verdict={row.verdict}
              data-testid="check-case"
            >
              <td title={`${row.title} (${row.id})`}>{row.title}</td>
              <td title={row.expected}>{row.expected}</td>
              <td title={row.got}>{row.got}</td>
              <td>
                <Badge tone={VERDICT_TONE[row.verdict]} testId="check-case-verdict">
                  {VERDICT_LABEL[row.verdict]}
                </Badge>
              </td>
              <td className="muted">{row.required ? 'required' : 'advice'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

const rowId = (id: string) => `check-case-${id}`
