import type { CheckExchange } from '../../../shared/schemas/check'
import type { HeaderPair } from '../../../shared/schemas/http'
import type { CheckContext, Sent, SignOptions } from '../check-requests'
import type { CheckTarget } from '../check-target'
import type { Judgement } from '../judge'

export interface CaseOutcome extends Judgement {
  exchanges: CheckExchange[]
}

export interface CheckCase {
  id: string
  title: string
  /** What a correct endpoint does (for this target, when it depends on it). */
  expected: string | ((target: CheckTarget) => string)
  /** Counts towards the exit status (info cases do not). */
  required: boolean | ((target: CheckTarget) => boolean)
  applies(target: CheckTarget): boolean
  run(ctx: CheckContext): Promise<CaseOutcome>
}

/** A case's name, expectation and weight for one target. */
export function planOf(spec: CheckCase, target: CheckTarget) {
  const { id, title } = spec
  return {
    id,
    title,
    expected: typeof spec.expected === 'function' ? spec.expected(target) : spec.expected,
    required: typeof spec.required === 'function' ? spec.required(target) : spec.required,
  }
}

/** A judgement with the requests and answers it was made on. */
export const outcome = (judged: Judgement, ...sent: Sent[]): CaseOutcome => ({ ...judged, exchanges: sent.map((s) => s.exchange) })

/**
 * Sends the target's event as message `name` of this run (its own delivery id and payload),
 * signed as `sign` says, with the body `alter` makes of it (unchanged by default).
 */
export async function sendOne(ctx: CheckContext, name: string, options: { sign?: Omit<SignOptions, 'messageId'>; alter?: (body: string) => string; headers?: (h: HeaderPair[]) => HeaderPair[] } = {}) {
  const payload = ctx.payload(undefined, undefined, name)
  const body = options.alter ? options.alter(payload.body) : payload.body
  // Signed over the unaltered body: `alter` is what happens to the request after signing.
  const headers = ctx.signed(payload, payload.body, { ...options.sign, messageId: ctx.messageId(name) })
  return ctx.send(options.headers ? options.headers(headers) : headers, body)
}

/** Sends a payload as message `name` of this run, signed over `body` (the payload's own by default). */
export async function sendPayload(ctx: CheckContext, name: string, payload: ReturnType<CheckContext['payload']>, body = payload.body) {
  return ctx.send(ctx.signed(payload, body, { messageId: ctx.messageId(name) }), body)
}

