import type { ApiInput, ApiOutput } from '../../../../shared/api/contract'
import { scenarioExportName } from '../../../../shared/scenario-export-name'
import type { ScenarioInfo, ScenarioProblem } from '../../../../shared/schemas/scenario-api'
import { api } from '../../api/transport'
import { useHookbench } from '../app-store'
import { selectCatalogEntry } from '../catalog/selectors'
import { Conflict, call, callOrConflict } from '../engine/call'
import { addNotice } from '../notices/actions'
import { applyRuns } from '../runs/state'
import { download } from '../ui/download'
import { openingSource, removeDraft, writeDraft } from './drafts'
import { copyId, freeId, isScenarioFileName, libraryOrder, savedFileName, slugOf, templateSource } from './library'
import { problemsSummary } from './problems'
import type { RunOptionsForm } from './run-options'
import { type EditorTab, TAB_KEY, isDirty, useStudio } from './state'

/*
 * What the studio does: the library, the scenario open in the editor, checking its text, the
 * library's actions and its runs. Module-level actions, so the view's parts share them.
 */

const storage = (): Storage | undefined => globalThis.localStorage
const SELECTED_KEY = 'hookbench.studio.selected'
/** How long a deleted scenario can be brought back. */
export const UNDO_MS = 10_000
/** Typing rests this long before the text is checked (the editor's own lint waits as long). */
const VALIDATE_DELAY_MS = 300

const get = () => useStudio.getState()
const set = useStudio.setState

export async function loadLibrary(): Promise<void> {
  const scenarios = await call(api.listScenarios({}))
  if (scenarios) set({ scenarios: libraryOrder(scenarios), loaded: true })
}

/**
 * A scenario was saved or deleted (here or elsewhere): the library reads again, and an open
 * scenario without unsaved edits shows the file as it is now. One with edits keeps them: its save
 * will say what changed.
 */
export async function followLibrary(): Promise<void> {
  if (!get().loaded) return
  await loadLibrary()
  const { open } = get()
  if (!open || open.file.builtin || isDirty(open)) return
  const fresh = await api.getScenario({ id: open.file.id })
  const now = get().open
  if (!fresh.ok || now?.file !== open.file || isDirty(now) || fresh.data.source === now.file.source) return
  set({ open: { ...now, file: fresh.data, source: fresh.data.source }, problems: fresh.data.problems, problemsOf: fresh.data.source })
}

/** Counts the scenarios asked to open: only the newest request's answer is shown. */
let openRequests = 0

/** Loads the library and reopens the scenario shown last (or the first), unless the user opened one meanwhile. */
export async function startStudio(): Promise<void> {
  const before = openRequests
  await loadLibrary()
  if (get().open || openRequests !== before) return
  const { scenarios } = get()
  const last = storage()?.getItem(SELECTED_KEY)
  const pick = scenarios.find((s) => s.id === last) ?? scenarios[0]
  if (pick) await openScenario(pick.id)
}

export async function openScenario(id: string): Promise<void> {
  const request = ++openRequests
  const file = await call(api.getScenario({ id }))
  if (!file || request !== openRequests) return
  const { source, draft } = openingSource(storage(), id, file.source)
  storage()?.setItem(SELECTED_KEY, id)
  set({ open: { file, source, restored: draft }, problems: file.problems, problemsOf: file.source })
  scheduleValidation()
}

/** The editor's text changed: kept as a draft, checked once typing rests. */
export function editSource(source: string) {
  const { open } = get()
  if (!open || open.source === source) return
  writeDraft(storage(), open.file.id, source, open.file.source)
  set({ open: { ...open, source } })
  scheduleValidation()
}

let discardTimer: ReturnType<typeof setTimeout> | undefined

/** Back to the saved text; the edits can be brought back for a while (Undo). */
export function discardChanges() {
  const { open } = get()
  if (!open || !isDirty(open)) return
  removeDraft(storage(), open.file.id)
  clearTimeout(discardTimer)
  discardTimer = setTimeout(() => set({ discarded: undefined }), UNDO_MS)
  set({ open: { ...open, source: open.file.source, restored: undefined }, discarded: { id: open.file.id, source: open.source } })
  scheduleValidation()
}

/** The discarded edits back in the editor (and kept as a draft again), if that scenario is still open. */
export function undoDiscard() {
  const { discarded, open } = get()
  clearTimeout(discardTimer)
  set({ discarded: undefined })
  if (discarded && open?.file.id === discarded.id) editSource(discarded.source)
}

export function setTab(tab: EditorTab) {
  storage()?.setItem(TAB_KEY, tab)
  set({ tab })
}

// --- Checking the text -------------------------------------------------------------------------

