import { z } from 'zod'

/**
 * zod's wording of a limit or a type ("Too big: expected number to be <=1000") as a person says
 * it ("5000 is too big: at most 1000"). A schema's own message is never passed here, so it is kept.
 * Installed once, below, for every schema in the process: the API's answers in every host, the
 * scenario problems and the forms all read the same words.
 */
export function plainWords(issue: z.core.$ZodRawIssue): string | undefined {
  const value = issue.input
  switch (issue.code) {
    case 'too_big':
      return `${sizeText(value, 'big')}: ${limitText(issue.origin, 'most', issue.maximum, issue.inclusive)}`
    case 'too_small':
      return `${sizeText(value, 'small')}: ${limitText(issue.origin, 'least', issue.minimum, issue.inclusive)}`
    case 'invalid_type':
      if (value === undefined) return `is required (${article(issue.expected)})`
      if (issue.expected === 'int' && typeof value === 'number') return `${value} is not a whole number: write one without a fraction`
      // What was given is named by its kind, never echoed: it may be a secret in the wrong place.
      return `is ${kindOf(value)}, not ${article(issue.expected)}`
    case 'invalid_value':
      if (value === undefined) return `is required (${issue.values.length === 1 ? `write ${JSON.stringify(issue.values[0])}` : oneOf(issue.values)})`
      if (issue.values.length === 1) return `${valueText(value)} is not allowed here: write ${JSON.stringify(issue.values[0])}`
      return `${valueText(value)} is not ${oneOf(issue.values)}`
    case 'invalid_union':
      return discriminatorWords(issue)
    default:
      return undefined
  }
}

z.config({ customError: plainWords })

/** A tagged union whose tag is missing or unknown names the tags it knows. */
function discriminatorWords(issue: z.core.$ZodRawIssue): string | undefined {
  const { discriminator, options } = issue as { discriminator?: unknown; options?: unknown }
  if (typeof discriminator !== 'string' || !Array.isArray(options)) return undefined
  const tag = isObject(issue.input) ? issue.input[discriminator] : undefined
  return tag === undefined ? `is required (${oneOf(options)})` : `${valueText(tag)} is not ${oneOf(options)}`
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

const valueText = (value: unknown) => (typeof value === 'string' && value.length > 40 ? `"${value.slice(0, 40)}…"` : (JSON.stringify(value) ?? String(value)))

/** What is too big or small: a number's value, a text's length, a list's count. */
function sizeText(value: unknown, way: 'big' | 'small'): string {
  if (typeof value === 'string') return value.length === 0 ? 'is empty' : `is ${value.length} characters long`
  if (Array.isArray(value)) return value.length === 0 ? 'is empty' : `has ${value.length} item${value.length === 1 ? '' : 's'}`
  return `${valueText(value)} is too ${way}`
}

function limitText(origin: string, bound: 'most' | 'least', limit: number | bigint, inclusive = true): string {
  const plural = Number(limit) === 1 ? '' : 's'
  const unit = origin === 'string' ? ` character${plural}` : origin === 'array' || origin === 'set' ? ` item${plural}` : ''
  if (inclusive) return `at ${bound} ${limit}${unit}`
  return `${bound === 'most' ? 'less' : 'more'} than ${limit}${unit}`
}

const oneOf = (values: readonly unknown[]) => `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return 'text'
  return article(typeof value)
}

const article = (kind: string) => (/^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`)
