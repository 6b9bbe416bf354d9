import { z } from 'zod'
import { HttpUrl } from './http'
import { SigningScheme } from './signing'

/** How a run was asked for: where it sends, how fast, with which seed and variables. */
export const RunOptions = z.object({
  /** `--to`: every delivery of the run goes to each of these URLs instead of its subscription's. */
  targets: z.array(HttpUrl).default([]),
  /** Signing for the subscriptions made for `targets` when the scenario has none. */
  secret: z.string().optional(),
  scheme: SigningScheme.optional(),
  /**
   * How fast the run's story clock is played: real milliseconds per story millisecond (1 = real
   * time, 0.01 = a hundred times faster, 0 = straight from one due thing to the next). It changes
   * how long a run takes, never what happens or in which story order.
   */
  timeScale: z.number().min(0).max(1000).default(1),
  /** Unset = the scenario's seed, else a fresh one. */
  seed: z.union([z.string(), z.number()]).optional(),
  /** `--var name=value`, over the file's own vars. */
  vars: z.record(z.string(), z.string()).default({}),
  /** `--bail`: the run stops at its first failed step (the rest is skipped), instead of telling the whole story. */
  bail: z.boolean().optional(),
})
export type RunOptions = z.infer<typeof RunOptions>

/** `interrupted`: stopped by a signal or a closing host, left to be resumed (`hookbench resume`). */
export const RunStatus = z.enum(['running', 'passed', 'failed', 'cancelled', 'interrupted'])
export type RunStatus = z.infer<typeof RunStatus>

export const StepStatus = z.enum(['pending', 'running', 'passed', 'failed', 'skipped', 'cancelled', 'interrupted'])
export type StepStatus = z.infer<typeof StepStatus>

/** Percentiles of a set of durations, in ms. */
export const Percentiles = z.object({ p50: z.number(), p90: z.number(), p95: z.number(), p99: z.number(), max: z.number() })
export type Percentiles = z.infer<typeof Percentiles>

/**
 * What a load step measured. Latency is the target's (request sent → answer read); `lagMs` is
 * Hookbench's own delay (an arrival's due time → its request going out), kept apart so a slow
 * sender is never taken for a slow app; `keptRate` says whether Hookbench held the rate asked.
 */
export const LoadResult = z.object({
  /** Asked: arrivals per second, for how long (ms). */
  rate: z.number(),
  forMs: z.number(),
  /** Requests sent (every arrival to every subscription that took it). */
  sent: z.number().int().nonnegative(),
  /** Requests that got an HTTP answer (any status). */
  answered: z.number().int().nonnegative(),
  /** Arrivals per second actually sent, from the first to the last. */
  achievedRate: z.number(),
  latencyMs: Percentiles,
  /** Requests not answered 2xx: transport errors, timeouts, 4xx and 5xx; by status or error class. */
  errors: z.object({ count: z.number().int().nonnegative(), rate: z.number(), byKind: z.record(z.string(), z.number().int()) }),
  /** Answers the platform's rules would retry (5xx, timeouts…): each would be sent again later, adding to the load. */
  retries: z.number().int().nonnegative(),
  lagMs: z.object({ p95: z.number(), max: z.number() }),
  keptRate: z.boolean(),
})
export type LoadResult = z.infer<typeof LoadResult>

/** One step of a run as it happened: a fire (or a group sent together), a wait, a fault, an expectation. */
export const StepResult = z.object({
  /** Position in the run's plan (repeats unrolled). */
  index: z.number().int().nonnegative(),
  /** Where it stands in the file: `steps[3]`, `steps[4] (2/3) › steps[0]`. */
  path: z.string(),
  kind: z.enum(['fire', 'wait', 'heartbeat', 'duplicate', 'expect', 'http', 'load']),
  /** The fire step's `id` in the file (reports name the step by it). */
  id: z.string().optional(),
  /** What it does, for people: `fire rollout-failed`, `wait 2m`, `expect delivered: all`. */
  label: z.string(),
  status: StepStatus,
  startedAt: z.iso.datetime().optional(),
  finishedAt: z.iso.datetime().optional(),
  /** The story's clock when the step started: payload timestamps follow it, not the scaled real time. */
  storyAt: z.iso.datetime().optional(),
  /** The story's clock when the step ended (a wait ends its duration later). */
  storyEndAt: z.iso.datetime().optional(),
  /** Deliveries the step made (or sent again). */
  deliveryIds: z.array(z.string()).default([]),
  /** Why it failed, was skipped, or what it found ("3 captures", "dropped: never sent"). */
  message: z.string().optional(),
  /** A load step's measurements. */
  load: LoadResult.optional(),
})
export type StepResult = z.infer<typeof StepResult>

/** A simulated Ocean CD controller the run started: its story-clock state, so a resumed run keeps it. */
export const RunController = z.object({
  running: z.boolean(),
  /** Story time of its last heartbeat (epoch ms). */
  lastBeatMs: z.number(),
  /** Its silence has already fired `controller-heartbeat-failure` (once per outage). */
  failed: z.boolean().default(false),
  outages: z.number().int().nonnegative().default(0),
})
export type RunController = z.infer<typeof RunController>