let cached: { key: string; result: Promise<ScenarioProblem[] | undefined> } | undefined
let validationTimer: ReturnType<typeof setTimeout> | undefined

/** The problems of a text (the last answer is reused for the same text); undefined when the engine did not answer. */
export function validate(source: string, fileName: string): Promise<ScenarioProblem[] | undefined> {
  const key = `${fileName}\n${source}`
  if (cached?.key !== key) cached = { key, result: call(api.validateScenario({ source, fileName })).then((r) => r?.problems) }
  const result = cached.result
  void result.then((problems) => {
    const { open } = get()
    if (problems && open?.source === source && open.file.fileName === fileName) set({ problems, problemsOf: source })
  })
  return result
}

function scheduleValidation() {
  clearTimeout(validationTimer)
  validationTimer = setTimeout(() => {
    const { open } = get()
    if (open) void validate(open.source, open.file.fileName)
  }, VALIDATE_DELAY_MS)
}

// --- Library actions ---------------------------------------------------------------------------

/**
 * The ids in use, for a new file's free id: saving under a taken id replaces that file, so a
 * click quicker than the library's first read (New, Import, Duplicate) reads it first.
 * Undefined when it cannot be read.
 */
async function takenIds(): Promise<string[] | undefined> {
  if (!get().loaded) await loadLibrary()
  return get().loaded ? get().scenarios.map((s) => s.id) : undefined
}

/** Saves a file under an id still free and opens it; false when the engine refused. */
async function saveAndOpen(input: { id: string; source: string; fileName: string }, message: string): Promise<boolean> {
  const saved = await call(api.saveScenario({ ...input, previousSource: null }))
  if (!saved) return false
  await loadLibrary()
  await openScenario(saved.id)
  addNotice('info', message)
  return true
}

/**
 * Saves the editor's text: over the saved file as it was opened (or `over` whatever it is now,
 * once the user chose to after a conflict), or as a copy of a built-in.
 */
export async function saveOpen({ over = false } = {}): Promise<void> {
  const { open } = get()
  if (!open) return
  const { file, source } = open
  const problems = await validate(source, file.fileName)
  if (!problems) return
  if (problems.length > 0) {
    addNotice('error', `Not saved: ${problemsSummary(file.fileName, problems)} Fix the problems listed under the editor first.`)
    return
  }
  if (file.builtin) {
    const taken = await takenIds()
    if (!taken) return
    const id = copyId(file.id, taken)
    if (await saveAndOpen({ id, source, fileName: savedFileName(id, file.fileName) }, `Saved your copy of “${file.name}” as ${id}.`)) removeDraft(storage(), file.id)
    return
  }
  const saved = await callOrConflict(api.saveScenario({ id: file.id, source, fileName: file.fileName, ...(!over && { previousSource: file.source }) }))
  if (saved instanceof Conflict) return showConflict(file.id, saved.message)
  if (!saved) return
  removeDraft(storage(), file.id)
  const current = get().open
  // Typing may have gone on while saving: the editor keeps what it has, the file is what was sent.
  if (current?.file.id === file.id) set({ open: { file: { ...saved, source }, source: current.source, restored: undefined } })
  if (current && current.source !== source) writeDraft(storage(), file.id, current.source, source)
  await loadLibrary()
  addNotice('info', `Saved ${saved.fileName}.`)
}

/** The open scenario's save was refused: it changed elsewhere. The editor keeps the user's text. */
function showConflict(id: string, message: string) {
  const { open } = get()
  if (open?.file.id === id) set({ open: { ...open, conflict: message } })
}

/** After a conflict: the scenario as it is saved now in the editor, the user's text kept for Undo (as Discard does). */
export async function openSavedVersion(): Promise<void> {
  const { open } = get()
  if (!open) return
  const saved = await call(api.getScenario({ id: open.file.id }))
  const current = get().open
  if (!saved || current?.file.id !== saved.id) return
  set({ open: { ...current, file: saved, conflict: undefined } })
  discardChanges()
  await loadLibrary()
}

export async function newScenario(): Promise<void> {
  const generic = selectCatalogEntry('generic')(useHookbench.getState())
  const taken = await takenIds()
  if (!taken) return
  const id = freeId('new-scenario', taken)
  const source = templateSource('generic', generic?.events[0]?.name ?? 'deploy.succeeded')
  await saveAndOpen({ id, source, fileName: `${id}.yaml` }, `Made ${id} from the template: edit it and save.`)
}

