import { z } from 'zod'
import type { StateCreator } from 'zustand'
import { viewOfHash } from './view-hash'

/** The views, in the navigation's order (Ctrl+1…6); `#/<view>` in the URL. */
export const ViewId = z.enum(['scenarios', 'fire', 'subscriptions', 'timeline', 'receiver', 'settings', 'check'])
export type ViewId = z.infer<typeof ViewId>

/** `system` follows the OS; the other two are the user's explicit choice. */
export const ThemeChoice = z.enum(['system', 'light', 'dark'])
export type ThemeChoice = z.infer<typeof ThemeChoice>

/** What the UI slice keeps outside the store: the theme across reloads, the view in the URL. */
export interface UiPage {
  savedTheme(): string | undefined
  saveTheme(theme: ThemeChoice): void
  /** The URL hash; undefined where there is no page (unit tests). */
  hash(): string | undefined
  setHash(hash: string): void
}

export interface UiSlice {
  view: ViewId
  theme: ThemeChoice
  /** Shows a view and puts it in the URL hash (back/forward and reload keep it). */
  showView(view: ViewId): void
  /** Applies a theme and remembers it for the next start. */
  setTheme(theme: ThemeChoice): void
}

export const createUiSlice =
  (page: UiPage): StateCreator<UiSlice> =>
  (set) => ({
    view: 'timeline',
    theme: ThemeChoice.catch('system').parse(page.savedTheme()),
    showView(view) {
      set({ view })
      const hash = page.hash()
      // Compares the view only: the Timeline's hash also carries its filters (timeline-url.ts).
      if (hash !== undefined && viewOfHash(hash) !== view) page.setHash(`#/${view}`)
    },
    setTheme(theme) {
      page.saveTheme(theme)
      set({ theme })
    },
  })
