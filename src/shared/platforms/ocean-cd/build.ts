import { oceanCdTime } from '../../core/time-format'
import { JSON_CONTENT_TYPE, SERVICES, previousVersion, semver } from '../names'
import type { BuildInput, Built } from '../platform'
import { OCEAN_CD_HEARTBEAT_EVENT, type OceanCdOptions } from './payload'

const FAILURE_REASONS: Record<string, string> = {
  'kubernetes-rolling-update-failed': 'Deployment exceeded its progress deadline: ReplicaSet has timed out progressing',
  'rollout-failed': 'Verification failed: error rate 12.5% above the 5% threshold',
  'rollout-rolled-back': 'Verification failed: error rate 12.5% above the 5% threshold',
  'rollout-failed-to-roll-back': 'Rollback failed: previous ReplicaSet could not become available',
}

/** Spot Ocean CD v1 (spec §1): rollout events, and the cluster heartbeat as its own payload. */
export function buildOceanCd(input: BuildInput<OceanCdOptions>): Built {
  return input.event === OCEAN_CD_HEARTBEAT_EVENT ? heartbeat(input) : rollout(input)
}

function rollout({ event, rng, context, nowMs }: BuildInput<OceanCdOptions>): Built {
  const service = context.service ?? rng.pick(SERVICES)
  const environment = context.environment ?? rng.pick(['prod', 'staging', 'dev'])
  const rolloutSpec = context.rolloutSpec ?? `${service}-${environment}`
  const newVersion = context.version ?? semver(rng)
  const oldVersion = context.previousVersion ?? previousVersion(newVersion)
  const image = context.image ?? `registry.example.com/${service}`
  const startedBefore = rng.int(30, 900) * 1000
  const startMs = context.startedAt ? Date.parse(context.startedAt) : nowMs - startedBefore
  const reason = FAILURE_REASONS[event] ? (context.reason ?? FAILURE_REASONS[event]) : ''
  return {
    payload: {
      type: event,
      timestamp: oceanCdTime(nowMs),
      rolloutDetails: {
        id: `rol-${rng.hex(8)}`,
        startTime: oceanCdTime(startMs),
        rolloutSpec,
        microservice: service,
        environment,
        namespace: context.namespace ?? 'default',
      },
      kubernetesDetails: {
        deployment: {
          name: service,
          labels: [
            { key: 'app', value: service },
            { key: 'env', value: environment },
          ],
          version: { oldImage: `${image}:${oldVersion}`, newImage: `${image}:${newVersion}`, oldVersion, newVersion },
        },
      },
      failure: { reason },
    },
    facts: { projectName: service, rolloutSpec, environmentType: environment },
    headers: [JSON_CONTENT_TYPE],
  }
}

function heartbeat({ rng, context, nowMs }: BuildInput<OceanCdOptions>): Built {
  const clusterId = context.clusterId ?? `ocean-prod-${rng.int(1, 9)}`
  return {
    payload: {
      type: OCEAN_CD_HEARTBEAT_EVENT,
      timestamp: oceanCdTime(nowMs),
      clusterId,
      controllerDetails: {
        controllerVersion: context.controllerVersion ?? `1.0.${rng.int(20, 45)}`,
        nodeName: context.nodeName ?? `ip-10-0-${rng.int(0, 255)}-${rng.int(1, 254)}.ec2.internal`,
        podName: context.podName ?? `spot-oceancd-controller-${rng.hex(9)}-${rng.hex(5)}`,
      },
    },
    facts: { clusterId },
    headers: [JSON_CONTENT_TYPE],
  }
}
