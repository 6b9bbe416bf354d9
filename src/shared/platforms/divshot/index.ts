import { PLAIN_RULES } from '../../schemas/delivery-rules'
import { definePlatform } from '../platform'
import { buildDivshot } from './build'
import { DIVSHOT_EVENTS, DivshotOptions, DivshotReleasePayload } from './payload'

/** Divshot (spec §4): one `release` event, retried five times. */
export const divshot = definePlatform({
  id: 'divshot',
  title: 'Divshot',
  sender: 'Divshot',
  source: 'spec §4 [D: DV-doc; C: DV-cli, DV-api]',
  events: DIVSHOT_EVENTS.map((name) => ({ name, firesWhen: 'A new version reaches any environment, including promotions and rollbacks.' })),
  options: DivshotOptions,
  payloadSchema: () => DivshotReleasePayload,
  build: buildDivshot,
  factPaths: () => ({ projectName: 'data.app.name', environmentType: 'data.release.env' }),
  // Each release of the story is one version newer than the last; the first is the context's (else 1).
  story: (state, { context, explicit }) => {
    const last = typeof state.version === 'number' ? state.version : undefined
    const given = Number.parseInt((last === undefined ? context.version : explicit.version) ?? '', 10)
    const version = Number.isInteger(given) ? given : last !== undefined ? last + 1 : 1
    return { context: { ...context, version: String(version) }, state: { ...state, version } }
  },
  secretHeaders: () => [],
  contextFields: ['service', 'environment', 'version', 'author', 'rollbackTo', 'sourceEnv'],
  // The check's out-of-order case: a finish before its start.
  outOfOrder: { first: { event: 'release', set: { 'data.release.version': 13 } }, then: { event: 'release', set: { 'data.release.version': 12 } } },
  defaultScheme: 'standard',
  delivery: {
    retry: { preset: 'divshot' },
    timeoutMs: 10_000,
    timeoutUnknown: 'Divshot did not document how long it waited for an answer',
    source: '[D: DV-doc] non-2xx retried up to five times; [DEFAULT] at 30 s, 1, 2, 4, 8 min, 10 s timeout',
    rules: {
      ...PLAIN_RULES,
      source: '[D: DV-doc] §4: any non-2xx is retried; [DEFAULT] 410 and Retry-After get no special treatment, redirects not followed',
    },
  },
})
