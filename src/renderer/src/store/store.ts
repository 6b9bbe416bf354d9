import { create } from 'zustand'
import type { EngineEvent } from '../../../shared/api/events'
import type { EngineStatus } from '../../../shared/schemas/status'

export type ThemeChoice = 'system' | 'light' | 'dark'
export type ViewId = 'scenarios' | 'subscriptions' | 'timeline' | 'receiver' | 'settings'

export interface Notice {
  id: number
  level: 'info' | 'warning' | 'error'
  message: string
}

interface EngineSlice {
  status: EngineStatus | undefined
  connection: 'connecting' | 'connected' | 'unreachable'
  connectionError: string | undefined
  notices: Notice[]
}

interface UiSlice {
  view: ViewId
  theme: ThemeChoice
}

export type HookbenchState = EngineSlice & UiSlice

const THEME_KEY = 'hookbench.theme'

function initialTheme(): ThemeChoice {
  const saved = globalThis.localStorage?.getItem(THEME_KEY)
  return saved === 'light' || saved === 'dark' ? saved : 'system'
}

/** The store mirrors the engine's state; the engine stays the source of truth. */
export const useHookbench = create<HookbenchState>()(() => ({
  status: undefined,
  connection: 'connecting',
  connectionError: undefined,
  notices: [],
  view: 'timeline',
  theme: initialTheme(),
}))

let nextNoticeId = 1

export function applyEngineEvents(events: EngineEvent[]) {
  for (const event of events) {
    if (event.type === 'status') useHookbench.setState({ status: event.status, connection: 'connected' })
    if (event.type === 'notice') addNotice(event.level, event.message)
  }
}

export function setStatus(status: EngineStatus) {
  useHookbench.setState({ status, connection: 'connected', connectionError: undefined })
}

export function setUnreachable(message: string) {
  useHookbench.setState({ connection: 'unreachable', connectionError: message })
}

export function addNotice(level: Notice['level'], message: string) {
  const notice = { id: nextNoticeId++, level, message }
  useHookbench.setState((state) => ({ notices: [...state.notices.slice(-4), notice] }))
}

export function dismissNotice(id: number) {
  useHookbench.setState((state) => ({ notices: state.notices.filter((n) => n.id !== id) }))
}

export function showView(view: ViewId) {
  useHookbench.setState({ view })
  if (globalThis.location && globalThis.location.hash !== `#/${view}`) globalThis.location.hash = `#/${view}`
}

export function setTheme(theme: ThemeChoice) {
  globalThis.localStorage?.setItem(THEME_KEY, theme)
  useHookbench.setState({ theme })
}
