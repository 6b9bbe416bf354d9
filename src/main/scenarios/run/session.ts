import { seededRandom } from '../../../shared/core/seeded-random'
import { type Run, isRunFinal } from '../../../shared/schemas/run'
import type { Scenario } from '../../../shared/schemas/scenario'
import type { DeliveryTimeline } from '../../delivery/delivery-queue'
import { isStorageFailure } from '../../persistence/storage-failure'
import { setLongTimeout } from '../../core/long-timeout'
import type { RealTimer } from '../../core/clock'
import { type Pacer, createPacer } from '../clock/pacer'
import { type StepReference, stepReferences } from '../references'
import { type StoryClock, createStoryClock } from '../clock/story-clock'
import type { Plan } from '../compile'
import { type RunControllers, createRunControllers } from './controllers'
import type { RunnerHost } from './host'

/** How a run can be stopped before its end: by the user, by a signal or closing host, or by `--bail` at its first failure. */
export type Ending = 'cancelled' | 'interrupted' | 'bailed'

/** Thrown into a run's steps when it is stopped: they stop where they are. */
export class RunStopped extends Error {
  constructor(readonly ending: Ending) {
    super(ending === 'bailed' ? 'the run stopped at its first failure (--bail)' : `the run was ${ending}`)
  }
}

/**
 * One line of a run's work (the run's own, or a branch of a `parallel` step). While it works it
 * holds the story clock; it lets go only while it waits for something the clock brings about (a
 * wait's end, a delivery's retry), so the clock never moves under work in progress.
 */
export interface Cursor {
  /** Awaits `promise` without holding the clock; a stopped run ends the wait at once. */
  park<T>(promise: Promise<T>): Promise<T>
  /** Until story time reaches `dueMs`. */
  sleepUntil(dueMs: number): Promise<void>
  /** This line of work is done. */
  end(): void
}

/** What the run's steps share: its record, its story clock and pacer, its controllers and deliveries. */
export interface RunSession {
  host: RunnerHost
  run: Run
  /** The scenario as parsed for this run (an exact replay has none: it resends recorded requests). */
  scenario: Scenario | undefined
  plan: Plan
  clock: StoryClock
  pacer: Pacer
  controllers: RunControllers
  /** Aborted when the run is cancelled or interrupted. */
  signal: AbortSignal
  readonly ending: Ending | undefined
  stop(ending: Ending): void
  /** Real time passes (the app runs in real time); a stopped run ends the wait at once. */
  realSleep(ms: number): Promise<void>
  /** The `${steps.<id>.…}` values the plan reads from a step: what an http step keeps of its exchange. */
  referencesTo(id: string): StepReference[]
  cursor(): Cursor
  /** The run's deliveries, in the order they were made. */
  deliveryIds(): string[]
  addDeliveries(ids: string[]): void
  /** How the run's deliveries keep time: on the story clock, holding it while they are sent. */
  timeline(deliveryId: string): DeliveryTimeline
  /** Shows the run's record and saves the step; resolves once it is on disk. */
  saveStep(index: number): Promise<void>
  /** Shows the run's record and saves its own fields; resolves once they are on disk. */
  saveState(): Promise<void>
  /** The story clock as ISO text. */
  storyIso(ms?: number): string
}

export interface SessionOptions {
  host: RunnerHost
  run: Run
  scenario: Scenario | undefined
  plan: Plan
  /** The run's delivery ids so far (a resumed run's). */
  deliveryIds?: string[]
  /** Fires Ocean CD's heartbeat failure of a controller the run stopped. */
  onHeartbeatFailure(session: RunSession, clusterId: string, outage: number): Promise<void>
}

export function createRunSession(options: SessionOptions): RunSession {
  const { host, run } = options
  run.values ??= {}
  const clock = createStoryClock(run.storyMs)
  const pacer = createPacer({ clock, timeScale: run.options.timeScale, realNow: () => host.clock.now(), ...(host.realTimer && { realTimer: host.realTimer }) })
  const abort = new AbortController()
  let ending: RunSession['ending']
  const ids = new Set<string>(options.deliveryIds ?? [])
  let references: Map<string, StepReference[]> | undefined
  const ordinals = new Map<string, number>([...ids].map((id, i) => [id, i]))

  // A run goes on when its record cannot be written: the store keeps the change for its next
  // write and the storage notice has said why; a run stopped half way would be worse.
  const tolerate = (error: unknown) => {
    if (!isStorageFailure(error)) throw error
  }
  const show = () => host.onRun(run)

  // The run's controllers: a heartbeat failure holds the clock until it has been sent.
  const controllers = createRunControllers({
    clock,
    state: run.controllers,
    onFailure: (clusterId, outage) => {
      const release = clock.hold()
      void options.onHeartbeatFailure(session, clusterId, outage).finally(release)
    },
  })

  const session: RunSession = {
    host,
    run,
    scenario: options.scenario,
    plan: options.plan,
    clock,
    pacer,
    controllers,
    signal: abort.signal,
    get ending() {
      return ending
    },
    stop(reason) {
      if (ending) return
      ending = reason
      // An interrupted run keeps the part of a wait already played; a cancelled one has no future.
      pacer.stop({ keepProgress: reason === 'interrupted' })
      abort.abort(new RunStopped(reason))
    },
    cursor: () => createCursor(clock, abort.signal),
    realSleep: (ms) => realSleep(host.realTimer ?? setLongTimeout, ms, abort.signal),
    referencesTo(id) {
      references ??= stepReferences(options.plan.actions)
      return references.get(id) ?? []
    },
    deliveryIds: () => [...ids],
    addDeliveries(added) {
      for (const id of added) {
        if (ids.has(id)) continue
        ids.add(id)
        ordinals.set(id, ordinals.size)
      }
      run.deliveryCount = ids.size
    },
    timeline(deliveryId) {
      // Jitter follows the run's seed and the delivery's place in the story, not its (per-run) id.
      const random = seededRandom(`jitter:${run.seed}:${ordinals.get(deliveryId) ?? deliveryId}`)
      return { now: clock.now, after: clock.after, hold: clock.hold, random: random.next, ended: () => ending !== undefined || isRunFinal(run) }
    },
    saveStep(index) {
      show()
      return host.runs.saveStep(run, index).catch(tolerate)
    },
    saveState() {
      show()
      return host.runs.saveState(run).catch(tolerate)
    },
    storyIso: (ms = clock.now()) => new Date(ms).toISOString(),
  }
  return session
}

function realSleep(timer: RealTimer, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error)
    const onAbort = () => {
      cancel()
      reject(signal.reason as Error)
    }
    const cancel = timer(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

function createCursor(clock: StoryClock, signal: AbortSignal): Cursor {
  let release: (() => void) | undefined = clock.hold()
  const stopped = () => Promise.reject(signal.reason as Error)
  const untilStopped = <T>(promise: Promise<T>): Promise<T> => {
    if (signal.aborted) return stopped()
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason as Error)
      signal.addEventListener('abort', onAbort, { once: true })
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort)
          resolve(value)
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort)
          reject(error as Error)
        },
      )
    })
  }
  const cursor: Cursor = {
    async park(promise) {
      release?.()
      release = undefined
      try {
        return await untilStopped(promise)
      } finally {
        // Taken again in the same turn the awaited thing settled, before the pacer looks.
        release = clock.hold()
      }
    },
    async sleepUntil(dueMs) {
      let cancel = () => {}
      try {
        await cursor.park(new Promise<void>((resolve) => (cancel = clock.at(dueMs, resolve))))
      } finally {
        cancel()
      }
    },
    end() {
      release?.()
      release = undefined
    },
  }
  return cursor
}
