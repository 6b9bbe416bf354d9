import { type Run, RunOptions, summarizeRun } from '../../shared/schemas/run'
import type { Scenario } from '../../shared/schemas/scenario'
import type { Delivery } from '../../shared/schemas/delivery'
import { describeIssues, formatIssues } from '../../shared/result'
import { ApiFailure } from '../core/errors'
import { newId } from '../core/ids'
import { compilePlan, pendingSteps } from './compile'
import { formatProblems, parseScenario } from './parse-scenario'
import { signerHeaderProblems } from './semantic-problems'
import { runNodes } from './run/execute'
import type { RunnerHost, StartRun } from './run/host'
import { createLifecycle } from './run/lifecycle'
import { exactStory, noRecordedRequests, recordedRequests, recreateEndpoints, replaySteps, replaySubscriptions, urlRewriter } from './run/replay'
import type { RunSession } from './run/session'
import { prepareRun, runSubscriptions } from './run/targets'

export type { RunnerHost, StartRun } from './run/host'

const DEFAULT_RECEIVER = 'http://127.0.0.1:4781/'

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
 * Runs scenarios. Each run plays on its own story clock (see run/lifecycle.ts), owns what it
 * creates, is saved as it goes and can be resumed after a crash or a signal. Every host (the app,
 * web mode, the CLI) starts runs here, with the same options.
 */
