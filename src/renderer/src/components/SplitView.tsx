import { type KeyboardEvent, type PointerEvent, type ReactNode, createContext, useEffect, useLayoutEffect, useRef, useState } from 'react'
import { type SavedSplit, type SplitLayout, clampDetailWidth, readSaved, splitLayout } from './split-layout'

const storageKey = (name: string) => `hookbench.split.${name}`
const loadSplit = (name: string) => readSaved(localStorage.getItem(storageKey(name)))
const saveSplit = (name: string, saved: SavedSplit) => localStorage.setItem(storageKey(name), JSON.stringify(saved))

/** How many px of the list's right part the open drawer covers (0 side by side, or closed). */
export const SplitCover = createContext(0)

/**
 * A list and the record it opened, side by side: the divider drags (or moves with ← →) and the
 * width is remembered; "Wide" gives the detail most of the room. Where the two do not fit side by
 * side (a 1024 px window), the detail opens as a drawer over the list's right part, the list
 * still usable on its left; Esc or × closes it.
 */
export function SplitView(props: {
  /** Where the layout is remembered (`hookbench.split.<name>`). */
  name: string
  list: ReactNode
  detail: ReactNode
  /** What the detail is about, for its heading and the drawer's label ("Delivery"). */
  detailTitle: string
  /** A record is open (the drawer shows only then; side by side, a hint shows otherwise). */
  open: boolean
  onClose: () => void
  testId: string
}) {
  const { name, open, onClose } = props
  const box = useRef<HTMLDivElement>(null)
  const [containerWidth, setContainerWidth] = useState(0)
  const [saved, setSaved] = useState(() => loadSplit(name))
  const layout: SplitLayout = splitLayout(containerWidth, saved)

  useLayoutEffect(() => {
    const element = box.current
    if (!element) return
    const measure = () => setContainerWidth(element.clientWidth)
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  useEffect(() => saveSplit(name, saved), [name, saved])

  const setWidth = (width: number) => setSaved((s) => ({ ...s, width: clampDetailWidth(width, containerWidth), wide: false }))
  const drag = useRef<{ startX: number; startWidth: number } | undefined>(undefined)
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = { startX: e.clientX, startWidth: layout.detailWidth }
    e.currentTarget.setPointerCapture(e.pointerId)
  }
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current) setWidth(drag.current.startWidth - (e.clientX - drag.current.startX))
  }
  const onSeparatorKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 120 : 32
    const to = { ArrowLeft: layout.detailWidth + step, ArrowRight: layout.detailWidth - step, Home: Number.POSITIVE_INFINITY, End: 0 }[e.key]
    if (to === undefined) return
    e.preventDefault()
    setWidth(to)
  }
  const onDetailKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !layout.drawer || e.defaultPrevented) return
    e.preventDefault()
    onClose()
  }

  const showDetail = open || !layout.drawer
  return (
    <div
      ref={box}
      className="split-view"
      data-layout={layout.drawer ? 'drawer' : 'side'}
      data-wide={layout.wide || undefined}
      style={{ '--detail-width': `${layout.detailWidth}px` } as React.CSSProperties}
      data-testid={props.testId}
    >
      <div className="split-main">
        <SplitCover.Provider value={layout.drawer && open ? layout.detailWidth : 0}>{props.list}</SplitCover.Provider>
      </div>
      {!layout.drawer && (
        <div
          className="split-handle"
          role="separator"
          aria-orientation="vertical"
          aria-label={`Resize the ${props.detailTitle.toLowerCase()} pane (← → or drag)`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round((layout.detailWidth / Math.max(1, containerWidth)) * 100)}
          tabIndex={0}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={() => (drag.current = undefined)}
          onDoubleClick={() => setSaved((s) => ({ ...s, width: undefined, wide: false }))}
          onKeyDown={onSeparatorKey}
          data-testid={`${props.testId}-handle`}
        />
      )}
      {showDetail && (
        <aside className="split-detail" aria-label={props.detailTitle} onKeyDown={onDetailKey} data-testid={`${props.testId}-detail`}>
          {open && (
            <div className="split-detail-bar">
              <span className="split-detail-title">{props.detailTitle}</span>
              <button
                type="button"
                aria-pressed={layout.wide}
                onClick={() => setSaved((s) => ({ ...s, wide: !layout.wide }))}
                title={layout.wide ? 'Back to the width you chose' : 'Give the inspector most of the width'}
                data-testid={`${props.testId}-wide`}
              >
                Wide
              </button>
              <button type="button" className="close" onClick={onClose} aria-label={`Close the ${props.detailTitle.toLowerCase()}`} title="Close (Esc in the drawer)" data-testid={`${props.testId}-close`}>
                ×
              </button>
            </div>
          )}
          {props.detail}
        </aside>
      )}
    </div>
  )
}
