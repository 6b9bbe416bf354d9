import { describe, expect, it } from 'vitest'
import {
  ACTIONS,
  SHORTCUTS,
  availableActions,
  filterActions,
  formatShortcut,
  isMac,
  isPaletteKey,
  matchScore,
  moveSelection,
  toggledTheme,
} from '../../../src/renderer/src/components/palette-actions'

const labels = (query: string, view: Parameters<typeof availableActions>[0]['view'] = 'timeline') => filterActions(availableActions({ view }), query).map((a) => a.label)
const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods })

describe('the command palette actions', () => {
  it('has every action the UI offers, each once, views with their Ctrl+1…7', () => {
    const ids = ACTIONS.map((a) => a.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ['go-scenarios', 'go-fire', 'go-subscriptions', 'go-timeline', 'go-receiver', 'go-settings', 'go-check', 'focus-search', 'fire-event', 'new-subscription', 'redeliver-failed', 'new-endpoint', 'export-har', 'toggle-theme', 'shortcuts']) {
      expect(ids).toContain(id)
    }
    expect(ACTIONS.filter((a) => a.id.startsWith('go-')).map((a) => a.shortcut?.key)).toEqual(['1', '2', '3', '4', '5', '6', '7'])
  })

  it('lists "Search this list" only in views with a list, and no "go to" the view shown', () => {
    expect(availableActions({ view: 'timeline' }).map((a) => a.id)).toContain('focus-search')
    expect(availableActions({ view: 'receiver' }).map((a) => a.id)).toContain('focus-search')
    expect(availableActions({ view: 'settings' }).map((a) => a.id)).not.toContain('focus-search')
    expect(availableActions({ view: 'receiver' }).map((a) => a.id)).not.toContain('go-receiver')
  })

  it('lists every shortcut once, the palette first', () => {
    expect(SHORTCUTS[0]!.label).toBe('Command palette')
    expect(new Set(SHORTCUTS.map((s) => s.label)).size).toBe(SHORTCUTS.length)
  })
})

describe('filtering', () => {
  it('keeps everything in order for an empty query', () => {
    expect(labels('')).toEqual(availableActions({ view: 'timeline' }).map((a) => a.label))
    expect(labels('   ')).toHaveLength(availableActions({ view: 'timeline' }).length)
  })

  it('puts a view first for the start of its name, whatever the case', () => {
    expect(labels('recei')[0]).toBe('Go to Receiver')
    expect(labels('RECEI')).toContain('New receiver endpoint')
    expect(labels('sett')[0]).toBe('Go to Settings')
  })

  it('ranks the start of the label over the start of a word over inside a word', () => {
    expect(matchScore('Toggle theme', 'tog')).toBeGreaterThan(matchScore('Go to Timeline', 'tim')!)
    expect(matchScore('Go to Timeline', 'tim')).toBeGreaterThan(matchScore('Go to Timeline', 'ime')!)
  })

  it('matches words in any order, and letters in order as a last resort', () => {
    expect(labels('theme toggle')[0]).toBe('Toggle theme')
    expect(labels('nsub')[0]).toBe('New subscription')
    expect(matchScore('Export captures (HAR)', 'xyz')).toBeUndefined()
  })

  it('finds actions by their keywords, below label matches', () => {
    expect(labels('dark')[0]).toBe('Theme: dark')
    expect(labels('dark')).toContain('Toggle theme')
    expect(labels('inbox')).toContain('Go to Receiver')
    expect(labels('retry')).toEqual(['Redeliver failed (last hour)'])
  })

  it('finds nothing for nonsense', () => {
    expect(labels('qqqq')).toEqual([])
  })

  it('treats regular expression characters as text', () => {
    expect(labels('(har')).toEqual(['Export captures (HAR)'])
  })
})

describe('selection', () => {
  it('moves with the arrows and wraps around', () => {
    expect(moveSelection(0, 3, 'ArrowDown')).toBe(1)
    expect(moveSelection(2, 3, 'ArrowDown')).toBe(0)
    expect(moveSelection(0, 3, 'ArrowUp')).toBe(2)
    expect(moveSelection(1, 3, 'Home')).toBe(0)
    expect(moveSelection(1, 3, 'End')).toBe(2)
    expect(moveSelection(1, 3, 'a')).toBe(1)
    expect(moveSelection(0, 0, 'ArrowDown')).toBe(0)
  })
})

describe('theme and keys', () => {
  it('toggles to the opposite of the theme shown', () => {
    expect(toggledTheme('light')).toBe('dark')
    expect(toggledTheme('dark')).toBe('light')
  })

  it('opens on Ctrl+K, or ⌘K on macOS, and nothing else', () => {
    expect(isPaletteKey(key('k', { ctrlKey: true }), false)).toBe(true)
    expect(isPaletteKey(key('K', { ctrlKey: true }), false)).toBe(true)
    expect(isPaletteKey(key('k', { metaKey: true }), false)).toBe(false)
    expect(isPaletteKey(key('k', { metaKey: true }), true)).toBe(true)
    expect(isPaletteKey(key('k', { ctrlKey: true }), true)).toBe(false)
    expect(isPaletteKey(key('k', { ctrlKey: true, shiftKey: true }), false)).toBe(false)
    expect(isPaletteKey(key('k', { ctrlKey: true, altKey: true }), false)).toBe(false)
    expect(isPaletteKey(key('k'), false)).toBe(false)
  })

  it('shows shortcuts the way each platform writes them', () => {
    expect(formatShortcut({ mod: true, key: 'K' }, false)).toBe('Ctrl+K')
    expect(formatShortcut({ mod: true, key: 'K' }, true)).toBe('⌘K')
    expect(formatShortcut({ key: '/' }, true)).toBe('/')
    expect(isMac('MacIntel')).toBe(true)
    expect(isMac('Linux x86_64')).toBe(false)
  })
})
