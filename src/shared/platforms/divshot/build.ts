import { unixSeconds } from '../../core/time-format'
import { JSON_CONTENT_TYPE, PEOPLE } from '../names'
import type { BuildInput, Built } from '../platform'
import type { DivshotOptions } from './payload'

/** Divshot's `release` event (spec §4). */
export function buildDivshot({ rng, context, options, nowMs }: BuildInput<DivshotOptions>): Built {
  const app = context.service ?? options.app ?? 'your-app'
  const env = context.environment ?? 'production'
  const parsedVersion = Number.parseInt(context.version ?? '', 10)
  const version = Number.isInteger(parsedVersion) ? parsedVersion : rng.int(2, 60)
  const host = env === 'production' ? `${app}.divshot.io` : `${env}.${app}.divshot.io`
  return {
    payload: {
      event: 'release',
      data: {
        app: { name: app, id: rng.hex(6) },
        release: {
          env,
          version,
          author: context.author ?? rng.pick(PEOPLE)[0],
          rollback: context.rollbackTo ?? false,
          source: 'Divshot CLI',
          source_env: context.sourceEnv ?? null,
          timestamp: unixSeconds(nowMs),
          url: `http://${host}`,
          permanent_url: `http://v${version}.${app}.divshot.io`,
        },
      },
    },
    facts: { projectName: app, environmentType: env },
    headers: [JSON_CONTENT_TYPE],
  }
}
