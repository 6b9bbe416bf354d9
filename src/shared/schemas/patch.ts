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

/**
 * The patch that gives the fields `wanted` names the values it holds, and leaves every other field
 * alone: the inverse of applyPatch. A value equal to the stored one is left out; `null` unsets a
 * field that is there; a nested object is patched field by field (sent whole, without its `null`s,
 * when none is stored yet), a record key by key; arrays and unions are sent whole. Nothing is filled from defaults.
 */
export function patchTo(schema: z.ZodObject, current: Record<string, unknown>, wanted: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(wanted)) {
    if (value === undefined) continue
    const existing = current[key]
    if (value === null) {
      if (existing !== undefined) patch[key] = null
      continue
    }
    const declared = schema.shape[key] as z.ZodType | undefined
    const field = declared ? unwrap(declared) : undefined
    if (field instanceof z.ZodObject && isPlainObject(value) && isPlainObject(existing)) {
      const inner = patchTo(field, existing, value)
      if (Object.keys(inner).length > 0) patch[key] = inner
    } else if (field instanceof z.ZodRecord && isPlainObject(value) && isPlainObject(existing)) {
      const inner = recordPatch(existing, value)
      if (Object.keys(inner).length > 0) patch[key] = inner
    } else if (!sameValue(existing, value)) patch[key] = field instanceof z.ZodObject && isPlainObject(value) ? withoutNulls(field, value) : value
  }
  return patch
}

/** An object sent whole where none is stored: its `null`s unset nothing, so they are left out. */
function withoutNulls(schema: z.ZodObject, value: Record<string, unknown>): Record<string, unknown> {
  const whole: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === undefined) continue
    const declared = schema.shape[key] as z.ZodType | undefined
    const field = declared ? unwrap(declared) : undefined
    whole[key] = field instanceof z.ZodObject && isPlainObject(item) ? withoutNulls(field, item) : item
  }
  return whole
}

function recordPatch(existing: Record<string, unknown>, wanted: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(wanted)) {
    if (value === null ? key in existing : value !== undefined && !sameValue(existing[key], value)) patch[key] = value
  }
  return patch
}

/** Deep equality of JSON-like values; the order of an object's keys does not count, an array's does. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]))
  if (!isPlainObject(a) || !isPlainObject(b)) return false
  const keys = Object.keys(a).filter((key) => a[key] !== undefined)
  return keys.length === Object.keys(b).filter((key) => b[key] !== undefined).length && keys.every((key) => sameValue(a[key], b[key]))
}
