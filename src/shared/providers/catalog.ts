import type { z } from 'zod'
import { CharlesCdDocumentedPayload, CharlesCdOptions, CharlesCdWireEvent } from './charlescd'
import { DIVSHOT_EVENTS, DivshotOptions, DivshotReleasePayload } from './divshot'
import { GenericOptions } from './generic'
import { OCEAN_CD_HEARTBEAT_EVENT, OceanCdHeartbeatPayload, OceanCdOptions, OceanCdRolloutPayload } from './ocean-cd'
import type { ProviderId } from './provider-id'
import { QoveryOptions, QoverySlackPayload, QoveryStandardPayload } from './qovery'

export interface CatalogEvent {
  name: string
  firesWhen: string
}

export interface ProviderEntry {
  id: ProviderId
  title: string
  events: CatalogEvent[]
  /** Headers the platform sends (secret headers only when a secret is set). */
  headers: string[]
  retry: string
  options: z.ZodType
}

/** Every platform and event Hookbench simulates (spec §1–§4). */
export const CATALOG: ProviderEntry[] = [
  {
    id: 'ocean-cd',
    title: 'Spot Ocean CD (v1)',
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
    headers: ['Content-Type: application/json'],
    retry: 'one attempt, no signature (nothing public on retries)',
    options: OceanCdOptions,
  },
  {
    id: 'qovery',
    title: 'Qovery organization webhooks',
    events: [
      { name: 'DEPLOYMENT_STARTED', firesWhen: 'A deployment of an environment starts.' },
      { name: 'DEPLOYMENT_SUCCESSFUL', firesWhen: 'The deployment succeeds.' },
      { name: 'DEPLOYMENT_FAILURE', firesWhen: 'The deployment fails.' },
      { name: 'DEPLOYMENT_CANCELLED', firesWhen: 'The deployment is cancelled.' },
    ],
    headers: ['Content-Type: application/json', 'Qovery-Secret: <secret> (or Qovery-Signature, or both)'],
    retry: 'one attempt',
    options: QoveryOptions,
  },
  {
    id: 'charlescd',
    title: 'CharlesCD (hermes)',
    events: [
      { name: 'START_DEPLOY', firesWhen: 'A deploy request is processed (SUCCESS, or FAIL if the deploy call throws).' },
      { name: 'FINISH_DEPLOY', firesWhen: 'The deploy callback arrives (SUCCESS, FAIL or TIMEOUT).' },
      { name: 'START_UNDEPLOY', firesWhen: 'An undeploy request (SUCCESS before it runs; FAIL if it throws).' },
      { name: 'FINISH_UNDEPLOY', firesWhen: 'The undeploy callback arrives (SUCCESS, FAIL or TIMEOUT).' },
    ],
    headers: ['Content-Type: application/json', 'User-Agent: Go-http-client/1.1', 'x-application-key: <key> (when set)'],
    retry: '1 delivery + 3 retries, 30 s apart; success is 200–226',
    options: CharlesCdOptions,
  },
  {
    id: 'divshot',
    title: 'Divshot',
    events: [{ name: DIVSHOT_EVENTS[0], firesWhen: 'A new version reaches any environment, including promotions and rollbacks.' }],
    headers: ['Content-Type: application/json'],
    retry: '6 attempts: retried at 30 s, 1, 2, 4 and 8 min; no signature',
    options: DivshotOptions,
  },
  {
    id: 'generic',
    title: 'Generic (your own events and JSON template)',
    events: [],
    headers: ['Content-Type: application/json'],
    retry: 'Standard Webhooks schedule (8 attempts over 27 h)',
    options: GenericOptions,
  },
]

export function catalogEntry(provider: ProviderId): ProviderEntry {
  return CATALOG.find((entry) => entry.id === provider)!
}

/** The payload schema of one event, in the format the options select. */
export function payloadSchema(provider: ProviderId, event: string, options: { kind?: string; format?: string } = {}): z.ZodType | undefined {
  switch (provider) {
    case 'ocean-cd':
      return event === OCEAN_CD_HEARTBEAT_EVENT ? OceanCdHeartbeatPayload : OceanCdRolloutPayload
    case 'qovery':
      return options.kind === 'SLACK' ? QoverySlackPayload : QoveryStandardPayload
    case 'charlescd':
      return options.format === 'hermes-wire' ? CharlesCdWireEvent : CharlesCdDocumentedPayload
    case 'divshot':
      return DivshotReleasePayload
    case 'generic':
      return undefined
  }
}

export const isCatalogEvent = (provider: ProviderId, event: string) =>
  provider === 'generic' || catalogEntry(provider).events.some((e) => e.name === event)

