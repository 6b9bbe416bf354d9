/**
 * The command palette's actions and how typing narrows them: pure, so it is tested without a
 * browser. CommandPalette.tsx runs the chosen one.
 */

import type { ThemeChoice, ViewId } from '../store/ui/slice'

export type PaletteViewId = ViewId
export type PaletteThemeChoice = ThemeChoice

export type PaletteActionId =
  | `go-${PaletteViewId}`
  | 'focus-search'
  | 'new-scenario'
  | 'import-scenario'
  | 'run-scenario'
  | 'fire-event'
  | 'new-subscription'
  | 'redeliver-failed'
  | 'new-endpoint'
  | 'export-har'
  | 'timeline-time'
  | 'timeline-list'
  | 'export-platform-files'
  | 'toggle-theme'
  | 'theme-light'
  | 'theme-dark'
  | 'theme-system'
  | 'shortcuts'

/** A key combination: `mod` is Ctrl, or ⌘ on macOS. */
export interface Shortcut {
  mod?: boolean
  key: string
}

export interface PaletteAction {
  id: PaletteActionId
  label: string
  /** Other words it is found by. */
  keywords: string
  shortcut?: Shortcut
}

/** What decides which actions apply now. */
export interface PaletteContext {
  view: PaletteViewId
}

/** The views in the navigation's order (Ctrl/Cmd+1…7). */
const VIEW_ORDER: { id: PaletteViewId; label: string; keywords: string }[] = [
  { id: 'scenarios', label: 'Scenarios', keywords: 'studio library runs story rollout' },
  { id: 'fire', label: 'Fire', keywords: 'send event payload heartbeats controllers' },
  { id: 'subscriptions', label: 'Subscriptions', keywords: 'targets urls signing' },
  { id: 'timeline', label: 'Timeline', keywords: 'deliveries attempts history' },
  { id: 'receiver', label: 'Receiver', keywords: 'captures inbox endpoints requests' },
  { id: 'settings', label: 'Settings', keywords: 'preferences engine storage history' },
  { id: 'check', label: 'Check', keywords: 'endpoint conformance verify signature test handler junit' },
]

/** Lists whose text filter `/` focuses. */
const SEARCHABLE: PaletteViewId[] = ['timeline', 'receiver']

export const OPEN_PALETTE: Shortcut = { mod: true, key: 'K' }

export const ACTIONS: PaletteAction[] = [
  ...VIEW_ORDER.map((v, i) => ({ id: `go-${v.id}` as const, label: `Go to ${v.label}`, keywords: `view open show ${v.keywords}`, shortcut: { mod: true, key: String(i + 1) } })),
  { id: 'focus-search', label: 'Search this list', keywords: 'filter find text focus', shortcut: { key: '/' } },
  { id: 'new-scenario', label: 'New scenario', keywords: 'studio create story write' },
  { id: 'import-scenario', label: 'Import a scenario file', keywords: 'studio open yaml json load' },
  { id: 'run-scenario', label: 'Run the open scenario', keywords: 'studio start play test' },
  { id: 'fire-event', label: 'Fire an event', keywords: 'scenarios send trigger webhook payload' },
  { id: 'new-subscription', label: 'New subscription', keywords: 'add create subscriptions target url' },
  { id: 'redeliver-failed', label: 'Redeliver failed (last hour)', keywords: 'retry resend deliveries timeline' },
  { id: 'new-endpoint', label: 'New receiver endpoint', keywords: 'add create receiver inbox' },
  { id: 'export-har', label: 'Export captures (HAR)', keywords: 'receiver download save requests' },
  { id: 'timeline-time', label: 'Timeline: time view', keywords: 'lanes attempts backoff zoom chart' },
  { id: 'timeline-list', label: 'Timeline: list view', keywords: 'table rows deliveries' },
  { id: 'export-platform-files', label: 'Export fixtures and JSON Schemas', keywords: 'download zip settings platform files' },
  { id: 'toggle-theme', label: 'Toggle theme', keywords: 'dark light appearance colours colors mode' },
  { id: 'theme-light', label: 'Theme: light', keywords: 'appearance colours colors mode' },
  { id: 'theme-dark', label: 'Theme: dark', keywords: 'appearance colours colors mode' },
  { id: 'theme-system', label: 'Theme: follow system', keywords: 'appearance colours colors mode os auto' },
  { id: 'shortcuts', label: 'Keyboard shortcuts', keywords: 'keys help hotkeys bindings', shortcut: { key: '?' } },
]

