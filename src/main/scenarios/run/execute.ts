import { type StepResult, isStepDone } from '../../../shared/schemas/run'
import type { PlanNode } from '../compile'
import { type Cursor, type RunSession, RunStopped } from './session'
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
      Object.assign(step, { status: error.ending, message: error.ending === 'interrupted' ? 'it runs again when the run is resumed' : 'the run was cancelled' })
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
  run.next++
  run.storyMs = session.clock.now()
  // The step is complete once this is on disk: a crash after it resumes with the steps after it.
  await Promise.all([session.saveStep(index), session.saveState()])
}
