import { useEffect, useRef, useState } from 'react'
import { TEXT_DEBOUNCE_MS } from '../store/lists/filters'

/**
 * The free-text filter: sent to the engine once typing rests (or on Enter), cleared by Escape.
 * `/` anywhere outside a field focuses it.
 */
export function TextFilter({ value, onChange, placeholder, testId }: { value: string | undefined; onChange: (text: string) => void; placeholder: string; testId: string }) {
  const [draft, setDraft] = useState(value ?? '')
  // Cleared or changed from outside (a "Clear filters" button): show what is in force.
  const [shown, setShown] = useState(value)
  if (shown !== value) {
    setShown(value)
    setDraft(value ?? '')
  }
  const input = useRef<HTMLInputElement>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)

  const send = (text: string) => {
    clearTimeout(timer.current)
    onChange(text)
  }

  useEffect(() => () => clearTimeout(timer.current), [])
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return
      const target = event.target as HTMLElement | null
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return
      event.preventDefault()
      input.current?.focus()
      input.current?.select()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  return (
    <input
      ref={input}
      type="search"
      className="filter-text"
      value={draft}
      placeholder={placeholder}
      aria-label="Filter text (press / to focus)"
      aria-keyshortcuts="/"
      data-testid={testId}
      onChange={(e) => {
        const text = e.target.value
        setDraft(text)
        clearTimeout(timer.current)
        timer.current = setTimeout(() => send(text), TEXT_DEBOUNCE_MS)
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') send(draft)
        if (e.key === 'Escape' && draft !== '') {
          e.preventDefault()
          setDraft('')
          send('')
        }
      }}
    />
  )
}

export interface FilterChoice {
  value: string
  label: string
}

/** A compact drop-down of the filter bar; the empty value means "any". */
export function FilterSelect(props: { label: string; any: string; value: string | undefined; onChange: (value: string | undefined) => void; choices: FilterChoice[]; testId: string }) {
  return (
    <select
      className="filter-select"
      aria-label={props.label}
      title={props.label}
      value={props.value ?? ''}
      onChange={(e) => props.onChange(e.target.value === '' ? undefined : e.target.value)}
      data-testid={props.testId}
      data-active={props.value !== undefined || undefined}
    >
      <option value="">{props.any}</option>
      {props.choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
      {/* A value no longer among the choices (a deleted subscription) stays selectable. */}
      {props.value !== undefined && !props.choices.some((c) => c.value === props.value) && <option value={props.value}>{props.value}</option>}
    </select>
  )
}

/** How many records the list holds, and whether filters narrow it; `atLeast` when the count stopped short ("1,200+ deliveries match"). */
export function ListCount({ total, phase, filtered, noun, testId, atLeast = false }: { total: number; phase: string; filtered: boolean; noun: [string, string]; testId: string; atLeast?: boolean }) {
  const count = `${total.toLocaleString()}${atLeast ? '+' : ''}`
  const text = phase === 'loading' ? 'Loading…' : `${count} ${total === 1 && !atLeast ? noun[0] : noun[1]}${filtered ? (total === 1 && !atLeast ? ' matches' : ' match') : ''}`
  return (
    <span className="muted list-count" data-testid={testId} aria-live="polite">
      {text}
    </span>
  )
}
