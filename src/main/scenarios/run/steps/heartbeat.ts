import { heartbeatFailureEvents } from '../../../../shared/platforms'
import { runControllerDetails } from '../controllers'
import type { RunSession } from '../session'
import { messageSeedOf } from './deliveries-of'
import { storyFireRequest } from './fire'
import type { StepHandler } from './step'

/** `heartbeat: start | stop`: the run's own simulated controller for the cluster, on the story clock. */
export const heartbeat: StepHandler<'heartbeat'> = async ({ session, action }) => {
  const { controllers } = session
  if (action.action === 'start') {
    controllers.start(action.cluster)
    return { passed: true, message: `controller of ${action.cluster} running` }
  }
  if (!controllers.stop(action.cluster)) {
    return { passed: false, message: `the run never started a controller for ${action.cluster}: add "- heartbeat: start" with "cluster: ${action.cluster}" before this step` }
  }
  return { passed: true, message: `controller of ${action.cluster} stopped; its silence fires controller-heartbeat-failure after 5 min` }
}

/**
 * A controller the run stopped has been silent for Ocean CD's timeout: `controller-heartbeat-failure`
 * goes to the run's own subscriptions, stamped with the story's time.
 */
export async function fireHeartbeatFailure(session: RunSession, clusterId: string, outage: number): Promise<void> {
  const { run, host } = session
  // The platform whose controllers beat says which event their silence sends (definePlatform's `heartbeatFailure`).
  for (const { provider, event } of heartbeatFailureEvents()) {
    try {
      const request = storyFireRequest(session, { provider, event, context: { clusterId, ...runControllerDetails(clusterId) } }, messageSeedOf(run, `heartbeat-${clusterId}`, outage))
      const sent = await host.send(host.plan(request))
      session.addDeliveries(sent.deliveries.map((d) => d.id))
      await session.saveState()
    } catch (error) {
      // Not a step's: the run fails with it through its verdict when a step expected the event.
      run.reason = `${event} for ${clusterId} could not be sent: ${error instanceof Error ? error.message : String(error)}`
    }
  }
}
