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

/**
 * What the user's setup prevents (a data directory that is a file or cannot be written, a port
 * already in use): no bug, and trying again will not help until they change it. The CLI exits 2.
 */
export class SetupError extends Error {}
