import type { z } from 'zod'
import { applyPatch, patchOf, patchTo } from '../../../shared/schemas/patch'

/*
 * One way from an edit form to the patch it saves, for every form that edits something the
 * engine stores (a subscription, an endpoint's script, the settings). A form names its fields:
 * which of its controls each reads and where its value goes; only the fields whose controls the
 * user changed are read, and of those only the values that differ from what is stored are sent,
 * so whatever the user did not touch stays exactly as it was (even if someone else changed it
 * meanwhile). The patch is then checked by the zod schemas the engine checks it with: the patch
 * schema (derived with patchOf: no defaults are ever filled in), then the object it makes.
 */

/** Problems keyed by where the form shows them (a control, or a place of the form's own). */
export type Problems = Record<string, string>

/** What a field reads from the form: a value for the patch (`null` unsets the field), or why it cannot be read. */
export type Reading = { value: unknown } | { problems: Problems }

export const reads = (value: unknown): Reading => ({ value })
export const cannotRead = (at: string, message: string): Reading => ({ problems: { [at]: message } })

/** One field of the patch, read from the form's controls. */
export interface PatchField<F> {
  /** The form's keys it reads (a dot for a nested one: `options.kind`): it is read only when one of them changed. */
  from: readonly string[]
  /** Where its value goes in the patch (`['signing', 'secret']`). A nested object is patched field by field. */
  to: readonly string[]
  /** Its value, or why it cannot be read; undefined sends nothing. */
  read(form: F): Reading | undefined
}

export interface PatchForm<F, C = Record<string, unknown>> {
  /** The stored object's schema: what the patch applies to. */
  schema: z.ZodObject
  /** The API's patch schema; patchOf(schema) when absent. */
  patch?: z.ZodType<C>
  /** What the object must pass once patched (the engine's input schema); the stored schema when absent. */
  whole?: z.ZodType
  fields: readonly PatchField<F>[]
  /** Where a schema issue at `path` is shown. */
  issueAt(path: readonly PropertyKey[]): string
  /** A schema issue in the form's words. */
  message(issue: z.core.$ZodIssue): string
}

export type FormPatch<W, C = Record<string, unknown>> = { ok: true; changes: C; merged: W; empty: boolean } | { ok: false; problems: Problems }

const derivedPatches = new WeakMap<z.ZodObject, z.ZodType>()
const patchSchemaOf = (schema: z.ZodObject): z.ZodType => {
  let patch = derivedPatches.get(schema)
  if (!patch) derivedPatches.set(schema, (patch = patchOf(schema)))
  return patch
}

/** A form's value at a key, nested ones by dots. */
function at(form: object, key: string): unknown {
  return key.split('.').reduce<unknown>((value, part) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined), form)
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

function put(target: Record<string, unknown>, path: readonly string[], value: unknown) {
  let node = target
  for (const key of path.slice(0, -1)) {
    const next = node[key]
    node = typeof next === 'object' && next !== null && !Array.isArray(next) ? (next as Record<string, unknown>) : (node[key] = {})
  }
  node[path.at(-1)!] = value
}

/** The form's controls the user changed from what it started with. */
export function changedKeys<F extends object>(form: PatchForm<F, unknown>, initial: F, current: F): string[] {
  return [...new Set(form.fields.flatMap((field) => field.from))].filter((key) => !same(at(initial, key), at(current, key)))
}

/**
 * The patch from `stored` for what the user changed between `initial` and `current`, checked
 * by the schemas: every field's problem at once (the text that cannot be read, the values the
 * patch schema refuses), then those of the object it makes. `merged` is that object, parsed.
 */
export function formPatch<F extends object, W = unknown, C = Record<string, unknown>>(form: PatchForm<F, C>, stored: Record<string, unknown>, initial: F, current: F): FormPatch<W, C> {
  const changed = new Set(changedKeys(form, initial, current))
  const wanted: Record<string, unknown> = {}
  const problems: Problems = {}
  const note = (key: string, message: string) => {
    problems[key] ??= message
  }
  for (const field of form.fields) {
    if (!field.from.some((key) => changed.has(key))) continue
    const reading = field.read(current)
    if (!reading) continue
    if ('problems' in reading) for (const [key, message] of Object.entries(reading.problems)) note(key, message)
    else put(wanted, field.to, reading.value)
  }
  const changes = patchTo(form.schema, stored, wanted)
  const patch = (form.patch ?? patchSchemaOf(form.schema)).safeParse(changes)
  if (!patch.success) for (const issue of patch.error.issues) note(form.issueAt(issue.path), form.message(issue))
  if (Object.keys(problems).length > 0 || !patch.success) return { ok: false, problems }
  const patched = patch.data as C
  const merged = (form.whole ?? form.schema).safeParse(applyPatch(form.schema, stored, patched as Record<string, unknown>))
  if (!merged.success) {
    for (const issue of merged.error.issues) note(form.issueAt(issue.path), form.message(issue))
    return { ok: false, problems }
  }
  return { ok: true, changes: patched, merged: merged.data as W, empty: Object.keys(patched as object).length === 0 }
}
