import { seededRandom } from '../../core/seeded-random'
import { isoTime } from '../../core/time-format'
import type { GenerateContext } from '../context'
import { JSON_CONTENT_TYPE, SERVICES, semver } from '../names'
import type { BuildInput, Built } from '../platform'
import type {
  QoveryApplication,
  QoveryContainer,
  QoveryDatabase,
  QoveryEnvironmentLog,
  QoveryEvent,
  QoveryJob,
  QoveryOptions,
  QoveryOrganization,
  QoveryProject,
} from './payload'

/** Default (current, desired) status pairs per event (spec §2). */
const STATUSES: Record<QoveryEvent, [string, string]> = {
  DEPLOYMENT_STARTED: ['DEPLOYING', 'DEPLOYED'],
  DEPLOYMENT_SUCCESSFUL: ['DEPLOYED', 'DEPLOYED'],
  DEPLOYMENT_FAILURE: ['DEPLOYMENT_ERROR', 'DEPLOYED'],
  DEPLOYMENT_CANCELLED: ['CANCELED', 'DEPLOYED'],
}

const SLACK_WORDING: Record<QoveryEvent, [string, string]> = {
  DEPLOYMENT_STARTED: ['🚀', 'STARTED'],
  DEPLOYMENT_SUCCESSFUL: ['✅', 'SUCCESSFUL'],
  DEPLOYMENT_FAILURE: ['❌', 'FAILED'],
  DEPLOYMENT_CANCELLED: ['⚪', 'CANCELLED'],
}

const LOGS: Record<QoveryEvent, string[]> = {
  DEPLOYMENT_STARTED: ['Deployment queued', 'Building application image'],
  DEPLOYMENT_SUCCESSFUL: ['Building application image', 'Image pushed', 'Application is running'],
  DEPLOYMENT_FAILURE: ['Building application image', 'Error: container exited with code 1 during readiness probe'],
  DEPLOYMENT_CANCELLED: ['Building application image', 'Deployment cancelled by user'],
}

const MODES: Record<string, string> = { production: 'PRODUCTION', prod: 'PRODUCTION', staging: 'STAGING', preview: 'PREVIEW' }

/** Slack's message text escapes these three (Slack, "Formatting text for app surfaces"); nothing else. */
export const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Qovery organization webhooks (spec §2): the STANDARD body, or a Slack message for kind SLACK. */
export function buildQovery({ event, rng, messageRng, context, options, nowMs }: BuildInput<QoveryOptions>): Built {
  const type = event as QoveryEvent
  const [current, desired] = STATUSES[type]
  const project = context.project ?? rng.pick(['Storefront', 'Payments', 'Data Platform', 'Production-EU'])
  const environment = context.environment ?? rng.pick(['production', 'staging', 'dev', 'pr-142'])
  const mode = context.environmentType?.toUpperCase() ?? MODES[environment] ?? (environment.startsWith('pr-') ? 'PREVIEW' : 'DEVELOPMENT')
  const service = context.service ?? rng.pick(SERVICES)
  const ids = {
    deployment: rng.uuid(), payload: messageRng.uuid(), org: rng.uuid(), project: rng.uuid(), env: rng.uuid(), cluster: rng.uuid(),
    app: rng.uuid(), db: rng.uuid(), container: rng.uuid(), job: rng.uuid(),
  }
  const facts = { environmentType: mode, projectName: project }
  if (options.kind === 'SLACK') {
    const [emoji, word] = SLACK_WORDING[type]
    const text = `${emoji} Deployment ${word} · ${slackEscape(project)} / ${slackEscape(environment)} (${slackEscape(mode)})`
    return { payload: { text }, facts, headers: [JSON_CONTENT_TYPE] }
  }
  const thin = {
    organization: { id: ids.org, name: context.organization ?? 'Acme' },
    project: { id: ids.project, name: project },
    environment: { id: ids.env, name: environment, mode, cluster_id: ids.cluster, cluster_name: context.clusterName ?? 'qovery-eu-west-3' },
    application: { id: ids.app, name: service },
    database: { id: ids.db, name: `${service}-db` },
    container: { id: ids.container, name: `${service}-worker` },
    job: { id: ids.job, name: `${service}-migrations` },
  }
  const lines = context.reason ? [...LOGS[type].slice(0, -1), context.reason] : LOGS[type]
  const objects = options.objects === 'minimal' ? { ...thin, logs: lines } : apiObjects(thin, { context, nowMs, lines, failed: type === 'DEPLOYMENT_FAILURE', execution: ids.deployment })
  return {
    payload: {
      created_at: isoTime(nowMs),
      event_type: type,
      payload_type: 'DEPLOYMENT',
      payload_id: ids.payload,
      payload: {
        id: ids.deployment,
        current_status: current,
        desired_status: desired,
        organization: objects.organization,
        project: objects.project,
        environment: objects.environment,
        applications: [{ current_status: current, desired_status: desired, application: objects.application }],
        databases: [{ current_status: 'DEPLOYED', desired_status: 'DEPLOYED', database: objects.database }],
        containers: [{ current_status: current, desired_status: desired, container: objects.container }],
        jobs: [{ current_status: current, desired_status: desired, job: objects.job }],
        logs: objects.logs,
      },
    },
    facts,
    headers: [JSON_CONTENT_TYPE],
  }
}

