import { create } from 'zustand'
import { type RunSummary, isRunFinal } from '../../../../shared/schemas/run'

/**
 * Scenario runs as the engine last reported them, by id: the list loaded at start, then every
 * `run` event (one per step) replaces its run. Kept apart from the main store: runs change on
 * every step and only the Scenarios view reads them.
 */
export interface RunsState {
  byId: Record<string, RunSummary>
  /** The list has been loaded once. */
  loaded: boolean
}

export const useRuns = create<RunsState>()(() => ({ byId: {}, loaded: false }))

/**
 * Runs in with the ones held; a run already held is replaced only by a record at least as far
 * along (a list fetched before a step event must not take the step back).
 */
export function mergeRuns(byId: Record<string, RunSummary>, runs: RunSummary[]): Record<string, RunSummary> {
  let next = byId
  for (const run of runs) {
    const held = next[run.id]
    if (held && !isAtLeastAsFar(run, held)) continue
    if (next === byId) next = { ...byId }
    next[run.id] = run
  }
  return next
}

function isAtLeastAsFar(run: RunSummary, held: RunSummary): boolean {
  // An interrupted run goes on when it is resumed; a finished one never runs again.
  if (isRunFinal(held) && !isRunFinal(run)) return false
  return run.next >= held.next || isRunFinal(run)
}

/** Live run records from the event stream, oldest first. */
export function applyRuns(runs: RunSummary[]) {
  if (runs.length === 0) return
  useRuns.setState((state) => ({ byId: mergeRuns(state.byId, runs) }))
}

/** The list as the engine gave it (newest first, up to its limit). */
export function setLoadedRuns(runs: RunSummary[]) {
  useRuns.setState((state) => ({ byId: mergeRuns(state.byId, runs), loaded: true }))
}

/** Newest first. */
export function runsNewestFirst(byId: Record<string, RunSummary>): RunSummary[] {
  return Object.values(byId).sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id))
}
