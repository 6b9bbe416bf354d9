import type { z } from 'zod'
import { parseDuration } from '../../../../../shared/schemas/scenario'
import { plainMessage } from '../../../forms/plain-message'
import type { FieldValue } from './scenario-edits'

/**
 * What a typed text becomes in the file: the value to write (undefined: remove the optional field),
 * or why it cannot be written. The form keeps an invalid text in its field and writes nothing.
 */
export type FieldResult = { ok: true; value: FieldValue | undefined } | { ok: false; error: string }

export interface FieldRule {
  /** Empty text is an error instead of removing the field. */
  required?: boolean
  /** A numeric text is written as a number first (counts, statuses, a number seed kept a number). */
  preferNumber?: boolean
}

const NUMBER = /^-?\d+(\.\d+)?$/

/** A zod issue in the form's words. */
export const issueText = (issue: z.core.$ZodIssue | undefined): string => (issue ? plainMessage(issue) : 'is not valid')

/** The first candidate (the text, or the number it spells) the schema accepts; otherwise its reason. */
export function fieldValue(schema: z.ZodType, text: string, rule: FieldRule = {}): FieldResult {
  const trimmed = text.trim()
  if (trimmed === '') return rule.required ? { ok: false, error: 'is required' } : { ok: true, value: undefined }
  const numeric = NUMBER.test(trimmed) ? [Number(trimmed)] : []
  const candidates: FieldValue[] = rule.preferNumber ? [...numeric, text] : [text, ...numeric]
  let firstError: z.core.$ZodIssue | undefined
  for (const candidate of candidates) {
    const parsed = schema.safeParse(candidate)
    if (parsed.success) return { ok: true, value: candidate }
    firstError ??= parsed.error.issues[0]
  }
  return { ok: false, error: issueText(firstError) }
}

/** A duration is written as typed (`30s`); a bare number has no unit, and is refused with both readings. */
export function durationValue(text: string, rule: FieldRule = {}): FieldResult {
  const trimmed = text.trim()
  if (trimmed === '') return rule.required ? { ok: false, error: 'is required' } : { ok: true, value: undefined }
  if (/^\d+(\.\d+)?$/.test(trimmed)) return { ok: false, error: `needs a unit: write ${trimmed}s or ${trimmed}ms` }
  if (parseDuration(trimmed) !== undefined) return { ok: true, value: trimmed }
  return { ok: false, error: 'must be a duration like 250ms, 30s, 2m or 1h30m' }
}

/** `set` and `json` values are JSON: `13`, `true`, `"text"`, `{"a": 1}`; anything else is text. */
export function jsonValue(text: string): FieldValue {
  try {
    const value: unknown = JSON.parse(text)
    return value === null ? text : (value as FieldValue)
  } catch {
    return text
  }
}

/** How a value shows in a text field: strings as they are, everything else as JSON. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return ''
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** A JSON value as text; a string that would read back as something else is shown quoted. */
export function jsonText(value: unknown): string {
  if (typeof value === 'string') return jsonValue(value) === value ? value : JSON.stringify(value)
  return textOf(value)
}
