import type { Controller } from '../../shared/schemas/heartbeat'
import type { Clock } from '../core/clock'
import type { Watchdog } from './watchdog'

/**
 * Simulated Ocean CD controllers: each running one beats at its interval. Stopping one is how
 * a user makes a cluster "lose" its controller on demand.
 */
export function createControllerSimulator(deps: { clock: Clock; watchdog: Watchdog }) {
  const running = new Map<string, () => void>()

  const stop = (clusterId: string) => {
    running.get(clusterId)?.()
    running.delete(clusterId)
  }

  const loop = (controller: Controller) => {
    const { controllerVersion, nodeName, podName } = controller
    deps.watchdog.beat(controller.clusterId, 'simulator', { controllerVersion, nodeName, podName })
    running.set(controller.clusterId, deps.clock.after(controller.intervalMs, () => loop(controller)))
  }

  return {
    /** Applies a controller's configuration: (re)starts it when running, stops it otherwise. */
    apply(controller: Controller) {
      stop(controller.clusterId)
      deps.watchdog.watch(controller.clusterId, controller.timeoutMs)
      if (controller.running) loop(controller)
    },
    remove(clusterId: string) {
      stop(clusterId)
      deps.watchdog.unwatch(clusterId)
    },
    isRunning: (clusterId: string) => running.has(clusterId),
    close() {
      for (const clusterId of [...running.keys()]) stop(clusterId)
    },
  }
}
