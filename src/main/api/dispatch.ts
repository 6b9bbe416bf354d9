import { z } from 'zod'
import { type ApiContract, type ApiMethod, apiContract, isApiMethod } from '../../shared/api/contract'
import { TOO_DEEP, isTooDeep } from '../../shared/core/json-depth'
import { type Result, describeIssues, fail, formatIssues, ok } from '../../shared/result'
import { ApiFailure } from '../core/errors'

/** What each method's implementation receives (parsed input) and returns (plain data). */
export type ApiHandlers = {
  [M in ApiMethod]: (
    input: z.output<ApiContract[M]['input']>,
  ) => Promise<z.input<ApiContract[M]['output']>> | z.input<ApiContract[M]['output']>
}

export { ApiFailure }

export type Dispatch = (method: string, input: unknown) => Promise<Result<unknown>>

export interface DispatchLogger {
  error(message: string): void
}

/**
 * The one gate every transport goes through: validates the input, runs the handler, validates
 * the output, and turns every failure into a value. Never throws.
 */
export function createDispatcher(handlers: ApiHandlers, logger: DispatchLogger): Dispatch {
  return async (method, input) => {
    if (!isApiMethod(method)) return fail('not_found', `Unknown API method "${method}"`)
    const spec = apiContract[method]
    // Checked before validation, whose recursive schemas a deep enough value would overflow.
    if (isTooDeep(input)) return fail('invalid_input', `Invalid input for ${method}: ${TOO_DEEP}`, [{ path: '(root)', message: TOO_DEEP }])
    const parsed = spec.input.safeParse(input ?? {})
    if (!parsed.success) {
      const issues = describeIssues(parsed.error)
      return fail('invalid_input', `Invalid input for ${method}: ${issues[0]?.path}: ${issues[0]?.message}`, issues)
    }
    try {
      const handler = handlers[method] as (input: unknown) => unknown
      const output = spec.output.safeParse(await handler(parsed.data))
      if (output.success) return ok(output.data)
      logger.error(`${method} produced an invalid response: ${output.error.message}`)
      return fail('internal', `${method} produced an invalid response; this is a Hookbench bug`)
    } catch (error) {
      if (error instanceof ApiFailure) return fail(error.code, error.message, error.issues)
      if (error instanceof z.ZodError) {
        const issues = describeIssues(error)
        return fail('invalid_input', formatIssues(issues), issues)
      }
      logger.error(`${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      return fail('internal', `${method} failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
}
