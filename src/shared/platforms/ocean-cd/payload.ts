import { z } from 'zod'

/** `DD/MM/YYYY HH:mm:ss`, no zone (the simulator uses UTC). */
export const OceanCdTimestamp = z.string().regex(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/, 'expected DD/MM/YYYY HH:mm:ss')

export const OCEAN_CD_ROLLOUT_EVENTS = [
  'rollout-started',
  'kubernetes-rolling-update-finished',
  'kubernetes-rolling-update-failed',
  'start-external-verification',
  'rollout-finished',
  'rollout-failed',
  'rollout-rolled-back',
  'rollout-failed-to-roll-back',
] as const
export const OceanCdRolloutEvent = z.enum(OCEAN_CD_ROLLOUT_EVENTS)
export const OCEAN_CD_HEARTBEAT_EVENT = 'controller-heartbeat-failure'

/** Every rollout event except the heartbeat (spec §1, doc template order). */
export const OceanCdRolloutPayload = z.lazy(() =>
  z.strictObject({
    type: OceanCdRolloutEvent,
    timestamp: OceanCdTimestamp,
    rolloutDetails: z.strictObject({
      id: z.string().regex(/^rol-[0-9a-f]{8}$/, 'expected rol- and 8 hex characters'),
      startTime: OceanCdTimestamp,
      rolloutSpec: z.string(),
      microservice: z.string(),
      environment: z.string(),
      namespace: z.string(),
    }),
    kubernetesDetails: z.strictObject({
      deployment: z.strictObject({
        name: z.string(),
        labels: z.array(z.strictObject({ key: z.string(), value: z.string() })),
        version: z.strictObject({ oldImage: z.string(), newImage: z.string(), oldVersion: z.string(), newVersion: z.string() }),
      }),
    }),
    failure: z.strictObject({ reason: z.string() }),
  }),
)
export type OceanCdRolloutPayload = z.infer<typeof OceanCdRolloutPayload>

/** The cluster-level heartbeat payload: its own type, apart from rollout events. */
export const OceanCdHeartbeatPayload = z.lazy(() =>
  z.strictObject({
    type: z.literal(OCEAN_CD_HEARTBEAT_EVENT),
    timestamp: OceanCdTimestamp,
    clusterId: z.string().regex(/^[A-Za-z0-9-]{1,30}$/, 'expected up to 30 alphanumeric characters'),
    controllerDetails: z.strictObject({ controllerVersion: z.string(), nodeName: z.string(), podName: z.string() }),
  }),
)
export type OceanCdHeartbeatPayload = z.infer<typeof OceanCdHeartbeatPayload>

/** A notification provider is inert until a rollout spec or a cluster references it (spec §1). */
export const OceanCdOptions = z.strictObject({
  rolloutSpecs: z.array(z.string().trim().min(1)).default([]).describe('Rollout specs that list this notification provider; empty = every spec'),
  heartbeatClusters: z
    .array(z.string().trim().min(1))
    .default([])
    .describe("Clusters whose heartbeat notification uses this provider; empty = every cluster"),
})
export type OceanCdOptions = z.infer<typeof OceanCdOptions>
