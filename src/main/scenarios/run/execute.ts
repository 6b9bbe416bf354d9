import { type StepResult, isStepDone } from '../../../shared/schemas/run'
import type { PlanNode } from '../compile'
import { type Cursor, type Ending, type RunSession, RunStopped } from './session'
import { performStep } from './steps'
import type { Outcome } from './steps/step'

/**
 * Runs plan nodes in sequence on one cursor. A `parallel` node starts one cursor per branch at the
 * same story instant (in branch order) and ends when the longest branch has.
 */
export async function runNodes(session: RunSession, cursor: Cursor, nodes: PlanNode[]): Promise<void> {
  for (const node of nodes) {
    if (session.ending) throw new RunStopped(session.ending)
    if (node.kind === 'step') await runStep(session, cursor, node.index)
    else await runParallel(session, cursor, node.branches)
  }
}

async function runParallel(session: RunSession, cursor: Cursor, branches: PlanNode[][]) {
  const running = branches.map((nodes) => {
    const branch = session.cursor()
    return runNodes(session, branch, nodes).finally(() => branch.end())
  })
  const settled = await cursor.park(Promise.allSettled(running))
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected')
  if (failed) throw failed.reason
}

/**
 * One step: marked running (shown at once), performed (by its kind, unless `perform` says how),
 * then its outcome saved. A resumed run skips the steps it has done.
 */
export async function runStep(session: RunSession, cursor: Cursor, index: number, perform?: (step: StepResult) => Promise<Outcome>): Promise<void> {
  const { run, plan, host } = session
  const step = run.steps[index]!
  if (isStepDone(step)) return
  // A step cut short (a crash, a signal) starts again where its story time began: a wait waits what was left.
  const storyAt = step.status !== 'pending' && step.storyAt ? step.storyAt : session.storyIso()
  Object.assign(step, { status: 'running', startedAt: new Date(host.clock.now()).toISOString(), storyAt, message: undefined })
  void session.saveStep(index)
  let outcome
  try {
    outcome = await (perform ? perform(step) : performStep({ session, cursor, action: plan.actions[index]!, step }))
  } catch (error) {
    if (!(error instanceof RunStopped)) {
      outcome = { passed: false, message: error instanceof Error ? error.message : String(error) }
    } else {
      Object.assign(step, stoppedStep(error.ending))
      await session.saveStep(index)
      throw error
    }
  }
  Object.assign(step, {
    status: outcome.skipped ? 'skipped' : outcome.passed ? 'passed' : 'failed',
    finishedAt: new Date(host.clock.now()).toISOString(),
    storyEndAt: session.storyIso(),
    message: outcome.message,
  })
  if (outcome.deliveryIds) step.deliveryIds = outcome.deliveryIds
  if (outcome.load) step.load = outcome.load
  run.next++
  run.storyMs = session.clock.now()
  // The step is complete once this is on disk: a crash after it resumes with the steps after it.
  await Promise.all([session.saveStep(index), session.saveState()])
  // `--bail`: the first failed step ends the story (an app that is down costs one probe's timeout, not all of them).
  if (step.status === 'failed' && run.options.bail) {
    run.reason = `stopped at its first failure (--bail): ${step.label}: ${step.message ?? 'failed'}`
    session.stop('bailed')
  }
}

/** How a step cut short by the run's stopping is recorded. */
const stoppedStep = (ending: Ending): Pick<StepResult, 'status' | 'message'> => {
  if (ending === 'interrupted') return { status: 'interrupted', message: 'it runs again when the run is resumed' }
  if (ending === 'bailed') return { status: 'skipped', message: 'not finished: the run stopped at its first failure (--bail)' }
  return { status: 'cancelled', message: 'the run was cancelled' }
}
