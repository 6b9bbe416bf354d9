import type { ApiIssue, ErrorCode } from '../../shared/result'

/** An expected failure (bad id, conflict…): becomes an error value at the API boundary. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ApiIssue[],
  ) {
    super(message)
  }
}
