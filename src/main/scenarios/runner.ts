import { type Run, summarizeRun } from '../../shared/schemas/run'
import type { Delivery } from '../../shared/schemas/delivery'
import { ApiFailure } from '../core/errors'
import { compilePlan, pendingSteps } from './compile'
import { formatProblems } from './parse-scenario'
import { signerHeaderProblems } from './semantic-problems'
import { runNodes } from './run/execute'
import type { RunnerHost, StartRun } from './run/host'
import { createLifecycle } from './run/lifecycle'
import { newRun, parseRunOptions, receiverOf, scenarioOf } from './run/new-run'
import { exactReplayStory, noRecordedRequests, recordedRequests, replaySteps } from './run/replay'
import { prepareResume } from './run/resume'
import { prepareRun, runSubscriptions } from './run/targets'

export type { RunnerHost, StartRun } from './run/host'

/** Replays a saved run: the scenario again (fresh), or its recorded requests (exact). */
export interface ReplayInput {
  id: string
  mode: 'fresh' | 'exact'
  targets?: string[]
  /** Unset = the replayed run's. */
  timeScale?: number
  /** Over the replayed run's own `--var`s. */
  vars?: Record<string, string>
}

/**
 * Runs scenarios. Each run plays on its own story clock (run/lifecycle.ts, clock/), owns what it
 * creates (run/targets.ts), is saved as it goes and can be resumed after a crash or a signal
 * (run/resume.ts). Every host (the app, web mode, the CLI) starts runs here, with the same options.
 */
export function createRunner(host: RunnerHost) {
  const lifecycle = createLifecycle(host)

  /**
   * Creates what a new run needs, saves its record and starts playing it. A run starts only once it
   * is on disk: one that could not be saved (or whose endpoints and subscriptions could not be
   * made) is refused, what it made removed again, and it is recorded as not started.
   */
  async function launchNew(run: Run, prepare: () => Promise<void>, begin: () => void): Promise<Run> {
    try {
      await prepare()
      await host.runs.create(run)
    } catch (error) {
      for (const id of run.cleanup.subscriptionIds) await host.removeSubscription(id).catch(() => undefined)
      for (const name of run.cleanup.endpointNames) await host.removeEndpoint(name).catch(() => undefined)
      Object.assign(run, { status: 'failed', reason: `not started: ${error instanceof Error ? error.message : String(error)}`, finishedAt: new Date(host.clock.now()).toISOString() })
      // Written once the disk takes it (the store keeps it); shown now.
      if (host.runs.get(run.id)) void host.runs.saveState(run).catch(() => undefined)
      host.onRun(run)
      throw error
    }
    host.onRun(run)
    begin()
    return run
  }

  async function start(input: StartRun): Promise<Run> {
    const options = parseRunOptions(input.options)
    const receiver = receiverOf(host)
    const files = input.files ?? {}
    const scenario = scenarioOf(input.source, input.fileName, options, receiver, files)
    const seed = options.seed ?? scenario.seed ?? Math.floor(host.random() * 2 ** 32)
    const plan = compilePlan(scenario, seed)
    // A header the signer would overwrite, on subscriptions as `--to`/`--scheme` make them.
    const headerProblems = signerHeaderProblems(scenario, runSubscriptions(scenario, options, receiver).map((s) => s.draft))
    if (headerProblems.length > 0) throw new ApiFailure('invalid_input', formatProblems(headerProblems, input.fileName), headerProblems)
    const run = newRun(host, {
      scenarioId: input.scenarioId,
      scenarioName: scenario.name,
      source: input.source,
      files,
      ...(input.fileName !== undefined && { fileName: input.fileName }),
      options,
      seed,
      ...(input.replayOf && { replayOf: input.replayOf }),
      steps: pendingSteps(plan.actions),
    })
    return launchNew(
      run,
      () => prepareRun(host, run, scenario),
      () => lifecycle.begin(lifecycle.session(run, scenario, plan), (session, cursor) => runNodes(session, cursor, plan.root)),
    )
  }

  function getRun(id: string): Run {
    const run = host.runs.get(id)
    if (!run) throw new ApiFailure('not_found', `No run with id "${id}"`)
    return run
  }

  async function replay(input: ReplayInput): Promise<Run> {
    const original = getRun(input.id)
    const replayOf = { runId: original.id, mode: input.mode }
    const vars = { ...original.options.vars, ...input.vars }
    if (input.mode === 'fresh') {
      const options = {
        ...original.options,
        seed: original.seed,
        vars,
        ...(input.targets && { targets: input.targets }),
        ...(input.timeScale !== undefined && { timeScale: input.timeScale }),
      }
      return start({ source: original.source, fileName: original.fileName, files: original.files ?? {}, scenarioId: original.scenarioId, options, replayOf })
    }
    const requests = await recordedRequests(host, original.id)
    if (requests.length === 0) throw noRecordedRequests(original.id)
    const options = { ...original.options, vars, targets: input.targets ?? [], ...(input.timeScale !== undefined && { timeScale: input.timeScale }) }
    const run = newRun(host, { scenarioId: original.scenarioId, scenarioName: original.scenarioName, source: original.source, files: original.files, options, seed: original.seed, replayOf, steps: replaySteps(requests) })
    if (original.fileName !== undefined) run.fileName = original.fileName
    const story = exactReplayStory(host, original, run, requests)
    return launchNew(run, story.prepare, () => lifecycle.begin(lifecycle.session(run, undefined, { actions: [], root: [] }), story.play))
  }

  return {
    start,
    cancel: lifecycle.cancel,
    /** Leaves runs interrupted and resumable (all of them when no ids are given). */
    interrupt: lifecycle.interrupt,
    /** Leaves one running run interrupted and resumable; refuses one that is not running. */
    interruptOne: lifecycle.interruptOne,
    whenDone: lifecycle.whenDone,
    prepareResume: (options?: { timeScale?: number }) => prepareResume(host, lifecycle, options),
    timelineOf: lifecycle.timelineOf,
    list: () => host.runs.list().map(summarizeRun),
    /** The run's deliveries, in fire order. */
    async deliveries(runId: string): Promise<Delivery[]> {
      const summaries = host.deliveriesOfRun(runId).sort((a, b) => a.seq - b.seq)
      return (await Promise.all(summaries.map((d) => host.delivery(d.id)))).filter((d): d is Delivery => d !== undefined)
    },
    get: getRun,
    replay,
    /** Interrupts what is still running: a closing host leaves its runs to be resumed. */
    async close() {
      await lifecycle.interrupt()
    },
  }
}
export type Runner = ReturnType<typeof createRunner>
