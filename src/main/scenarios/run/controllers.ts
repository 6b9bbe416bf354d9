import { Controller, DEFAULT_HEARTBEAT_TIMEOUT_MS } from '../../../shared/schemas/heartbeat'
import type { RunController } from '../../../shared/schemas/run'
import type { StoryClock } from '../clock/story-clock'

/** The controller details a run's heartbeat failure carries (the simulator's defaults). */
export const runControllerDetails = (clusterId: string) => {
  const { controllerVersion, nodeName, podName } = Controller.parse({ clusterId })
  return { controllerVersion, nodeName, podName }
}

export interface RunControllersDeps {
  clock: StoryClock
  /** The run's record of its controllers, kept up to date here (saved with the run). */
  state: Record<string, RunController>
  /** A stopped controller has been silent for the timeout: once per outage. */
  onFailure(clusterId: string, outage: number): void
}

/**
 * The Ocean CD controllers a run starts, on the run's story clock: a running controller beats
 * (it is healthy until stopped); `stop` is its last heartbeat, and Ocean CD's watchdog fires
 * `controller-heartbeat-failure` after five minutes of story-time silence. They belong to the run:
 * the user's own controllers are untouched, and nothing is left to fire once the run has ended.
 */
export function createRunControllers({ clock, state, onFailure }: RunControllersDeps) {
  const timers = new Map<string, () => void>()
  const disarm = (clusterId: string) => {
    timers.get(clusterId)?.()
    timers.delete(clusterId)
  }

  const arm = (clusterId: string, controller: RunController) => {
    disarm(clusterId)
    timers.set(
      clusterId,
      clock.at(controller.lastBeatMs + DEFAULT_HEARTBEAT_TIMEOUT_MS, () => {
        timers.delete(clusterId)
        controller.failed = true
        controller.outages++
        onFailure(clusterId, controller.outages)
      }),
    )
  }

  return {
    start(clusterId: string) {
      disarm(clusterId)
      const outages = state[clusterId]?.outages ?? 0
      state[clusterId] = { running: true, lastBeatMs: clock.now(), failed: false, outages }
    },
    /** False when the run had not started that controller (validation refuses such a file). */
    stop(clusterId: string): boolean {
      const controller = state[clusterId]
      if (!controller?.running) return false
      Object.assign(controller, { running: false, lastBeatMs: clock.now() })
      arm(clusterId, controller)
      return true
    },
    isRunning: (clusterId: string) => state[clusterId]?.running === true,
    /** A resumed run: a stopped controller whose silence had not fired yet is watched again. */
    restore() {
      for (const [clusterId, controller] of Object.entries(state)) if (!controller.running && !controller.failed) arm(clusterId, controller)
    },
    close() {
      for (const clusterId of [...timers.keys()]) disarm(clusterId)
    },
  }
}
export type RunControllers = ReturnType<typeof createRunControllers>
