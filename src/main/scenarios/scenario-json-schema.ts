import { z } from 'zod'
import { CATALOG_PLATFORMS, PLATFORMS } from '../../shared/platforms'
import { JsonCheck, JsonPredicate } from '../../shared/schemas/json-predicate'
import { DURATION_PATTERN, FireEvent, FireStep, LoadEvent, RATE_PATTERN, STEP_KINDS, Scenario, ScenarioSubscription } from '../../shared/schemas/scenario'
import { closeMatches } from '../../shared/did-you-mean'

/** Names the schema, not a download location: editors find the file through `$schema`. */
export const SCENARIO_SCHEMA_ID = 'urn:hookbench:scenario:1'

type JsonSchema = Record<string, unknown>

/**
 * The published JSON Schema of scenario files, generated from the zod schema with `io: 'input'`
 * (defaults are optional, durations are text with a unit). Every key carries its description and
 * an example. Save it next to your scenarios and name it on the first line of a YAML file, for the
 * YAML extension of VS Code and any other yaml-language-server client to check and complete as
 * you type:
 *
 *     # yaml-language-server: $schema=./hookbench-scenario.schema.json
 *
 * A JSON file names it with a top-level `"$schema": "./hookbench-scenario.schema.json"`.
 *
 * Events and options follow the provider: the file's `provider` holds its steps (`Step_<id>`) and
 * subscriptions (`Subscription_<id>`) to that platform's events and options, a step or subscription
 * that names its own provider to its own. A key that is no step kind but close to one names it.
 */
export function scenarioJsonSchema(): JsonSchema {
  // Descriptions, examples and the ids of shared parts (Step, Subscription, JsonValue) are in zod's global registry.
  const schema = z.toJSONSchema(Scenario, {
    io: 'input',
    target: 'draft-2020-12',
    override: ({ zodSchema, jsonSchema }) => {
      // Examples are written as in the file (a duration as text): zod leaves them out of schemas that transform.
      const meta = z.globalRegistry.get(zodSchema as unknown as z.ZodType)
      if (meta?.examples && jsonSchema.examples === undefined) jsonSchema.examples = meta.examples as unknown[]
      if (zodSchema === FireEvent || zodSchema === LoadEvent) jsonSchema.anyOf = [{ enum: allEventNames() }, { type: 'string', minLength: 1, description: 'a generic event' }]
      if (zodSchema === FireStep) jsonSchema.allOf = providerRules((events) => ({ properties: { fire: { enum: events } } }))
      if (zodSchema === ScenarioSubscription) jsonSchema.allOf = subscriptionRules(true)
      if (zodSchema === JsonCheck) Object.assign(jsonSchema, { anyOf: [{ $ref: '#/$defs/JsonPredicate' }, { $ref: '#/$defs/JsonValue' }] })
      // A bare number is the common mistake: say what a duration needs instead of "expected string".
      if (jsonSchema.pattern === DURATION_PATTERN || (Array.isArray(jsonSchema.anyOf) && jsonSchema.anyOf.some((branch) => branch.pattern === DURATION_PATTERN))) {
        // A duration or an object (wait: { until }): editors check the type first, with this message.
        const types = Array.isArray(jsonSchema.anyOf) ? { type: ['string', 'object'] } : {}
        Object.assign(jsonSchema, { ...types, errorMessage: 'a duration needs a unit: 250ms, 30s, 2m, 1h30m or 3d (90 alone could be seconds or milliseconds)' })
      }
      if (jsonSchema.pattern === RATE_PATTERN) Object.assign(jsonSchema, { errorMessage: 'a rate is a count per second or minute: 200/s, 600/m' })
      // A value that is exactly "${name}" takes the variable's type: a number or a boolean may be one.
      if (jsonSchema.type === 'integer' || jsonSchema.type === 'number' || jsonSchema.type === 'boolean') orReference(jsonSchema)
    },
  }) as JsonSchema & { $defs: Record<string, JsonSchema> }
  const defs = schema.$defs
  // A check's predicate sits behind a transform zod does not walk: it is added as written.
  const predicate = z.toJSONSchema(JsonPredicate, { io: 'input', target: 'draft-2020-12' }) as { $defs: Record<string, JsonSchema> }
  defs.JsonPredicate = predicate.$defs.JsonPredicate!
  // Editors label each kind of step by its title when they offer them.
  const kinds = (defs.Step!.anyOf as JsonSchema[]).map((branch, i) => ({ title: `${STEP_KINDS[i]} step`, ...branch }))
  defs.Step = { ...defs.Step, anyOf: kinds, allOf: [misspeltKinds()] }
  for (const platform of CATALOG_PLATFORMS) {
    const events = platform.events.map((e) => e.name)
    defs[`Step_${platform.id}`] = stepFor(defs.Step!, platform.id, events)
    defs[`Subscription_${platform.id}`] = { allOf: [{ $ref: '#/$defs/Subscription' }, withoutOwnProvider(subscriptionRule(platform.id, events))] }
  }
  // Steps and subscriptions are held to the file's provider below, and only there (editors offer
  // what every applicable schema offers: one list of events, the provider's).
  const properties = schema.properties as Record<string, JsonSchema>
  const { items: _steps, ...steps } = properties.steps!
  const { items: _subscriptions, ...subscriptions } = properties.subscriptions!
  properties.steps = steps
  properties.subscriptions = subscriptions
  const catalog = CATALOG_PLATFORMS.map((platform) => platform.id)
  const holding = (step: string, subscription: string) => ({ properties: { steps: { items: { $ref: step } }, subscriptions: { items: { $ref: subscription } } } })
  return {
    $schema: schema.$schema,
    $id: SCENARIO_SCHEMA_ID,
    title: 'Hookbench scenario',
    description: 'A rollout or deploy story told as platform webhooks, run by Hookbench.',
    ...schema,
    // The file's provider: its steps and its subscriptions without one of their own are that platform's.
    allOf: [
      ...CATALOG_PLATFORMS.map((platform) => ({
        if: { properties: { provider: { const: platform.id } }, required: ['provider'] },
        then: holding(`#/$defs/Step_${platform.id}`, `#/$defs/Subscription_${platform.id}`),
      })),
      { if: { not: { properties: { provider: { enum: catalog } }, required: ['provider'] } }, then: holding('#/$defs/Step', '#/$defs/Subscription') },
    ],
  }
}

