import { type KeyboardEvent as ReactKeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react'
import { useHookbench } from '../store/app-store'
import { setTimelineMode } from '../store/deliveries/url-sync'
import { addNotice } from '../store/notices/actions'
import { setTheme, showView } from '../store/ui/actions'
import { ViewId } from '../store/ui/slice'
import {
  OPEN_PALETTE,
  type PaletteAction,
  type PaletteActionId,
  SHORTCUTS,
  availableActions,
  filterActions,
  formatShortcut,
  isMac,
  isPaletteKey,
  moveSelection,
  toggledTheme,
} from './palette-actions'

const MAC = isMac(globalThis.navigator?.platform ?? '')

/** Waits (a few frames) for an element the view about to show renders. */
function whenShown(selector: string, then: (element: HTMLElement) => void, tries = 30) {
  requestAnimationFrame(() => {
    const element = document.querySelector<HTMLElement>(selector)
    if (element) then(element)
    else if (tries > 0) whenShown(selector, then, tries - 1)
  })
}

const byTestId = (id: string) => `[data-testid="${id}"]`

/** Shows a view, then focuses one of its controls. */
function showAndFocus(view: ViewId, selector: string) {
  showView(view)
  whenShown(selector, (element) => {
    element.focus()
    element.scrollIntoView({ block: 'nearest' })
  })
}

/** Shows a view, then presses one of its buttons: the view's own code does the work. */
function showAndPress(view: ViewId, testId: string, whyNot: string) {
  showView(view)
  whenShown(byTestId(testId), (button) => {
    if (button instanceof HTMLButtonElement && button.disabled) addNotice('info', whyNot)
    else button.click()
  })
}

/** Runs an action; true when it moved focus itself (else focus goes back where it was). */
function perform(id: Exclude<PaletteActionId, 'shortcuts'>): boolean {
  const view = id.startsWith('go-') ? ViewId.safeParse(id.slice(3)) : undefined
  if (view?.success) {
    showView(view.data)
    return false
  }
  switch (id) {
    case 'focus-search': {
      const input = document.querySelector<HTMLInputElement>('#main input.filter-text')
      input?.focus()
      input?.select()
      return Boolean(input)
    }
    case 'new-scenario':
      showAndPress('scenarios', 'scenario-new', 'The studio is still loading.')
      return false
    case 'import-scenario':
      showAndPress('scenarios', 'scenario-import', 'The studio is still loading.')
      return false
    case 'run-scenario':
      showAndPress('scenarios', 'run-start', 'Open a scenario first: pick one in the library.')
      return false
    case 'fire-event':
      showAndFocus('fire', byTestId('fire-provider'))
      return true
    case 'new-subscription':
      // The form opens with its name field focused.
      showAndPress('subscriptions', 'new-subscription', 'The subscriptions are still loading.')
      return true
    case 'new-endpoint':
      showAndFocus('receiver', byTestId('endpoint-name'))
      return true
    case 'redeliver-failed':
      showAndPress('timeline', 'redeliver-failed', 'No deliveries yet: nothing to redeliver.')
      return false
    case 'export-har':
      showAndPress('receiver', 'export-har', 'No captured request yet: nothing to export.')
      return false
    case 'timeline-time':
    case 'timeline-list':
      showView('timeline')
      setTimelineMode(id === 'timeline-time' ? 'time' : 'list')
      return false
    case 'export-platform-files':
      showAndFocus('settings', byTestId('export-platform-files'))
      return true
    case 'toggle-theme':
      setTheme(toggledTheme(document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light'))
      return false
    case 'theme-light':
      setTheme('light')
      return false
    case 'theme-dark':
      setTheme('dark')
      return false
    case 'theme-system':
      setTheme('system')
      return false
  }
  return false
}

function Keys({ text }: { text: string }) {
  return <kbd className="palette-kbd">{text}</kbd>
}

/**
 * Ctrl+K (⌘K on macOS) opens a list of every action, filtered as you type; `?` outside a field
 * opens the shortcuts list. A modal dialog: focus stays in it and goes back where it was on close.
 */
export function CommandPalette() {
  const [mode, setMode] = useState<'closed' | 'actions' | 'shortcuts'>('closed')
  const returnTo = useRef<HTMLElement | null>(null)

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isPaletteKey(event, MAC)) {
        event.preventDefault()
        setMode((m) => {
          if (m === 'closed') returnTo.current = document.activeElement as HTMLElement | null
          return m === 'actions' ? m : 'actions'
        })
        return
      }
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey) return
      const target = event.target as HTMLElement | null
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return
      event.preventDefault()
      setMode((m) => {
        if (m === 'closed') returnTo.current = document.activeElement as HTMLElement | null
        return 'shortcuts'
      })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const close = (restoreFocus: boolean) => {
    setMode('closed')
    const back = returnTo.current
    returnTo.current = null
    if (!restoreFocus) return
    requestAnimationFrame(() => {
      if (back?.isConnected && back !== document.body) back.focus()
      else document.getElementById('main')?.focus()
    })
  }

  if (mode === 'closed') return null
  return (
    <div className="palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close(true)}>
      {mode === 'actions' ? (
        <ActionList onClose={close} onShortcuts={() => setMode('shortcuts')} />
      ) : (
        <ShortcutList onClose={() => close(true)} onBack={() => setMode('actions')} />
      )}
    </div>
  )
}

/** Keeps Tab inside the dialog: from the last control to the first and back. */
function trapTab(e: ReactKeyboardEvent<HTMLElement>) {
  if (e.key !== 'Tab') return
  const focusables = [...e.currentTarget.querySelectorAll<HTMLElement>('input, button, [tabindex]:not([tabindex="-1"])')].filter((el) => !el.hasAttribute('disabled'))
  const first = focusables[0]
  const last = focusables.at(-1)
  if (!first || !last) return e.preventDefault()
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault()
    last.focus()
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault()
    first.focus()
  }
}