export async function duplicateScenario(info: ScenarioInfo): Promise<void> {
  const file = await call(api.getScenario({ id: info.id }))
  if (!file) return
  const taken = await takenIds()
  if (!taken) return
  const id = copyId(info.id, taken)
  await saveAndOpen({ id, source: file.source, fileName: savedFileName(id, file.fileName) }, `Saved a copy of “${info.name}” as ${id}.`)
}

/** Imports a picked file when it is a valid scenario; otherwise says why and keeps everything as it was. */
export async function importFile(fileName: string, source: string): Promise<void> {
  set({ importProblem: undefined })
  if (!isScenarioFileName(fileName)) {
    set({ importProblem: { fileName, problems: [], message: `“${fileName}” is not a scenario file: pick a .yaml, .yml or .json file.` } })
    return
  }
  const problems = await validate(source, fileName)
  if (!problems) return
  if (problems.length > 0) {
    set({ importProblem: { fileName, problems } })
    return
  }
  const taken = await takenIds()
  if (!taken) return
  const id = freeId(slugOf(fileName), taken)
  await saveAndOpen({ id, source, fileName: savedFileName(id, fileName) }, `Imported “${fileName}” as ${id}.`)
}

export function dismissImportProblem() {
  set({ importProblem: undefined })
}

export async function exportScenario(info: ScenarioInfo): Promise<void> {
  const file = await call(api.getScenario({ id: info.id }))
  // Named after the scenario as it is now: a renamed scenario exports under its new name.
  if (file) await download(scenarioExportName(file.name, file.fileName), file.fileName.endsWith('.json') ? 'application/json' : 'application/yaml', file.source)
}

let undoTimer: ReturnType<typeof setTimeout> | undefined

export async function deleteScenario(info: ScenarioInfo): Promise<void> {
  const file = await call(api.getScenario({ id: info.id }))
  if (!file) return
  if ((await call(api.deleteScenario({ id: info.id }))) === undefined) return
  removeDraft(storage(), info.id)
  clearTimeout(undoTimer)
  undoTimer = setTimeout(() => set({ deleted: undefined }), UNDO_MS)
  const wasOpen = get().open?.file.id === info.id
  set({ deleted: { id: file.id, name: file.name, fileName: file.fileName, source: file.source }, ...(wasOpen && { open: undefined, problems: [], problemsOf: undefined }) })
  await loadLibrary()
  if (wasOpen && get().scenarios[0]) await openScenario(get().scenarios[0]!.id)
}

/** Saves the deleted file again, same id and text. */
export async function undoDelete(): Promise<void> {
  const { deleted } = get()
  if (!deleted) return
  clearTimeout(undoTimer)
  if (await saveAndOpen({ id: deleted.id, source: deleted.source, fileName: deleted.fileName }, `Restored ${deleted.fileName}.`)) set({ deleted: undefined })
}

// --- Runs --------------------------------------------------------------------------------------

export function setRunOptions(changes: Partial<RunOptionsForm>) {
  set((s) => ({ runOptions: { ...s.runOptions, ...changes } }))
}

export function openRun(id: string | undefined) {
  set({ openRunId: id })
}

export function setAllRuns(allRuns: boolean) {
  set({ allRuns })
}

/** Runs the editor's text as it is, saved or not. */
export async function runOpen(options: { targets: string[]; timeScale: number; vars: Record<string, string>; seed?: string }): Promise<void> {
  const { open } = get()
  if (!open) return
  const started = await call(api.runScenario({ source: open.source, fileName: open.file.fileName, options }))
  if (!started) return
  applyRuns([started])
  set({ openRunId: started.id })
}

export async function cancelRun(id: string) {
  const cancelled = await call(api.cancelRun({ id }))
  if (cancelled) applyRuns([cancelled])
}

export async function replay(id: string, mode: 'fresh' | 'exact') {
  const started = await call(api.replayRun({ id, mode }))
  if (!started) return
  applyRuns([started])
  set({ openRunId: started.id })
}

export async function exportRunReport(id: string, format: 'junit' | 'json') {
  const report = await call(api.getRunReport({ id, format }))
  if (report) download(report.filename, report.mimeType, report.text)
}

// --- For other views (Fire's Save as scenario step) ------------------------------------------

/** The built-in and saved scenarios. */
export const listScenarios = (): Promise<ApiOutput<'listScenarios'> | undefined> => call(api.listScenarios({}))

/** A scenario's file, its source included. */
export const readScenario = (id: string): Promise<ApiOutput<'getScenario'> | undefined> => call(api.getScenario({ id }))

/** Saves a scenario file (a new one, or over a saved one); it, as saved. */
export const saveScenarioFile = (input: ApiInput<'saveScenario'>): Promise<ApiOutput<'saveScenario'> | undefined> => call(api.saveScenario(input))
