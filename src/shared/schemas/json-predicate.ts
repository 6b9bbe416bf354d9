import { z } from 'zod'

/*
 * What an expectation asks of a value in a JSON answer. A plain value means "equals"; an object
 * whose keys are all predicate names is a predicate (several keys: all must hold); to compare with
 * an object that happens to have such keys, write `equals: {...}`.
 */

/** Any JSON value (one instance, so the JSON Schema names it once). */
export const JsonValue: z.ZodType<z.core.util.JSONType> = z
  .lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]))
  .meta({ id: 'JsonValue', description: 'Any JSON value.' })

export const PREDICATE_KEYS = ['equals', 'contains', 'matches', 'exists', 'absent', 'null', 'gt', 'gte', 'lt', 'lte'] as const
export type PredicateKey = (typeof PREDICATE_KEYS)[number]

/** The longest regular expression `matches` takes: a pattern is checked against answers of up to 64 KB. */
const MAX_PATTERN = 500

const Pattern = z
  .string()
  .max(MAX_PATTERN, `a pattern is at most ${MAX_PATTERN} characters`)
  .superRefine((pattern, ctx) => {
    try {
      new RegExp(pattern, 'u')
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `is not a regular expression: ${error instanceof Error ? error.message.replace(/^Invalid regular expression: (\/.*\/\w*: )?/, '') : String(error)}` })
    }
  })

const Number = z.number()

export const JsonPredicate = z
  .strictObject({
    equals: JsonValue.optional().meta({ description: 'The value is exactly this (deep equality for objects and lists).', examples: ['live'] }),
    contains: JsonValue.optional().meta({
      description: 'Text holds this text; a list holds an item that contains this; an object has these keys with values that contain these.',
      examples: ['rolled back', { state: 'live' }],
    }),
    matches: Pattern.optional().meta({ description: 'Text matching this regular expression (JavaScript syntax, Unicode).', examples: ['^v\\d+\\.\\d+'] }),
    exists: z.literal(true).optional().meta({ description: 'The path is there (any value, null included).', examples: [true] }),
    absent: z.literal(true).optional().meta({ description: 'The path is not there.', examples: [true] }),
    null: z.literal(true).optional().meta({ description: 'The value is JSON null.', examples: [true] }),
    gt: Number.optional().meta({ description: 'A number greater than this.', examples: [0] }),
    gte: Number.optional().meta({ description: 'A number at least this.', examples: [1] }),
    lt: Number.optional().meta({ description: 'A number less than this.', examples: [100] }),
    lte: Number.optional().meta({ description: 'A number at most this.', examples: [99] }),
  })
  .refine((predicate) => Object.keys(predicate).length > 0, { message: `a predicate needs one of ${PREDICATE_KEYS.join(', ')}` })
  .refine((predicate) => !(predicate.exists && predicate.absent), { message: 'exists and absent cannot both hold' })
  .meta({ id: 'JsonPredicate', description: 'What the value must be: equals, contains, matches, exists, absent, null, gt, gte, lt, lte (several: all hold).' })
export type JsonPredicate = z.infer<typeof JsonPredicate>

/** Whether an object is written as a predicate: every key is a predicate name. */
export function isPredicateObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const keys = Object.keys(value)
  return keys.length > 0 && keys.every((key) => (PREDICATE_KEYS as readonly string[]).includes(key))
}

function predicateKeysAmong(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return []
  return Object.keys(value).filter((key) => (PREDICATE_KEYS as readonly string[]).includes(key))
}

/** A value to compare with, or a predicate object (`{ contains: x }`, `{ gt: 3, lt: 9 }`). */
export const JsonCheck = z.unknown().transform((value, ctx): { predicate: JsonPredicate } | { equals: z.infer<typeof JsonValue> } => {
  if (isPredicateObject(value)) {
    const parsed = JsonPredicate.safeParse(value)
    if (parsed.success) return { predicate: parsed.data }
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message, path: issue.path })
    return z.NEVER
  }
  const mixed = predicateKeysAmong(value)
  if (mixed.length > 0) {
    ctx.addIssue({ code: 'custom', message: `mixes predicate keys (${mixed.join(', ')}) with other keys; to compare with an object that has such keys, write equals: {...}` })
    return z.NEVER
  }
  const parsed = JsonValue.safeParse(value)
  if (!parsed.success) {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON value or a predicate' })
    return z.NEVER
  }
  return { equals: parsed.data }
})

/** `{ <dot.path>: <value or predicate> }`: every entry must hold of the JSON answer. */
export const JsonChecks = z
  .record(z.string().min(1), JsonCheck)
  .meta({
    description:
      'Dot paths into the JSON answer, each with the value it must equal or a predicate: equals, contains, matches, exists, absent, null, gt, gte, lt, lte.',
    examples: [{ state: 'live', 'deploys.0.version': { matches: '^1\\.' }, errors: { absent: true } }],
  })
export type JsonChecks = z.output<typeof JsonChecks>
