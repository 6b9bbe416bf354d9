import type { QoveryEvent, QoveryOptions } from '../../shared/providers/qovery'
import { type BuildInput, type Built, JSON_CONTENT_TYPE, SERVICES } from './builder'
import { isoTime } from './time-format'

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

/** Qovery organization webhooks (spec §2): the STANDARD body, or a Slack message for kind SLACK. */
export function buildQovery({ event, rng, context, options, nowMs }: BuildInput<QoveryOptions>): Built {
  const type = event as QoveryEvent
  const [current, desired] = STATUSES[type]
  const project = context.project ?? rng.pick(['Storefront', 'Payments', 'Data Platform', 'Production-EU'])
  const environment = context.environment ?? rng.pick(['production', 'staging', 'dev', 'pr-142'])
  const mode = context.environmentType?.toUpperCase() ?? MODES[environment] ?? (environment.startsWith('pr-') ? 'PREVIEW' : 'DEVELOPMENT')
  const service = context.service ?? rng.pick(SERVICES)
  const ids = {
    deployment: rng.uuid(), payload: rng.uuid(), org: rng.uuid(), project: rng.uuid(), env: rng.uuid(), cluster: rng.uuid(),
    app: rng.uuid(), db: rng.uuid(), container: rng.uuid(), job: rng.uuid(),
  }
  const facts = { environmentType: mode, projectName: project }
  if (options.kind === 'SLACK') {
    const [emoji, word] = SLACK_WORDING[type]
    return { payload: { text: `${emoji} Deployment ${word} · ${project} / ${environment} (${mode})` }, facts, headers: [JSON_CONTENT_TYPE] }
  }
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
        organization: { id: ids.org, name: context.organization ?? 'Acme' },
        project: { id: ids.project, name: project },
        environment: { id: ids.env, name: environment, mode, cluster_id: ids.cluster, cluster_name: context.clusterName ?? 'qovery-eu-west-3' },
        applications: [{ current_status: current, desired_status: desired, application: { id: ids.app, name: service } }],
        databases: [{ current_status: 'DEPLOYED', desired_status: 'DEPLOYED', database: { id: ids.db, name: `${service}-db` } }],
        containers: [{ current_status: current, desired_status: desired, container: { id: ids.container, name: `${service}-worker` } }],
        jobs: [{ current_status: current, desired_status: desired, job: { id: ids.job, name: `${service}-migrations` } }],
        logs: context.reason ? [...LOGS[type].slice(0, -1), context.reason] : LOGS[type],
      },
    },
    facts,
    headers: [JSON_CONTENT_TYPE],
  }
}
