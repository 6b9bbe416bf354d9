import { type Run, RunOptions } from '../../../shared/schemas/run'
import type { Scenario } from '../../../shared/schemas/scenario'
import { describeIssues, formatIssues } from '../../../shared/result'
import { ApiFailure } from '../../core/errors'
import { newId } from '../../core/ids'
import { formatProblems, parseScenario } from '../parse-scenario'
import type { RunnerHost } from './host'

/** Where `${receiver}` points while no receiver listens (validation, a host without one). */
export const DEFAULT_RECEIVER = 'http://127.0.0.1:4781/'

/** The receiver a run's `${receiver}` stands for: the one it ran with, else where it listens now. */
export const receiverOf = (host: RunnerHost, run?: Pick<Run, 'receiver'>) => run?.receiver ?? host.receiverUrl() ?? DEFAULT_RECEIVER

/** Parses a run's scenario as it was, with the built-in `${receiver}` variable; invalid text is the caller's to fix. */
export function scenarioOf(source: string, fileName: string | undefined, options: RunOptions, receiver: string, files: Record<string, string> = {}): Scenario {
  const parsed = parseScenario(source, { fileName, vars: { receiver, ...options.vars }, files })
  if (!parsed.ok) {
    throw new ApiFailure('invalid_input', formatProblems(parsed.problems, fileName), parsed.problems.map(({ path, message }) => ({ path, message })))
  }
  return parsed.scenario
}

export function parseRunOptions(input: unknown): RunOptions {
  const parsed = RunOptions.safeParse(input ?? {})
  if (parsed.success) return parsed.data
  const issues = describeIssues(parsed.error)
  throw new ApiFailure('invalid_input', formatIssues(issues), issues)
}

/** A new run record: its story clock starts at a whole second, so second-precision timestamps are exact offsets. */
export function newRun(host: RunnerHost, fields: Pick<Run, 'scenarioId' | 'scenarioName' | 'source' | 'options' | 'seed'> & Partial<Run>): Run {
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
    values: {},
    files: {},
    cleanup: { subscriptionIds: [], endpointNames: [] },
    deliveryCount: 0,
    failures: [],
    steps: [],
    ...fields,
  }
}
