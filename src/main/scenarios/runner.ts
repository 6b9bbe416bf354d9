import { type ProviderId, platformOf } from '../../shared/platforms'
import type { GenerateContext } from '../../shared/platforms/context'
import type { Delivery, DeliverySummary } from '../../shared/schemas/delivery'
import type { CaptureSummary, Endpoint } from '../../shared/schemas/receiver'
import type { FireResult } from '../../shared/schemas/fire'
import { type Run, RunOptions, type StepResult, summarizeRun } from '../../shared/schemas/run'
import { type Scenario, ScenarioSubscription } from '../../shared/schemas/scenario'
import type { Subscription } from '../../shared/schemas/subscription'
import type { Clock } from '../core/clock'
import { ApiFailure } from '../core/errors'
import { describeIssues, formatIssues } from '../../shared/result'
import { derivedId, newId } from '../core/ids'
import { type FirePlan, runEventId } from '../engine/fire'
import type { Journal } from '../persistence/journal'
import { type Action, compileScenario, pendingSteps } from './compile'
import { type HttpProbe, type Verdict, deliveredAll, deliveryMatches, probeUntil, receivedCount } from './expectations'
import { formatProblems, parseScenario } from './parse-scenario'
import { formatDuration } from '../../shared/core/duration'
import { isStorageFailure } from '../persistence/storage-failure'

/** What the runner needs from the engine; the engine passes its own pieces in. */
export interface RunnerHost {
  clock: Clock
  /** The engine's time scale: its clock already multiplies every wait by it. */
  timeScale: number
  runs: Journal<Run>
  random: () => number
  receiverUrl(): string | null
  plan(request: unknown): FirePlan
  send(plan: FirePlan): Promise<FireResult>
  /** A whole delivery, read from history. */
  delivery(id: string): Promise<Delivery | undefined>
  whenFinal(id: string): Promise<Delivery>
  /** Ends a waiting delivery as cancelled (a cancelled run's). */
  cancelDelivery(id: string, reason: string): void
  redeliver(id: string): Promise<Delivery>
  deliveriesOfRun(runId: string): DeliverySummary[]
  createSubscription(draft: unknown): Promise<Subscription>
  subscription(id: string): Subscription | undefined
  removeSubscription(id: string): Promise<void>
  endpoint(name: string): Endpoint | undefined
  saveEndpoint(input: unknown): Promise<Endpoint>
  removeEndpoint(name: string): Promise<void>
  /** Captures received since then, newest first. */
  capturesSince(sinceMs: number): CaptureSummary[]
  /** Starts or stops a simulated controller (creating it when missing); `run` owns the outage a stop starts. */
  heartbeat(clusterId: string, running: boolean, runId: string | undefined): Promise<void>
  probe: HttpProbe
  onRun(run: Run): void
}

export interface StartRun {
  source: string
  fileName?: string
  scenarioId: string
  options?: unknown
  replayOf?: Run['replayOf']
}

