import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { summarizeDelivery } from '../../../shared/schemas/delivery'
import type { RunSummary } from '../../../shared/schemas/run'
import { summarizeRun } from '../../../shared/schemas/run'
import { ApiFailure } from '../../core/errors'
import type { Engine } from '../../engine/engine'
import { openEngine } from '../../host/open-engine'
import { startReceiver } from '../../host/start-receiver'
import { resolveDataDir } from '../../persistence/data-dir'
import { LIBRARY } from '../../scenarios/library'
import { junitReport } from '../../scenarios/junit'
import { parseVarOption } from '../../scenarios/parse-scenario'
import { type CliContext, type Command, EXIT, type OptionValues, UsageError, listOption, numberOption, stringOption } from '../command'
import { followAttempts } from '../follow-attempts'
import { jsonReporter, liveReporter, plainReporter, type RunReporter } from '../run-output'

/** A scenario named on the command line: a file, else a built-in id. */
interface ScenarioArg {
  scenarioId: string
  fileName: string
  source: string
}

/** The engine scale for `--time-scale 0`: story waits are skipped, retries and heartbeats become near-instant. */
const NEAR_ZERO_SCALE = 1e-5

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
    report: { type: 'string' },
    json: { type: 'boolean' },
  },
  details: [
    'Options:',
    '  --to URL            Send every delivery of the run to URL instead of each subscription\'s own',
    '                      (repeat to fan out); a scenario without subscriptions gets one per --to',
    '  --secret=S          Secret for the subscriptions made for --to (standard scheme unless --scheme)',
    '  --scheme NAME       Signing scheme for those subscriptions',
    '  --time-scale F      Multiply every wait by F (0.001 turns a 30 s retry into 30 ms); 0 skips the',
    '                      story\'s waits and makes retries and heartbeat timeouts near-instant',
    '  --seed N            Same seed, same payloads (default: the scenario\'s seed)',
    '  --var name=value    Override a scenario variable (repeatable); ${receiver} is the built-in receiver',
    '  --data-dir DIR      Keep runs and deliveries there (default: a throwaway directory)',
    '  --report FILE       Write a JUnit XML report (one testsuite per scenario, one testcase per step)',
    '  --json              One JSON object per line instead of the progress display',
    '',
    'Exit status: 0 when every delivery succeeded and every expectation held, 1 otherwise,',
    '2 for an invalid scenario or usage error.',
    '',
    'Examples:',
    '  hookbench run ocean-cd-rolling-update-rolled-back --time-scale 0.01',
    '  hookbench run scenarios/deploy.yaml --to http://127.0.0.1:3000/hooks --report junit.xml',
    '  hookbench scenarios list          (the built-in ids)',
  ].join('\n'),

  async run({ values, positionals }, ctx) {
    if (positionals.length === 0) throw new UsageError('name a scenario file or a built-in id, e.g. "hookbench run divshot-release"')
    const scenarios = await Promise.all(positionals.map((arg) => readScenarioArg(arg, ctx.cwd)))
    const options = runOptions(values)
    const timeScale = options.timeScale === 0 ? NEAR_ZERO_SCALE : options.timeScale
    const explicitDir = stringOption(values, 'data-dir') ?? ctx.env.HOOKBENCH_DATA_DIR
    const dataDir = explicitDir ? resolveDataDir(explicitDir, ctx.env, ctx.cwd) : await mkdtemp(join(tmpdir(), 'hookbench-run-'))
    const opened = await openEngine({ dataDir, host: 'cli', timeScale, resume: false, log: (line) => ctx.stderr(`${line}\n`) })
    const receiver = await startReceiver(opened.engine, { host: '127.0.0.1', port: 0 })
    try {
      const runs = await runAll(opened.engine, scenarios, options, reporterFor(values, ctx), ctx)
      const report = stringOption(values, 'report')
      if (report) await writeReport(opened.engine, runs, resolve(ctx.cwd, report))
      return runs.every((run) => run.status === 'passed') ? EXIT.ok : EXIT.failed
    } finally {
      await receiver.close()
      await opened.close()
      if (!explicitDir) await rm(dataDir, { recursive: true, force: true })
    }
  },
}

async function readScenarioArg(arg: string, cwd: string): Promise<ScenarioArg> {
  const path = resolve(cwd, arg)
  try {
    return { scenarioId: basename(arg).replace(/\.(ya?ml|json)$/i, ''), fileName: basename(arg), source: await readFile(path, 'utf8') }
  } catch (error) {
    const builtin = LIBRARY.find((scenario) => scenario.id === arg)
    if (builtin) return { scenarioId: builtin.id, fileName: builtin.fileName, source: builtin.source }
    const code = (error as NodeJS.ErrnoException).code
    throw new UsageError(code === 'ENOENT' ? `no scenario file or built-in scenario "${arg}" (see "hookbench scenarios list")` : `cannot read ${arg} (${code ?? String(error)})`)
  }
}

function runOptions(values: OptionValues) {
  const timeScale = numberOption(values, 'time-scale', 1)
  if (timeScale < 0) throw new UsageError('--time-scale must be 0 or more')
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

function reporterFor(values: OptionValues, ctx: CliContext): RunReporter {
  const write = (text: string) => ctx.stdout(text)
  if (values.json) return jsonReporter(write)
  return ctx.isTerminal ? liveReporter(write, { columns: ctx.columns }) : plainReporter(write)
}

/** Runs each scenario in turn; a scenario that does not parse is a usage error before anything is sent. */
async function runAll(engine: Engine, scenarios: ScenarioArg[], options: ReturnType<typeof runOptions>, reporter: RunReporter, ctx: CliContext) {
  const unsubscribe = engine.subscribe((event) => {
    if (event.type === 'run') reporter.run(event.run)
  })
  const stopAttempts = followAttempts(engine, (d) => d.runId !== undefined, (id, attempt) => reporter.delivery(summarizeDelivery(engine.deliveries.get(id)), attempt))
  const finished: RunSummary[] = []
  try {
    for (const scenario of scenarios) {
      if (ctx.signal.aborted) break
      const started = await asUsage(() => engine.runs.start({ ...scenario, options }))
      const cancel = () => void engine.runs.cancel(started.id).catch(() => undefined)
      ctx.signal.addEventListener('abort', cancel, { once: true })
      finished.push(summarizeRun(await engine.runs.whenDone(started.id)))
      ctx.signal.removeEventListener('abort', cancel)
    }
  } finally {
    unsubscribe()
    stopAttempts()
  }
  reporter.finish(finished)
  return finished
}

async function writeReport(engine: Engine, runs: RunSummary[], file: string) {
  const suites = runs.map((run) => ({ run, deliveries: engine.runs.deliveries(run.id) }))
  await writeFile(file, junitReport(suites))
}

async function asUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof ApiFailure && error.code === 'invalid_input') throw new UsageError(`invalid scenario:\n${error.message}`)
    throw error
  }
}
