import { z } from 'zod'

/**
 * The schema of a change to an object: every field optional, no defaults (zod 4 fills
 * `.default()` values even inside `.partial()`, so a patch built that way would overwrite what
 * it did not mention), nested objects patchable field by field, and `null` to unset an
 * optional field. Arrays, unions and records are replaced whole.
 */
export function patchOf<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>) {
  const shape: Record<string, z.ZodType> = {}
  for (const [key, field] of Object.entries(schema.shape)) shape[key] = patchField(field as z.ZodType)
  return z.strictObject(shape) as z.ZodType<Patch<z.output<z.ZodObject<Shape>>>>
}

/** What a patch of `T` may hold. */
export type Patch<T> = { [K in keyof T]?: PatchValue<T[K]> | (undefined extends T[K] ? null : never) }
type PatchValue<V> = V extends readonly unknown[] ? V : V extends Record<string, unknown> ? Patch<V> : V

function patchField(field: z.ZodType): z.ZodType {
  const inner = unwrap(field)
  const value = inner instanceof z.ZodObject ? patchOf(inner) : inner
  return (isOptional(field) ? value.nullable() : value).optional()
}

/** Optional without a default: the field may be absent, so a patch may remove it. */
function isOptional(field: z.ZodType): boolean {
  if (field instanceof z.ZodDefault) return false
  return field instanceof z.ZodOptional
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The field's schema without its default and optional wrappers. */
function unwrap(field: z.ZodType): z.ZodType {
  let inner = field
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType
  return inner
}

/**
 * Applies a patch: fields it names change, `null` removes an optional field, nested objects
 * (and records, such as platform options) merge field by field (`null` in a record removes its key), arrays and unions are replaced,
 * and everything it does not mention stays exactly as it was.
 */
export function applyPatch<T extends Record<string, unknown>>(schema: z.ZodObject, current: T, changes: Record<string, unknown>): T {
  const next: Record<string, unknown> = { ...current }
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue
    const declared = schema.shape[key] as z.ZodType | undefined
    const field = declared ? unwrap(declared) : undefined
    const existing = next[key]
    if (value === null) delete next[key]
    else if (field instanceof z.ZodObject && isPlainObject(value) && isPlainObject(existing)) next[key] = applyPatch(field, existing, value)
    else if (field instanceof z.ZodRecord && isPlainObject(value) && isPlainObject(existing)) next[key] = mergeRecord(existing, value)
    else next[key] = value
  }
  return next as T
}

/** A record with the patch's keys set, and those it sets to `null` removed. */
function mergeRecord(existing: Record<string, unknown>, value: Record<string, unknown>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...existing }
  for (const [key, item] of Object.entries(value)) {
    if (item === null) delete next[key]
    else if (item !== undefined) next[key] = item
  }
  return next
}