/** The `minimal` objects: `{id, name}`, and the environment's mode and cluster (spec §2 defaults). */
type Thin = Record<'organization' | 'project' | 'environment' | 'application' | 'database' | 'container' | 'job', { id: string; name: string }> & {
  environment: { mode: string; cluster_id: string; cluster_name: string }
}
interface Scene {
  context: GenerateContext
  nowMs: number
  lines: string[]
  failed: boolean
  /** The deployment's id, which the logs carry as their execution id. */
  execution: string
}

const DAY_MS = 86_400_000
const PLANS = ['TEAM_2025', 'BUSINESS_2025', 'ENTERPRISE_2025'] as const
const DATABASES = [
  ['POSTGRESQL', '16', 'postgresql'],
  ['MYSQL', '8.0', 'mysql'],
  ['REDIS', '7', 'redis'],
  ['MONGODB', '7.0', 'mongodb'],
] as const
const REGISTRIES = [
  ['DOCKER_HUB', 'Docker Hub', 'https://docker.io'],
  ['GITHUB_CR', 'GitHub Container Registry', 'https://ghcr.io'],
] as const

/** A TCP probe on the service port, with the API's default timings. */
const probe = (port: number) => ({
  type: { tcp: { port, host: null }, http: null, exec: null, grpc: null },
  initial_delay_seconds: 30, period_seconds: 10, timeout_seconds: 5, success_threshold: 1, failure_threshold: 9,
})

/**
 * The `full` objects: each carries the required fields of its API object (Qovery/qovery-openapi-spec,
 * see test/fixtures/qovery-api-required.json), seeded; logs are `EnvironmentLogs` rows.
 */
