import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { Engine } from '../../engine/engine'
import { resolveDataDir } from '../../persistence/data-dir'
import { LIBRARY } from '../../scenarios/library'
import { parseVarOption } from '../../scenarios/parse-scenario'
import { type Command, type OptionValues, UsageError, listOption, stringOption } from '../command'
import { asUsage } from '../shared-options'
import { readScenarioFile } from './scenarios'
import { RUN_OUTPUT_HELP, RUN_OUTPUT_OPTIONS, TIME_SCALE_HELP, runTimeScale, runWithProgress } from '../run-session'

/** A scenario named on the command line: a file, else a built-in id. */
interface ScenarioArg {
  scenarioId: string
  fileName: string
  source: string
}

/** `hookbench run`: tell one or more deploy stories as webhooks, check their expectations, exit 0/1/2. */
export const runCommand: Command = {
  name: 'run',
  summary: 'Run scenarios (files or built-in ids) and check their expectations',
  usage:
    'hookbench run <file|builtin-id>... [--to URL]... [--secret=S] [--scheme S] [--time-scale F] [--seed N] [--var k=v]... [--data-dir D] [--report junit.xml] [--json]',
  maxPositionals: 100,
  options: {
    to: { type: 'string', multiple: true },
    secret: { type: 'string' },
    scheme: { type: 'string' },
    'time-scale': { type: 'string' },
    seed: { type: 'string' },
    var: { type: 'string', multiple: true },
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
    '  --var name=value    Override a scenario variable (repeatable); ${receiver} is the built-in receiver',
    '  --data-dir DIR      Keep runs and deliveries there (default: a throwaway directory)',
    RUN_OUTPUT_HELP,
    '',
    'Exit status: 0 when every delivery succeeded and every expectation held, 1 otherwise,',
    '2 for an invalid scenario or usage error.',
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
    const starts = scenarios.map((scenario) => (engine: Engine) => asUsage(() => engine.runs.start({ ...scenario, options })))
    try {
      return await runWithProgress({ dataDir, timeScale: options.timeScale, values, ctx, starts })
    } finally {
      if (!explicitDir) await rm(dataDir, { recursive: true, force: true })
    }
  },
}

async function readScenarioArg(arg: string, cwd: string): Promise<ScenarioArg> {
  const file = await readScenarioFile(arg, { cwd })
  if (file.ok) return { scenarioId: basename(arg).replace(/\.(ya?ml|json)$/i, ''), fileName: basename(arg), source: file.text }
  const builtin = LIBRARY.find((scenario) => scenario.id === arg)
  if (builtin) return { scenarioId: builtin.id, fileName: builtin.fileName, source: builtin.source }
  throw new UsageError(file.missing ? `no scenario file or built-in scenario "${arg}" (see "hookbench scenarios list")` : `${arg} ${file.problem}`)
}

function runOptions(values: OptionValues) {
  const timeScale = runTimeScale(values)
  const vars: Record<string, string> = {}
  for (const entry of listOption(values, 'var')) {
    const parsed = parseVarOption(entry)
    if (!parsed.ok) throw new UsageError(parsed.error.message)
    vars[parsed.data.name] = parsed.data.value
  }
  const seed = stringOption(values, 'seed')
  return {
    targets: listOption(values, 'to'),
    secret: stringOption(values, 'secret'),
    scheme: stringOption(values, 'scheme'),
    timeScale,
    vars,
    ...(seed !== undefined && { seed: /^\d+$/.test(seed) ? Number(seed) : seed }),
  }
}
