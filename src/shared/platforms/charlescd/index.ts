import { GO_REDIRECT_LIMIT } from '../../schemas/delivery-rules'
import { GO_NET_HTTP } from '../http-client'
import { definePlatform } from '../platform'
import { buildCharlesCd } from './build'
import { charlesCdLog } from './log'
import { CHARLESCD_EVENTS, CharlesCdDocumentedPayload, CharlesCdOptions, CharlesCdWireEvent } from './payload'

const FIRES_WHEN: Record<(typeof CHARLESCD_EVENTS)[number], string> = {
  START_DEPLOY: 'A deploy request is processed (SUCCESS, or FAIL if the deploy call throws).',
  FINISH_DEPLOY: 'The deploy callback arrives (SUCCESS, FAIL or TIMEOUT).',
  START_UNDEPLOY: 'An undeploy request (SUCCESS before it runs; FAIL if it throws).',
  FINISH_UNDEPLOY: 'The undeploy callback arrives (SUCCESS, FAIL or TIMEOUT).',
}

/** CharlesCD's hermes (spec §3): documented format by default, hermes-wire on request. */
export const charlesCd = definePlatform({
  id: 'charlescd',
  title: 'CharlesCD (hermes)',
  sender: 'CharlesCD',
  source: 'spec §3 [C: ZupIT/charlescd hermes + moove]',
  events: CHARLESCD_EVENTS.map((name) => ({ name, firesWhen: FIRES_WHEN[name] })),
  options: CharlesCdOptions,
  payloadSchema: (_event, options) => (options.format === 'hermes-wire' ? CharlesCdWireEvent : CharlesCdDocumentedPayload),
  build: buildCharlesCd,
  // The documented payload carries the subscription's id; the default workspace derives from it.
  namesSubscription: (options) => options.format === 'documented' || options.workspaceId === undefined,
  // hermes sets it with Go's Header.Set, which sends the canonical case.
  secretHeaders: () => ['X-Application-Key'],
  contextFields: ['service', 'version', 'circle', 'status', 'author', 'authorName', 'reason'],
  // The check's out-of-order case: a finish before its start.
  outOfOrder: { first: { event: 'FINISH_DEPLOY' }, then: { event: 'START_DEPLOY' } },
  defaultScheme: 'native',
  // hermes posts with Go's http.DefaultClient [C: CH-sub].
  client: GO_NET_HTTP,
  delivery: {
    retry: { preset: 'charlescd' },
    timeoutMs: 30_000,
    timeoutUnknown: "hermes posts with Go's http.DefaultClient, which has no timeout at all: a slow answer holds one of its workers",
    source: '[C: CH-consumer, CH-rabbit] 1 delivery + 3 retries 30 s apart; [DEFAULT] 30 s timeout (Go has none)',
    rules: {
      success: [200, 226],
      gone: 'retry',
      retryAfter: [],
      redirects: { mode: 'follow', stopAfter: GO_REDIRECT_LIMIT },
      abortMessage: false,
      source:
        '[C: CH-sub, CH-consumer] §3: hermes posts with Go http.DefaultClient, succeeds on 200–226 and retries any other answer on a fixed 30 s TTL; ' +
        '[I] so redirects are followed as Go does (it stops at the 10th)',
    },
  },
  factPaths: (_event, options) => ({ projectName: options.format === 'hermes-wire' ? 'release.modules.0.name' : 'event.release.modules.0.name' }),
  route(options, facts) {
    if (facts.category && !options.events.some((category) => category === facts.category)) return `it is registered for ${options.events.join(' and ')} only`
    return undefined
  },
  log: charlesCdLog,
  // A FINISH is timed from its START, as moove computes timeExecution from the two dates.
  story: (state, { event, context, explicit, nowMs }) => {
    const key = event.endsWith('UNDEPLOY') ? 'undeployStartedAt' : 'deployStartedAt'
    if (event.startsWith('START_')) {
      const startedAt = explicit.startedAt ?? new Date(nowMs).toISOString()
      return { context: { ...context, startedAt }, state: { ...state, [key]: startedAt } }
    }
    const started = state[key]
    const startedAt = explicit.startedAt ?? (typeof started === 'string' ? started : undefined)
    return { context: startedAt === undefined ? context : { ...context, startedAt }, state }
  },
})