/** Runs scenarios: one record per run, saved after every step, resumable after a crash. */
export function createRunner(host: RunnerHost) {
  const active = new Map<string, { cancel(): void; done: Promise<Run> }>()

  const save = async (run: Run) => {
    host.onRun(run)
    // A run goes on when its record cannot be written: the journal keeps the change for its next
    // write and the storage notice has said why; a run stopped half way would be worse.
    await host.runs.save(run).catch((error: unknown) => {
      if (!isStorageFailure(error)) throw error
    })
  }

  /** A run starts only once it is on disk: one that could not be saved is refused (503), never run. */
  const saveFirst = async (run: Run) => {
    await host.runs.save(run)
    host.onRun(run)
  }
  /** Removes what the refused run made, and records it as failed (written once the disk takes it), then says why. */
  async function notStarted(run: Run, error: unknown): Promise<never> {
    await cleanUp(run)
    Object.assign(run, { status: 'failed', reason: `not started: ${error instanceof Error ? error.message : String(error)}`, finishedAt: new Date(host.clock.now()).toISOString() })
    if (host.runs.get(run.id)) void save(run).catch(() => {})
    throw error
  }

  /** Parses the run's scenario as it was, with the built-in `${receiver}` variable. */
  function scenarioOf(source: string, fileName: string | undefined, options: RunOptions): Scenario {
    const receiver = host.receiverUrl() ?? 'http://127.0.0.1:4781/'
    const parsed = parseScenario(source, { fileName, vars: { receiver, ...options.vars } })
    if (!parsed.ok) {
      throw new ApiFailure('invalid_input', formatProblems(parsed.problems, fileName), parsed.problems.map(({ path, message }) => ({ path, message })))
    }
    return parsed.scenario
  }

  async function start(input: StartRun): Promise<Run> {
    const parsedOptions = RunOptions.safeParse(input.options ?? {})
    if (!parsedOptions.success) {
      const issues = describeIssues(parsedOptions.error)
      throw new ApiFailure('invalid_input', formatIssues(issues), issues)
    }
    const options = parsedOptions.data
    const scenario = scenarioOf(input.source, input.fileName, options)
    const seed = options.seed ?? scenario.seed ?? Math.floor(host.random() * 2 ** 32)
    const now = host.clock.now()
    const run: Run = {
      id: newId('run'),
      scenarioId: input.scenarioId,
      scenarioName: scenario.name,
      source: input.source,
      ...(input.fileName !== undefined && { fileName: input.fileName }),
      options,
      seed,
      ...(host.receiverUrl() && { receiver: host.receiverUrl()! }),
      ...(input.replayOf && { replayOf: input.replayOf }),
      status: 'running',
      startedAt: new Date(now).toISOString(),
      next: 0,
      storyMs: now,
      story: {},
      subscriptionIds: [],
      cleanup: { subscriptionIds: [], endpointNames: [] },
      steps: pendingSteps(compileScenario(scenario, seed)),
    }
    await prepare(run, scenario).then(() => saveFirst(run)).catch((error: unknown) => notStarted(run, error))
    execute(run, scenario)
    return run
  }

  /** Creates the run's endpoints and subscriptions (pointed at `--to` targets when given). */
  async function prepare(run: Run, scenario: Scenario) {
    for (const { keep, ...endpoint } of scenario.endpoints) {
      const existed = host.endpoint(endpoint.name) !== undefined
      await host.saveEndpoint(endpoint)
      if (!existed && !keep) run.cleanup.endpointNames.push(endpoint.name)
    }
    for (const draft of subscriptionDrafts(scenario, run.options)) {
      const { keep, ...fields } = draft
      const created = await host.createSubscription({ ...fields, name: `${scenario.name}: ${fields.name}` })
      run.subscriptionIds.push(created.id)
      if (!keep) run.cleanup.subscriptionIds.push(created.id)
    }
  }

  /** Runs the plan from `run.next` on, in the background; resolves with the finished run. */
  /** A step's work: what it did, and whether it went as it should. */
  type Outcome = Verdict & { deliveryIds?: string[] }
  interface Control {
    wait(ms: number): Promise<void>
    isCancelled(): boolean
    /** Resolves when the delivery is final, or at once when the run is cancelled. */
    whenFinal(id: string): Promise<Delivery>
  }

  /** Runs a scenario's plan from `run.next` on, in the background. */
  function execute(run: Run, scenario: Scenario) {
    const actions = compileScenario(scenario, run.seed)
    executeSteps(run, actions.length, (index, control) => perform({ run, scenario, actions, ...control }, actions[index]!))
  }

  /** Runs steps `run.next`…`total - 1`, each saved when done, then finishes the run. */
  function executeSteps(run: Run, total: number, step: (index: number, control: Control) => Promise<Outcome>) {
    let cancelled = false
    let stopWaiting = () => {}
    let onCancel = () => {}
    const cancellation = new Promise<void>((resolve) => (onCancel = resolve))
    const control: Control = {
      whenFinal: (id) => Promise.race([host.whenFinal(id), cancellation.then(async () => (await host.delivery(id))!)]),
      wait: (ms) =>
        new Promise<void>((resolve) => {
          const cancel = host.clock.after(ms, resolve)
          stopWaiting = () => {
            cancel()
            resolve()
          }
        }),
      isCancelled: () => cancelled,
    }
    const done = (async () => {
      // Each completed step moves `run.next` on (and saves it), so a resumed run starts after it.
      while (run.next < total && !cancelled) await runStep(run, run.next, () => step(run.next, control), control)
      return finish(run, cancelled)
    })()
    active.set(run.id, {
      cancel() {
        cancelled = true
        stopWaiting()
        onCancel()
        for (const delivery of host.deliveriesOfRun(run.id)) host.cancelDelivery(delivery.id, 'the run was cancelled')
      },
      done,
    })
    void done.finally(() => active.delete(run.id))
  }

  interface StepContext extends Control {
    run: Run
    scenario: Scenario
    actions: Action[]
  }

  async function runStep(run: Run, index: number, work: () => Promise<Outcome>, control: Control) {
    const step = run.steps[index]!
    Object.assign(step, { status: 'running', startedAt: new Date(host.clock.now()).toISOString(), storyAt: new Date(run.storyMs).toISOString() })
    // Shown at once, saved when done: a step that was running at a crash simply runs again.
    host.onRun(run)
    let outcome: Outcome
    try {
      outcome = await work()
    } catch (error) {
      outcome = { passed: false, message: error instanceof Error ? error.message : String(error) }
    }
    const status: StepResult['status'] = control.isCancelled() ? 'cancelled' : outcome.passed ? 'passed' : 'failed'
    Object.assign(step, { status, finishedAt: new Date(host.clock.now()).toISOString(), message: outcome.message })
    if (outcome.deliveryIds) step.deliveryIds = outcome.deliveryIds
    // The step is complete once this is on disk: a crash after it resumes at the next one.
    if (!control.isCancelled()) run.next = index + 1
    await save(run)
  }

  async function perform(context: StepContext, action: Action): Promise<Outcome> {
    const { run } = context
    switch (action.kind) {
      case 'fire':
        return fireGroup(context, action)
      case 'wait':
        run.storyMs += action.ms
        if (run.options.timeScale > 0) await context.wait(scaledWait(action.ms, run.options.timeScale))
        return { passed: true, message: `story time +${formatDuration(action.ms)}` }
      case 'heartbeat':
        await host.heartbeat(action.cluster, action.action === 'start', action.action === 'stop' ? run.id : undefined)
        return { passed: true, message: action.action === 'stop' ? `controller of ${action.cluster} stopped` : `controller of ${action.cluster} running` }
      case 'duplicate':
        return duplicate(context, action.ref)
      case 'expect':
        return expectation(context, action)
    }
  }

  /** The engine's clock scales by its own time scale; a run may ask for another. */
  const scaledWait = (ms: number, runScale: number) => (host.timeScale > 0 ? (ms * runScale) / host.timeScale : 0)

  /** Plans every fire of the group in story order, then queues them in the group's send order. */
  async function fireGroup(context: StepContext, action: Extract<Action, { kind: 'fire' }>) {
    const { run, scenario } = context
    const plans = action.fires.map((fire, i) => {
      const request = fireRequest(run, scenario, fire.provider, fire.step, messageSeedOf(run, action.index, i))
      return { fire, plan: host.plan(request) }
    })
    const ids: string[] = []
    const notes: string[] = []
    for (const position of action.order) {
      const { fire, plan } = plans[position]!
      if (fire.step.drop) {
        notes.push(`${fire.step.fire} dropped: the platform never sent it`)
        continue
      }
      const sent = await host.send(plan)
      ids.push(...sent.deliveries.map((d) => d.id))
      if (sent.deliveries.length === 0) notes.push(`${fire.step.fire} reached no subscription${sent.skipped[0] ? ` (${sent.skipped[0].subscriptionName}: ${sent.skipped[0].reason})` : ''}`)
      // A delayed fire waits until the one it was held behind has been delivered.
      if (action.oneAfterAnother) await Promise.all(sent.deliveries.map((d) => context.whenFinal(d.id)))
    }
    const message = [`${ids.length} deliver${ids.length === 1 ? 'y' : 'ies'} queued`, ...notes].join('; ')
    return { passed: true, message, deliveryIds: ids }
  }

  /** One fire as the engine takes it: the story's facts, this message's own seed, the story's time. */
  function fireRequest(run: Run, scenario: Scenario, provider: ProviderId, step: Extract<Action, { kind: 'fire' }>['fires'][number]['step'], messageSeed: string) {
    const explicit = step.context ?? {}
    const base: GenerateContext = { ...scenario.context, ...explicit }
    const rule = platformOf(provider).story
    const story = rule ? rule(run.story[provider] ?? {}, { event: step.fire, context: base, explicit, nowMs: run.storyMs }) : { context: base, state: {} }
    if (rule) run.story[provider] = story.state
    return {
      provider,
      event: step.fire,
      seed: run.seed,
      messageSeed,
      context: story.context,
      set: step.set ?? {},
      headers: step.headers ?? [],
      occurredAt: new Date(run.storyMs).toISOString(),
      runId: run.id,
      ...(run.subscriptionIds.length > 0 && { subscriptionIds: run.subscriptionIds }),
    }
  }

  /**
   * The latest deliveries of the fire action at `index`, once each is final; with a step `id`,
   * only those of the fires with that id (a delayed, parallel or reordered fire shares its action
   * with the rest of its group).
   */
  async function deliveriesOfStep(context: StepContext, index: number | undefined, id?: string): Promise<Delivery[] | undefined> {
    if (index === undefined) return undefined
    const step = [...context.run.steps].reverse().find((s) => s.index === index && s.status !== 'pending')
    const action = context.actions[index]
    let ids = step?.deliveryIds ?? []
    if (id !== undefined && action?.kind === 'fire') {
      const events = new Set(action.fires.flatMap((fire, i) => (fire.step.id === id ? [runEventId(context.run.id, messageSeedOf(context.run, index, i))] : [])))
      const eventOf = new Map(host.deliveriesOfRun(context.run.id).map((d) => [d.id, d.eventId]))
      ids = ids.filter((deliveryId) => events.has(eventOf.get(deliveryId) ?? ''))
    }
    return Promise.all(ids.map((deliveryId) => context.whenFinal(deliveryId)))
  }

  const latestFireWithId = (context: StepContext, id: string, before: number) =>
    [...context.actions.slice(0, before)].reverse().find((a) => a.kind === 'fire' && a.fires.some((f) => f.step.id === id))?.index

  async function duplicate(context: StepContext, ref: string) {
    const index = latestFireWithId(context, ref, context.run.next)
    const originals = (await deliveriesOfStep(context, index, ref)) ?? []
    for (const delivery of originals) await host.redeliver(delivery.id)
    return { passed: true, message: `${originals.length} deliver${originals.length === 1 ? 'y' : 'ies'} of ${ref} sent again with the same id`, deliveryIds: originals.map((d) => d.id) }
  }

  async function expectation(context: StepContext, action: Extract<Action, { kind: 'expect' }>): Promise<Verdict> {
    const { run } = context
    const { expectation } = action
    // The integrator's app runs in real time: poll it every 250 real milliseconds, whatever the scale.
    const realWait = (ms: number) => context.wait(host.timeScale > 0 ? ms / host.timeScale : 0)
    if ('http' in expectation) return probeUntil(expectation, host.probe, realWait, () => host.clock.now())
    const deliveries = await Promise.all(host.deliveriesOfRun(run.id).map((d) => context.whenFinal(d.id)))
    const stepId = 'delivery' in expectation ? expectation.delivery.step : undefined
    const stepIndex = stepId ? latestFireWithId(context, stepId, action.index) : action.previousFire
    const since = Date.parse(run.startedAt)
    const ctx = {
      deliveries,
      stepDeliveries: await deliveriesOfStep(context, stepIndex, stepId),
      captures: host.capturesSince(since),
    }
    if ('delivered' in expectation) return deliveredAll(ctx)
    if ('delivery' in expectation) return deliveryMatches(expectation, ctx)
    return receivedCount(expectation, ctx)
  }

  /**
   * Replays a saved run. `fresh`: the scenario again with the same seed, so the same payloads,
   * signed anew with fresh timestamps and delivery ids. `exact`: every recorded request again, byte
   * for byte (body, headers, signatures), to reproduce what a receiver saw. `timeScale` replaces the
   * original's for the story's waits (fresh; an exact replay does not wait).
   */
  async function replay(input: { id: string; mode: 'fresh' | 'exact'; targets?: string[]; timeScale?: number }): Promise<Run> {
    const original = getRun(input.id)
    const replayOf = { runId: original.id, mode: input.mode }
    if (input.mode === 'fresh') {
      const options = { ...original.options, seed: original.seed, ...(input.targets && { targets: input.targets }), ...(input.timeScale !== undefined && { timeScale: input.timeScale }) }
      return start({ source: original.source, fileName: original.fileName, scenarioId: original.scenarioId, options, replayOf })
    }
    const recorded = await recordedDeliveries(original.id)
    if (recorded.length === 0) throw new ApiFailure('conflict', `Run ${original.id} made no deliveries to replay`)
    const now = host.clock.now()
    const run: Run = {
      ...original,
      id: newId('run'),
      options: { ...original.options, ...(input.targets && { targets: input.targets }) },
      replayOf,
      status: 'running',
      startedAt: new Date(now).toISOString(),
      finishedAt: undefined,
      reason: undefined,
      next: 0,
      storyMs: now,
      subscriptionIds: [],
      cleanup: { subscriptionIds: [], endpointNames: [] },
      steps: recorded.map((d, index) => ({ index, path: `delivery ${index + 1}`, kind: 'fire', label: `resend ${d.event} as recorded`, status: 'pending', deliveryIds: [] })),
    }
    run.receiver = host.receiverUrl() ?? undefined
    const rebase = rebaseOf(original)
    for (const url of new Set(recorded.flatMap((d) => input.targets ?? [rebase(d.url)]))) {
      const subscription = await host.createSubscription({ name: `replay of ${original.id} → ${url}`, url, provider: 'any' })
      run.subscriptionIds.push(subscription.id)
      run.cleanup.subscriptionIds.push(subscription.id)
    }
    await saveFirst(run).catch((error: unknown) => notStarted(run, error))
    executeExact(run, recorded)
    return run
  }

  /** Requests the original run sent to the built-in receiver go to where it listens now (its port changes). */
  function rebaseOf(original: Run): (url: string) => string {
    const now = host.receiverUrl()
    const then = original.receiver
    return (url) => (then && now && url.startsWith(then) ? now + url.slice(then.length) : url)
  }

  function executeExact(run: Run, recorded: Delivery[]) {
    const replayed = run.replayOf ? host.runs.get(run.replayOf.runId) : undefined
    const rebase = replayed ? rebaseOf(replayed) : (url: string) => url
    executeSteps(run, recorded.length, async (index) => {
      const original = recorded[index]!
      // Each request goes back where it went, or to every target the replay names.
      const same = run.subscriptionIds.filter((id) => host.subscription(id)?.url === rebase(original.url))
      const drafts = (same.length > 0 ? same : run.subscriptionIds).map((subscriptionId) => exactCopy(run, original, subscriptionId))
      const sent = await host.send({ eventId: drafts[0]!.eventId, drafts, skipped: [] })
      return { passed: true, message: `${sent.deliveries.length} request(s) sent as recorded`, deliveryIds: sent.deliveries.map((d) => d.id) }
    })
  }

  /** The recorded first request of a delivery, unsigned (its recorded signature headers go as they were). */
  function exactCopy(run: Run, original: Delivery, subscriptionId: string) {
    const recordedAttempt = original.attempts.find((a) => a.series === 0 && a.n === 1) ?? original.attempts[0]
    const subscription = host.subscription(subscriptionId)
    const url = subscription?.url ?? original.url
    return {
      id: derivedId('msg', run.id, original.id, subscriptionId),
      eventId: derivedId('evt', run.id, original.id),
      runId: run.id,
      subscriptionId,
      subscriptionName: subscription?.name ?? url,
      provider: original.provider,
      event: original.event,
      // What filters look at, as recorded: the replayed event is the same event.
      ...(original.facts && { facts: original.facts }),
      url,
      body: original.body,
      headers: recordedAttempt?.headers ?? original.headers,
      signing: { scheme: 'none' as const },
      retry: { preset: 'none' as const },
      timeoutMs: original.timeoutMs,
      secretHeaders: [],
      rules: original.rules,
    }
  }

  /** A run's whole deliveries, in fire order. */
  async function recordedDeliveries(runId: string): Promise<Delivery[]> {
    const summaries = host.deliveriesOfRun(runId).sort((a, b) => a.seq - b.seq)
    return (await Promise.all(summaries.map((d) => host.delivery(d.id)))).filter((d): d is Delivery => d !== undefined)
  }

  function getRun(id: string): Run {
    const run = host.runs.get(id)
    if (!run) throw new ApiFailure('not_found', `No run with id "${id}"`)
    return run
  }

  /** Waits for the run's deliveries, judges the run, removes what it created. */
  async function finish(run: Run, cancelled: boolean): Promise<Run> {
    if (!cancelled) await Promise.all(host.deliveriesOfRun(run.id).map((d) => host.whenFinal(d.id)))
    const deliveries = host.deliveriesOfRun(run.id)
    const failedSteps = run.steps.filter((s) => s.status === 'failed')
    const failedDeliveries = deliveries.filter((d) => d.status === 'failed')
    for (const step of run.steps) if (step.status === 'pending') step.status = cancelled ? 'cancelled' : 'skipped'
    run.status = cancelled ? 'cancelled' : failedSteps.length + failedDeliveries.length === 0 ? 'passed' : 'failed'
    run.reason = cancelled
      ? 'cancelled'
      : run.status === 'passed'
        ? `${run.steps.length} steps, ${deliveries.length} deliveries, all as expected`
        : [failedSteps.length && `${failedSteps.length} step(s) failed`, failedDeliveries.length && `${failedDeliveries.length} deliver${failedDeliveries.length === 1 ? 'y' : 'ies'} failed`]
            .filter(Boolean)
            .join(', ')
    await cleanUp(run)
    run.finishedAt = new Date(host.clock.now()).toISOString()
    await save(run)
    return run
  }

  async function cleanUp(run: Run) {
    for (const id of run.cleanup.subscriptionIds) await host.removeSubscription(id).catch(() => undefined)
    for (const name of run.cleanup.endpointNames) await host.removeEndpoint(name).catch(() => undefined)
  }

  return {
    start,
    /** Stops a running run after its current step; its waiting deliveries are cancelled. */
    async cancel(id: string): Promise<Run> {
      const running = active.get(id)
      if (!running) {
        const run = host.runs.get(id)
        if (!run) throw new ApiFailure('not_found', `No run with id "${id}"`)
        throw new ApiFailure('conflict', `Run ${id} is not running (it ${run.status})`)
      }
      running.cancel()
      return running.done
    },
    /** Resolves when the run has finished. */
    whenDone(id: string): Promise<Run> {
      const running = active.get(id)
      if (running) return running.done
      const run = host.runs.get(id)
      if (!run) return Promise.reject(new ApiFailure('not_found', `No run with id "${id}"`))
      return Promise.resolve(run)
    },
    /** Continues the runs a previous process left running, from the step after the last completed. */
    async resume(): Promise<number> {
      const interrupted = host.runs.list().filter((run) => run.status === 'running' && !active.has(run.id))
      for (const run of interrupted) {
        try {
          if (run.replayOf?.mode === 'exact') executeExact(run, await recordedDeliveries(run.replayOf.runId))
          else execute(run, scenarioOf(run.source, run.fileName, run.options))
        } catch (error) {
          run.status = 'failed'
          run.reason = `could not resume: ${error instanceof Error ? error.message : String(error)}`
          void save(run)
        }
      }
      return interrupted.length
    },
    list: () => host.runs.list().map(summarizeRun),
    /** The run's deliveries, in fire order. */
    deliveries: recordedDeliveries,
    get: getRun,
    replay,
    async close() {
      for (const running of active.values()) running.cancel()
    },
  }
}
export type Runner = ReturnType<typeof createRunner>

