import { PLAIN_RULES } from '../../schemas/delivery-rules'
import { definePlatform } from '../platform'
import { buildOceanCd } from './build'
import { OCEAN_CD_HEARTBEAT_EVENT, OceanCdHeartbeatPayload, OceanCdOptions, OceanCdRolloutPayload } from './payload'

/** Spot Ocean CD v1 (spec §1): rollout events, and the cluster heartbeat as a payload of its own. */
export const oceanCd = definePlatform({
  id: 'ocean-cd',
  title: 'Spot Ocean CD (v1)',
  sender: 'Ocean CD',
  source: 'spec §1 [D: OCD1–OCD4]',
  events: [
    { name: 'rollout-started', firesWhen: 'The controller picks up a new deployment and a rollout begins.' },
    { name: 'kubernetes-rolling-update-finished', firesWhen: 'The Kubernetes rolling update completes.' },
    { name: 'kubernetes-rolling-update-failed', firesWhen: 'The Kubernetes rolling update fails.' },
    { name: 'start-external-verification', firesWhen: 'After the rolling update, when the spec has a verification.' },
    { name: 'rollout-finished', firesWhen: 'The rollout ends successfully.' },
    { name: 'rollout-failed', firesWhen: 'The rollout ends in failure.' },
    { name: 'rollout-rolled-back', firesWhen: "The failure policy's rollback succeeded." },
    { name: 'rollout-failed-to-roll-back', firesWhen: 'The rollback failed.' },
    { name: OCEAN_CD_HEARTBEAT_EVENT, firesWhen: 'No controller heartbeat for the configured period (cluster-level).' },
  ],
  options: OceanCdOptions,
  payloadSchema: (event) => (event === OCEAN_CD_HEARTBEAT_EVENT ? OceanCdHeartbeatPayload : OceanCdRolloutPayload),
  build: buildOceanCd,
  // Nothing public on headers, signing or secrets: a signature is the user's choice.
  secretHeaders: () => [],
  contextFields: ['service', 'namespace', 'environment', 'rolloutSpec', 'version', 'previousVersion', 'image', 'clusterId', 'controllerVersion', 'nodeName', 'podName', 'reason', 'startedAt'],
  // The check's out-of-order case: a finish before its start.
  outOfOrder: { first: { event: 'rollout-finished' }, then: { event: 'rollout-started' } },
  defaultScheme: 'standard',
  delivery: {
    retry: { preset: 'none' },
    timeoutMs: 10_000,
    timeoutUnknown: 'Spot published nothing on how long Ocean CD waits for an answer',
    source: '[DEFAULT] nothing public on retries or timeouts: one attempt, 10 s (spec §0, §1)',
    rules: { ...PLAIN_RULES, source: '[DEFAULT] §1: nothing public on status handling; 2xx succeeds, redirects not followed' },
  },
  // Every event of one rollout carries the time of its first event as startTime.
  story: (state, { event, context, explicit, nowMs }) => {
    if (event === OCEAN_CD_HEARTBEAT_EVENT) return { context, state }
    const startedAt = explicit.startedAt ?? (typeof state.startedAt === 'string' ? state.startedAt : new Date(nowMs).toISOString())
    return { context: { startedAt, ...context }, state: { ...state, startedAt } }
  },
  heartbeatFailure: OCEAN_CD_HEARTBEAT_EVENT,
  factPaths: (event) =>
    event === OCEAN_CD_HEARTBEAT_EVENT
      ? { clusterId: 'clusterId' }
      : { projectName: 'rolloutDetails.microservice', rolloutSpec: 'rolloutDetails.rolloutSpec', environmentType: 'rolloutDetails.environment' },
  route(options, facts) {
    const { rolloutSpecs, heartbeatClusters } = options
    if (facts.rolloutSpec && rolloutSpecs.length > 0 && !rolloutSpecs.includes(facts.rolloutSpec)) return `rollout spec ${facts.rolloutSpec} does not list it`
    if (facts.clusterId && heartbeatClusters.length > 0 && !heartbeatClusters.includes(facts.clusterId)) return `cluster ${facts.clusterId} does not notify it`
    return undefined
  },
})
