import type { EngineEvent } from '../../../shared/api/events'
import type { DeliverySummary } from '../../../shared/schemas/delivery'
import type { CaptureSummary } from '../../../shared/schemas/receiver'
import type { RunSummary } from '../../../shared/schemas/run'
import { api } from '../api/transport'
import { useHookbench } from './app-store'
import { loadCatalog } from './catalog/actions'
import { loadCheckHistory } from './checks/actions'
import { type CheckEvent, applyCheckEvents, endsOrStartsCheck, useChecks } from './checks/state'
import { loadHeartbeats } from './controllers/actions'
import { applyLiveDeliveries, deliveryList } from './deliveries/list'
import { setStatus, setUnreachable } from './engine/actions'
import { applyEvents } from './events'
import { loadEndpoints } from './receiver/actions'
import { applyLiveCaptures, captureList } from './receiver/list'
import { loadRuns } from './runs/actions'
import { followLibrary } from './scenarios/actions'
import { applyRuns } from './runs/state'
import { loadSettings } from './settings/actions'
import { loadSubscriptions } from './subscriptions/actions'

/*
 * The one place engine events enter the stores: each domain gets its part of every batch.
 */

/**
 * Subscribes to the event stream, then loads the current state. Returns the unsubscribe function.
 */
export function startEngineSync(): () => void {
  let statusTimer: ReturnType<typeof setTimeout> | undefined
  // Batches that arrive between two frames are applied together, in a task of their own: a burst
  // of messages is read as it comes, and the views render at most once a frame.
  let pending: EngineEvent[] = []
  const flush = nextFrame(() => {
    const events = pending
    pending = []
    apply(events)
  })
  let readsStarted = false
  let opens = 0
  const unsubscribe = api.subscribe(
    (events) => {
      pending.push(...events)
      flush.request()
    },
    () => {
      // A change between a read and the stream's (re)connection came as no event: read again.
      if (opens++ > 0 || readsStarted) void refreshStatus().then(rereadState)
    },
  )
  const apply = (events: EngineEvent[]) => {
    const stale = applyEvents(useHookbench.getState(), events)
    const deliveries: DeliverySummary[] = []
    const captures: CaptureSummary[] = []
    const runs: RunSummary[] = []
    const checks: CheckEvent[] = []
    for (const event of events) {
      if (event.type === 'delivery') deliveries.push(event.delivery)
      if (event.type === 'capture') captures.push(event.capture)
      if (event.type === 'run') runs.push(event.run)
      if (event.type === 'check') checks.push(event)
    }
    applyLiveDeliveries(deliveries)
    applyLiveCaptures(captures)
    applyRuns(runs)
    applyCheckEvents(checks)
    if (checks.length > 0 && endsOrStartsCheck(checks, useChecks.getState().history)) void loadCheckHistory()
    if (stale.has('subscriptions')) void loadSubscriptions()
    if (stale.has('endpoints')) void loadEndpoints()
    if (stale.has('controllers')) void loadHeartbeats()
    if (stale.has('settings')) void loadSettings()
    if (stale.has('scenarios')) void followLibrary()
    // The history of earlier runs is read in full now: the lists fetch again with the older records.
    if (stale.has('history')) reloadLists()
    // Counters follow deliveries and captures; one refresh per burst is enough.
    if (events.some((e) => e.type === 'delivery' || e.type === 'capture' || e.type === 'config')) {
      statusTimer ??= setTimeout(() => {
        statusTimer = undefined
        void refreshStatus()
      }, 500)
    }
  }
  void refreshStatus().then(() => {
    readsStarted = true
    return Promise.all([loadCatalog(), loadState()])
  })
  return () => {
    unsubscribe()
    flush.cancel()
    clearTimeout(statusTimer)
  }
}

/** Runs `work` at the next animation frame, once however often it is requested; a hidden page (no frames) runs it after 100 ms. */
function nextFrame(work: () => void) {
  let frame = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const run = () => {
    cancelAnimationFrame(frame)
    clearTimeout(timer)
    frame = 0
    timer = undefined
    work()
  }
  return {
    request() {
      if (timer !== undefined) return
      frame = requestAnimationFrame(run)
      timer = setTimeout(run, 100)
    },
    cancel() {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
    },
  }
}

/** The engine's status, which also says whether it answers at all. */
async function refreshStatus() {
  const result = await api.getStatus({})
  if (result.ok) setStatus(result.data)
  else setUnreachable(result.error.message)
}

/** Everything but the catalog, which does not change while the engine runs. */
async function loadState() {
  await Promise.all([loadSubscriptions(), loadEndpoints(), loadHeartbeats(), loadSettings(), loadRuns(), loadCheckHistory()])
}

/** The lists a view has open fetch again. */
function reloadLists() {
  for (const list of [deliveryList, captureList]) if (list.use.getState().list.phase !== 'idle') list.reload()
}

async function rereadState() {
  for (const list of [deliveryList, captureList]) list.catchUp()
  await loadState()
}
