import { type Command, EXIT, UsageError } from '../command'
import { listed } from '../command-summaries'
import { scenarioCheck } from '../scenario-check'
import { stopExitCode } from '../stop-signals'
import { VAR_OPTION, varsOption } from '../var-option'

/**
 * `hookbench scenarios validate <file>...`: every problem of every file, where it is. In a module
 * of its own: it needs the scenario parser (scenario-check.ts) and nothing of the engine, so it
 * starts quickly.
 */
export const scenariosValidateCommand: Command = {
  ...listed('scenarios validate'),
  usage: 'hookbench scenarios validate <file>... [--var k=v]...',
  maxPositionals: 1000,
  // It reads its files with blocking calls and writes its verdicts: nothing is left open.
  endsWithItsOutput: true,
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
    const { formatProblems, parseVarOption, problemsOf, readScenarioWithFiles } = scenarioCheck
    const vars = varsOption(values, parseVarOption)
    let valid = true
    for (const [i, arg] of positionals.entries()) {
      // Files are read with blocking calls: a turn of the event loop between two lets a signal in.
      if (i > 0) await new Promise((resolve) => setImmediate(resolve))
      if (ctx.signal.aborted) return stopExitCode(ctx.signal)
      const file = await readScenarioWithFiles(arg, ctx)
      const problems = file.ok ? problemsOf(file.text, arg, file.files, vars, file.reads) : [{ path: '(file)', message: file.problem }]
      if (problems.length === 0) ctx.stdout(`${arg}: ok\n`)
      else ctx.stderr(`${formatProblems(problems, arg)}\n`)
      valid &&= problems.length === 0
    }
    return valid ? EXIT.ok : EXIT.usage
  },
}
