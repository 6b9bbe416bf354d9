import { resolve } from 'node:path'
import type { HookbenchApi } from '../../shared/api/client'
import { MAX_WAIT_MS } from '../../shared/api/contract'
import type { Result } from '../../shared/result'
import type { RunSummary } from '../../shared/schemas/run'
import { type HostSession, openSession } from '../host/open-engine'
import { checkOutputFile, writeOutputFile } from './output-path'
import { type CliContext, EXIT, type OptionValues, UsageError, numberOption, stringOption } from './command'
import { followAttempts } from './deliveries'
import { jsonReporter, liveReporter, plainReporter, type RunReporter } from './run-output'
import { SCENARIO_REFUSAL, answerOf } from './shared-options'
import { stopExitCode } from './stop-signals'

/** `--report` and `--json`, for the commands that run scenarios (`run`, `replay`, `resume`). */
export const RUN_OUTPUT_OPTIONS = { report: { type: 'string' }, json: { type: 'boolean' } } as const

export const RUN_OUTPUT_HELP = [
  '  --report FILE       Write a JUnit XML report (one testsuite per run, one testcase per step and per',
  '                      failed delivery no expectation asked for)',
  '  --json              One JSON object per line instead of the progress display',
].join('\n')

/** `--bail`, for the commands that start runs. */
export const BAIL_HELP = '  --bail              Stop a run at its first failed step (the rest is skipped; deliveries still due are not sent)'

export const TIME_SCALE_HELP = [
  '  --time-scale F      How fast the story clock plays: F real seconds per story second (0.01 plays a',
  '                      10-minute story in 6 s; 0 jumps straight to the next due thing). It never',
  '                      changes what happens or in which order, only how long it takes',
].join('\n')

/** `--time-scale F` of a scenario run (default 1); 0 plays the story as fast as it can. */
export function runTimeScale(values: OptionValues): number {
  const scale = numberOption(values, 'time-scale', 1)
  if (scale < 0 || scale > 1000) throw new UsageError('--time-scale must be between 0 and 1000')
  return scale
}

/** Starts one run through the API, as web mode and the app do; resolves with its id. */
export type StartRun = (api: HookbenchApi) => Promise<string>

/** `runScenario` or `replayRun` through the one door: what it refuses is a usage error (exit 2). */
export const startThroughApi =
  (start: (api: HookbenchApi) => Promise<Result<RunSummary>>): StartRun =>
  async (api) =>
    answerOf(await start(api), SCENARIO_REFUSAL).id

/** A scenario of a multi-file `run` that was refused (invalid): not run, reported as an error. */
export interface Refused {
  name: string
  message: string
}

/** What a command plays: the runs it started or resumed, and whether everything else it did went well. */
export interface Played {
  runs: RunSummary[]
  ok?: boolean
  /** Scenarios refused before they ran; the others still ran. */
  refused?: Refused[]
}

export interface RunSession {
  dataDir: string
  values: OptionValues
  ctx: CliContext
  /** Starts or resumes runs and resolves once they have ended (a stop signal interrupts them). */
  play(session: HostSession, signal: AbortSignal): Promise<Played>
  /** Scales the waits of what is not a scenario run (`resume`'s pending deliveries); runs keep their own. */
  engineTimeScale?: number
}

/**
 * Opens the data directory with the built-in receiver listening, plays each run in turn with the
 * progress display, writes `--report`, and returns the exit status: 0 when every run passed, 1
 * when one did not, 130/143 when a signal interrupted it (it is left to be resumed).
 */
export async function runWithProgress({ dataDir, values, ctx, play, engineTimeScale }: RunSession): Promise<number> {
  const report = stringOption(values, 'report')
  if (report) await checkOutputFile('--report', resolve(ctx.cwd, report))
  // Runs are played on their own story clocks: the engine keeps real time (unless told otherwise).
  const session = await openSession({ dataDir, host: 'cli', resume: false, log: (line) => ctx.stderr(`${line}\n`), ...(engineTimeScale !== undefined && { timeScale: engineTimeScale }) })
  try {
    const receiver = await session.startReceiver({ host: '127.0.0.1', port: 0 })
    try {
      const reporter = reporterFor(values, ctx)
      for (const run of await unfinishedRuns(session.api)) reporter.known?.(run)
      const stopWatching = watchRuns(session.api, reporter)
      let played: Played
      try {
        played = await play(session, ctx.signal)
      } finally {
        stopWatching()
      }
      const finished = played.runs
      reporter.finish(finished)
      const refused = played.refused ?? []
      if (report) await writeReport(session.api, finished, resolve(ctx.cwd, report), refused)
      if (ctx.signal.aborted || finished.some((run) => run.status === 'interrupted')) {
        ctx.stderr(`hookbench: stopped; runs still running and deliveries still pending are saved: "hookbench resume --data-dir ${dataDir}" continues them\n`)
        return stopExitCode(ctx.signal)
      }
      if (refused.length > 0) {
        const total = refused.length + finished.length
        ctx.stderr(`hookbench: ${refused.length} of ${total} scenarios ${refused.length === 1 ? 'is' : 'are'} invalid and did not run (${refused.map((r) => r.name).join(', ')}); the other ${finished.length} ran: ${finished.filter((run) => run.status === 'passed').length} passed\n`)
        return EXIT.usage
      }
      return played.ok !== false && finished.every((run) => run.status === 'passed') ? EXIT.ok : EXIT.failed
    } finally {
      await receiver.close()
    }
  } finally {
    await session.close()
  }
}

