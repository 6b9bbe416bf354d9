import { type StateCreator, create } from 'zustand'
import type { EngineEvent } from '../../../shared/api/events'
import type { EngineStatus } from '../../../shared/schemas/status'
import { type ConfigPart, applyEvents } from './engine-events'
import type { Notice } from './notices'
import { browserPage } from './slices/browser-page'
import { type ConfigSlice, createConfigSlice } from './slices/config-slice'
import { type EngineSlice, createEngineSlice } from './slices/engine-slice'
import { type NoticesSlice, createNoticesSlice } from './slices/notices-slice'
import { type ThemeChoice, type UiPage, type UiSlice, type ViewId, createUiSlice } from './slices/ui-slice'

export { ThemeChoice, ViewId } from './slices/ui-slice'
export type { ConfigPart } from './engine-events'
export type { Notice } from './notices'

/** The renderer's one store: each slice holds its state and the actions that change it. */
export type HookbenchState = EngineSlice & NoticesSlice & ConfigSlice & UiSlice

/** The slices combined; `page` is where the UI slice keeps the theme and the view (a fake in tests). */
export const hookbenchSlices =
  (page: UiPage): StateCreator<HookbenchState> =>
  (...a) => ({
    ...createEngineSlice(...a),
    ...createNoticesSlice(...a),
    ...createConfigSlice(...a),
    ...createUiSlice(page)(...a),
  })

/** The store mirrors the engine's state; the engine stays the source of truth. */
export const useHookbench = create<HookbenchState>()(hookbenchSlices(browserPage))

// The actions as plain functions, for code outside React (API calls, the event stream, timers).

/**
 * Applies a batch of engine events to this store; returns the configuration parts that must be
 * re-read. Deliveries and captures go to their lists (engine-sync.ts).
 */
export const applyEngineEvents = (events: EngineEvent[]): Set<ConfigPart> => applyEvents(useHookbench.getState(), events)
export const setStatus = (status: EngineStatus) => useHookbench.getState().setStatus(status)
export const setUnreachable = (message: string) => useHookbench.getState().setUnreachable(message)
export const setReachable = () => useHookbench.getState().setReachable()
/** Shows a notice once (a repeat counts on the one shown); it dismisses itself after a while. */
export const addNotice = (level: Notice['level'], message: string) => useHookbench.getState().addNotice(level, message)
export const dismissNotice = (id: number) => useHookbench.getState().dismissNotice(id)
export const showView = (view: ViewId) => useHookbench.getState().showView(view)
export const setTheme = (theme: ThemeChoice) => useHookbench.getState().setTheme(theme)
