import { useHookbench } from '../app-store'
import type { ThemeChoice, ViewId } from './slice'

/** Shows a view and puts it in the URL hash. */
export const showView = (view: ViewId) => useHookbench.getState().showView(view)
/** Applies a theme and remembers it for the next start. */
export const setTheme = (theme: ThemeChoice) => useHookbench.getState().setTheme(theme)