/** Where one of the run's subscriptions sends: a built-in receiver endpoint of the story, and/or a `--to` target. */
export const RunRoute = z.object({
  endpoint: z.string().optional(),
  target: z.string().optional(),
  /** The subscription's name in the file (expectations and duplicates name it). */
  name: z.string().optional(),
})
export type RunRoute = z.infer<typeof RunRoute>

/** A delivery that failed without an expectation that asked for its status: a reason the run failed. */
export const RunFailure = z.object({
  deliveryId: z.string(),
  event: z.string(),
  subscriptionName: z.string(),
  /** The step that sent it (fire, duplicate), when one did. */
  stepIndex: z.number().int().nonnegative().optional(),
  message: z.string(),
})
export type RunFailure = z.infer<typeof RunFailure>

/**
 * A run of a scenario: the scenario as it was, the options, each step's outcome and the
 * deliveries it made. Saved as it goes (small change records), so a run interrupted by a crash
 * or a signal continues with the steps it had not finished.
 */
export const Run = z.object({
  id: z.string(),
  /** A built-in id, a saved scenario's id, or a file name. */
  scenarioId: z.string(),
  scenarioName: z.string(),
  /** The scenario file's text as it was when the run started. */
  source: z.string(),
  fileName: z.string().optional(),
  /** The files it includes and the templates it names, as they were (path from its folder → text). */
  files: z.record(z.string(), z.string()).optional(),
  options: RunOptions,
  /** The built-in receiver's address during the run: an exact replay re-points requests sent to it. */
  receiver: z.string().optional(),
  /** The seed the story used (the option's, the scenario's, or a fresh one). */
  seed: z.union([z.string(), z.number()]),
  /** Set when this run replays another. */
  replayOf: z.object({ runId: z.string(), mode: z.enum(['fresh', 'exact']) }).optional(),
  status: RunStatus,
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().optional(),
  /** Why it ended as it did ("2 expectations failed", "cancelled by the user"). */
  reason: z.string().optional(),
  /** How many steps have ended so far (progress; it only grows). */
  next: z.number().int().nonnegative().default(0),
  /** When the story began: the story clock's origin, a whole second (epoch ms as ISO). */
  storyStartedAt: z.iso.datetime().optional(),
  /** The story clock now (epoch ms) and what each platform's story knows so far. */
  storyMs: z.number(),
  story: z.record(z.string(), z.record(z.string(), z.json())).default({}),
  /** The subscriptions the run fires at; none = every subscription there is. */
  subscriptionIds: z.array(z.string()).default([]),
  /** Where each of the run's subscriptions sends (for judging `received` at `--to` targets). */
  routes: z.record(z.string(), RunRoute).default({}),
  /** The story's receiver endpoints by the name the file gives them → the name they have in this run. */
  endpoints: z.record(z.string(), z.string()).default({}),
  /**
   * Values that flow between steps: what `save:` kept (by name) and the answers of http steps that
   * later steps refer to (`steps.<id>.response.status`…). A resumed run goes on with them.
   */
  values: z.record(z.string(), z.json()).optional(),
  /** The controllers the run started, by cluster. */
  controllers: z.record(z.string(), RunController).default({}),
  /** What the run created and removes at its end (the scenario's `keep: true` ones stay). */
  cleanup: z.object({ subscriptionIds: z.array(z.string()), endpointNames: z.array(z.string()) }).default({ subscriptionIds: [], endpointNames: [] }),
  /** Every delivery the run made (fires, heartbeat failures; a duplicate is not a new one). */
  deliveryCount: z.number().int().nonnegative().optional(),
  /** Deliveries that failed without an expectation asking for it: each fails the run. */
  failures: z.array(RunFailure).default([]),
  steps: z.array(StepResult),
})
export type Run = z.infer<typeof Run>

/** A run without its source text: what lists and the event stream carry. */
export const RunSummary = Run.omit({ source: true, story: true, files: true })
export type RunSummary = z.infer<typeof RunSummary>

export function summarizeRun({ source: _source, story: _story, files: _files, ...rest }: Run): RunSummary {
  return rest
}

/**
 * How many deliveries the run made: its own count (fires, heartbeat failures), else, for a record
 * from before it kept one, the distinct deliveries of its steps. Every summary counts with this.
 */
export const runDeliveryCount = (run: Pick<Run, 'deliveryCount' | 'steps'>) => run.deliveryCount ?? new Set(run.steps.flatMap((step) => step.deliveryIds)).size

/** Passed, failed or cancelled: it will not run again (an interrupted run may be resumed). */
export const isRunFinal = (run: Pick<Run, 'status'>) => run.status !== 'running' && run.status !== 'interrupted'

/** A step that has ended one way or another (an interrupted one will run again on resume). */
export const isStepDone = (step: Pick<StepResult, 'status'>) => step.status !== 'pending' && step.status !== 'running' && step.status !== 'interrupted'
