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

// The API's objects with their required fields (Qovery/qovery-openapi-spec openapi.yaml @651aed5,
// transcribed in test/fixtures/qovery-api-required.json). None sets additionalProperties: all are open.
const DateTime = z.iso.datetime({ offset: true })
/** `ReferenceObject`. */
const Reference = z.looseObject({ id: z.string() })
const Base = { id: z.string(), created_at: DateTime, name: z.string() }
/** `Healthcheck`: readiness_probe and liveness_probe, neither required. */
const Healthchecks = z.looseObject({})
const Registry = z.lazy(() =>
  z.looseObject({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    kind: z.enum(['ECR', 'SCALEWAY_CR', 'DOCKER_HUB', 'GITHUB_CR', 'GITHUB_ENTERPRISE_CR', 'GITLAB_CR', 'PUBLIC_ECR', 'DOCR', 'GENERIC_CR', 'GCP_ARTIFACT_REGISTRY', 'AZURE_CR']),
  }),
)
/** `ContainerSource`. */
const Image = { image_name: z.string(), tag: z.string(), registry: Registry }
const Service = {
  ...Base,
  environment: Reference,
  icon_uri: z.url(),
  service_type: z.enum(['APPLICATION', 'DATABASE', 'CONTAINER', 'JOB', 'HELM', 'TERRAFORM', 'ARGOCD_APP', 'AGENTIC_WORKFLOW']),
}
const Resources = { maximum_cpu: z.int(), maximum_memory: z.int(), maximum_gpu: z.int(), cpu: z.int(), memory: z.int(), gpu: z.int(), auto_preview: z.boolean() }

export const QoveryOrganization = z.lazy(() =>
  z.looseObject({
    ...Base,
    plan: z.enum(['FREE', 'TEAM', 'TEAM_YEARLY', 'ENTERPRISE', 'ENTERPRISE_YEARLY', 'PROFESSIONAL', 'BUSINESS', 'USER_2025', 'TEAM_2025', 'BUSINESS_2025', 'ENTERPRISE_2025']),
  }),
)
export const QoveryProject = z.lazy(() => z.looseObject({ ...Base, organization: Reference, associated_environments_count: z.int() }))
export const QoveryEnvironment = z.lazy(() =>
  z.looseObject({
    ...Base,
    cloud_provider: z.looseObject({ provider: z.string().optional(), cluster: z.string().optional() }),
    mode: QoveryEnvironmentMode,
    cluster_id: z.string(),
    project: Reference,
    organization: Reference,
  }),
)
export const QoveryApplication = z.lazy(() => z.looseObject({ ...Service, healthchecks: Healthchecks }))
export const QoveryDatabase = z.lazy(() => z.looseObject({ ...Service, type: z.enum(['MONGODB', 'MYSQL', 'POSTGRESQL', 'REDIS']), version: z.string(), mode: z.enum(['CONTAINER', 'MANAGED']) }))
/** `ContainerResponse`. */
export const QoveryContainer = z.lazy(() => z.looseObject({ ...Service, ...Image, ...Resources, min_running_instances: z.int(), max_running_instances: z.int(), healthchecks: Healthchecks }))
/** `JobResponse` (lifecycle or cron); `source` is an image or a Dockerfile build. */
export const QoveryJob = z.lazy(() =>
  z.looseObject({
    ...Service,
    ...Resources,
    healthchecks: Healthchecks,
    source: z.union([z.looseObject({ image: z.looseObject(Image) }), z.looseObject({ docker: z.looseObject({}) })]),
    job_type: z.enum(['LIFECYCLE', 'CRON']),
    schedule: z.looseObject({ cronjob: z.looseObject({ timezone: z.string(), scheduled_at: z.string() }).optional() }),
  }),
)
/** `EnvironmentLogs`: one deployment-log row (`GET /environment/{id}/logs`). */
export const QoveryEnvironmentLog = z.lazy(() =>
  z.looseObject({
    type: z.string(),
    timestamp: DateTime,
    details: z.looseObject({}),
    message: z.looseObject({ safe_message: z.string().optional() }).nullable().optional(),
  }),
)
export type QoveryOrganization = z.infer<typeof QoveryOrganization>
export type QoveryProject = z.infer<typeof QoveryProject>
export type QoveryEnvironment = z.infer<typeof QoveryEnvironment>
export type QoveryApplication = z.infer<typeof QoveryApplication>
export type QoveryDatabase = z.infer<typeof QoveryDatabase>
export type QoveryContainer = z.infer<typeof QoveryContainer>
export type QoveryJob = z.infer<typeof QoveryJob>
export type QoveryEnvironmentLog = z.infer<typeof QoveryEnvironmentLog>

// The webhook page shows these objects as `{}`: only `id` and `name` are always sent (the `minimal`
// option sends nothing else), so the API's other required fields are checked when present.
const Named = { id: z.string(), name: z.string() }
const Statuses = { current_status: QoveryState, desired_status: QoveryState }

/** `kind: STANDARD` body (spec §2). The envelope and the list wrappers are the page's own, closed. */
export const QoveryStandardPayload = z.lazy(() =>
  z.strictObject({
    created_at: z.iso.datetime({ offset: true }),
    event_type: QoveryEvent,
    payload_type: z.literal('DEPLOYMENT'),
    payload_id: z.uuid(),
    payload: z.strictObject({
      id: z.string(),
      current_status: QoveryState,
      desired_status: QoveryState,
      organization: QoveryOrganization.unwrap().partial().extend(Named),
      project: QoveryProject.unwrap().partial().extend(Named),
      environment: QoveryEnvironment.unwrap().partial().extend({ ...Named, mode: QoveryEnvironmentMode, cluster_id: z.string(), cluster_name: z.string() }),
      applications: z.array(z.strictObject({ ...Statuses, application: QoveryApplication.unwrap().partial().extend(Named) })),
      databases: z.array(z.strictObject({ ...Statuses, database: QoveryDatabase.unwrap().partial().extend(Named) })),
      containers: z.array(z.strictObject({ ...Statuses, container: QoveryContainer.unwrap().partial().extend(Named) })),
      jobs: z.array(z.strictObject({ ...Statuses, job: QoveryJob.unwrap().partial().extend(Named) })),
      /** Environment-log rows (`full`) or plain lines (`minimal`). */
      logs: z.array(z.union([QoveryEnvironmentLog, z.string()])),
    }),
  }),
)
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
  objects: z
    .enum(['full', 'minimal'])
    .default('full')
    .describe("full: objects carry the Qovery API's required fields; minimal: {id, name} objects and plain log lines"),
})
export type QoveryOptions = z.infer<typeof QoveryOptions>
