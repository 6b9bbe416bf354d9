import { z } from 'zod'
import { CATALOG_PLATFORMS } from '../../shared/platforms'
import { FireEvent, FireStep, LoadEvent, JsonValue, Scenario, ScenarioSubscription, Step } from '../../shared/schemas/scenario'

/** Names the schema, not a download location: editors find the file through `$schema`. */
export const SCENARIO_SCHEMA_ID = 'urn:hookbench:scenario:1'

type JsonSchema = Record<string, unknown>

/**
 * The published JSON Schema of scenario files, generated from the zod schema with `io: 'input'`
 * (defaults are optional, durations may be strings). Save it next to your scenarios and name it on
 * the first line of a YAML file, for the YAML extension of VS Code and any other
 * yaml-language-server client to check and complete as you type:
 *
 *     # yaml-language-server: $schema=./hookbench-scenario.schema.json
 *
 * A JSON file names it with a top-level `"$schema": "./hookbench-scenario.schema.json"`.
 *
 * Event names: `fire` is `anyOf` [the enum of every catalog event, for completion; any non-empty
 * name, for `generic`]. A fire step that names its own `provider`, and every subscription, is held
 * to that provider's events by an `if`/`then`. Steps using the file's default provider are not:
 * the parser checks those, with a did-you-mean. `${var}` works in string fields only here.
 */
export function scenarioJsonSchema(): JsonSchema {
  const names = z.registry<{ id: string }>().add(Step, { id: 'Step' }).add(JsonValue, { id: 'JsonValue' })
  const schema = z.toJSONSchema(Scenario, {
    io: 'input',
    metadata: names,
    target: 'draft-2020-12',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema === FireEvent || zodSchema === LoadEvent) jsonSchema.anyOf = [{ enum: allEventNames() }, { type: 'string', minLength: 1, description: 'a generic event' }]
      if (zodSchema === FireStep) jsonSchema.allOf = providerRules((events) => ({ properties: { fire: { enum: events } } }))
      if (zodSchema === ScenarioSubscription) jsonSchema.allOf = providerRules((events) => ({ properties: { events: { items: { enum: events } } } }))
    },
  })
  return {
    $schema: schema.$schema,
    $id: SCENARIO_SCHEMA_ID,
    title: 'Hookbench scenario',
    description: 'A rollout or deploy story told as platform webhooks, run by Hookbench.',
    ...schema,
  }
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
