import { stringify } from 'yaml'
import { scenarioJsonSchema } from './scenario-json-schema'

/*
 * The key reference of docs/scenarios.md, written from the published JSON Schema: every key of
 * the file, of each step kind, of each expectation, of predicates, subscriptions, endpoints and
 * the context, with its description and an example. A test compares the docs with it, so the two
 * cannot drift.
 */

type JsonSchema = Record<string, unknown>

/** One documented key: where it is, what it does, and an example. */
export interface ReferenceRow {
  key: string
  description: string | undefined
  example: unknown
  hasExample: boolean
}

export interface ReferenceSection {
  title: string
  intro: string
  rows: ReferenceRow[]
}

/** Keys whose insides are documented elsewhere (the engine's structures) or in a section of their own. */
const NOT_EXPANDED = new Set(['context', 'steps', 'parallel', 'expect', 'signing', 'retry', 'filters', 'options', 'response', 'verify', 'forward', 'json', 'headers', 'with', 'vary', 'set', 'save', 'vars', 'body'])

export function scenarioReferenceSections(): ReferenceSection[] {
  const schema = scenarioJsonSchema() as JsonSchema & { $defs: Record<string, JsonSchema>; properties: Record<string, JsonSchema> }
  const defs = schema.$defs
  const resolve = (node: JsonSchema): JsonSchema => {
    const ref = node.$ref
    if (typeof ref !== 'string') return node
    const target = defs[ref.replace('#/$defs/', '')] ?? {}
    return { ...resolve(target), ...Object.fromEntries(Object.entries(node).filter(([key]) => key !== '$ref')) }
  }
  /** The object form of a property (an object, or the object branch of a union). */
  const objectOf = (node: JsonSchema): JsonSchema | undefined => {
    const resolved = resolve(node)
    if (resolved.properties) return resolved
    const branches = (resolved.anyOf ?? resolved.oneOf) as JsonSchema[] | undefined
    return branches?.map(resolve).find((branch) => branch.properties)
  }
  const rows = (object: JsonSchema, prefix = '', expand = true): ReferenceRow[] =>
    Object.entries((object.properties ?? {}) as Record<string, JsonSchema>).flatMap(([key, property]) => {
      const resolved = resolve(property)
      const examples = resolved.examples as unknown[] | undefined
      const row: ReferenceRow = { key: `${prefix}${key}`, description: resolved.description as string | undefined, example: examples?.[0], hasExample: Array.isArray(examples) && examples.length > 0 }
      const inner = expand && !NOT_EXPANDED.has(key) ? objectOf(property) : undefined
      return [row, ...(inner ? rows(inner, `${prefix}${key}.`) : [])]
    })
  const step = defs.Step!.anyOf as JsonSchema[]
  const expectStep = step.find((branch) => (branch.title as string).startsWith('expect'))!
  const expectations = ((resolve((expectStep.properties as Record<string, JsonSchema>).expect!).anyOf as JsonSchema[]) ?? []).map(resolve)
  const endpoint = resolve(schema.properties.endpoints!.items as JsonSchema)
  return [
    { title: 'The file', intro: 'The keys at the top of a scenario file.', rows: rows(schema, '', false) },
    { title: 'Context: the story\'s facts', intro: 'Under `context:` (the scenario\'s, a fire or load step\'s, an included file\'s): what payloads are built from, and what filters and routing see.', rows: rows(resolve(schema.properties.context!)) },
    ...step.map((branch) => ({ title: `Step: ${(branch.title as string).replace(/ step$/, '')}`, intro: '', rows: rows(branch) })),
    ...expectations.map((branch) => ({ title: `Expectation: ${Object.keys(branch.properties as object)[0]}`, intro: 'Under `expect:`.', rows: rows(branch) })),
    { title: 'JSON predicates', intro: 'A value under `json:` (and `headers:`) of an expectation or a probe: a plain value must be equal; an object of these keys is a predicate (several keys: all hold).', rows: rows(resolve(defs.JsonPredicate!)) },
    { title: 'Subscriptions', intro: 'Each item of `subscriptions:`: the engine\'s subscription fields (see the README and docs/platforms.md for signing, retry, filters and each platform\'s options), plus `keep`.', rows: rows(resolve(defs.Subscription!), '', false) },
    { title: 'Endpoints', intro: 'Each item of `endpoints:`: a built-in receiver endpoint the run makes (the receiver\'s endpoint fields, see the README).', rows: rows(endpoint, '', false) },
  ]
}

/** An example as it is written in a file, on one line. */
export function exampleText(key: string, example: unknown): string {
  const leaf = key.split('.').at(-1)!
  const text = stringify({ [leaf]: example }, { collectionStyle: 'flow', lineWidth: 0 }).trim()
  return text.startsWith('{') ? text.slice(1, -1).trim() : text
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** The reference as markdown. */
export function scenarioReference(): string {
  return scenarioReferenceSections()
    .map((section) =>
      [
        `### ${section.title}`,
        '',
        ...(section.intro ? [section.intro, ''] : []),
        '| Key | What it does | Example |',
        '| --- | --- | --- |',
        ...section.rows.map((row) => `| \`${row.key}\` | ${cell(row.description ?? '')} | \`${cell(exampleText(row.key, row.example))}\` |`),
        '',
      ].join('\n'),
    )
    .join('\n')
}
