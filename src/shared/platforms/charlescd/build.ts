import { seededRandom } from '../../core/seeded-random'
import { charlesCdTime, gsonLocalDateTime } from '../../core/time-format'
import type { HeaderPair } from '../../schemas/http'
import { JSON_CONTENT_TYPE, PEOPLE, SERVICES, semver } from '../names'
import type { BuildInput, Built, Json } from '../platform'
import { type CharlesCdEventType, type CharlesCdOptions, CharlesCdStatus, categoryOf } from './payload'

/**
 * The headers hermes's Go client sends (its own, in Go's canonical case, and the
 * `Accept-Encoding: gzip` its transport adds); the platform's `client` writes them in Go's order.
 */
const GO_CLIENT_HEADERS: HeaderPair[] = [['User-Agent', 'Go-http-client/1.1'], JSON_CONTENT_TYPE, ['Accept-Encoding', 'gzip']]

const ERRORS: Record<string, string> = {
  FAIL: 'Deployment failed: error creating resources on the Kubernetes cluster',
  TIMEOUT: 'Deployment callback timed out',
}

/**
 * CharlesCD (spec §3). `documented` (default) is the published page's shape; `hermes-wire`
 * is what the code sends: the Gson event JSON double-encoded into `content`.
 */
export function buildCharlesCd({ event, rng, messageRng, context, options, nowMs, subscriptionId }: BuildInput<CharlesCdOptions>): Built {
  const type = event as CharlesCdEventType
  const status = CharlesCdStatus.parse(context.status?.toUpperCase() ?? 'SUCCESS')
  const service = context.service ?? rng.pick(SERVICES)
  const [email, name] = context.author ? [context.author, context.authorName ?? context.author.split('@')[0]!] : rng.pick(PEOPLE)
  const deploymentId = rng.uuid()
  const executionId = messageRng.uuid()
  const workspaceId = options.workspaceId ?? seededRandom(`workspace:${subscriptionId ?? 'default'}`).uuid()
  const circle = { id: rng.uuid(), name: context.circle ?? rng.pick(['Beta', 'Default', 'Canary']) }
  const tag = `release-${context.version ?? semver(rng)}`
  const module = { id: rng.uuid(), name: service }
  const component = { id: rng.uuid(), name: `${service}-ui` }
  const feature = rng.pick(['login', 'cart-redesign', 'fast-checkout'])
  // Seconds from the START to this FINISH (moove subtracts the dates); without a story, a plausible one.
  const timeExecution = type === 'FINISH_DEPLOY' && status === 'SUCCESS' ? executionSeconds(context.startedAt, nowMs) ?? rng.int(20, 300) : undefined
  const error = status === 'SUCCESS' ? undefined : (context.reason ?? ERRORS[status])
  const facts = { category: categoryOf(type), projectName: service }
  const headers = GO_CLIENT_HEADERS
  const features = [{ name: feature, branchName: `feature/${feature}` }]

  if (options.format === 'hermes-wire') {
    const wire = {
      deploymentId,
      type,
      status,
      date: gsonLocalDateTime(nowMs),
      workspaceId,
      author: { email, name },
      timeExecution,
      circle,
      release: { tag, modules: [{ name: module.name, components: [component] }], features },
    }
    return { payload: withoutUndefined(wire), facts, headers, encode: encodeHermesWire }
  }
  return {
    payload: withoutUndefined({
      subscriptionId: subscriptionId ?? rng.uuid(),
      executionId,
      event: {
        type,
        status,
        error,
        date: charlesCdTime(nowMs),
        timeExecution,
        workspaceId,
        author: { email, name },
        circle,
        release: { tag, modules: [{ ...module, componentes: [component] }], features },
      },
    }),
    facts,
    headers,
  }
}

function executionSeconds(startedAt: string | undefined, nowMs: number): number | undefined {
  if (startedAt === undefined) return undefined
  const started = Date.parse(startedAt)
  return Number.isFinite(started) ? Math.max(0, Math.round((nowMs - started) / 1000)) : undefined
}

/** Gson drops null fields; JSON has no undefined: drop both before the payload is used. */
function withoutUndefined(value: object): Json {
  return JSON.parse(JSON.stringify(value)) as Json
}

/**
 * hermes posts `{"content": <token>}` where the token is the JSON *string* moove produced from
 * Gson's event JSON: decode with `JSON.parse(JSON.parse(JSON.parse(body).content))`. Gson
 * escapes `< > & = '` and U+2028/U+2029; Go's encoder escapes `< > &` and U+2028/U+2029 again
 * at the outer layer.
 */
export function encodeHermesWire(event: Json): string {
  const gson = escapeAll(JSON.stringify(event), /[<>&='\u2028\u2029]/g)
  const token = JSON.stringify(gson)
  return `{"content":${escapeAll(JSON.stringify(token), /[<>&\u2028\u2029]/g)}}`
}

function escapeAll(json: string, characters: RegExp): string {
  return json.replace(characters, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
