import { useVirtualizer } from '@tanstack/react-virtual'
import { type KeyboardEvent, type MouseEvent, type ReactNode, memo, useEffect, useLayoutEffect, useRef } from 'react'
import type { ListController } from '../store/lists/list-store'
import { positionOf, rowAt } from '../store/lists/paged-list'

export interface Column<T> {
  title: string
  /** CSS width of the column (the table lays out fixed, so rows never shift while scrolling). */
  width: string
  cell: (row: T) => ReactNode
}

/** Every row is this tall (CSS `.vtable tbody tr` says the same), so positions are computed, never measured. */
export const ROW_HEIGHT = 34
const HEAD_HEIGHT = 33

/**
 * A long list as a table that renders only the rows on screen (and a few more), over a
 * `ListController` that fetches them page by page. The scrollbar is sized from the list's total.
 * Keyboard: ↑/↓, Page Up/Down, Home/End move the selection; Enter opens the selected row.
 */
export const VirtualTable = memo(VirtualTableView) as typeof VirtualTableView

function VirtualTableView<T, F>(props: {
  controller: ListController<T, F>
  columns: Column<T>[]
  rowKey: (row: T) => string
  label: string
  testId: string
}) {
  const { controller, columns, rowKey, testId } = props
  const list = controller.use((s) => s.list)
  const active = controller.use((s) => s.active)
  const opened = controller.use((s) => s.opened)
  const scrollRef = useRef<HTMLDivElement>(null)

  // The build has no React Compiler; the virtualizer re-renders this component itself when it scrolls.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: list.total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    paddingStart: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
    overscan: 8,
    // Back to where the list was (another view or the time view in between): the first render
    // already lays out the rows there, at the height the list had, so the restored scroll lands.
    initialOffset: () => controller.scrollTop,
    initialRect: { width: 0, height: controller.viewportHeight },
    useFlushSync: false,
  })
  const items = virtualizer.getVirtualItems()
  const from = items[0]?.index ?? 0
  const to = (items.at(-1)?.index ?? -1) + 1

  useEffect(() => {
    controller.setViewport(from, to)
  }, [controller, from, to])

  useEffect(() => {
    const element = scrollRef.current
    if (!element) return
    const remember = () => (controller.scrollTop = element.scrollTop)
    element.addEventListener('scroll', remember, { passive: true })
    const sized = new ResizeObserver(() => {
      if (element.clientHeight > 0) controller.viewportHeight = element.clientHeight
    })
    sized.observe(element)
    return () => {
      element.removeEventListener('scroll', remember)
      sized.disconnect()
    }
  }, [controller])

  // Back at a remembered place: the element must be scrolled where the virtualizer draws. If the
  // browser clamped the restored offset (the table was not tall yet), scroll it there once it is.
  // Only while restoring: reading the layout on every render would force a reflow per live update.
  const restoring = useRef(controller.scrollTop > 0)
  useLayoutEffect(() => {
    const element = scrollRef.current
    if (!restoring.current || !element) return
    const offset = virtualizer.scrollOffset ?? 0
    if (Math.abs(element.scrollTop - offset) <= ROW_HEIGHT) restoring.current = false
    else if (element.scrollHeight - element.clientHeight >= offset) {
      element.scrollTop = offset
      restoring.current = false
    }
  })

  // A new query starts at the top.
  const generation = useRef(list.generation)
  useLayoutEffect(() => {
    if (generation.current === list.generation) return
    generation.current = list.generation
    if (scrollRef.current) scrollRef.current.scrollTop = 0
  }, [list.generation])

  // Rows inserted live at the top: keep the rows being read in place, unless the view is at the top.
  const inserted = useRef(list.inserted)
  useLayoutEffect(() => {
    const added = list.inserted - inserted.current
    inserted.current = list.inserted
    const element = scrollRef.current
    // Where the list is scrolled to, as the last scroll event said: reading the element's own
    // offset here would force a layout on every live update.
    if (added > 0 && element && controller.scrollTop > 0) {
      element.scrollTop = controller.scrollTop + added * ROW_HEIGHT
      controller.scrollTop = element.scrollTop
    }
  }, [list.inserted, controller])

  const activeAt = active === undefined ? -1 : positionOf(list, active, rowKey)
  const move = (event: KeyboardEvent<HTMLTableElement>) => {
    if (event.target !== event.currentTarget) return
    if (event.key === 'Enter') {
      if (active !== undefined) controller.open(active)
      event.preventDefault()
      return
    }
    const page = Math.max(1, to - from - 2)
    const current = activeAt === -1 ? from - 1 : activeAt
    const target = { ArrowDown: current + 1, ArrowUp: current - 1, PageDown: current + page, PageUp: current - page, Home: 0, End: list.total - 1 }[event.key]
    if (target === undefined) return
    event.preventDefault()
    const index = Math.max(0, Math.min(list.total - 1, target))
    virtualizer.scrollToIndex(index, { align: 'auto' })
    const row = rowAt(list, index)
    if (row !== undefined) controller.setActive(rowKey(row))
  }
  const onFocus = () => {
    if (active !== undefined && activeAt !== -1) return
    const first = rowAt(list, from)
    if (first !== undefined) controller.setActive(rowKey(first))
  }
  const onClick = (event: MouseEvent<HTMLTableSectionElement>) => {
    const key = (event.target as HTMLElement).closest('tr')?.dataset.key
    if (key !== undefined) controller.open(key)
  }

  const padTop = items.length > 0 ? items[0]!.start - HEAD_HEIGHT : 0
  // No rows laid out yet (no size known): the table still takes its whole height, so a restored
  // scroll offset is not clamped to the top.
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - items.at(-1)!.end : Math.max(0, virtualizer.getTotalSize() - HEAD_HEIGHT)
  const idPrefix = `${testId}-row-`
  return (
    <div className="vtable" ref={scrollRef} data-testid={`${testId}-scroller`}>
      <table
        className="list"
        role="grid"
        tabIndex={0}
        aria-label={props.label}
        aria-rowcount={list.total + 1}
        aria-activedescendant={activeAt === -1 ? undefined : `${idPrefix}${active}`}
        onKeyDown={move}
        onFocus={onFocus}
        data-testid={testId}
        data-list-state={list.phase}
        data-generation={list.generation}
      >
        <colgroup>
          {columns.map((c) => (
            <col key={c.title} style={{ width: c.width }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.title} scope="col">
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody onClick={onClick}>
          {padTop > 0 && <tr className="spacer" aria-hidden="true" style={{ height: padTop }} />}
          {items.map((item) => {
            const row = rowAt(list, item.index)
            if (row === undefined) return <PendingRow key={`pending-${item.index}`} span={columns.length} />
            const key = rowKey(row)
            return (
              <Row
                key={key}
                id={`${idPrefix}${key}`}
                rowKey={key}
                row={row}
                columns={columns}
                active={key === active}
                opened={key === opened}
              />
            )
          })}
          {padBottom > 0 && <tr className="spacer" aria-hidden="true" style={{ height: padBottom }} />}
        </tbody>
      </table>
    </div>
  )
}

interface RowProps<T> {
  id: string
  rowKey: string
  row: T
  columns: Column<T>[]
  active: boolean
  opened: boolean
}

/**
 * Re-renders only when its record or its selection changes: rows are keyed by id and know
 * nothing of their position, so rows inserted above leave them alone.
 */
const Row = memo(function Row<T>({ id, rowKey, row, columns, active, opened }: RowProps<T>) {
  return (
    <tr id={id} data-key={rowKey} aria-selected={active} className={opened ? 'open' : undefined}>
      {columns.map((c) => (
        <td key={c.title}>{c.cell(row)}</td>
      ))}
    </tr>
  )
}) as <T>(props: RowProps<T>) => ReactNode

const PendingRow = memo(function PendingRow({ span }: { span: number }) {
  return (
    <tr className="pending" aria-busy="true">
      <td colSpan={span}>
        <span className="placeholder" />
      </td>
    </tr>
  )
})
