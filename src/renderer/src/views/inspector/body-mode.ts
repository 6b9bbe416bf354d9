import { create } from 'zustand'
import { BODY_MODES, type BodyMode } from './body-format'

const KEY = 'hookbench.bodyMode'

function saved(): BodyMode {
  const value = globalThis.localStorage?.getItem(KEY)
  return BODY_MODES.find((mode) => mode === value) ?? 'pretty'
}

/** The "Pretty | Raw | Hex" choice, shared by every body shown and remembered across sessions. */
export const useBodyMode = create<{ mode: BodyMode }>()(() => ({ mode: saved() }))

export function setBodyMode(mode: BodyMode) {
  globalThis.localStorage?.setItem(KEY, mode)
  useBodyMode.setState({ mode })
}
