import type { ApiMethod } from '../../shared/api/contract'
import type { RequestGuard } from './request-guard'

/** Why an API request is turned away, as the HTTP answer says it. */
export interface Refusal {
  status: 403 | 415
  message: string
}

/**
 * Methods that only read. Every other method (including any added later) changes something,
 * so a browser must say where the call comes from: a missing Origin there is refused.
 */
const READ_ONLY_METHODS: ReadonlySet<string> = new Set<ApiMethod>([
  'getStatus',
  'getCatalog',
  'listSubscriptions',
  'getPlatformLog',
  'previewFire',
  'listDeliveries',
  'getDeliveryDensity',
  'getDelivery',
  'explainSignature',
  'listHeartbeats',
  'listEndpoints',
  'listCaptures',
  'getCapture',
  'exportCaptures',
  'listScenarios',
  'getScenario',
  'validateScenario',
  'listRuns',
  'getRun',
  'getRunReport',
  'getSettings',
  'previewFilters',
  'exportPlatformFiles',
  'exportScenarios',
])

export const isStateChanging = (method: string) => !READ_ONLY_METHODS.has(method)

export interface ApiRequest {
  /** HTTP method. */
  method: string
  /** The API method named by `POST /api/<method>`, when the URL names one. */
  apiMethod?: string
  origin: string | undefined
  host: string | undefined
  contentType: string | undefined
}

/**
 * Cross-site request forgery rules for the API, on top of the Host check. A page on another
 * site can make a browser send a "simple" request (a form, or `text/plain` fetch without
 * preflight) and browsers stamp it with its Origin, or with `null` from sandboxed frames,
 * `data:` and `file:` pages. So: Origin, when sent, must be ours (`null` is not); a call that
 * changes something must carry an Origin at all (scripts send ours, as `curl -H` can); and
 * calls carry JSON, which no simple request can.
 */
export function apiRefusal(request: ApiRequest, guard: RequestGuard): Refusal | undefined {
  if (!guard.isAllowedOrigin(request.origin, request.host)) {
    return { status: 403, message: 'Requests from other origins are refused' }
  }
  if (request.method !== 'POST') return undefined
  if (request.origin === undefined && isStateChanging(request.apiMethod ?? '')) {
    return { status: 403, message: 'Calls that change something must say where they come from (an Origin header naming this server)' }
  }
  if (!isJson(request.contentType)) return { status: 415, message: 'API calls send JSON (Content-Type: application/json)' }
  return undefined
}

const isJson = (contentType: string | undefined) => contentType?.split(';', 1)[0]?.trim().toLowerCase() === 'application/json'
