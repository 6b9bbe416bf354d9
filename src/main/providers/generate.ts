import { catalogEntry, isCatalogEvent, payloadSchema } from '../../shared/providers/catalog'
import { GenerateInput, type GeneratedEvent } from '../../shared/providers/generate'
import type { ProviderId } from '../../shared/providers/provider-id'
import { type Result, describeIssues, fail, formatIssues, ok } from '../../shared/result'
import type { BuildInput, Built } from './builder'
import { buildCharlesCd } from './charlescd'
import { buildDivshot } from './divshot'
import { buildGeneric } from './generic'
import { buildOceanCd } from './ocean-cd'
import { applyOverrides } from './overrides'
import { buildQovery } from './qovery'
import { seededRandom } from './seeded-random'

// Each builder takes its own options type; `parseProviderOptions` has validated them.
type AnyBuilder = (input: BuildInput<never>) => Built
const BUILDERS: Record<ProviderId, AnyBuilder> = {
  'ocean-cd': buildOceanCd,
  qovery: buildQovery,
  charlescd: buildCharlesCd,
  divshot: buildDivshot,
  generic: buildGeneric,
}

/** A subscription's platform options, with the spec's defaults filled in. */
export function parseProviderOptions(provider: ProviderId, options: unknown): Result<Record<string, unknown>> {
  const parsed = catalogEntry(provider).options.safeParse(options ?? {})
  if (parsed.success) return ok(parsed.data as Record<string, unknown>)
  const issues = describeIssues(parsed.error).map((i) => ({ ...i, path: `options.${i.path}` }))
  return fail('invalid_input', formatIssues(issues), issues)
}

/**
 * Builds one event exactly as the platform would send it. Same seed, context and instant give
 * byte-identical bodies; a different seed gives fresh ids in the platform's own shapes.
 */
export function generateEvent(rawInput: GenerateInput): Result<GeneratedEvent> {
  const input = GenerateInput.parse(rawInput)
  if (!isCatalogEvent(input.provider, input.event)) {
    const names = catalogEntry(input.provider).events.map((e) => e.name)
    return fail('invalid_input', `${input.provider} has no event "${input.event}"; its events are ${names.join(', ')}`)
  }
  const options = parseProviderOptions(input.provider, input.options)
  if (!options.ok) return options
  let built: Built
  try {
    built = BUILDERS[input.provider]({ ...input, rng: seededRandom(input.seed), options: options.data as never })
  } catch (error) {
    return fail('invalid_input', error instanceof Error ? error.message.split('\n')[0]! : String(error))
  }
  const schema = payloadSchema(input.provider, input.event, options.data)
  const payload = applyOverrides(built.payload, input.set, schema, input.allowInvalid)
  if (!payload.ok) return payload
  const encode = built.encode ?? JSON.stringify
  return ok({ provider: input.provider, event: input.event, payload: payload.data, body: encode(payload.data), headers: built.headers, facts: built.facts })
}
