import { type StateCreator, create } from 'zustand'
import { type CatalogSlice, createCatalogSlice } from './catalog/slice'
import { type ControllersSlice, createControllersSlice } from './controllers/slice'
import { type EngineSlice, createEngineSlice } from './engine/slice'
import { type NoticesSlice, createNoticesSlice } from './notices/slice'
import { type ReceiverSlice, createReceiverSlice } from './receiver/slice'
import { type SettingsSlice, createSettingsSlice } from './settings/slice'
import { type SubscriptionsSlice, createSubscriptionsSlice } from './subscriptions/slice'
import { browserPage } from './ui/browser-page'
import { type UiPage, type UiSlice, createUiSlice } from './ui/slice'

/*
 * The app store: one zustand store made of one slice per domain (zustand's slices pattern). It
 * holds what every view may read and what changes at the pace of the engine's configuration: the
 * connection and status, the notices, the view and theme, the catalog, the subscriptions, the
 * receiver's endpoints, the controllers and the settings. Each slice is typed against its own
 * state only, so the domains do not import this file or each other.
 *
 * What changes many times a second, or only for one view, keeps a store of its own beside it:
 * the paged lists (deliveries/list.ts, receiver/captures.ts), runs, checks, the fire draft, the
 * studio, the time view's window. An update there (a run's step, a check's case, a keystroke in
 * the payload, a burst of 500 deliveries a second) then runs only its own subscribers' selectors.
 */

export type HookbenchState = EngineSlice & NoticesSlice & UiSlice & CatalogSlice & SubscriptionsSlice & ReceiverSlice & ControllersSlice & SettingsSlice

/** The slices combined; `page` is where the UI slice keeps the theme and the view (a fake in tests). */
export const hookbenchSlices =
  (page: UiPage): StateCreator<HookbenchState> =>
  (...a) => ({
    ...createEngineSlice(...a),
    ...createNoticesSlice(...a),
    ...createUiSlice(page)(...a),
    ...createCatalogSlice(...a),
    ...createSubscriptionsSlice(...a),
    ...createReceiverSlice(...a),
    ...createControllersSlice(...a),
    ...createSettingsSlice(...a),
  })

/** The store mirrors the engine's state; the engine stays the source of truth. */
export const useHookbench = create<HookbenchState>()(hookbenchSlices(browserPage))