function reporterFor(values: OptionValues, ctx: CliContext): RunReporter {
  const write = (text: string) => ctx.stdout(text)
  if (values.json) return jsonReporter(write)
  return ctx.isTerminal ? liveReporter(write, { columns: ctx.columns }) : plainReporter(write)
}

/** Tells the reporter every change of a run and every attempt of a run's delivery. */
function watchRuns(api: HookbenchApi, reporter: RunReporter): () => void {
  const unsubscribe = api.subscribe((batch) => {
    for (const event of batch) if (event.type === 'run') reporter.run(event.run)
  })
  const stopAttempts = followAttempts(api, (d) => d.runId !== undefined, (delivery, attempt) => reporter.delivery(delivery, attempt))
  return () => {
    unsubscribe()
    stopAttempts()
  }
}

/**
 * Plays each start in turn until the command is stopped, which interrupts the current run. With
 * several, one that is refused as invalid is reported (`onRefused`) and the others still run.
 */
export const playInTurn =
  (starts: StartRun[], names: string[] = [], onRefused?: (refused: Refused) => void) =>
  async ({ api }: HostSession, signal: AbortSignal): Promise<Played> => {
    const runs: RunSummary[] = []
    const refused: Refused[] = []
    for (const [i, start] of starts.entries()) {
      if (signal.aborted) break
      let id: string
      try {
        id = await start(api)
      } catch (error) {
        if (starts.length === 1 || !(error instanceof UsageError) || !error.message.startsWith(INVALID)) throw error
        const entry = { name: names[i] ?? `scenario ${i + 1}`, message: error.message.slice(INVALID.length) }
        refused.push(entry)
        onRefused?.(entry)
        continue
      }
      runs.push(...(await untilDone(api, [id], signal)))
    }
    return { runs, refused }
  }

/** How an invalid scenario's refusal starts (see SCENARIO_REFUSAL). */
const INVALID = 'invalid scenario:\n'

/** The runs a previous process left running or interrupted. */
async function unfinishedRuns(api: HookbenchApi): Promise<RunSummary[]> {
  return answerOf(await api.listRuns({ limit: 1000 })).filter((run) => run.status === 'running' || run.status === 'interrupted')
}

/** Continues the runs a previous process left running or interrupted (and sends what else was pending). */
export async function resumeRuns(session: HostSession, timeScale: number | undefined, signal: AbortSignal, onResumed: (count: number) => void = () => {}): Promise<RunSummary[]> {
  // Taken before restoring: a run that cannot be continued (its scenario is refused now) is failed
  // by restore() and must still be reported.
  const waiting = await unfinishedRuns(session.api)
  await session.restore({ ...(timeScale !== undefined && { runTimeScale: timeScale }) })
  onResumed(waiting.length)
  return untilDone(session.api, waiting.map((run) => run.id), signal)
}

/** The runs once they end; a stop signal interrupts them (they end interrupted, at once). */
async function untilDone(api: HookbenchApi, ids: string[], signal: AbortSignal): Promise<RunSummary[]> {
  // A run that already stopped is refused (conflict): nothing to interrupt there.
  const interrupt = () => ids.forEach((id) => void api.interruptRun({ id }))
  if (signal.aborted) interrupt()
  signal.addEventListener('abort', interrupt, { once: true })
  try {
    return await Promise.all(ids.map((id) => runEnd(api, id)))
  } finally {
    signal.removeEventListener('abort', interrupt)
  }
}

/** A run once it stops playing (however long that takes: the API answers at least every 10 minutes). */
async function runEnd(api: HookbenchApi, id: string): Promise<RunSummary> {
  for (;;) {
    const { ended, run } = answerOf(await api.waitForRun({ id, timeoutMs: MAX_WAIT_MS }))
    if (ended) return run
  }
}

async function writeReport(api: HookbenchApi, runs: RunSummary[], file: string, refused: Refused[] = []) {
  const report = answerOf(await api.getRunsReport({ ids: runs.map((run) => run.id), ...(refused.length > 0 && { refused }) }))
  await writeOutputFile('--report', file, report.text)
}