function apiObjects(thin: Thin, { context, nowMs, lines, failed, execution }: Scene) {
  // The story's entities do not change between its events: their facts come from a generator of
  // their own (seeded by their ids), their creation times lie before the deployment began.
  const anchorMs = context.startedAt ? Date.parse(context.startedAt) : nowMs
  const rng = seededRandom(`qovery-entities:${thin.organization.id}:${thin.project.id}:${thin.environment.id}`)
  const orgMs = anchorMs - rng.int(400, 1200) * DAY_MS - rng.int(0, 86_399) * 1000
  const projectMs = orgMs + rng.int(1, 300) * DAY_MS
  const environmentMs = projectMs + rng.int(1, 90) * DAY_MS
  const serviceAt = () => isoTime(environmentMs + rng.int(60, 3600) * 1000)
  const environment = { id: thin.environment.id }
  const [dbType, dbVersion, dbIcon] = rng.pick(DATABASES)
  const [kind, registryName, url] = rng.pick(REGISTRIES)
  const registry = { id: rng.uuid(), name: registryName, url, kind }
  const owner = thin.organization.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')
  const [maximum_cpu, maximum_memory] = rng.pick([[4000, 8192], [8000, 16384], [16000, 32768]] as const)
  const resources = { maximum_cpu, maximum_memory, maximum_gpu: 0, cpu: rng.pick([250, 500, 1000]), memory: rng.pick([256, 512, 1024]), gpu: 0, auto_preview: true }
  const healthchecks = { readiness_probe: probe(8080), liveness_probe: probe(8080) }
  const plan = rng.pick(PLANS)
  const environmentsCount = rng.int(1, 12)
  const services = { application: serviceAt(), database: serviceAt(), container: serviceAt(), job: serviceAt() }
  const maxInstances = rng.int(1, 4)
  // Last: a version the event may give does not move the draws above.
  const tag = context.version ?? semver(rng)
  // This event's own log: lines a few seconds apart, the last one now.
  const logRng = seededRandom(`qovery-logs:${execution}:${lines.join('\n')}`)
  const gaps = lines.map(() => logRng.int(2, 40) * 1000)
  const logAt = (i: number) => isoTime(nowMs - gaps.slice(i + 1).reduce((sum, gap) => sum + gap, 0))
  return {
    organization: { ...thin.organization, created_at: isoTime(orgMs), plan } satisfies QoveryOrganization,
    project: { ...thin.project, created_at: isoTime(projectMs), organization: { id: thin.organization.id }, associated_environments_count: environmentsCount } satisfies QoveryProject,
    environment: {
      ...thin.environment,
      created_at: isoTime(environmentMs),
      cloud_provider: { provider: 'aws', cluster: /[a-z]+-[a-z]+-\d+$/.exec(thin.environment.cluster_name)?.[0] ?? 'eu-west-3' },
      project: { id: thin.project.id },
      organization: { id: thin.organization.id },
    }, // not `satisfies QoveryEnvironment`: `mode` may be any environmentType the user gives
    application: { ...thin.application, created_at: services.application, environment, healthchecks, icon_uri: 'app://qovery-console/application', service_type: 'APPLICATION' } satisfies QoveryApplication,
    database: {
      ...thin.database,
      created_at: services.database,
      type: dbType,
      version: dbVersion,
      mode: thin.environment.mode === 'PRODUCTION' ? 'MANAGED' : 'CONTAINER',
      environment,
      icon_uri: `app://qovery-console/${dbIcon}`,
      service_type: 'DATABASE',
    } satisfies QoveryDatabase,
    container: {
      ...thin.container,
      created_at: services.container,
      image_name: `${owner}/${thin.container.name}`,
      tag,
      registry,
      environment,
      ...resources,
      min_running_instances: 1,
      max_running_instances: maxInstances,
      healthchecks,
      icon_uri: 'app://qovery-console/container',
      service_type: 'CONTAINER',
    } satisfies QoveryContainer,
    job: {
      ...thin.job,
      created_at: services.job,
      environment,
      ...resources,
      source: { image: { image_name: `${owner}/${thin.application.name}`, tag, registry } },
      healthchecks: {},
      icon_uri: 'app://qovery-console/lifecycle-job',
      service_type: 'JOB',
      job_type: 'LIFECYCLE',
      schedule: { on_start: { arguments: ['npm', 'run', 'db:migrate'] }, lifecycle_type: 'GENERIC' },
    } satisfies QoveryJob,
    logs: lines.map(
      (line, i) =>
        ({
          type: failed && i === lines.length - 1 ? 'ERROR' : 'INFO',
          timestamp: logAt(i),
          details: {
            organization_id: thin.organization.id,
            cluster_id: thin.environment.cluster_id,
            execution_id: execution,
            transmitter: { type: 'Environment', id: thin.environment.id, name: thin.environment.name },
          },
          message: { safe_message: line },
        }) satisfies QoveryEnvironmentLog,
    ),
  }
}