function ActionList({ onClose, onShortcuts }: { onClose: (restoreFocus: boolean) => void; onShortcuts: () => void }) {
  const view = useHookbench((s) => s.view)
  const [query, setQuery] = useState('')
  const [selected, setSelected] = useState(0)
  const ids = useId()
  const list = useRef<HTMLUListElement>(null)
  const matches = useMemo(() => filterActions(availableActions({ view }), query), [view, query])
  const current = Math.min(selected, Math.max(0, matches.length - 1))

  useEffect(() => {
    list.current?.querySelector(`[data-index="${current}"]`)?.scrollIntoView({ block: 'nearest' })
  }, [current])

  const runAction = (action: PaletteAction | undefined) => {
    if (!action) return
    if (action.id === 'shortcuts') return onShortcuts()
    const movedFocus = perform(action.id)
    onClose(!movedFocus)
  }

  const onKeyDown = (e: ReactKeyboardEvent<HTMLElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      return onClose(true)
    }
    if (e.key === 'Enter') {
      e.preventDefault()
      return runAction(matches[current])
    }
    const next = moveSelection(current, matches.length, e.key)
    if (next !== current || e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      setSelected(next)
    }
    trapTab(e)
  }

  const optionId = (i: number) => `${ids}-option-${i}`
  return (
    <div className="palette" role="dialog" aria-modal="true" aria-label="Command palette" data-testid="command-palette" onKeyDown={onKeyDown}>
      <input
        className="palette-input"
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls={`${ids}-list`}
        aria-activedescendant={matches.length > 0 ? optionId(current) : undefined}
        aria-autocomplete="list"
        aria-label="Type a command"
        placeholder="Type a command…"
        autoFocus
        spellCheck={false}
        autoComplete="off"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value)
          setSelected(0)
        }}
        data-testid="palette-input"
      />
      <ul className="palette-list" role="listbox" id={`${ids}-list`} aria-label="Commands" ref={list}>
        {matches.map((action, i) => (
          <li
            key={action.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            data-index={i}
            data-testid={`palette-${action.id}`}
            className="palette-option"
            onMouseMove={() => i !== current && setSelected(i)}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => runAction(action)}
          >
            <span>{action.label}</span>
            {action.shortcut && <Keys text={formatShortcut(action.shortcut, MAC)} />}
          </li>
        ))}
      </ul>
      {matches.length === 0 && (
        <p className="palette-empty muted" role="status">
          No command matches “{query}”.
        </p>
      )}
      <p className="palette-hint muted">
        <Keys text="↑ ↓" /> move <Keys text="Enter" /> run <Keys text="Esc" /> close <span className="palette-hint-right">{formatShortcut(OPEN_PALETTE, MAC)} opens this</span>
      </p>
    </div>
  )
}

function ShortcutList({ onClose, onBack }: { onClose: () => void; onBack: () => void }) {
  const title = useId()
  const back = useRef<HTMLButtonElement>(null)
  useEffect(() => back.current?.focus(), [])
  const onKeyDown = (e: ReactKeyboardEvent<HTMLElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      return onClose()
    }
    trapTab(e)
  }
  return (
    <div className="palette" role="dialog" aria-modal="true" aria-labelledby={title} data-testid="shortcuts-dialog" onKeyDown={onKeyDown}>
      <div className="palette-title">
        <h2 id={title}>Keyboard shortcuts</h2>
        <button type="button" ref={back} onClick={onBack} data-testid="shortcuts-back">
          All commands
        </button>
        <button type="button" onClick={onClose} aria-label="Close" data-testid="shortcuts-close">
          ✕
        </button>
      </div>
      <dl className="palette-shortcuts">
        {SHORTCUTS.map((s) => (
          <div key={s.label}>
            <dt>{s.label}</dt>
            <dd>
              <Keys text={formatShortcut(s.shortcut, MAC)} />
            </dd>
          </div>
        ))}
      </dl>
    </div>
  )
}
