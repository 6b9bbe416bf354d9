import { type RunSummary, type StepResult, type StepStatus, isStepDone, runDeliveryCount } from '../../../../shared/schemas/run'
import type { ScenarioInfo } from '../../../../shared/schemas/scenario-api'

/** How runs and steps are shown: tones, counts, which runs belong to a scenario. */

export type Tone = 'ok' | 'bad' | 'warn' | 'neutral'

export function runTone(status: RunSummary['status']): Tone {
  if (status === 'passed') return 'ok'
  if (status === 'failed') return 'bad'
  if (status === 'running' || status === 'interrupted') return 'warn'
  return 'neutral'
}

export function stepTone(status: StepStatus): Tone {
  if (status === 'passed') return 'ok'
  if (status === 'failed') return 'bad'
  if (status === 'running' || status === 'interrupted') return 'warn'
  return 'neutral'
}

/**
 * Runs of a scenario: by its id (run from the library or the CLI) or its file name (run from the
 * editor's text, which the engine names after the file).
 */
export function runsOfScenario(runs: RunSummary[], scenario: Pick<ScenarioInfo, 'id' | 'fileName'> | undefined): RunSummary[] {
  if (!scenario) return []
  return runs.filter((run) => run.scenarioId === scenario.id || run.scenarioId === scenario.fileName)
}

/** `3/5 steps`, then deliveries and expectations: the line under a run in the history. */
export function runCounts(run: RunSummary): string {
  const done = run.steps.filter(isStepDone).length
  const deliveries = runDeliveryCount(run)
  const expectations = run.steps.filter((s) => s.kind === 'expect')
  const passed = expectations.filter((s) => s.status === 'passed').length
  const parts = [`${done}/${run.steps.length} steps`, `${deliveries} ${deliveries === 1 ? 'delivery' : 'deliveries'}`]
  if (expectations.length) parts.push(`${passed}/${expectations.length} expectations`)
  return parts.join(' · ')
}

export const expectationsOf = (run: RunSummary): StepResult[] => run.steps.filter((s) => s.kind === 'expect')

/** Every delivery of the run once, in the order its steps made them. */
export function deliveryIdsOf(run: RunSummary): string[] {
  return [...new Set(run.steps.flatMap((s) => s.deliveryIds))]
}

/** A replay says what it replays: `replay (exact) of run_…`. */
export function runOrigin(run: RunSummary): string | undefined {
  return run.replayOf && `replay (${run.replayOf.mode}) of ${run.replayOf.runId}`
}
