import { z } from 'zod'
import '../../shared/plain-words'
import { closeMatches, didYouMean } from '../../shared/did-you-mean'
import { Expectation, Scenario, Step } from '../../shared/schemas/scenario'
import { type Found, type Path, isRecord, valueAt } from './problem-path'

/** Turns a zod issue into problems a person can act on (unions are resolved by the step's kind). */
export function explain(issue: z.core.$ZodIssue, raw: unknown, base: Path): Found[] {
  const path = [...base, ...issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment))]
  switch (issue.code) {
    case 'invalid_union':
      return explainUnion(issue, raw, path)
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key "${key}"${didYouMean(key, allowedKeys(raw, path))}`, atKey: true }))
    case 'invalid_key':
      return [{ path, message: issue.issues[0]?.message ?? issue.message, atKey: true }]
  }
  return [{ path, message: issue.message }]
}

/** Nothing is written at the path, though its parent is there. */
const isMissing = (raw: unknown, path: Path) => path.length > 0 && valueAt(raw, path) === undefined && (path.length === 1 || valueAt(raw, path.slice(0, -1)) !== undefined)

/** A step (or expectation) names its kind with one key: report against that branch only. */
function explainUnion(issue: z.core.$ZodIssueInvalidUnion, raw: unknown, path: Path): Found[] {
  const union = schemaAt(raw, path)
  const keyed = union === Step ? { noun: 'step', options: Step.options } : union === Expectation ? { noun: 'expectation', options: Expectation.options } : undefined
  if (!keyed) return explainPlainUnion(issue, union, raw, path)
  const { noun } = keyed
  const kinds = keyed.options.map(kindOf)
  const value = valueAt(raw, path)
  const expected = `expected a ${noun}: one of ${kinds.join(', ')}`
  if (!isRecord(value)) return [{ path, message: expected }]
  const present = kinds.filter((kind) => Object.hasOwn(value, kind))
  if (present.length > 1) return [{ path, message: `a ${noun} has exactly one of ${kinds.join(', ')}; this one has ${present.join(' and ')}` }]
  if (present.length === 0) return [misspeltKind(value, kinds, noun, path) ?? { path, message: expected }]
  return (issue.errors[kinds.indexOf(present[0]!)] ?? []).flatMap((inner) => explain(inner, raw, path))
}

function misspeltKind(value: Record<string, unknown>, kinds: readonly string[], noun: string, path: Path): Found | undefined {
  for (const key of Object.keys(value)) {
    const matches = closeMatches(key, kinds)
    if (matches.length > 0) return { path: [...path, key], message: `unknown ${noun} "${key}"; did you mean ${matches.map((m) => `"${m}"`).join(' or ')}?`, atKey: true }
  }
  return undefined
}

/**
 * A union that is not keyed by a kind (a duration or an object, a map or a list): missing, it is
 * required; otherwise the branch of the value's shape (an object's, or a scalar's) says what is wrong.
 */
function explainPlainUnion(issue: z.core.$ZodIssueInvalidUnion, union: z.core.$ZodType | undefined, raw: unknown, path: Path): Found[] {
  if (isMissing(raw, path)) return [{ path, message: 'is required' }]
  if (issue.message !== 'Invalid input') return [{ path, message: issue.message }]
  const options = union instanceof z.ZodUnion ? union.options : []
  const value = valueAt(raw, path)
  const fitsShape = (option: z.core.SomeType) => (unwrap(option as z.core.$ZodType, value, false) instanceof z.ZodObject) === isRecord(value)
  const branch = options.findIndex(fitsShape)
  const errors = branch === -1 ? undefined : issue.errors[branch]
  if (!errors || errors.length === 0) return [{ path, message: issue.message }]
  return errors.flatMap((inner) => explain(inner, raw, path))
}

/** The schema that validates the value at `path`; unions are followed by the raw value's kind key. */
function schemaAt(raw: unknown, path: Path): z.core.$ZodType | undefined {
  let schema: z.core.$ZodType | undefined = Scenario
  let value = raw
  for (const segment of path) {
    schema = child(unwrap(schema, value, true), segment)
    value = valueAt(value, [segment])
  }
  return unwrap(schema, value, false)
}

function allowedKeys(raw: unknown, path: Path): string[] {
  const schema = unwrap(schemaAt(raw, path), valueAt(raw, path), true)
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : []
}

function unwrap(schema: z.core.$ZodType | undefined, value: unknown, throughUnions: boolean): z.core.$ZodType | undefined {
  for (;;) {
    if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) schema = schema.unwrap()
    else if (schema instanceof z.ZodPipe) schema = schema.in
    else if (throughUnions && schema instanceof z.ZodUnion) schema = optionFor(schema.options, value)
    else return schema
  }
}

function child(schema: z.core.$ZodType | undefined, segment: string | number): z.core.$ZodType | undefined {
  if (schema instanceof z.ZodObject) return Object.hasOwn(schema.shape, segment) ? schema.shape[segment] : undefined
  if (schema instanceof z.ZodArray) return schema.element
  if (schema instanceof z.ZodRecord) return schema.valueType
  return undefined
}

/** A keyed option's first key says what it is: a step's kind, a discriminator. */
const kindOf = (option: z.ZodObject) => Object.keys(option.shape)[0]!

/** The union option whose kind key the value has (when several do, the one whose kind value fits). */
function optionFor(options: readonly z.core.SomeType[], value: unknown): z.core.$ZodType | undefined {
  if (!isRecord(value)) return undefined
  const objects = options.filter((option): option is z.ZodObject => option instanceof z.ZodObject)
  const candidates = objects.filter((option) => Object.hasOwn(value, kindOf(option)))
  const fits = (option: z.ZodObject) => option.shape[kindOf(option)]!.safeParse(value[kindOf(option)]).success
  return candidates.length > 1 ? candidates.find(fits) : candidates[0]
}
