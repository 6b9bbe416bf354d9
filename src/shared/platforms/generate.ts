import { z } from 'zod'
import { seededRandom } from '../core/seeded-random'
import { type ApiIssue, type Result, describeIssues, fail, formatIssues, ok } from '../result'
import { HeaderPair } from '../schemas/http'
import { EventFacts, GenerateContext } from './context'
import { GenericEventDefinition } from './generic/definition'
import { ProviderId, platformOf } from './index'
import { applyOverrides } from './overrides'
import type { Built, FactPaths, Json } from './platform'
import { readPath } from '../core/json-path'

export const GenerateInput = z.object({
  provider: ProviderId,
  event: z.string().min(1),
  seed: z.union([z.string(), z.number()]),
  /** This message's own ids; unset = derived from `seed`. A scenario gives each fire its own. */
  messageSeed: z.union([z.string(), z.number()]).optional(),
  context: GenerateContext.default({}),
  /** The subscription's platform options (Qovery kind, CharlesCD format…). */
  options: z.record(z.string(), z.unknown()).default({}),
  set: z.record(z.string(), z.unknown()).default({}),
  allowInvalid: z.boolean().default(false),
  /** The payload as the user edited it (JSON text): replaces the generated one. */
  body: z.string().optional(),
  /** CharlesCD's documented `subscriptionId`. */
  subscriptionId: z.string().optional(),
  /** The instant the event happens, in epoch ms. */
  nowMs: z.number(),
  /** For `generic`: the event's definition. */
  definition: GenericEventDefinition.optional(),
})
export type GenerateInput = z.input<typeof GenerateInput>
export type ParsedGenerateInput = z.output<typeof GenerateInput>

export const GeneratedEvent = z.object({
  provider: ProviderId,
  event: z.string(),
  /** The payload as a JSON value (for hermes-wire: the decoded event object). */
  payload: z.json(),
  /** The exact UTF-8 text sent. */
  body: z.string(),
  /** The platform's own non-secret headers, in order. */
  headers: z.array(HeaderPair),
  facts: EventFacts,
})
export type GeneratedEvent = z.infer<typeof GeneratedEvent>

/** Undefined when the platform has the event; otherwise the error listing its events. */
export function unknownEvent(provider: ProviderId, event: string): string | undefined {
  const platform = platformOf(provider)
  if (platform.hasEvent(event)) return undefined
  return `${provider} has no event "${event}"; its events are ${platform.events.map((e) => e.name).join(', ')}`
}

/** A subscription's platform options, with the platform's defaults filled in. */
export function parsePlatformOptions(provider: ProviderId, options: unknown): Result<Record<string, unknown>> {
  const parsed = platformOf(provider).parseOptions(options)
  if (parsed.success) return ok(parsed.data)
  const issues = describeIssues(parsed.error).map((i) => ({ ...i, path: `options.${i.path}` }))
  return fail('invalid_input', formatIssues(issues), issues)
}

/**
 * Builds one event exactly as the platform would send it, overrides applied and checked against
 * the payload this format really has. Same seed, context and instant give byte-identical bodies.
 */
export function generateEvent(rawInput: GenerateInput): Result<GeneratedEvent> {
  return generateParsed(GenerateInput.parse(rawInput))
}

/** `generateEvent` for input already parsed (the engine's fire request), without parsing it again. */
export function generateParsed(input: ParsedGenerateInput): Result<GeneratedEvent> {
  const unknown = unknownEvent(input.provider, input.event)
  if (unknown) return fail('invalid_input', unknown)
  const options = parsePlatformOptions(input.provider, input.options)
  if (!options.ok) return options
  const platform = platformOf(input.provider)
  let built: Built
  try {
    built = platform.build({ ...input, rng: seededRandom(input.seed), messageRng: seededRandom(`message:${input.messageSeed ?? input.seed}`), options: options.data })
  } catch (error) {
    return fail('invalid_input', error instanceof Error ? error.message.split('\n')[0]! : String(error))
  }
  const schema = () => platform.payloadSchema(input.event, options.data)
  const event = { provider: input.provider, event: input.event, headers: built.headers, facts: built.facts }
  if (input.body !== undefined) {
    const edited = editedPayload(input.body, input, schema)
    if (!edited.ok) return edited
    // Plain JSON goes out as typed; a wrapped format (hermes-wire) wraps the edited payload. Its facts are what it says.
    const paths = platform.factPaths(input.event, options.data)
    const facts = { ...built.facts, ...factsSet(edited.data, Object.fromEntries(Object.values(paths).map((path) => [path, true])), paths) }
    return ok({ ...event, facts, payload: edited.data, body: built.encode ? built.encode(edited.data) : input.body })
  }
  const payload = withOverrides(built.payload, input, schema)
  if (!payload.ok) return payload
  const encode = built.encode ?? JSON.stringify
  const facts = { ...built.facts, ...factsSet(payload.data, input.set, platform.factPaths(input.event, options.data)) }
  return ok({ ...event, facts, payload: payload.data, body: encode(payload.data) })
}

/** The user's edited payload: JSON, and (unless `allowInvalid`) what the platform would send. */
function editedPayload(body: string, input: ParsedGenerateInput, schema: () => z.ZodType | undefined): Result<Json> {
  if (Object.keys(input.set).length > 0) return fail('invalid_input', 'An edited payload already holds its values: leave the overrides (set) empty')
  const parsed = parseJsonText(body)
  if (!parsed.ok) return parsed
  if (input.allowInvalid) return ok(parsed.data)
  const problems = payloadProblems(parsed.data, schema())
  return problems.length === 0 ? ok(parsed.data) : fail('invalid_input', formatIssues(problems), problems)
}

/** JSON text as a value, or an issue at the root saying why not. */
export function parseJsonText(text: string): Result<Json> {
  try {
    const value: Json = JSON.parse(text)
    return ok(value)
  } catch (error) {
    const message = `not valid JSON: ${error instanceof SyntaxError ? error.message : 'not a JSON value'}`
    return fail('invalid_input', `(root): ${message}`, [{ path: '(root)', message }])
  }
}

/** Where a payload breaks the event's schema (path and message); empty when it fits or there is no schema. */
export function payloadProblems(payload: Json, schema: z.ZodType | undefined): ApiIssue[] {
  const parsed = schema?.safeParse(payload)
  return parsed && !parsed.success ? describeIssues(parsed.error) : []
}

/**
 * The facts a `set:` changed: a fact whose payload path (or a parent of it) was set is read from
 * the payload as sent, so filters and routing see the event as it is sent, as they see the context.
 */
function factsSet(payload: Json, set: Record<string, unknown>, paths: FactPaths): EventFacts {
  const keys = Object.keys(set)
  const facts: Record<string, string> = {}
  for (const [fact, path] of Object.entries(paths)) {
    if (!keys.some((key) => path === key || path.startsWith(`${key}.`))) continue
    const read = readPath(payload, path)
    if (read.found && read.value !== null && typeof read.value !== 'object') facts[fact] = String(read.value)
  }
  return facts
}

/** Our builders' output is trusted (tests parse it); only the user's overrides need a copy and a schema check. */
function withOverrides(payload: Json, input: ParsedGenerateInput, schema: () => z.ZodType | undefined): Result<Json> {
  if (Object.keys(input.set).length === 0) return ok(payload)
  return applyOverrides(payload, input.set, schema(), input.allowInvalid)
}
