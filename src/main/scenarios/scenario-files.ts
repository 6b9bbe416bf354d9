import type { ScenarioFile, ScenarioInfo, ScenarioProblem } from '../../shared/schemas/scenario-api'
import { ApiFailure } from '../core/errors'
import { type ScenarioStore, scenarioIdOf } from '../persistence/scenario-store'
import { LIBRARY } from './library'
import { formatProblems, parseScenario } from './parse-scenario'

/** The built-in library and the user's saved scenarios, as one list; built-in ids cannot be saved over. */
export function createScenarioFiles(deps: { store: ScenarioStore; receiverUrl(): string | null }) {
  const vars = () => ({ receiver: deps.receiverUrl() ?? 'http://127.0.0.1:4781/' })

  /** Problems of a file's text, every one with its path (and line and column in YAML). */
  function validate(source: string, fileName: string): ScenarioProblem[] {
    const parsed = parseScenario(source, { fileName, vars: vars() })
    return parsed.ok ? [] : parsed.problems
  }

  function describe(file: { id: string; fileName: string; source: string }, builtin: boolean): ScenarioFile {
    const parsed = parseScenario(file.source, { fileName: file.fileName, vars: vars() })
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

  async function get(id: string): Promise<ScenarioFile> {
    const builtin = LIBRARY.find((s) => s.id === id)
    if (builtin) return describe(builtin, true)
    const saved = await deps.store.get(id)
    if (!saved) throw new ApiFailure('not_found', `No scenario "${id}"; see the library or your saved scenarios`)
    return describe(saved, false)
  }

  return {
    validate,
    get,
    async list(): Promise<ScenarioInfo[]> {
      const saved = await deps.store.list()
      return [...LIBRARY.map((s) => info(describe(s, true))), ...saved.map((s) => info(describe(s, false)))]
    },
    /** Saves a valid file; an invalid one is refused with every problem, and nothing changes. */
    async save(input: { id?: string; source: string; fileName: string }): Promise<ScenarioInfo> {
      const problems = validate(input.source, input.fileName)
      if (problems.length > 0) throw new ApiFailure('invalid_input', formatProblems(problems, input.fileName), problems.map(({ path, message }) => ({ path, message })))
      const id = input.id ?? scenarioIdOf(input.fileName)
      if (LIBRARY.some((s) => s.id === id)) throw new ApiFailure('conflict', `"${id}" is a built-in scenario; save your copy under another name`)
      return info(describe(await deps.store.save({ ...input, id }), false))
    },
    async remove(id: string): Promise<void> {
      if (LIBRARY.some((s) => s.id === id)) throw new ApiFailure('conflict', `"${id}" is a built-in scenario and cannot be deleted`)
      if (!(await deps.store.remove(id))) throw new ApiFailure('not_found', `No saved scenario "${id}"`)
    },
  }
}
export type ScenarioFiles = ReturnType<typeof createScenarioFiles>
