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
  /** Multiplies every wait of the story; 0 skips them. */
  timeScale: z.number().min(0).max(1000).default(1),
  /** Unset = the scenario's seed, else a fresh one. */
  seed: z.union([z.string(), z.number()]).optional(),
  /** `--var name=value`, over the file's own vars. */
  vars: z.record(z.string(), z.string()).default({}),
})
export type RunOptions = z.infer<typeof RunOptions>

export const RunStatus = z.enum(['running', 'passed', 'failed', 'cancelled'])
export type RunStatus = z.infer<typeof RunStatus>

export const StepStatus = z.enum(['pending', 'running', 'passed', 'failed', 'skipped', 'cancelled'])
export type StepStatus = z.infer<typeof StepStatus>

/** One step of a run as it happened: a fire (or a group sent together), a wait, a fault, an expectation. */
export const StepResult = z.object({
  /** Position in the run's plan (repeats unrolled). */
  index: z.number().int().nonnegative(),
  /** Where it stands in the file: `steps[3]`, `steps[4] (2/3) › steps[0]`. */
  path: z.string(),
  kind: z.enum(['fire', 'wait', 'heartbeat', 'duplicate', 'expect']),
  /** What it does, for people: `fire rollout-failed`, `wait 2m`, `expect delivered: all`. */
  label: z.string(),
  status: StepStatus,
  startedAt: z.iso.datetime().optional(),
  finishedAt: z.iso.datetime().optional(),
  /** The story's clock when the step ran: payload timestamps follow it, not the scaled real time. */
  storyAt: z.iso.datetime().optional(),
  /** Deliveries the step made (or sent again). */
  deliveryIds: z.array(z.string()).default([]),
  /** Why it failed, was skipped, or what it found ("3 captures", "dropped: never sent"). */
  message: z.string().optional(),
})
export type StepResult = z.infer<typeof StepResult>

/**
 * A run of a scenario: the scenario as it was, the options, each step's outcome and the
 * deliveries it made. Saved after every step, so a run interrupted by a crash continues from the
 * step after the last one completed.
 */
export const Run = z.object({
  id: z.string(),
  /** A built-in id, a saved scenario's id, or a file name. */
  scenarioId: z.string(),
  scenarioName: z.string(),
  /** The scenario file's text as it was when the run started. */
  source: z.string(),
  fileName: z.string().optional(),
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
  /** The plan's next step: every step before it has completed. */
  next: z.number().int().nonnegative(),
  /** The story clock (epoch ms) and what each platform's story knows so far. */
  storyMs: z.number(),
  story: z.record(z.string(), z.record(z.string(), z.json())).default({}),
  /** The subscriptions the run fires at; none = every subscription there is. */
  subscriptionIds: z.array(z.string()).default([]),
  /** What the run created and removes at its end (the scenario's `keep: true` ones stay). */
  cleanup: z.object({ subscriptionIds: z.array(z.string()), endpointNames: z.array(z.string()) }).default({ subscriptionIds: [], endpointNames: [] }),
  steps: z.array(StepResult),
})
export type Run = z.infer<typeof Run>

/** A run without its source text: what lists and the event stream carry. */
export const RunSummary = Run.omit({ source: true, story: true })
export type RunSummary = z.infer<typeof RunSummary>

export function summarizeRun({ source: _source, story: _story, ...rest }: Run): RunSummary {
  return rest
}

export const isRunFinal = (run: Pick<Run, 'status'>) => run.status !== 'running'
