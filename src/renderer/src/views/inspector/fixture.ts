import type { Attempt, Delivery } from '../../../../shared/schemas/delivery'
import type { HeaderPair } from '../../../../shared/schemas/http'
import { secretVariable } from './curl'

/**
 * A delivery as a test fixture: provider, event, the headers of one attempt and the body. `body`
 * is the payload as `hookbench export fixtures` writes it (parsed JSON; the text when it is not
 * JSON); `rawBody` is the exact text sent, since signatures are computed over those bytes and
 * re-serialised JSON would not verify. Plain-secret header values become `$VARIABLE`
 * placeholders unless `includeSecrets`.
 */
export interface DeliveryFixture {
  provider: string
  event: string
  deliveryId: string
  headers: HeaderPair[]
  body: unknown
  rawBody: string
}

export function deliveryFixture(delivery: Delivery, attempt: Attempt | undefined, options: { includeSecrets: boolean }): DeliveryFixture {
  const secret = new Set(delivery.secretHeaders.map((name) => name.toLowerCase()))
  const headers = (attempt?.headers ?? delivery.headers).map(([name, value]): HeaderPair =>
    !options.includeSecrets && secret.has(name.toLowerCase()) ? [name, `$${secretVariable(name)}`] : [name, value],
  )
  return { provider: delivery.provider, event: delivery.event, deliveryId: delivery.id, headers, body: parsedBody(delivery.body), rawBody: delivery.body }
}

function parsedBody(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** As the CLI writes fixtures: indented by two spaces, with a trailing newline. */
export const fixtureText = (fixture: DeliveryFixture) => `${JSON.stringify(fixture, null, 2)}\n`

/** `<provider>-<event>.json`, safe as a file name (event names have dots and slashes). */
export function fixtureFileName(fixture: Pick<DeliveryFixture, 'provider' | 'event'>): string {
  return `${`${fixture.provider}-${fixture.event}`.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`
}