type Draft = Scenario['subscriptions'][number]

/** Each fire's own seed: the run's, its action and its place in the group (the same after a resume). */
const messageSeedOf = (run: Run, actionIndex: number, fireIndex: number) => `${run.seed}:${actionIndex}:${fireIndex}`

/** The run's subscriptions: the scenario's (each copied to every `--to` target), or one per target. */
function subscriptionDrafts(scenario: Scenario, options: RunOptions): Draft[] {
  const { targets } = options
  if (targets.length === 0) return scenario.subscriptions
  if (scenario.subscriptions.length === 0) return targets.map((url) => targetDraft(url, options))
  return scenario.subscriptions.flatMap((draft) =>
    targets.map((url) => ({ ...draft, url, name: targets.length > 1 ? `${draft.name} → ${url}` : draft.name, ...targetSigning(draft, options) })),
  )
}

/** `--secret` (and `--scheme`) sign what goes to the `--to` targets, whatever the file said. */
function targetSigning(draft: Draft, options: RunOptions): Partial<Draft> {
  if (options.secret === undefined && options.scheme === undefined) return {}
  const scheme = options.scheme ?? (draft.signing.scheme === 'none' ? 'standard' : draft.signing.scheme)
  return { signing: { scheme, ...(options.secret !== undefined ? { secret: options.secret } : { secret: draft.signing.secret }) } }
}

function targetDraft(url: string, options: RunOptions): Draft {
  const scheme = options.scheme ?? (options.secret ? 'standard' : 'none')
  const signing = { scheme, ...(options.secret !== undefined && { secret: options.secret }) }
  return ScenarioSubscription.parse({ name: url, url, provider: 'any', signing })
}
