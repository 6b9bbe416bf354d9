import { create } from 'zustand'
import type { ScenarioFile, ScenarioInfo, ScenarioProblem } from '../../../../shared/schemas/scenario-api'
import { pageStorage } from '../ui/browser-page'
import type { Draft } from './drafts'
import { EMPTY_RUN_OPTIONS, type RunOptionsForm } from './run-options'

/*
 * The studio's state: the library, the scenario open in the editor (its file and the editor's
 * text), the problems of that text, the run shown and the run options; its own store, so it
 * outlives a switch to another view. What changes it is in actions.ts.
 */

export type EditorTab = 'form' | 'source'

export interface OpenScenario {
  file: ScenarioFile
  /** The editor's text: the file's, or the unsaved draft. */
  source: string
  /** Set when the editor opened on a draft from an earlier session. */
  restored: Draft | undefined
  /** Why the last save was refused: the file changed (or went) elsewhere since it was opened. */
  conflict?: string
}

/** A deleted scenario, kept until the undo offer goes. */
export interface Deleted {
  id: string
  name: string
  fileName: string
  source: string
}

export interface StudioState {
  scenarios: ScenarioInfo[]
  loaded: boolean
  open: OpenScenario | undefined
  problems: ScenarioProblem[]
  /** The text the problems are of: the list is stale while it differs from the editor's. */
  problemsOf: string | undefined
  tab: EditorTab
  openRunId: string | undefined
  allRuns: boolean
  runOptions: RunOptionsForm
  /** A file picked for import that is not a valid scenario, and why. */
  importProblem: { fileName: string; problems: ScenarioProblem[]; message?: string } | undefined
  deleted: Deleted | undefined
  /** Unsaved edits just discarded, kept until the undo offer goes. */
  discarded: Discarded | undefined
}

/** The editor's text before Discard changes, for its scenario only. */
export interface Discarded {
  id: string
  source: string
}

/** Where the editor's tab (form or source) is remembered. */
export const TAB_KEY = 'hookbench.studio.tab'

export const useStudio = create<StudioState>()(() => ({
  scenarios: [],
  loaded: false,
  open: undefined,
  problems: [],
  problemsOf: undefined,
  tab: pageStorage()?.getItem(TAB_KEY) === 'form' ? 'form' : 'source',
  openRunId: undefined,
  allRuns: false,
  runOptions: EMPTY_RUN_OPTIONS,
  importProblem: undefined,
  deleted: undefined,
  discarded: undefined,
}))

export const isDirty = (open: OpenScenario | undefined) => open !== undefined && open.source !== open.file.source
