import type { KeyboardEvent } from 'react'
import { moveSelection } from './palette-actions'

const MOVES = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End'])

/**
 * Roving focus for a list of buttons: the list is one tab stop (the current item, else the first),
 * ↑/↓/Home/End move between its items, Enter and Space press the focused one as buttons do.
 */
export function onRovingKey(event: KeyboardEvent<HTMLElement>, itemSelector: string) {
  if (!MOVES.has(event.key)) return
  const items = [...event.currentTarget.querySelectorAll<HTMLElement>(itemSelector)]
  const at = items.findIndex((item) => item === document.activeElement)
  if (at === -1) return
  event.preventDefault()
  items[moveSelection(at, items.length, event.key)]?.focus()
}

/** The item that holds the list's one tab stop: the current one, else the first. */
export const rovingTabIndex = (index: number, currentIndex: number) => (index === Math.max(currentIndex, 0) ? 0 : -1)
