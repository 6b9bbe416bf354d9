import { resolve } from 'node:path'
import { checkOutputFile, writeOutputFile } from './output-path'
import { type Run, type RunSummary, summarizeRun } from '../../shared/schemas/run'
import type { Engine } from '../engine/engine'
import { openEngine } from '../host/open-engine'
import { startReceiver } from '../host/start-receiver'
import { junitReport } from '../scenarios/junit'
import { type CliContext, EXIT, type OptionValues, UsageError, numberOption, stringOption } from './command'
import { followAttempts } from './follow-attempts'
import { jsonReporter, liveReporter, plainReporter, type RunReporter } from './run-output'

/** `--report` and `--json`, for the commands that run scenarios (`run`, `replay`). */
export const RUN_OUTPUT_OPTIONS = { report: { type: 'string' }, json: { type: 'boolean' } } as const

export const RUN_OUTPUT_HELP = [
  '  --report FILE       Write a JUnit XML report (one testsuite per scenario, one testcase per step)',
  '  --json              One JSON object per line instead of the progress display',
].join('\n')

export const TIME_SCALE_HELP = [
  '  --time-scale F      Multiply every wait by F (0.001 turns a 30 s retry into 30 ms); 0 skips the',
  '                      story\'s waits and makes retries and heartbeat timeouts near-instant',
].join('\n')

/** `--time-scale F` of a scenario run (default 1); 0 skips the story's waits. */
export function runTimeScale(values: OptionValues): number {
  const scale = numberOption(values, 'time-scale', 1)
  if (scale < 0) throw new UsageError('--time-scale must be 0 or more')
  return scale
}

/** The engine scale for `--time-scale 0`: story waits are skipped, retries and heartbeats become near-instant. */
const NEAR_ZERO_SCALE = 1e-5

/** Starts one run (the next starts once it has finished). */
export type StartRun = (engine: Engine) => Promise<Run>

export interface RunSession {
  dataDir: string
  /** `--time-scale`: 0 skips the story's waits. */
  timeScale: number
  values: OptionValues
  ctx: CliContext
  starts: StartRun[]
}

/**
 * Opens the data directory with the built-in receiver listening, runs each start in turn with the
 * progress display, writes `--report`, and returns the exit status: 0 when every run passed, else 1.
 */
export async function runWithProgress({ dataDir, timeScale, values, ctx, starts }: RunSession): Promise<number> {
  const engineScale = timeScale === 0 ? NEAR_ZERO_SCALE : timeScale
  const report = stringOption(values, 'report')
  if (report) await checkOutputFile('--report', resolve(ctx.cwd, report))
  const opened = await openEngine({ dataDir, host: 'cli', timeScale: engineScale, resume: false, log: (line) => ctx.stderr(`${line}\n`) })
  try {
    const receiver = await startReceiver(opened.engine, { host: '127.0.0.1', port: 0 })
    try {
      const runs = await runAll(opened.engine, starts, reporterFor(values, ctx), ctx)
      if (report) await writeReport(opened.engine, runs, resolve(ctx.cwd, report))
      return runs.every((run) => run.status === 'passed') ? EXIT.ok : EXIT.failed
    } finally {
      await receiver.close()
    }
  } finally {
    await opened.close()
  }
}

function reporterFor(values: OptionValues, ctx: CliContext): RunReporter {
  const write = (text: string) => ctx.stdout(text)
  if (values.json) return jsonReporter(write)
  return ctx.isTerminal ? liveReporter(write, { columns: ctx.columns }) : plainReporter(write)
}

/** Runs each start in turn until one throws or the command is aborted (which cancels the current run). */
async function runAll(engine: Engine, starts: StartRun[], reporter: RunReporter, ctx: CliContext): Promise<RunSummary[]> {
  const unsubscribe = engine.subscribe((event) => {
    if (event.type === 'run') reporter.run(event.run)
  })
  const stopAttempts = followAttempts(engine, (d) => d.runId !== undefined, (delivery, attempt) => reporter.delivery(delivery, attempt))
  const finished: RunSummary[] = []
  try {
    for (const start of starts) {
      if (ctx.signal.aborted) break
      const started = await start(engine)
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
  const suites = await Promise.all(runs.map(async (run) => ({ run, deliveries: await engine.runs.deliveries(run.id) })))
  await writeOutputFile('--report', file, junitReport(suites))
}
