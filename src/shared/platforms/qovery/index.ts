import { PLAIN_RULES } from '../../schemas/delivery-rules'
import { definePlatform } from '../platform'
import { buildQovery } from './build'
import { qoveryLog } from './log'
import { QoveryOptions, QoverySlackPayload, QoveryStandardPayload } from './payload'

/** Qovery organization webhooks (spec §2). */
export const qovery = definePlatform({
  id: 'qovery',
  title: 'Qovery organization webhooks',
  sender: 'Qovery',
  source: 'spec §2 [D: QAPI, QDOC; C: QCON]',
  events: [
    { name: 'DEPLOYMENT_STARTED', firesWhen: 'A deployment of an environment starts.' },
    { name: 'DEPLOYMENT_SUCCESSFUL', firesWhen: 'The deployment succeeds.' },
    { name: 'DEPLOYMENT_FAILURE', firesWhen: 'The deployment fails.' },
    { name: 'DEPLOYMENT_CANCELLED', firesWhen: 'The deployment is cancelled.' },
  ],
  options: QoveryOptions,
  payloadSchema: (_event, options) => (options.kind === 'SLACK' ? QoverySlackPayload : QoveryStandardPayload),
  build: buildQovery,
  secretHeaders: ({ secretHeader }) => (secretHeader === 'both' ? ['Qovery-Secret', 'Qovery-Signature'] : [secretHeader]),
  secretHeaderNames: ['Qovery-Secret', 'Qovery-Signature'],
  contextFields: ['organization', 'project', 'environment', 'environmentType', 'service', 'clusterName', 'version', 'reason'],
  // The check's out-of-order case: a finish before its start.
  outOfOrder: { first: { event: 'DEPLOYMENT_SUCCESSFUL' }, then: { event: 'DEPLOYMENT_STARTED' } },
  defaultScheme: 'native',
  delivery: {
    retry: { preset: 'none' },
    timeoutMs: 10_000,
    timeoutUnknown: 'Qovery does not document how long it waits for an answer',
    source: '[DEFAULT] retries not documented: one attempt, logged as one WebhookEventResponse row (spec §2)',
    rules: { ...PLAIN_RULES, source: '[DEFAULT] §2: status handling not documented; 2xx succeeds, redirects not followed' },
  },
  factPaths: (_event, options) => (options.kind === 'SLACK' ? {} : { projectName: 'payload.project.name', environmentType: 'payload.environment.mode' }),
  log: qoveryLog,
  // One story is one deployment: its organization, project and environment are fixed from its start.
  story: (state, { context, explicit, nowMs }) => {
    const startedAt = explicit.startedAt ?? (typeof state.startedAt === 'string' ? state.startedAt : new Date(nowMs).toISOString())
    return { context: { ...context, startedAt }, state: { ...state, startedAt } }
  },
})