/** A scalar that may also be written `"${name}"` (a variable of that type). */
function orReference(jsonSchema: JsonSchema) {
  const kept = ['description', 'examples', 'title', 'default']
  const value = Object.fromEntries(Object.entries(jsonSchema).filter(([key]) => !kept.includes(key)))
  for (const key of Object.keys(value)) delete jsonSchema[key]
  jsonSchema.anyOf = [value, { type: 'string', pattern: '^\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}$', description: 'a variable (its value must fit)' }]
}

function allEventNames(): string[] {
  return CATALOG_PLATFORMS.flatMap((entry) => entry.events.map((event) => event.name))
}

/** One `if provider is X then <rule for X's events>` per platform with a fixed catalog. */
function providerRules(rule: (events: string[]) => JsonSchema): JsonSchema[] {
  return CATALOG_PLATFORMS.map((entry) => ({
    if: { properties: { provider: { const: entry.id } }, required: ['provider'] },
    then: rule(entry.events.map((event) => event.name)),
  }))
}

/** A subscription's events and options, for the platform it names. */
function subscriptionRules(named: boolean): JsonSchema[] {
  return PLATFORMS.map((platform) => ({
    if: { properties: { provider: { const: platform.id } }, required: named ? ['provider'] : [] },
    then: subscriptionRule(platform.id, platform.events.map((e) => e.name)),
  }))
}

function subscriptionRule(id: string, events: string[]): JsonSchema {
  const platform = PLATFORMS.find((p) => p.id === id)!
  const options = z.toJSONSchema(platform.options, { io: 'input', target: 'draft-2020-12' }) as JsonSchema
  delete options.$schema
  return { properties: { ...(events.length > 0 && { events: { items: { enum: events } } }), options: { ...options, description: `${platform.title}: its options` } } }
}

/** A rule for what does not name its own provider (the file's applies). */
const withoutOwnProvider = (rule: JsonSchema): JsonSchema => ({ if: { not: { required: ['provider'] } }, then: rule })

/**
 * The Step schema for a file of one provider: the same steps, whose fire and load events without a
 * provider of their own are that provider's, nested steps included.
 */
function stepFor(step: JsonSchema, provider: string, events: string[]): JsonSchema {
  const own = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(own)
    if (!value || typeof value !== 'object') return value
    const object = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === '$ref' && item === '#/$defs/Step' ? `#/$defs/Step_${provider}` : own(item)])) as JsonSchema
    const properties = object.properties as Record<string, JsonSchema> | undefined
    if (properties?.fire && properties.delay) {
      // Offered for completion: this provider's events (a step naming another provider is held to its own).
      properties.fire = { ...properties.fire, anyOf: [{ enum: events }, { type: 'string', minLength: 1 }], examples: events.slice(0, 1) }
      object.allOf = [...((object.allOf as JsonSchema[]) ?? []), withoutOwnProvider({ properties: { fire: { enum: events } } })]
    }
    if (properties?.load && properties.load.properties) {
      const load = properties.load
      const loadProperties = load.properties as Record<string, JsonSchema>
      loadProperties.fire = { ...loadProperties.fire, examples: events.slice(0, 1) }
      properties.load = { ...load, allOf: [...((load.allOf as JsonSchema[]) ?? []), ...providerRules((names) => ({ properties: { fire: { enum: names } } })), withoutOwnProvider({ properties: { fire: { enum: events } } })] }
    }
    return object
  }
  return own(step) as JsonSchema
}

/**
 * A step with no kind key whose key is close to one: "did you mean …". Editors report the
 * `errorMessage` of a schema the value fails; each likely misspelling of a kind gets one.
 */
function misspeltKinds(): JsonSchema {
  const kinds = [...STEP_KINDS]
  const patternProperties: Record<string, JsonSchema> = {}
  for (const kind of kinds) {
    const pattern = `^(${nearSpellings(kind).map(escape).join('|')})$`
    const close = closeMatches(kind, kinds)
    patternProperties[pattern] = { type: 'null', errorMessage: `not a step kind; did you mean ${close.map((k) => `"${k}"`).join(' or ')}? A step is one of ${kinds.join(', ')}` }
  }
  return { if: { not: { anyOf: kinds.map((kind) => ({ required: [kind] })) } }, then: { patternProperties } }
}

/** Words one edit away from `word` (a letter dropped, doubled, swapped with the next, or replaced by any). */
function nearSpellings(word: string): string[] {
  const near = new Set<string>()
  for (let i = 0; i < word.length; i++) {
    near.add(word.slice(0, i) + word.slice(i + 1))
    near.add(word.slice(0, i) + word[i] + word.slice(i))
    if (i < word.length - 1) near.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2))
    near.add(`${word.slice(0, i)}${ANY_LETTER}${word.slice(i + 1)}`)
  }
  near.delete(word)
  return [...near]
}

/** Stands for "any one letter" in a spelling, until it is written as a regular expression. */
const ANY_LETTER = '\u0000'

/** Regex text for a spelling. */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').split(ANY_LETTER).join('[a-z]')
