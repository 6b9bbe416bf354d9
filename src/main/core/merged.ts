import type { z } from 'zod'
import { describeIssues, formatIssues } from '../../shared/result'
import { ApiFailure } from './errors'

/**
 * A change applied to what is stored, checked as a whole before it is kept: each field of the
 * change was valid at the door, but together with what it did not name it may not be (a signing
 * scheme without the secret it needs, a merged delay past its limit). Errors as the door words them.
 */
export function checkedWhole<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const issues = describeIssues(parsed.error)
  throw new ApiFailure('invalid_input', formatIssues(issues), issues)
}
