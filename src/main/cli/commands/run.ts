import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { resolveDataDir } from '../../persistence/data-dir'
import { LIBRARY } from '../../scenarios/library'
import type { ApiInput } from '../../../shared/api/contract'
import { type Command, type OptionValues, UsageError, listOption, stringOption } from '../command'
import { listed } from '../command-summaries'
import { readScenarioWithFiles } from '../scenario-check'
import { parseVarOption } from '../../scenarios/parse-scenario'
import { BAIL_HELP, RUN_OUTPUT_HELP, RUN_OUTPUT_OPTIONS, type Refused, TIME_SCALE_HELP, playInTurn, runTimeScale, runWithProgress, startThroughApi } from '../run-session'
import { STOP_EXIT } from '../stop-signals'
import { VAR_HELP, VAR_OPTION, varsOption } from '../var-option'

type RunScenarioOptions = NonNullable<ApiInput<'runScenario'>['options']>

/** A scenario named on the command line: a file's text, else a built-in's id (as the app names it). */
type ScenarioArg = { id: string } | { source: string; fileName: string; files: Record<string, string> }

/** `hookbench run`: tell one or more deploy stories as webhooks, check their expectations, exit 0/1/2. */
export const runCommand: Command = {
  ...listed('run'),
  usage:
    'hookbench run <file|builtin-id>... [--to URL]... [--secret=S] [--scheme S] [--time-scale F] [--seed N] [--var k=v]... [--bail] [--data-dir D] [--report junit.xml] [--json]',
  maxPositionals: 100,
  options: {
    to: { type: 'string', multiple: true },
    secret: { type: 'string' },
    scheme: { type: 'string' },
    'time-scale': { type: 'string' },
    seed: { type: 'string' },
    ...VAR_OPTION,
    bail: { type: 'boolean' },
    'data-dir': { type: 'string' },
    ...RUN_OUTPUT_OPTIONS,
  },
  details: [
    'Options:',
    '  --to URL            Send every delivery of the run to URL instead of each subscription\'s own',
    '                      (repeat to fan out); a scenario without subscriptions gets one per --to',
    '  --secret=S          Secret for the subscriptions made for --to (standard scheme unless --scheme);',
    '                      the = form also takes secrets that begin with "-"',
    '  --scheme NAME       Signing scheme for those subscriptions',
    TIME_SCALE_HELP,
    '  --seed N            Same seed, same payloads (default: the scenario\'s seed)',
    VAR_HELP,
    BAIL_HELP,
    '  --data-dir DIR      Keep runs and deliveries there (default: a throwaway directory, kept only when',
    '                      a signal interrupts the run, so it can be resumed)',
    RUN_OUTPUT_HELP,
    '',
    'Exit status: 0 when every step passed and every delivery succeeded or was expected to fail, 1',
    'otherwise, 2 for an invalid scenario or usage error (of several files, an invalid one is reported,',
    'as an error in --report too, and the others still run); 130 (Ctrl+C) or 143 (SIGTERM) when stopped:',
    'the run is left interrupted, and "hookbench resume --data-dir DIR" continues it.',
    'Files a scenario includes (include:) or names as templates (template:) are read next to it.',
    '',
    'Examples (built-in scenarios send to the built-in receiver; --to needs your app listening there,',
    'or "hookbench receive --port 3000" in another terminal):',
    '  hookbench run ocean-cd-rolling-update-rolled-back --time-scale 0.01',
    '  hookbench run scenarios/deploy.yaml --to http://127.0.0.1:3000/hooks --secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw --report junit.xml',
    '  hookbench scenarios list          (the built-in ids)',
  ].join('\n'),

  async run({ values, positionals }, ctx) {
    if (positionals.length === 0) throw new UsageError('name a scenario file or a built-in id, e.g. "hookbench run divshot-release"')
    const scenarios = await Promise.all(positionals.map((arg) => readScenarioArg(arg, ctx.cwd)))
    const options = runOptions(values)
    const explicitDir = stringOption(values, 'data-dir') ?? ctx.env.HOOKBENCH_DATA_DIR
    const dataDir = explicitDir ? resolveDataDir(explicitDir, ctx.env, ctx.cwd) : await mkdtemp(join(tmpdir(), 'hookbench-run-'))
    // The same door as web mode and the app: runScenario, with the same options.
    const starts = scenarios.map((scenario) => startThroughApi((api) => api.runScenario({ ...scenario, options })))
    const names = scenarios.map((scenario) => ('id' in scenario ? scenario.id : positionals[scenarios.indexOf(scenario)]!))
    const refused = (entry: Refused) => ctx.stderr(`${entry.name}: invalid, not run:
${entry.message}
`)
    let code: number | undefined
    try {
      code = await runWithProgress({ dataDir, values, ctx, play: playInTurn(starts, names, refused) })
      return code
    } finally {
      // A throwaway directory goes, unless it holds an interrupted run to resume.
      const interrupted = code === STOP_EXIT.SIGINT || code === STOP_EXIT.SIGTERM
      if (!explicitDir && !interrupted) await rm(dataDir, { recursive: true, force: true })
    }
  },
}

async function readScenarioArg(arg: string, cwd: string): Promise<ScenarioArg> {
  const file = await readScenarioWithFiles(arg, { cwd })
  if (file.ok) return { fileName: basename(arg), source: file.text, files: file.files }
  const builtin = LIBRARY.find((scenario) => scenario.id === arg)
  if (builtin) return { id: builtin.id }
  throw new UsageError(file.missing ? `no scenario file or built-in scenario "${arg}" (see "hookbench scenarios list")` : `${arg} ${file.problem}`)
}

/** The run's options as given; the API checks them (a scheme it does not know is refused there, exit 2). */
function runOptions(values: OptionValues): RunScenarioOptions {
  const timeScale = runTimeScale(values)
  const vars = varsOption(values, parseVarOption)
  const seed = stringOption(values, 'seed')
  return {
    targets: listOption(values, 'to'),
    secret: stringOption(values, 'secret'),
    scheme: stringOption(values, 'scheme') as RunScenarioOptions['scheme'],
    timeScale,
    vars,
    ...(values.bail === true && { bail: true }),
    ...(seed !== undefined && { seed: /^\d+$/.test(seed) ? Number(seed) : seed }),
  }
}
