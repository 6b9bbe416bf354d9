import { create } from 'zustand'
import { pageStorage } from './browser-page'

/** How a body is shown: indented and coloured JSON, the text as it is, or bytes in hex. */
export type BodyMode = 'pretty' | 'raw' | 'hex'
export const BODY_MODES: readonly BodyMode[] = ['pretty', 'raw', 'hex']

const KEY = 'hookbench.bodyMode'

function saved(): BodyMode {
  const value = pageStorage()?.getItem(KEY)
  return BODY_MODES.find((mode) => mode === value) ?? 'pretty'
}

/** The "Pretty | Raw | Hex" choice, shared by every body shown and remembered across sessions. */
export const useBodyMode = create<{ mode: BodyMode }>()(() => ({ mode: saved() }))

export function setBodyMode(mode: BodyMode) {
  pageStorage()?.setItem(KEY, mode)
  useBodyMode.setState({ mode })
}
