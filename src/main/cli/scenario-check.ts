import { basename, dirname, resolve } from 'node:path'
import { type ScenarioProblem, type ScenarioReads, formatProblems, parseScenario, parseVarOption, readScenarioValue, scenarioReads } from '../scenarios/parse-scenario'
import { collectFiles } from '../scenarios/scenario-file-map'
import type { CliContext } from './command'
import { MAX_SCENARIO_FILE_BYTES, readInputFile } from './input-file'

/** What `${receiver}` stands for when a file is checked without a running receiver. */
const RECEIVER_PLACEHOLDER = 'http://127.0.0.1:4781/'

/** A file's problems, as running it would find them (`reads`: those readScenarioWithFiles made, so no file is parsed twice). */
export function problemsOf(source: string, arg: string, files: Record<string, string>, vars: Record<string, string> = {}, reads?: ScenarioReads): ScenarioProblem[] {
  const parsed = parseScenario(source, { fileName: basename(arg), vars: { ...vars, receiver: RECEIVER_PLACEHOLDER }, files, reads })
  return parsed.ok ? [] : parsed.problems
}

/** A scenario file named on the command line: a regular file of at most 1 MB, or why not. */
export const readScenarioFile = (arg: string, ctx: Pick<CliContext, 'cwd'>) =>
  readInputFile(resolve(ctx.cwd, arg), { noun: 'a scenario file', maxBytes: MAX_SCENARIO_FILE_BYTES })

/**
 * A scenario file and the files it includes or names as templates, read next to it (each a
 * regular file of at most 1 MB). A named file that is missing is left for the parser to report
 * where it is named; one that is there but cannot be read is said at once. `reads` are the files
 * as parsed to find what they include, for problemsOf.
 */
export async function readScenarioWithFiles(
  arg: string,
  ctx: Pick<CliContext, 'cwd'>,
): Promise<{ ok: true; text: string; files: Record<string, string>; reads: ScenarioReads } | { ok: false; problem: string; missing?: boolean }> {
  const file = await readScenarioFile(arg, ctx)
  if (!file.ok) return file
  const folder = dirname(resolve(ctx.cwd, arg))
  const missing = new Set<string>()
  const reads = scenarioReads()
  const { files, unreadable } = await collectFiles(
    readScenarioValue(file.text, basename(arg), reads),
    async (path) => {
      const read = await readInputFile(resolve(folder, path), { noun: 'an included file', maxBytes: MAX_SCENARIO_FILE_BYTES })
      if (!read.ok && read.missing) missing.add(path)
      return read.ok ? { text: read.text } : { problem: read.problem }
    },
    (text, path) => readScenarioValue(text, path, reads),
  )
  const cannot = Object.entries(unreadable).filter(([path]) => !missing.has(path))
  if (cannot.length > 0) return { ok: false, problem: cannot.map(([path, problem]) => `names ${path}, which ${problem}`).join('; ') }
  return { ok: true, text: file.text, files, reads }
}

/**
 * Everything `scenarios validate` needs of the parser, as one object. The CLI build makes this
 * module a CommonJS bundle of its own and loads it with V8's code cache made at build time
 * (vite.cli.config.ts, compiled-script.ts): most of a validate's start is compiling the parser,
 * zod and yaml, which Node 20 otherwise does anew on every start. It holds no class a caller
 * checks with instanceof (that bundle has its own copies of the modules it uses).
 */
export const scenarioCheck = { problemsOf, readScenarioWithFiles, formatProblems, parseVarOption }
