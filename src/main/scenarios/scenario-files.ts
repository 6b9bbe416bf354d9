import type { SaveScenarioInput, ScenarioFile, ScenarioInfo, ScenarioProblem } from '../../shared/schemas/scenario-api'
import { ApiFailure } from '../core/errors'
import { type ScenarioStore, scenarioIdOf } from '../persistence/scenario-store'
import { LIBRARY } from './library'
import { formatProblems, parseScenario, readScenarioValue } from './parse-scenario'
import { collectFiles } from './scenario-file-map'

/** The built-in library and the user's saved scenarios, as one list; built-in ids cannot be saved over. */
export function createScenarioFiles(deps: { store: ScenarioStore; receiverUrl(): string | null; onChanged?: () => void }) {
  const vars = () => ({ receiver: deps.receiverUrl() ?? 'http://127.0.0.1:4781/' })

  /** Every file an include can name in the app: the saved scenarios and the built-ins, by file name (a saved one wins). */
  async function includable(): Promise<Record<string, string>> {
    const saved = await deps.store.list()
    return Object.fromEntries([...LIBRARY, ...saved].map((file) => [file.fileName, file.source]))
  }

  /** The files a scenario's text includes (and what they include), among those the app has. */
  async function filesFor(source: string, fileName: string, available?: Record<string, string>): Promise<Record<string, string>> {
    const raw = readScenarioValue(source, fileName)
    const all = available ?? (await includable())
    const { files } = await collectFiles(raw, async (path) => (Object.hasOwn(all, path) ? { text: all[path]! } : { problem: 'no such scenario' }), (text, path) => readScenarioValue(text, path))
    return files
  }

  /** Problems of a file's text, every one with its path (and line and column in YAML); includes from `files`, else from the app's scenarios. */
  async function validate(source: string, fileName: string, files?: Record<string, string>): Promise<ScenarioProblem[]> {
    const parsed = parseScenario(source, { fileName, vars: vars(), files: files ?? (await filesFor(source, fileName)) })
    return parsed.ok ? [] : parsed.problems
  }

  function describe(file: { id: string; fileName: string; source: string }, builtin: boolean, files: Record<string, string>): ScenarioFile {
    const parsed = parseScenario(file.source, { fileName: file.fileName, vars: vars(), files })
    const scenario = parsed.ok ? parsed.scenario : undefined
    return {
      id: file.id,
      name: scenario?.name ?? file.fileName,
      ...(scenario?.description !== undefined && { description: scenario.description.trim() }),
      ...(scenario && { provider: scenario.provider }),
      builtin,
      fileName: file.fileName,
      steps: scenario?.steps.length ?? 0,
      problems: parsed.ok ? [] : parsed.problems,
      source: file.source,
    }
  }

  const info = ({ source: _source, ...rest }: ScenarioFile): ScenarioInfo => rest

  let saving: Promise<unknown> = Promise.resolve()
  async function saveNow({ previousSource, ...input }: SaveScenarioInput): Promise<ScenarioInfo> {
    // What it includes is read once: for its check and for its description once saved.
    const files = await filesFor(input.source, input.fileName)
    const problems = await validate(input.source, input.fileName, files)
    if (problems.length > 0) throw new ApiFailure('invalid_input', formatProblems(problems, input.fileName), problems.map(({ path, message }) => ({ path, message })))
    const id = input.id ?? scenarioIdOf(input.fileName)
    if (LIBRARY.some((s) => s.id === id)) throw new ApiFailure('conflict', `"${id}" is a built-in scenario; save your copy under another name`)
    if (previousSource !== undefined) refuseIfChanged(id, previousSource, (await deps.store.get(id))?.source)
    const saved = await deps.store.save({ ...input, id })
    deps.onChanged?.()
    return info(describe(saved, false, files))
  }

  async function get(id: string): Promise<ScenarioFile> {
    const all = await includable()
    const builtin = LIBRARY.find((s) => s.id === id)
    if (builtin) return describe(builtin, true, await filesFor(builtin.source, builtin.fileName, all))
    const saved = await deps.store.get(id)
    if (!saved) throw new ApiFailure('not_found', `No scenario "${id}"; see the library or your saved scenarios`)
    return describe(saved, false, await filesFor(saved.source, saved.fileName, all))
  }

  return {
    validate,
    filesFor,
    get,
    async list(): Promise<ScenarioInfo[]> {
      const saved = await deps.store.list()
      const all = await includable()
      const described = async (file: (typeof saved)[number] | (typeof LIBRARY)[number], builtin: boolean) => info(describe(file, builtin, await filesFor(file.source, file.fileName, all)))
      return Promise.all([...LIBRARY.map((s) => described(s, true)), ...saved.map((s) => described(s, false))])
    },
    /**
     * Saves a valid file; an invalid one is refused with every problem, and nothing changes. One
     * save at a time: the text it replaces is compared with what is on disk right before writing.
     */
    save: (input: SaveScenarioInput): Promise<ScenarioInfo> => {
      const saved = saving.then(() => saveNow(input))
      saving = saved.catch(() => undefined)
      return saved
    },
    async remove(id: string): Promise<void> {
      if (LIBRARY.some((s) => s.id === id)) throw new ApiFailure('conflict', `"${id}" is a built-in scenario and cannot be deleted`)
      if (!(await deps.store.remove(id))) throw new ApiFailure('not_found', `No saved scenario "${id}"`)
      deps.onChanged?.()
    },
  }
}
export type ScenarioFiles = ReturnType<typeof createScenarioFiles>

/** A save that names the text it replaces is refused when the saved file is not that text any more. */
function refuseIfChanged(id: string, expected: string | null, stored: string | undefined) {
  if (expected === null && stored !== undefined) throw new ApiFailure('conflict', `There is already a saved scenario "${id}": save under another name, or open that one`)
  if (expected === null || stored === expected) return
  const what = stored === undefined ? 'was deleted' : 'was changed'
  throw new ApiFailure('conflict', `Scenario "${id}" ${what} since you opened it (in another window, or a step added from Fire); nothing was saved`)
}
