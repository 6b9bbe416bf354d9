import { generateParsed } from '../../shared/platforms/generate'
import type { CheckExchange } from '../../shared/schemas/check'
import type { HeaderPair } from '../../shared/schemas/http'
import type { SigningScheme } from '../../shared/schemas/signing'
import type { OutgoingRequest, SendResult, Sender } from '../delivery/http-sender'
import { onTheWire } from '../delivery/wire'
import { mergeHeaders } from '../delivery/fire'
import { signRequest } from '../signing/sign'
import type { CheckTarget } from './check-target'
import { otherSecretFor } from '../signing/faults'

/** One event's payload as the platform sends it. */
export interface CheckPayload {
  body: string
  payload: unknown
  headers: HeaderPair[]
}

/** How a request is signed: the target's scheme and secret unless a case says otherwise. */
export interface SignOptions {
  messageId: string
  timestampSec?: number
  scheme?: SigningScheme
  secrets?: string[]
}

export interface Sent {
  exchange: CheckExchange
  result: SendResult
}

/** What a case works with: payloads, signatures, the clock and the endpoint. */
export interface CheckContext {
  target: CheckTarget
  nowSec(): number
  /**
   * A delivery id of this run: `msg_<run key>_<name>`. Every run has its own key, so a handler that
   * remembers the ids it processed sees new ones on the next check; within the run a name repeats its id.
   */
  messageId(name: string): string
  /**
   * `messageSeed` makes the message's own ids (each case sends its own message; a resend repeats
   * one). `edited` replaces the payload (a changed copy of one), encoded in the target's format.
   */
  payload(event?: string, set?: Record<string, unknown>, messageSeed?: string, edited?: unknown): CheckPayload
  /** The platform's headers plus the signature of `body`. */
  signed(payload: CheckPayload, body: string, sign: SignOptions): HeaderPair[]
  send(headers: HeaderPair[], body: string): Promise<Sent>
  /** The processed-events count the integrator's probe reports, or why it could not be read. */
  probe?: () => Promise<{ ok: true; count: number } | { ok: false; message: string }>
  /** Another secret of the same kind: signs the "wrong secret" and "rotated" cases. */
  otherSecret: string
}

export interface ContextDeps {
  send: Sender
  nowMs(): number
  probe?: CheckContext['probe']
  /** This run's own key: in every delivery id and message id it sends (letters and digits). */
  runKey: string
  /** Stops the check: the request in flight is abandoned. */
  signal?: AbortSignal
}

/** How many other seeds a message tries for a body no earlier message of the run has. */
const FRESH_BODY_TRIES = 40

export function createCheckContext(target: CheckTarget, deps: ContextDeps): CheckContext {
  const nowSec = () => Math.floor(deps.nowMs() / 1000)
  const bodies = new Set<string>()
  /**
   * A message whose body has no id of its own (Qovery's Slack text) can come out byte for byte like
   * an earlier one; a handler that tells deliveries apart by their bytes would take it for a resend.
   */
  const freshPayload = (message: Omit<Parameters<typeof generatePayload>[1], 'runKey' | 'nowMs'>) => {
    let payload = generatePayload(target, { ...message, runKey: deps.runKey, nowMs: deps.nowMs() })
    for (let attempt = 1; bodies.has(payload.body) && message.edited === undefined && attempt <= FRESH_BODY_TRIES; attempt++) {
      payload = generatePayload(target, { ...message, messageSeed: `${message.messageSeed}#${attempt}`, runKey: deps.runKey, nowMs: deps.nowMs() })
    }
    bodies.add(payload.body)
    return payload
  }
  return {
    target,
    nowSec,
    messageId: (name) => `msg_${deps.runKey}_${name}`,
    otherSecret: otherSecretFor(target.scheme, target.secret),
    payload: (event = target.event, set = {}, messageSeed = `${event}:${JSON.stringify(set)}`, edited = undefined) => freshPayload({ event, set, messageSeed, edited }),
    signed: (payload, body, sign) => [...mergeHeaders(payload.headers, target.headers), ...signatureHeaders(target, body, sign, nowSec())],
    send: (headers, body) => send(deps.send, { url: target.url, ...onTheWire(target.provider, target.scheme, headers, body), body, timeoutMs: target.timeoutMs, signal: deps.signal }),
    ...(deps.probe && { probe: deps.probe }),
  }
}

/**
 * Each message gets its own seed: platforms without delivery ids tell events apart by their
 * bodies only. The message's own ids (Qovery's payload_id, CharlesCD's executionId, an event id)
 * are new every run; names and values repeat when the target has a seed.
 */
function generatePayload(target: CheckTarget, message: { event: string; set: Record<string, unknown>; messageSeed: string; edited: unknown; runKey: string; nowMs: number }): CheckPayload {
  const { event, set, messageSeed, edited, runKey, nowMs } = message
  const generated = generateParsed({
    provider: target.provider,
    event,
    seed: `${target.seed ?? runKey}:${messageSeed}`,
    messageSeed: `${runKey}:${messageSeed}`,
    context: {},
    options: target.options,
    ...(target.subscriptionId !== undefined && { subscriptionId: target.subscriptionId }),
    set,
    ...(edited !== undefined && { body: JSON.stringify(edited) }),
    allowInvalid: true,
    nowMs,
  })
  if (!generated.ok) throw new Error(`cannot build ${target.provider} ${event}: ${generated.error.message}`)
  return { body: generated.data.body, payload: generated.data.payload, headers: generated.data.headers }
}

function signatureHeaders(target: CheckTarget, body: string, sign: SignOptions, nowSec: number): HeaderPair[] {
  const scheme = sign.scheme ?? target.scheme
  return signRequest({
    scheme,
    secrets: sign.secrets ?? (target.secret === undefined ? [] : [target.secret]),
    messageId: sign.messageId,
    timestampSec: sign.timestampSec ?? nowSec,
    body,
    eventName: target.event,
    hmacHeader: target.hmacHeader,
    secretHeaders: target.secretHeaders,
  })
}

/** Sends one request; a cancelled check does not wait for a sender that ignores the signal. */
async function send(sender: Sender, request: OutgoingRequest): Promise<Sent> {
  const { signal } = request
  let stop = () => {}
  const abandoned = new Promise<SendResult>((resolve) => {
    stop = () => resolve({ kind: 'error', errorClass: 'interrupted', message: 'the check was cancelled', durationMs: 0 })
    if (signal?.aborted) stop()
    else signal?.addEventListener('abort', stop, { once: true })
  })
  const result = await Promise.race([sender(request), abandoned])
  signal?.removeEventListener('abort', stop)
  const exchange: CheckExchange = {
    request: { method: 'POST', url: request.url, headers: request.headers, body: request.body },
    durationMs: result.durationMs,
    ...(result.kind === 'response'
      ? { response: { status: result.response.status, headers: result.response.headers, body: result.response.body } }
      : { error: `${result.errorClass}: ${result.message}` }),
  }
  return { exchange, result }
}
