import type { z } from 'zod'
import { TOO_DEEP, isTextTooDeep } from '../core/json-depth'
import { readPath, writePath } from '../core/json-path'
import { type ApiIssue, type Result, fail, ok } from '../result'
import type { Json } from './platform'

/**
 * Applies `set` overrides (dot paths) to a generated payload, then checks the platform's schema.
 * A path that does not exist, or a value the platform would never send, is an error naming the
 * path, unless `allowInvalid` asks for a malformed payload on purpose. A free-form payload (no
 * schema: a generic event's own body) may take new fields.
 */
export function applyOverrides(payload: Json, set: Record<string, unknown>, schema: z.ZodType | undefined, allowInvalid: boolean): Result<Json> {
  const paths = Object.keys(set)
  if (paths.length === 0) return ok(payload)
  const copy = structuredClone(payload)
  const issues: ApiIssue[] = []
  for (const path of paths) {
    if (!allowInvalid && schema !== undefined && !readPath(copy, path).found) {
      issues.push({ path, message: 'no such field in this payload' })
      continue
    }
    if (!writePath(copy, path, set[path], true)) issues.push({ path, message: 'cannot be set: a parent is not an object' })
  }
  if (issues.length > 0) return failWith(issues)
  if (!schema || allowInvalid) return ok(copy)
  const parsed = schema.safeParse(copy)
  if (parsed.success) return ok(copy)
  return failWith(parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message })))
}

function failWith(issues: ApiIssue[]): Result<never> {
  return fail('invalid_input', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues)
}

/** `path=value` from the command line: the value is JSON when it parses, else a plain string. */
export function parseSetOption(entry: string): Result<{ path: string; value: unknown }> {
  const at = entry.indexOf('=')
  if (at <= 0) return fail('invalid_input', `--set expects path=value, got "${entry}"`)
  const path = entry.slice(0, at).trim()
  const raw = entry.slice(at + 1)
  if (isTextTooDeep(raw)) return fail('invalid_input', `--set ${path}: the value is ${TOO_DEEP}`)
  try {
    return ok({ path, value: JSON.parse(raw) as unknown })
  } catch {
    return ok({ path, value: raw })
  }
}
