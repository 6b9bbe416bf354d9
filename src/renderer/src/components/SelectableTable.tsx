import type { KeyboardEvent, ReactNode } from 'react'

export interface Column<T> {
  title: string
  cell: (row: T) => ReactNode
}

/**
 * A list the keyboard can drive: Tab into it, ↑/↓ move the selection, Enter selects. The
 * selected row is shown in the pane next to it.
 */
export function SelectableTable<T>(props: {
  rows: T[]
  columns: Column<T>[]
  rowKey: (row: T) => string
  selected: string | undefined
  onSelect: (key: string) => void
  label: string
  testId: string
}) {
  const { rows, columns, rowKey, selected, onSelect } = props
  const move = (event: KeyboardEvent<HTMLTableRowElement>, index: number) => {
    const next = event.key === 'ArrowDown' ? index + 1 : event.key === 'ArrowUp' ? index - 1 : undefined
    if (event.key === 'Enter') onSelect(rowKey(rows[index]!))
    if (next === undefined || !rows[next]) return
    event.preventDefault()
    onSelect(rowKey(rows[next]))
    const sibling = event.key === 'ArrowDown' ? event.currentTarget.nextElementSibling : event.currentTarget.previousElementSibling
    ;(sibling as HTMLElement | null)?.focus()
  }
  return (
    <div className="table-wrap">
      <table className="list" aria-label={props.label} data-testid={props.testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.title} scope="col">
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const key = rowKey(row)
            return (
              <tr key={key} tabIndex={0} aria-selected={key === selected} onClick={() => onSelect(key)} onKeyDown={(e) => move(e, index)} data-key={key}>
                {columns.map((c) => (
                  <td key={c.title}>{c.cell(row)}</td>
                ))}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
