import { z } from 'zod'
// zod's messages in plain words for every schema, wherever issues are described.
import './plain-words'

/** Machine-readable error codes every transport (IPC, HTTP, CLI) can return. */
export const ErrorCode = z.enum([
  'invalid_input',
  'not_found',
  'conflict',
  'forbidden',
  'unavailable',
  'internal',
])
export type ErrorCode = z.infer<typeof ErrorCode>

export const ApiIssue = z.object({ path: z.string(), message: z.string() })
export type ApiIssue = z.infer<typeof ApiIssue>

export const ApiError = z.object({
  code: ErrorCode,
  message: z.string(),
  issues: z.array(ApiIssue).optional(),
})
export type ApiError = z.infer<typeof ApiError>

/** Errors cross process boundaries as values: thrown errors lose their fields over IPC. */
export function resultOf<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: ApiError }),
  ])
}
export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError }

export function ok<T>(data: T): Result<T> {
  return { ok: true, data }
}

export function fail(code: ErrorCode, message: string, issues?: ApiIssue[]): Result<never> {
  return { ok: false, error: issues ? { code, message, issues } : { code, message } }
}

/** Turns zod issues into `path: message` pairs a person can act on. */
export function describeIssues(error: z.ZodError): ApiIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }))
}

export function formatIssues(issues: ApiIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ')
}
