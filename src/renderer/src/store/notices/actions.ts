import { useHookbench } from '../app-store'
import type { Notice } from './model'

/** Shows a notice once (a repeat counts on the one shown); it dismisses itself after a while. */
export const addNotice = (level: Notice['level'], message: string) => useHookbench.getState().addNotice(level, message)
export const dismissNotice = (id: number) => useHookbench.getState().dismissNotice(id)