/** Every shortcut of the app, for the shortcuts list (the palette's own first). */
export const SHORTCUTS: { label: string; shortcut: Shortcut }[] = [
  { label: 'Command palette', shortcut: OPEN_PALETTE },
  ...ACTIONS.flatMap((a) => (a.shortcut ? [{ label: a.label, shortcut: a.shortcut }] : [])),
  { label: 'Save the scenario (in its editor)', shortcut: { mod: true, key: 'S' } },
  { label: 'Fire (in the Fire view)', shortcut: { mod: true, key: 'Enter' } },
  { label: 'Move a step in the scenario form', shortcut: { key: 'Alt+↑ ↓' } },
  { label: 'Zoom the time view in or out', shortcut: { key: '+ −' } },
  { label: 'Move in a list or the palette', shortcut: { key: '↑ ↓' } },
  { label: 'Open the selected row, run the selected action', shortcut: { key: 'Enter' } },
  { label: 'Close, clear a filter, cancel an edit', shortcut: { key: 'Esc' } },
]

/** The actions that make sense in this context ("Search this list" only where there is a list). */
export function availableActions(context: PaletteContext): PaletteAction[] {
  return ACTIONS.filter((a) => {
    if (a.id === 'focus-search') return SEARCHABLE.includes(context.view)
    if (a.id === `go-${context.view}`) return false
    return true
  })
}

/**
 * How well `query` matches `text` (higher is better), or undefined when it does not: a match at
 * the start beats one at a word's start, which beats one inside a word; failing a substring, the
 * query's letters in order (a subsequence, "nsub" → "New subscription") still match, lower.
 */
export function matchScore(text: string, query: string): number | undefined {
  const hay = text.toLowerCase()
  const needle = query.toLowerCase().trim().replace(/\s+/g, ' ')
  if (needle === '') return 0
  const at = hay.indexOf(needle)
  if (at === 0) return 100
  if (at > 0) {
    const wordStart = new RegExp(`(^|[^a-z0-9])${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(hay)
    return wordStart ? 80 : 60
  }
  // Every word of the query somewhere in the text, in any order.
  const words = needle.split(' ')
  if (words.length > 1 && words.every((w) => hay.includes(w))) return 50
  let from = 0
  for (const char of needle.replace(/ /g, '')) {
    const found = hay.indexOf(char, from)
    if (found === -1) return undefined
    from = found + 1
  }
  return 20
}

/** The actions matching `query`, best first; equally good ones keep the list's order. */
export function filterActions(actions: PaletteAction[], query: string): PaletteAction[] {
  const scored: { action: PaletteAction; score: number; index: number }[] = []
  actions.forEach((action, index) => {
    const byLabel = matchScore(action.label, query)
    const byKeywords = matchScore(action.keywords, query)
    // A keyword match ranks below the same match in the label, and never by subsequence.
    const keywordScore = byKeywords !== undefined && byKeywords > 20 ? byKeywords - 30 : undefined
    const score = Math.max(byLabel ?? -1, keywordScore ?? -1)
    if (score >= 0) scored.push({ action, score, index })
  })
  return scored.sort((a, b) => b.score - a.score || a.index - b.index).map((s) => s.action)
}

/** Where the selection goes on a key, wrapping around; unchanged for other keys. */
export function moveSelection(index: number, count: number, key: string): number {
  if (count === 0) return 0
  if (key === 'ArrowDown') return (index + 1) % count
  if (key === 'ArrowUp') return (index - 1 + count) % count
  if (key === 'Home') return 0
  if (key === 'End') return count - 1
  return index
}

/** "Toggle theme": the opposite of what is shown now, as an explicit choice. */
export function toggledTheme(shown: 'light' | 'dark'): PaletteThemeChoice {
  return shown === 'dark' ? 'light' : 'dark'
}

/** Whether this is a macOS host, from the user agent's platform (web and Electron alike). */
export function isMac(platform: string): boolean {
  return /mac|iphone|ipad/i.test(platform)
}

/** A shortcut as the user reads it: `Ctrl+K`, or `⌘K` on macOS. */
export function formatShortcut(shortcut: Shortcut, mac: boolean): string {
  if (!shortcut.mod) return shortcut.key
  return mac ? `⌘${shortcut.key}` : `Ctrl+${shortcut.key}`
}

/** Whether a key event is the palette's shortcut: Ctrl+K, or Cmd+K on macOS (no other modifier). */
export function isPaletteKey(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }, mac: boolean): boolean {
  if (event.key.toLowerCase() !== 'k' || event.altKey || event.shiftKey) return false
  return mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey
}