export function createRunner(host: RunnerHost) {
  const lifecycle = createLifecycle(host)

  /** Parses the run's scenario as it was, with the built-in `${receiver}` variable. */
  function scenarioOf(source: string, fileName: string | undefined, options: RunOptions, receiver: string): Scenario {
    const parsed = parseScenario(source, { fileName, vars: { receiver, ...options.vars } })
    if (!parsed.ok) {
      throw new ApiFailure('invalid_input', formatProblems(parsed.problems, fileName), parsed.problems.map(({ path, message }) => ({ path, message })))
    }
    return parsed.scenario
  }

  function parseOptions(input: unknown): RunOptions {
    const parsed = RunOptions.safeParse(input ?? {})
    if (parsed.success) return parsed.data
    const issues = describeIssues(parsed.error)
    throw new ApiFailure('invalid_input', formatIssues(issues), issues)
  }

  /** A new run record: the story clock starts at a whole second, so second-precision timestamps are exact offsets. */
  function newRun(fields: Pick<Run, 'scenarioId' | 'scenarioName' | 'source' | 'options' | 'seed'> & Partial<Run>): Run {
    const now = host.clock.now()
    const storyMs = Math.floor(now / 1000) * 1000
    const receiver = host.receiverUrl() ?? undefined
    return {
      id: newId('run'),
      ...(receiver && { receiver }),
      status: 'running',
      startedAt: new Date(now).toISOString(),
      storyStartedAt: new Date(storyMs).toISOString(),
      next: 0,
      storyMs,
      story: {},
      subscriptionIds: [],
      routes: {},
      endpoints: {},
      controllers: {},
      cleanup: { subscriptionIds: [], endpointNames: [] },
      deliveryCount: 0,
      failures: [],
      steps: [],
      ...fields,
    }
  }

  const storyOf =
    (nodes: ReturnType<typeof compilePlan>['root']) =>
    (session: RunSession, cursor: Parameters<typeof runNodes>[1]) =>
      runNodes(session, cursor, nodes)

  /**
   * Creates what a new run needs, saves its record and starts playing it; what it created is
   * removed again when it cannot start. A record that cannot be written does not stop the run:
   * the store keeps it for its next write and the storage notice says why.
   */
  async function launchNew(run: Run, prepare: () => Promise<void>, begin: () => void): Promise<Run> {
    try {
      await prepare()
    } catch (error) {
      for (const id of run.cleanup.subscriptionIds) await host.removeSubscription(id).catch(() => undefined)
      for (const name of run.cleanup.endpointNames) await host.removeEndpoint(name).catch(() => undefined)
      throw error
    }
    await host.runs.create(run).catch(() => undefined)
    host.onRun(run)
    begin()
    return run
  }

  async function start(input: StartRun): Promise<Run> {
    const options = parseOptions(input.options)
    const receiver = host.receiverUrl() ?? DEFAULT_RECEIVER
    const scenario = scenarioOf(input.source, input.fileName, options, receiver)
    const seed = options.seed ?? scenario.seed ?? Math.floor(host.random() * 2 ** 32)
    const plan = compilePlan(scenario, seed)
    // A header the signer would overwrite, on subscriptions as `--to`/`--scheme` make them.
    const headerProblems = signerHeaderProblems(scenario, runSubscriptions(scenario, options, receiver).map((s) => s.draft))
    if (headerProblems.length > 0) throw new ApiFailure('invalid_input', formatProblems(headerProblems, input.fileName), headerProblems)
    const run = newRun({
      scenarioId: input.scenarioId,
      scenarioName: scenario.name,
      source: input.source,
      ...(input.fileName !== undefined && { fileName: input.fileName }),
      options,
      seed,
      ...(input.replayOf && { replayOf: input.replayOf }),
      steps: pendingSteps(plan.actions),
    })
    return launchNew(
      run,
      () => prepareRun(host, run, scenario),
      () => lifecycle.begin(lifecycle.session(run, scenario, plan), storyOf(plan.root)),
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
      return start({ source: original.source, fileName: original.fileName, scenarioId: original.scenarioId, options, replayOf })
    }
    const requests = await recordedRequests(host, original.id)
    if (requests.length === 0) throw noRecordedRequests(original.id)
    const options = { ...original.options, vars, targets: input.targets ?? [], ...(input.timeScale !== undefined && { timeScale: input.timeScale }) }
    const run = newRun({ scenarioId: original.scenarioId, scenarioName: original.scenarioName, source: original.source, options, seed: original.seed, replayOf, steps: replaySteps(requests) })
    if (original.fileName !== undefined) run.fileName = original.fileName
    const story = exactReplayStory(original, run, requests)
    return launchNew(run, story.prepare, () => lifecycle.begin(lifecycle.session(run, undefined, { actions: [], root: [] }), story.play))
  }

  /**
   * What an exact replay needs: the story's endpoints again and a subscription per destination
   * (`prepare`, once), and the recorded requests in order, each where it goes now (`play`).
   */
  function exactReplayStory(original: Run, run: Run, requests: Awaited<ReturnType<typeof recordedRequests>>) {
    const then = tryScenario(original, original.options.vars)
    const now = tryScenario(original, run.options.vars)
    const varChanges = Object.keys(now?.vars ?? {}).flatMap((name): Array<[string, string]> => {
      const was = then?.vars[name]
      const is = now?.vars[name]
      return typeof was === 'string' && typeof is === 'string' && was !== is ? [[was, is]] : []
    })
    const targets = run.options.targets
    const rewrite = urlRewriter(original, run, then, varChanges)
    const destinations = (request: (typeof requests)[number]) => (targets.length > 0 ? targets : [rewrite(request.attempt.url)])
    return {
      async prepare() {
        await recreateEndpoints(host, run, then)
        await replaySubscriptions(host, run, requests.flatMap(destinations))
      },
      play: exactStory(requests, destinations, targets.length > 0),
    }
  }

  function tryScenario(run: Run, vars: Record<string, string>): Scenario | undefined {
    try {
      return scenarioOf(run.source, run.fileName, { ...run.options, vars }, run.receiver ?? host.receiverUrl() ?? DEFAULT_RECEIVER)
    } catch {
      return undefined
    }
  }

  /**
   * Runs a previous process left running or interrupted, made ready to go on: their sessions are
   * registered (their deliveries keep time on their story clocks) but not started; `start()` does.
   */
  async function prepareResume(options: { timeScale?: number } = {}) {
    const waiting = host.runs
      .list()
      .filter((run) => (run.status === 'running' || run.status === 'interrupted') && !lifecycle.isActive(run.id))
      .reverse()
    const ready: Array<ReturnType<typeof lifecycle.register>> = []
    for (const run of waiting) {
      try {
        if (options.timeScale !== undefined) run.options = { ...run.options, timeScale: options.timeScale }
        const deliveryIds = host.deliveriesOfRun(run.id).sort((a, b) => a.seq - b.seq).map((d) => d.id)
        Object.assign(run, { status: 'running', reason: undefined })
        if (run.replayOf?.mode === 'exact') {
          const requests = await recordedRequests(host, run.replayOf.runId)
          const original = host.runs.get(run.replayOf.runId)
          if (!original) throw new Error(`the run it replays (${run.replayOf.runId}) is no longer in history`)
          const story = exactReplayStory(original, run, requests)
          const session = lifecycle.session(run, undefined, { actions: [], root: [] }, deliveryIds)
          ready.push(lifecycle.register(session, story.play))
        } else {
          const scenario = scenarioOf(run.source, run.fileName, run.options, run.receiver ?? host.receiverUrl() ?? DEFAULT_RECEIVER)
          const plan = compilePlan(scenario, run.seed)
          if (plan.actions.length !== run.steps.length) throw new Error('its scenario no longer compiles to the steps it had')
          const session = lifecycle.session(run, scenario, plan, deliveryIds)
          session.controllers.restore()
          ready.push(lifecycle.register(session, storyOf(plan.root)))
        }
      } catch (error) {
        Object.assign(run, { status: 'failed', reason: `could not resume: ${error instanceof Error ? error.message : String(error)}`, finishedAt: new Date(host.clock.now()).toISOString() })
        for (const delivery of host.deliveriesOfRun(run.id)) host.cancelDelivery(delivery.id, 'its run could not be resumed')
        await host.runs.saveState(run).catch(() => undefined)
        host.onRun(run)
      }
    }
    return {
      runs: ready.map((entry) => entry.session.run),
      start: () => ready.forEach((entry) => void lifecycle.launch(entry)),
    }
  }

  return {
    start,
    cancel: lifecycle.cancel,
    /** Leaves runs interrupted and resumable (all of them when no ids are given). */
    interrupt: lifecycle.interrupt,
    whenDone: lifecycle.whenDone,
    prepareResume,
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
