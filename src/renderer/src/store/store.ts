import { create } from 'zustand'
import { type Notice, createNoticeTimers, withNotice } from './notices'
import { viewOfHash } from './timeline-url'
import type { EngineEvent } from '../../../shared/api/events'
import type { ApiOutput } from '../../../shared/api/contract'
import type { UserSettings } from '../../../shared/schemas/document'
import type { ClusterHeartbeat } from '../../../shared/schemas/heartbeat'
import type { Endpoint } from '../../../shared/schemas/receiver'
import type { EngineStatus } from '../../../shared/schemas/status'
import type { Subscription } from '../../../shared/schemas/subscription'

export type ThemeChoice = 'system' | 'light' | 'dark'
export type ViewId = 'scenarios' | 'fire' | 'subscriptions' | 'timeline' | 'receiver' | 'settings'

export type { Notice } from './notices'

interface EngineSlice {
  status: EngineStatus | undefined
  connection: 'connecting' | 'connected' | 'unreachable'
  connectionError: string | undefined
  notices: Notice[]
  /** Long work in progress, by task. */
  progress: Record<string, { label: string; done: number; total: number }>
}

/**
 * What the views show; loaded at start, then kept current by the event stream. Deliveries and
 * captures are too many to hold: their lists (lists.ts) keep a window of them.
 */
interface DataSlice {
  catalog: ApiOutput<'getCatalog'>
  subscriptions: Subscription[]
  endpoints: Endpoint[]
  heartbeats: ApiOutput<'listHeartbeats'>
  settings: UserSettings | undefined
}

/** A part of the configuration that changed and must be re-read. */
export type ConfigPart = Extract<EngineEvent, { type: 'config' }>['what']

interface UiSlice {
  view: ViewId
  theme: ThemeChoice
}

export type HookbenchState = EngineSlice & DataSlice & UiSlice

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
  progress: {},
  catalog: [],
  subscriptions: [],
  endpoints: [],
  heartbeats: { controllers: [], clusters: [] },
  settings: undefined,
  view: 'timeline',
  theme: initialTheme(),
}))

let nextNoticeId = 1

/**
 * Applies a batch of engine events to this store; returns the configuration parts that must be
 * re-read. Deliveries and captures go to their lists (engine-sync.ts).
 */
export function applyEngineEvents(events: EngineEvent[]): Set<ConfigPart> {
  const stale = new Set<ConfigPart>()
  for (const event of events) {
    if (event.type === 'status') useHookbench.setState({ status: event.status, connection: 'connected' })
    if (event.type === 'notice') addNotice(event.level, event.message)
    if (event.type === 'config') stale.add(event.what)
    if (event.type === 'progress') {
      useHookbench.setState((s) => {
        const { [event.task]: _finished, ...rest } = s.progress
        return { progress: event.done >= event.total ? rest : { ...rest, [event.task]: event } }
      })
    }
    if (event.type === 'heartbeat') {
      useHookbench.setState((s) => ({
        heartbeats: { ...s.heartbeats, clusters: upsert(s.heartbeats.clusters, event.cluster, (c: ClusterHeartbeat) => c.clusterId) },
      }))
    }
  }
  return stale
}

/** Replaces the item with the same key in place, or adds it last. */
function upsert<T>(list: T[], item: T, key: (item: T) => string): T[] {
  const at = list.findIndex((existing) => key(existing) === key(item))
  if (at !== -1) return list.map((existing, i) => (i === at ? item : existing))
  return [...list, item]
}

export function setStatus(status: EngineStatus) {
  useHookbench.setState({ status, connection: 'connected', connectionError: undefined })
}

export function setUnreachable(message: string) {
  useHookbench.setState({ connection: 'unreachable', connectionError: message })
}

/** The engine answered a call: a status bar that said it was unreachable says so no more. */
export function setReachable() {
  const { connection, status } = useHookbench.getState()
  if (connection === 'unreachable' && status) useHookbench.setState({ connection: 'connected', connectionError: undefined })
}

/** Shows a notice once (a repeat counts on the one shown); it dismisses itself after a while. */
export function addNotice(level: Notice['level'], message: string) {
  const { notices, id } = withNotice(useHookbench.getState().notices, level, message, nextNoticeId++)
  useHookbench.setState({ notices })
  noticeTimers.restart(id, level)
}

export function dismissNotice(id: number) {
  noticeTimers.stop(id)
  useHookbench.setState((state) => ({ notices: state.notices.filter((n) => n.id !== id) }))
}
const noticeTimers = createNoticeTimers(dismissNotice)

export function showView(view: ViewId) {
  useHookbench.setState({ view })
  // Compares the view only: the Timeline's hash also carries its filters (timeline-url.ts).
  if (globalThis.location && viewOfHash(globalThis.location.hash) !== view) globalThis.location.hash = `#/${view}`
}

export function setTheme(theme: ThemeChoice) {
  globalThis.localStorage?.setItem(THEME_KEY, theme)
  useHookbench.setState({ theme })
}
