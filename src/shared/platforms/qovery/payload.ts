import { z } from 'zod'

export const QOVERY_EVENTS = ['DEPLOYMENT_STARTED', 'DEPLOYMENT_SUCCESSFUL', 'DEPLOYMENT_FAILURE', 'DEPLOYMENT_CANCELLED'] as const
export const QoveryEvent = z.enum(QOVERY_EVENTS)
export type QoveryEvent = z.infer<typeof QoveryEvent>

export const QoveryEnvironmentMode = z.enum(['DEVELOPMENT', 'PREVIEW', 'PRODUCTION', 'STAGING'])

/** Qovery's `StateEnum` (spec §2). */
export const QoveryState = z.enum([
  'BUILDING', 'BUILD_ERROR', 'CANCELED', 'CANCELING', 'DELETED', 'DELETE_ERROR', 'DELETE_QUEUED', 'DELETING',
  'DEPLOYED', 'DEPLOYING', 'DEPLOYMENT_ERROR', 'DEPLOYMENT_QUEUED', 'EXECUTING', 'QUEUED', 'READY', 'RECAP',
  'RESTARTED', 'RESTARTING', 'RESTART_ERROR', 'RESTART_QUEUED', 'STOPPED', 'STOPPING', 'STOP_ERROR', 'STOP_QUEUED',
  'UNAVAILABLE', 'WAITING_DELETING', 'WAITING_RESTARTING', 'WAITING_RUNNING', 'WAITING_STOPPING',
])

const Named = z.strictObject({ id: z.string(), name: z.string() })
const Statuses = { current_status: QoveryState, desired_status: QoveryState }
const Application = z.strictObject({ ...Statuses, application: Named })
const Database = z.strictObject({ ...Statuses, database: Named })
const Container = z.strictObject({ ...Statuses, container: Named })
const Job = z.strictObject({ ...Statuses, job: Named })

/** `kind: STANDARD` body (spec §2). */
export const QoveryStandardPayload = z.strictObject({
  created_at: z.iso.datetime({ offset: true }),
  event_type: QoveryEvent,
  payload_type: z.literal('DEPLOYMENT'),
  payload_id: z.uuid(),
  payload: z.strictObject({
    id: z.string(),
    current_status: QoveryState,
    desired_status: QoveryState,
    organization: Named,
    project: Named,
    environment: z.strictObject({ id: z.string(), name: z.string(), mode: QoveryEnvironmentMode, cluster_id: z.string(), cluster_name: z.string() }),
    applications: z.array(Application),
    databases: z.array(Database),
    containers: z.array(Container),
    jobs: z.array(Job),
    logs: z.array(z.string()),
  }),
})
export type QoveryStandardPayload = z.infer<typeof QoveryStandardPayload>

/** `kind: SLACK`: a ready-made Slack message (content not public; spec §2 default). */
export const QoverySlackPayload = z.strictObject({ text: z.string().min(1) })

export const QoveryOptions = z.strictObject({
  kind: z.enum(['STANDARD', 'SLACK']).default('STANDARD').describe('STANDARD sends the deployment JSON; SLACK a ready-made Slack message'),
  // Sources disagree on the secret header's name (spec §2): `Qovery-Secret` is the default.
  secretHeader: z
    .enum(['Qovery-Secret', 'Qovery-Signature', 'both'])
    .default('Qovery-Secret')
    .describe('Header carrying the secret in plain text: Qovery-Secret (docs), Qovery-Signature (API spec) or both'),
})
export type QoveryOptions = z.infer<typeof QoveryOptions>
