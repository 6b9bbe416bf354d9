import type { Delivery } from '../../../shared/schemas/delivery'
import type { Run } from '../../../shared/schemas/run'
import type { Scenario } from '../../../shared/schemas/scenario'
import type { DeliveryTimeline } from '../../delivery/delivery-queue'
import { ApiFailure } from '../../core/errors'
import type { Plan } from '../compile'
import type { RunnerHost } from './host'
import { type Cursor, type RunSession, RunStopped, createRunSession } from './session'
import { fireHeartbeatFailure } from './steps/heartbeat'
import { judgeRun } from './verdict'

/** How a run tells its story: the scenario's plan, or an exact replay's recorded requests. */
export type Story = (session: RunSession, cursor: Cursor) => Promise<void>

interface Active {
  session: RunSession
  story: Story
  done?: Promise<Run>
}

/**
 * Runs from start to end: each run plays on its own story clock; it ends passed or failed once its
 * steps are done and its deliveries final, cancelled (what it created removed, what it had queued
 * cancelled), or interrupted (by a signal or a closing host: left as it is, to be resumed).
 */
export function createLifecycle(host: RunnerHost) {
  const active = new Map<string, Active>()

  function session(run: Run, scenario: Scenario | undefined, plan: Plan, deliveryIds?: string[]): RunSession {
    return createRunSession({ host, run, scenario, plan, ...(deliveryIds && { deliveryIds }), onHeartbeatFailure: fireHeartbeatFailure })
  }

  /** Registers a run's session (its deliveries keep time on its clock from now on) without starting it. */
  function register(runSession: RunSession, story: Story): Active {
    const entry: Active = { session: runSession, story }
    active.set(runSession.run.id, entry)
    return entry
  }

  function launch(entry: Active): Promise<Run> {
    entry.done = play(entry).finally(() => active.delete(entry.session.run.id))
    return entry.done
  }

  async function play({ session: runSession, story }: Active): Promise<Run> {
    const cursor = runSession.cursor()
    runSession.pacer.start()
    let failure: string | undefined
    try {
      await story(runSession, cursor)
      await settleDeliveries(runSession, cursor)
    } catch (error) {
      if (!(error instanceof RunStopped)) failure = error instanceof Error ? error.message : String(error)
    } finally {
      cursor.end()
    }
    return finish(runSession, failure)
  }

  /** The story has been told; what it sent still has to arrive (retries keep story time). */
  async function settleDeliveries(runSession: RunSession, cursor: Cursor) {
    let settled = 0
    while (settled < runSession.deliveryIds().length) {
      const ids = runSession.deliveryIds()
      await cursor.park(Promise.all(ids.map((id) => host.whenFinal(id))))
      settled = ids.length
    }
  }

  async function finish(runSession: RunSession, failure: string | undefined): Promise<Run> {
    const { run, clock } = runSession
    runSession.pacer.stop()
    runSession.controllers.close()
    run.storyMs = clock.now()
    if (runSession.ending === 'interrupted') {
      run.status = 'interrupted'
      run.reason = 'interrupted; "hookbench resume" (or the app, or "hookbench serve", on this data directory) continues it'
      await runSession.saveState()
      return run
    }
    const leftOver = run.steps.filter((step) => step.status === 'pending' || step.status === 'running' || step.status === 'interrupted')
    if (runSession.ending === 'bailed') {
      // Stopped at its first failure: nothing more is sent, and the verdict is that failure's.
      for (const id of runSession.deliveryIds()) host.cancelDelivery(id, 'the run stopped at its first failure (--bail)')
      for (const step of leftOver) Object.assign(step, { status: 'skipped', message: 'not run: the run stopped at its first failure (--bail)' })
      const reason = run.reason
      await judgeRun(runSession)
      Object.assign(run, { status: 'failed', reason: [reason, run.status === 'failed' ? run.reason : undefined].filter(Boolean).join('; ') })
    } else if (runSession.ending === 'cancelled') {
      for (const id of runSession.deliveryIds()) host.cancelDelivery(id, 'the run was cancelled')
      for (const step of leftOver) step.status = 'cancelled'
      Object.assign(run, { status: 'cancelled', reason: 'cancelled' })
    } else if (failure !== undefined) {
      for (const step of leftOver) step.status = 'skipped'
      Object.assign(run, { status: 'failed', reason: `the run stopped on an unexpected error: ${failure}` })
    } else {
      await judgeRun(runSession)
    }
    await cleanUp(run)
    run.finishedAt = new Date(host.clock.now()).toISOString()
    await Promise.all([...leftOver.map((step) => runSession.saveStep(step.index)), runSession.saveState()])
    return run
  }

  /** Removes what the run created (the scenario's `keep: true` ones stay). */
  async function cleanUp(run: Run) {
    for (const id of run.cleanup.subscriptionIds) await host.removeSubscription(id).catch(() => undefined)
    for (const name of run.cleanup.endpointNames) await host.removeEndpoint(name).catch(() => undefined)
  }

  const notRunning = (id: string): never => {
    const run = host.runs.get(id)
    if (!run) throw new ApiFailure('not_found', `No run with id "${id}"`)
    throw new ApiFailure('conflict', `Run ${id} is not running (it ${run.status === 'interrupted' ? 'was interrupted' : run.status})`)
  }

  return {
    session,
    register,
    launch,
    /** Starts a new run's story. */
    begin(runSession: RunSession, story: Story) {
      void launch(register(runSession, story))
    },
    /** Stops a run where it is: what it had queued is cancelled, what it created removed. */
    cancel(id: string): Promise<Run> {
      const entry = active.get(id)
      if (!entry?.done) return notRunning(id)
      entry.session.stop('cancelled')
      return entry.done
    },
    /** Stops one run where it is and leaves it to be resumed (a CLI's Ctrl+C, through the API). */
    interruptOne(id: string): Promise<Run> {
      const entry = active.get(id)
      if (!entry?.done) return notRunning(id)
      entry.session.stop('interrupted')
      return entry.done
    },
    /** Stops runs where they are and leaves them to be resumed: a signal, a closing host. */
    interrupt(ids?: string[]): Promise<Run[]> {
      const entries = [...active.values()].filter((entry) => entry.done && (!ids || ids.includes(entry.session.run.id)))
      for (const entry of entries) entry.session.stop('interrupted')
      return Promise.all(entries.map((entry) => entry.done!))
    },
    whenDone(id: string): Promise<Run> {
      const entry = active.get(id)
      if (entry?.done) return entry.done
      const run = host.runs.get(id)
      if (!run) return Promise.reject(new ApiFailure('not_found', `No run with id "${id}"`))
      return Promise.resolve(run)
    },
    isActive: (id: string) => active.has(id),
    /** How a run's delivery keeps time: on its run's story clock while the run is being played. */
    timelineOf(delivery: Pick<Delivery, 'id' | 'runId'>): DeliveryTimeline | undefined {
      const runSession = delivery.runId === undefined ? undefined : active.get(delivery.runId)?.session
      return runSession?.timeline(delivery.id)
    },
  }
}
export type Lifecycle = ReturnType<typeof createLifecycle>
