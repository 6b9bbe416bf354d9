import type { EngineEvent } from '../../shared/api/events'
import { heartbeatFailureEvents } from '../../shared/platforms'
import type { HookbenchDocument } from '../../shared/schemas/document'
import type { FireRequest, FireResult } from '../../shared/schemas/fire'
import { type ClusterHeartbeat, Controller, ControllerInput, type ControllerPatch } from '../../shared/schemas/heartbeat'
import { applyPatch } from '../../shared/schemas/patch'
import type { Clock } from '../core/clock'
import { ApiFailure } from '../core/errors'
import { checkedWhole } from '../core/merged'
import type { DocumentStore } from '../persistence/document-store'
import { createControllerSimulator } from './controller-simulator'
import { type ControllerDetails, createWatchdog } from './watchdog'

export interface HeartbeatsDeps {
  clock: Clock
  store: DocumentStore<HookbenchDocument>
  emit(event: EngineEvent): void
  /** Fires the platform's heartbeat failure at the subscriptions that receive it. */
  fire(request: FireRequest): Promise<FireResult>
}

/**
 * The user's simulated controllers (kept in the hot document) and the watchdog over every
 * cluster: a cluster silent past its timeout fires its platform's heartbeat failure once per
 * outage, and that outage is remembered so a restart does not fire it again.
 */
export function createHeartbeats(deps: HeartbeatsDeps) {
  const { store } = deps
  const watchdog = createWatchdog({
    clock: deps.clock,
    sentFailures: store.read().heartbeatFailures,
    onChange: (cluster) => {
      deps.emit({ type: 'heartbeat', cluster })
      void keepSentFailure(cluster)
    },
    onFailure: (clusterId, controller) => void sendFailure(clusterId, controller),
  })
  const simulator = createControllerSimulator({ clock: deps.clock, watchdog })
  for (const controller of store.read().controllers) simulator.apply(controller)

  /**
   * Keeps the outages whose failure was sent in the hot document, so a restart does not send
   * them again: one is added when the watchdog fires, and removed at the cluster's next heartbeat
   * (or with its controller). Saved only when that changes, not at every heartbeat.
   */
  async function keepSentFailure(cluster: ClusterHeartbeat) {
    const failed = cluster.health === 'failed' && cluster.failedAt !== undefined
    const recorded = store.read().heartbeatFailures.some((f) => f.clusterId === cluster.clusterId)
    if (failed === recorded) return
    await store
      .update((doc) => {
        doc.heartbeatFailures = doc.heartbeatFailures.filter((f) => f.clusterId !== cluster.clusterId)
        if (failed) doc.heartbeatFailures.push({ clusterId: cluster.clusterId, failedAt: cluster.failedAt!, outages: cluster.outages })
      })
      // Not saved (the storage notice says why): a restart may send this failure again.
      .catch(() => {})
  }

  /**
   * Fires the heartbeat failure of the platform whose controllers beat (Ocean CD's
   * `controller-heartbeat-failure`) for one of the user's clusters; says so when nobody is
   * subscribed. (A scenario run's controllers are its own, on its story clock.)
   */
  async function sendFailure(clusterId: string, controller: ControllerDetails | undefined) {
    for (const { provider, event, sender } of heartbeatFailureEvents()) {
      try {
        const request: FireRequest = { provider, event, context: { clusterId, ...controller }, headers: [], set: {}, allowInvalid: false }
        const result = await deps.fire(request)
        if (result.deliveries.length === 0) {
          deps.emit({ type: 'notice', level: 'warning', message: `Cluster ${clusterId} lost its controller heartbeat, but no ${sender} subscription receives it` })
        }
      } catch (error) {
        deps.emit({ type: 'notice', level: 'error', message: `Heartbeat failure for ${clusterId} could not be sent: ${error instanceof Error ? error.message : String(error)}` })
      }
    }
  }

  const saveControllers = async (mutate: (list: Controller[]) => void) => {
    await store.update((doc) => mutate(doc.controllers))
    deps.emit({ type: 'config', what: 'controllers' })
  }

  /** Adds or replaces the cluster's controller and (re)starts or stops it as it says. */
  async function saveController(controller: Controller): Promise<Controller> {
    await saveControllers((list) => {
      const at = list.findIndex((c) => c.clusterId === controller.clusterId)
      list.splice(at === -1 ? list.length : at, at === -1 ? 0 : 1, controller)
    })
    simulator.apply(controller)
    return controller
  }

  return {
    list: () => watchdog.list(),
    /** A heartbeat from a real process (the receiver's `POST /heartbeat/<clusterId>`). */
    beat: (clusterId: string) => watchdog.beat(clusterId, 'http'),
    controllers: () => store.read().controllers,
    saveController,
    /** Adds a controller for a cluster that has none; the cluster's controller, if it has one, stays as it is. */
    async createController(controller: Controller) {
      if (store.read().controllers.some((c) => c.clusterId === controller.clusterId)) {
        throw new ApiFailure('conflict', `Cluster "${controller.clusterId}" already has a controller: choose another cluster id, or start, stop or remove that one`)
      }
      return saveController(controller)
    },
    /** Changes what the patch names (e.g. `running`) and keeps the rest of the controller. */
    async updateController({ clusterId, changes }: ControllerPatch) {
      const current = store.read().controllers.find((c) => c.clusterId === clusterId)
      if (!current) throw new ApiFailure('not_found', `No controller for cluster "${clusterId}"`)
      return saveController(checkedWhole(ControllerInput, applyPatch(Controller, current, changes)))
    },
    async removeController(clusterId: string) {
      await saveControllers((list) => {
        const at = list.findIndex((c) => c.clusterId === clusterId)
        if (at === -1) throw new ApiFailure('not_found', `No controller for cluster "${clusterId}"`)
        list.splice(at, 1)
        const doc = store.read()
        doc.heartbeatFailures = doc.heartbeatFailures.filter((f) => f.clusterId !== clusterId)
      })
      simulator.remove(clusterId)
    },
    close() {
      simulator.close()
      watchdog.close()
    },
  }
}
export type Heartbeats = ReturnType<typeof createHeartbeats>
