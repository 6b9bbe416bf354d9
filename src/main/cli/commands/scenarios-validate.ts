import { basename, dirname, resolve } from 'node:path'
import { type ScenarioProblem, formatProblems, parseScenario, readScenarioValue } from '../../scenarios/parse-scenario'
import { collectFiles } from '../../scenarios/scenario-file-map'
import { type CliContext, type Command, EXIT, UsageError } from '../command'
import { listed } from '../command-summaries'
import { MAX_SCENARIO_FILE_BYTES, readInputFile } from '../input-file'
import { stopExitCode } from '../stop-signals'
import { VAR_OPTION, varsOption } from '../var-option'

/** What `${receiver}` stands for when a file is checked without a running receiver. */
const RECEIVER_PLACEHOLDER = 'http://127.0.0.1:4781/'

/**
 * `hookbench scenarios validate <file>...`: every problem of every file, where it is. In a module
 * of its own: it needs the scenario parser and nothing of the engine, so it starts quickly.
 */
export const scenariosValidateCommand: Command = {
  ...listed('scenarios validate'),
  usage: 'hookbench scenarios validate <file>... [--var k=v]...',
  maxPositionals: 1000,
  options: { ...VAR_OPTION },
  details: [
    'Each problem is one line on standard error: file:line:column: path: message.',
    '${receiver} stands for the built-in receiver, as when the file runs.',
    '',
    'Options:',
    '  --var name=value    Check the file with a variable set as "hookbench run --var" sets it (repeatable)',
    '',
    'Exit status: 0 when every file is valid, 2 otherwise.',
    '',
    'Examples:',
    '  hookbench scenarios validate scenarios/*.yaml',
  ].join('\n'),
  async run({ positionals, values }, ctx) {
    if (positionals.length === 0) throw new UsageError('name one or more scenario files')
    const vars = varsOption(values)
    let valid = true
    for (const arg of positionals) {
      if (ctx.signal.aborted) return stopExitCode(ctx.signal)
      const file = await readScenarioWithFiles(arg, ctx)
      const problems = file.ok ? problemsOf(file.text, arg, file.files, vars) : [{ path: '(file)', message: file.problem }]
      if (problems.length === 0) ctx.stdout(`${arg}: ok\n`)
      else ctx.stderr(`${formatProblems(problems, arg)}\n`)
      valid &&= problems.length === 0
    }
    return valid ? EXIT.ok : EXIT.usage
  },
}

/** A file's problems, as running it would find them. */
export function problemsOf(source: string, arg: string, files: Record<string, string>, vars: Record<string, string> = {}): ScenarioProblem[] {
  const parsed = parseScenario(source, { fileName: basename(arg), vars: { ...vars, receiver: RECEIVER_PLACEHOLDER }, files })
  return parsed.ok ? [] : parsed.problems
}

/** A scenario file named on the command line: a regular file of at most 1 MB, or why not. */
export const readScenarioFile = (arg: string, ctx: Pick<CliContext, 'cwd'>) =>
  readInputFile(resolve(ctx.cwd, arg), { noun: 'a scenario file', maxBytes: MAX_SCENARIO_FILE_BYTES })

/**
 * A scenario file and the files it includes or names as templates, read next to it (each a
 * regular file of at most 1 MB). A named file that is missing is left for the parser to report
 * where it is named; one that is there but cannot be read is said at once.
 */
export async function readScenarioWithFiles(arg: string, ctx: Pick<CliContext, 'cwd'>): Promise<{ ok: true; text: string; files: Record<string, string> } | { ok: false; problem: string; missing?: boolean }> {
  const file = await readScenarioFile(arg, ctx)
  if (!file.ok) return file
  const folder = dirname(resolve(ctx.cwd, arg))
  const missing = new Set<string>()
  const { files, unreadable } = await collectFiles(
    readScenarioValue(file.text, basename(arg)),
    async (path) => {
      const read = await readInputFile(resolve(folder, path), { noun: 'an included file', maxBytes: MAX_SCENARIO_FILE_BYTES })
      if (!read.ok && read.missing) missing.add(path)
      return read.ok ? { text: read.text } : { problem: read.problem }
    },
    (text, path) => readScenarioValue(text, path),
  )
  const cannot = Object.entries(unreadable).filter(([path]) => !missing.has(path))
  if (cannot.length > 0) return { ok: false, problem: cannot.map(([path, problem]) => `names ${path}, which ${problem}`).join('; ') }
  return { ok: true, text: file.text, files }
}

