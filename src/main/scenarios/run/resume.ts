import type { Run } from '../../../shared/schemas/run'
import { compilePlan } from '../compile'
import { runNodes } from './execute'
import type { RunnerHost } from './host'
import type { Lifecycle } from './lifecycle'
import { receiverOf, scenarioOf } from './new-run'
import { exactReplayStory, recordedRequests } from './replay'

/**
 * The runs a previous process left running (a crash) or interrupted (a signal, a closing host),
 * made ready to go on: their sessions are registered, so their deliveries keep time on their
 * story clocks as the queue picks them up again, but not started; `start()` does. A run that can
 * no longer be resumed ends failed, saying why, its pending deliveries cancelled.
 */
export async function prepareResume(host: RunnerHost, lifecycle: Lifecycle, options: { timeScale?: number } = {}) {
  const waiting = host.runs
    .list()
    .filter((run) => (run.status === 'running' || run.status === 'interrupted') && !lifecycle.isActive(run.id))
    .reverse()
  const ready: Array<ReturnType<Lifecycle['register']>> = []
  for (const run of waiting) {
    try {
      if (options.timeScale !== undefined) run.options = { ...run.options, timeScale: options.timeScale }
      Object.assign(run, { status: 'running', reason: undefined })
      ready.push(await sessionFor(host, lifecycle, run))
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

async function sessionFor(host: RunnerHost, lifecycle: Lifecycle, run: Run) {
  const deliveryIds = host.deliveriesOfRun(run.id).sort((a, b) => a.seq - b.seq).map((d) => d.id)
  if (run.replayOf?.mode === 'exact') {
    const original = host.runs.get(run.replayOf.runId)
    if (!original) throw new Error(`the run it replays (${run.replayOf.runId}) is no longer in history`)
    const story = exactReplayStory(host, original, run, await recordedRequests(host, original.id))
    return lifecycle.register(lifecycle.session(run, undefined, { actions: [], root: [] }, deliveryIds), story.play)
  }
  const scenario = scenarioOf(run.source, run.fileName, run.options, receiverOf(host, run), run.files ?? {})
  const plan = compilePlan(scenario, run.seed)
  if (plan.actions.length !== run.steps.length) throw new Error('its scenario no longer compiles to the steps it had')
  const session = lifecycle.session(run, scenario, plan, deliveryIds)
  session.controllers.restore()
  return lifecycle.register(session, (s, cursor) => runNodes(s, cursor, plan.root))
}
