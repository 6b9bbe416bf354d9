import { create } from 'zustand'
import type { EngineEvent } from '../../../../shared/api/events'
import type { CheckRun, CheckSummary } from '../../../../shared/schemas/check'
import { type CheckErrors, type CheckForm, INITIAL_FORM } from './form'

export type CheckEvent = Extract<EngineEvent, { type: 'check' }>

/**
 * Endpoint checks as the engine reports them, and the Check view's form (kept here so leaving
 * the view loses nothing). Events for a check not read yet wait in `early`: a case can finish
 * before the answer of getCheck arrives.
 */
export interface ChecksState {
  byId: Record<string, CheckRun>
  early: Record<string, CheckEvent[]>
  /** The check the view shows. */
  current: string | undefined
  /** The case whose detail is open. */
  opened: string | undefined
  form: CheckForm
  errors: CheckErrors
  /** The checks the engine keeps (the last 50), newest first, as last read. */
  history: CheckSummary[]
}

export const useChecks = create<ChecksState>()(() => ({ byId: {}, early: {}, current: undefined, opened: undefined, form: INITIAL_FORM, errors: {}, history: [] }))

/** A check with one event applied: a case added once, the report or the stop that ends it. */
export function withCheckEvent(run: CheckRun, event: CheckEvent): CheckRun {
  if (event.report) return { ...run, ...event.report, state: 'finished' }
  if (event.error !== undefined) return { ...run, state: 'failed', error: event.error }
  if (event.cancelled) return { ...run, state: 'cancelled', passed: false }
  if (event.case && run.state === 'running' && !run.cases.some((c) => c.id === event.case!.id)) return { ...run, cases: [...run.cases, event.case] }
  return run
}

/** Checks started elsewhere (another window, a script) are never read here: their events are kept for this many only. */
const EARLY_KEPT = 20

/** State after a batch of events: known checks move on, others' events wait for their check. */
export function checksAfterEvents(state: Pick<ChecksState, 'byId' | 'early'>, events: CheckEvent[]): Pick<ChecksState, 'byId' | 'early'> {
  const byId = { ...state.byId }
  const early = { ...state.early }
  for (const event of events) {
    const run = byId[event.id]
    if (run) byId[event.id] = withCheckEvent(run, event)
    else early[event.id] = [...(early[event.id] ?? []), event]
  }
  const waiting = Object.keys(early)
  for (const id of waiting.slice(0, Math.max(0, waiting.length - EARLY_KEPT))) delete early[id]
  return { byId, early }
}

/** State with a check as read from the engine, and the events that came before it applied. */
export function checksWithLoaded(state: Pick<ChecksState, 'byId' | 'early'>, run: CheckRun): Pick<ChecksState, 'byId' | 'early'> {
  const { [run.id]: waiting = [], ...early } = state.early
  const held = state.byId[run.id]
  // An event may already have taken the held copy further than this read.
  const base = held && (held.state !== 'running' || held.cases.length > run.cases.length) ? held : run
  return { byId: { ...state.byId, [run.id]: waiting.reduce(withCheckEvent, base) }, early }
}

export function applyCheckEvents(events: CheckEvent[]) {
  if (events.length > 0) useChecks.setState((state) => checksAfterEvents(state, events))
}

export function setLoadedCheck(run: CheckRun) {
  useChecks.setState((state) => checksWithLoaded(state, run))
}

export function setCheckForm(form: CheckForm, errors: CheckErrors = {}) {
  useChecks.setState({ form, errors })
}

/** Events after which the history list is out of date: a check ended (or one it does not list started). */
export const endsOrStartsCheck = (events: CheckEvent[], history: CheckSummary[]) =>
  events.some((e) => e.report || e.error !== undefined || e.cancelled || !history.some((h) => h.id === e.id))

export function setCheckHistory(history: CheckSummary[]) {
  useChecks.setState({ history })
}
