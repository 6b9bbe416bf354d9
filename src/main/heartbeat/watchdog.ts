import type { ClusterHeartbeat, SentHeartbeatFailure } from '../../shared/schemas/heartbeat'
import { DEFAULT_HEARTBEAT_TIMEOUT_MS } from '../../shared/schemas/heartbeat'
import type { Clock } from '../core/clock'

export interface ControllerDetails {
  controllerVersion: string
  nodeName: string
  podName: string
}

export interface WatchdogDeps {
  clock: Clock
  /** Called once per outage, when a cluster has been silent for its timeout. */
  onFailure(clusterId: string, controller: ControllerDetails | undefined): void
  onChange(state: ClusterHeartbeat): void
  /** Outages whose failure an earlier process sent: such a cluster starts failed, and only a heartbeat re-arms it. */
  sentFailures?: SentHeartbeatFailure[]
}

interface Watched {
  state: ClusterHeartbeat
  controller?: ControllerDetails
  cancel?: () => void
}

/**
 * Ocean CD's heartbeat watchdog: each watched cluster must beat within its timeout. Silence
 * fires `controller-heartbeat-failure` once; the next heartbeat re-arms it.
 */
export function createWatchdog(deps: WatchdogDeps) {
  const clusters = new Map<string, Watched>()
  const iso = () => new Date(deps.clock.now()).toISOString()
  const sent = new Map((deps.sentFailures ?? []).map((failure) => [failure.clusterId, failure]))

  const arm = (watched: Watched) => {
    watched.cancel?.()
    watched.cancel = deps.clock.after(watched.state.timeoutMs, () => expire(watched))
  }

  const expire = (watched: Watched) => {
    watched.cancel = undefined
    watched.state = { ...watched.state, health: 'failed', failedAt: iso(), outages: watched.state.outages + 1 }
    deps.onChange(watched.state)
    deps.onFailure(watched.state.clusterId, watched.controller)
  }

  const watch = (clusterId: string, timeoutMs = DEFAULT_HEARTBEAT_TIMEOUT_MS): Watched => {
    const existing = clusters.get(clusterId)
    if (existing) {
      if (existing.state.timeoutMs !== timeoutMs) {
        existing.state = { ...existing.state, timeoutMs }
        if (existing.cancel) arm(existing)
      }
      return existing
    }
    const failure = sent.get(clusterId)
    sent.delete(clusterId)
    const watched: Watched = {
      state: failure ? { clusterId, health: 'failed', failedAt: failure.failedAt, outages: failure.outages, timeoutMs } : { clusterId, health: 'waiting', outages: 0, timeoutMs },
    }
    clusters.set(clusterId, watched)
    if (!failure) arm(watched)
    deps.onChange(watched.state)
    return watched
  }

  return {
    /** Starts expecting heartbeats from a cluster (the timer runs from now). */
    watch: (clusterId: string, timeoutMs?: number) => void watch(clusterId, timeoutMs),

    /** A heartbeat arrived: the cluster is healthy and the timeout starts over. */
    beat(clusterId: string, source: 'simulator' | 'http', controller?: ControllerDetails) {
      const watched = clusters.get(clusterId) ?? watch(clusterId)
      if (controller) watched.controller = controller
      watched.state = { ...watched.state, health: 'healthy', lastBeatAt: iso(), lastSource: source, failedAt: undefined }
      arm(watched)
      deps.onChange(watched.state)
    },

    unwatch(clusterId: string) {
      clusters.get(clusterId)?.cancel?.()
      clusters.delete(clusterId)
    },

    list: (): ClusterHeartbeat[] => [...clusters.values()].map((w) => w.state),

    close() {
      for (const watched of clusters.values()) watched.cancel?.()
    },
  }
}
export type Watchdog = ReturnType<typeof createWatchdog>
