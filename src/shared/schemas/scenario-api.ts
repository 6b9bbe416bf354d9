import { z } from 'zod'
import { HttpUrl } from './http'
import { RunOptions } from './run'
import { MAX_INCLUDED_FILES } from './scenario-limits'

/** One thing wrong with a scenario file, where it is (1-based) when known. */
export const ScenarioProblem = z.object({
  /** The included file the problem is in (its path from the scenario's folder); unset = the scenario itself. */
  file: z.string().optional(),
  path: z.string(),
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
})
export type ScenarioProblem = z.infer<typeof ScenarioProblem>

/** A scenario in the library or saved in the data directory, as lists show it. */
export const ScenarioInfo = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  provider: z.string().optional(),
  builtin: z.boolean(),
  fileName: z.string(),
  /** Top-level steps in the file. */
  steps: z.number().int(),
  /** A saved file that no longer parses is listed with its problems, never hidden. */
  problems: z.array(ScenarioProblem),
})
export type ScenarioInfo = z.infer<typeof ScenarioInfo>

export const ScenarioFile = ScenarioInfo.extend({ source: z.string() })
export type ScenarioFile = z.infer<typeof ScenarioFile>

const Source = z.string().max(1_000_000, 'a scenario file is at most 1 MB')
const FileName = z.string().trim().min(1).max(200).regex(/\.(ya?ml|json)$/i, 'must end in .yaml, .yml or .json')

/**
 * The files a scenario includes and the templates it names, read by the host next to it (path from
 * its folder → text); unset = the app's saved scenarios, by file name.
 */
const IncludedFiles = z
  .record(z.string().min(1).max(500), Source)
  .refine((files) => Object.keys(files).length <= MAX_INCLUDED_FILES, `at most ${MAX_INCLUDED_FILES} included files and templates`)
  .refine((files) => Object.values(files).reduce((total, text) => total + text.length, 0) <= 8_000_000, 'the included files are at most 8 MB in all')

export const ScenarioText = z.object({ source: Source, fileName: FileName.default('scenario.yaml'), files: IncludedFiles.optional() }).strict()

export const ValidationResult = z.object({ ok: z.boolean(), problems: z.array(ScenarioProblem) })

export const SaveScenarioInput = z
  .object({
    /** Unset = derived from the file name; an existing id is replaced. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, 'must be a slug: lowercase letters, digits and dashes').optional(),
    source: Source,
    fileName: FileName,
    /**
     * The text this save replaces, as the saver last read it: when the saved file is no longer that
     * text (changed or deleted elsewhere), nothing is saved and the answer is a conflict. `null`: the
     * id must be free. Unset: saved over whatever is there (an import).
     */
    previousSource: Source.nullable().optional(),
  })
  .strict()
export type SaveScenarioInput = z.infer<typeof SaveScenarioInput>

/** Run a built-in or saved scenario by id, or a file's text as given. */
export const RunScenarioInput = z
  .object({ id: z.string().optional(), source: Source.optional(), fileName: FileName.optional(), files: IncludedFiles.optional(), options: RunOptions.default(RunOptions.parse({})) })
  .strict()
  .refine((input) => (input.id === undefined) !== (input.source === undefined), { message: 'give either the id of a scenario or its source text', path: ['id'] })

export const ReplayRunInput = z
  .object({
    id: z.string().min(1),
    /** fresh: the same payloads signed anew (what the platform would send today); exact: the recorded requests byte for byte. */
    mode: z.enum(['fresh', 'exact']).default('fresh'),
    /** Other URLs to send to; unset = where the run sent. */
    targets: z.array(HttpUrl).optional(),
    /** How fast the replay's story clock plays; unset = the replayed run's time scale. */
    timeScale: RunOptions.shape.timeScale.unwrap().optional(),
    /** Variables over the replayed run's own (`--var`); an exact replay's requests follow a changed URL. */
    vars: RunOptions.shape.vars.unwrap().optional(),
  })
  .strict()
