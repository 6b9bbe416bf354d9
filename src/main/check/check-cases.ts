import type { ProviderId } from '../../shared/platforms'
import type { CheckExchange } from '../../shared/schemas/check'
import type { HeaderPair } from '../../shared/schemas/http'
import { SIGNATURE_FAULT_MARGIN_SEC, type SignatureFault } from '../../shared/schemas/signature-fault'
import type { CheckContext, Sent, SignOptions } from './check-requests'
import { type CheckTarget, startingWith } from './check-target'
import { ANY_VERIFY_ERROR, type Judgement, answerOf, isAccepted, judgeAccepted, judgeRejected } from './judge'
import { rawBytesCase } from './raw-bytes'
import { timingCase } from './timing'
import { retryPlanCase } from './retry-plan'
import { FAULT_SCHEMES, MALFORMED, OTHER_SCHEME, alterBody, proofHeaders, replaceHeader, withoutHeaders } from '../signing/faults'

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

const applies = (fault: SignatureFault) => (target: CheckTarget) => FAULT_SCHEMES[fault].applies(target.scheme)
const signedAtAll = applies('wrong-secret')

const outcome = (judged: Judgement, ...sent: Sent[]): CaseOutcome => ({ ...judged, exchanges: sent.map((s) => s.exchange) })

/**
 * Sends the target's event as message `name` of this run (its own delivery id and payload),
 * signed as `sign` says, with the body `alter` makes of it (unchanged by default).
 */
async function sendOne(ctx: CheckContext, name: string, options: { sign?: Omit<SignOptions, 'messageId'>; alter?: (body: string) => string; headers?: (h: HeaderPair[]) => HeaderPair[] } = {}) {
  const payload = ctx.payload(undefined, undefined, name)
  const body = options.alter ? options.alter(payload.body) : payload.body
  // Signed over the unaltered body: `alter` is what happens to the request after signing.
  const headers = ctx.signed(payload, payload.body, { ...options.sign, messageId: ctx.messageId(name) })
  return ctx.send(options.headers ? options.headers(headers) : headers, body)
}

const REJECT_FIX = 'Verify the signature before doing anything with the request, and refuse it with 401 when it does not verify.'

function rejectionCase(spec: { id: string; title: string; what: string; applies: (t: CheckTarget) => boolean; fix?: string; send: (ctx: CheckContext) => Promise<Sent> }): CheckCase {
  return {
    id: spec.id,
    title: spec.title,
    expected: 'rejected (4xx)',
    required: true,
    applies: spec.applies,
    run: async (ctx) => {
      const sent = await spec.send(ctx)
      return outcome(judgeRejected(sent, spec.what, spec.fix ?? REJECT_FIX), sent)
    },
  }
}

const signatureCases: CheckCase[] = [
  rejectionCase({
    id: 'body-altered',
    title: 'Body altered after signing',
    what: 'a request whose body was changed after it was signed',
    applies: applies('body-altered'),
    fix: 'Compute the signature over the raw body bytes as received and compare it in constant time; refuse with 401 when it differs.',
    send: (ctx) => sendOne(ctx, 'altered', { alter: alterBody }),
  }),
  rejectionCase({
    id: 'wrong-secret',
    title: 'Signed with the wrong secret',
    what: 'a request signed with a secret the endpoint does not know',
    applies: signedAtAll,
    send: (ctx) => sendOne(ctx, 'wrong_secret', { sign: { secrets: [ctx.otherSecret] } }),
  }),
  rejectionCase({
    id: 'signature-missing',
    title: 'Signature header missing',
    what: 'a request without its signature header',
    applies: signedAtAll,
    fix: 'Treat a missing signature header as a failed verification (401), never as "nothing to check".',
    send: (ctx) => sendOne(ctx, 'missing', { headers: withoutHeaders(proofHeaders(ctx.target)) }),
  }),
  rejectionCase({
    id: 'signature-malformed',
    title: 'Malformed signature header',
    what: 'a request whose signature header is garbage',
    applies: applies('signature-malformed'),
    fix: `Parse the signature header defensively: anything that does not parse is a failed verification (401), not a 500. ${ANY_VERIFY_ERROR}`,
    send: (ctx) => sendOne(ctx, 'malformed', { headers: replaceHeader(proofHeaders(ctx.target)[0]!, MALFORMED[ctx.target.scheme]!) }),
  }),
  rejectionCase({
    id: 'other-scheme',
    title: 'Signature of another scheme',
    what: 'a request signed the way another scheme signs',
    applies: applies('other-scheme'),
    fix: 'Read only the signature header of your scheme; a request without it fails verification.',
    send: (ctx) =>
      sendOne(ctx, 'other_scheme', { sign: { scheme: OTHER_SCHEME[ctx.target.scheme]! }, headers: withoutHeaders(proofHeaders(ctx.target)) }),
  }),
  rejectionCase({
    id: 'timestamp-stale',
    title: 'Timestamp older than the tolerance',
    what: 'a correctly signed request whose timestamp is past the tolerance',
    applies: applies('timestamp-stale'),
    fix: 'Check the signed timestamp against your clock and refuse requests older than the tolerance (the reference libraries use 5 minutes): that is what stops replays.',
    send: (ctx) => sendOne(ctx, 'stale', { sign: { timestampSec: ctx.nowSec() - ctx.target.toleranceSec - SIGNATURE_FAULT_MARGIN_SEC } }),
  }),
  rejectionCase({
    id: 'timestamp-future',
    title: 'Timestamp in the future',
    what: 'a correctly signed request dated beyond the tolerance in the future',
    applies: applies('timestamp-future'),
    fix: 'Refuse timestamps too far ahead as well as too old (the standardwebhooks library does both).',
    send: (ctx) => sendOne(ctx, 'future', { sign: { timestampSec: ctx.nowSec() + ctx.target.toleranceSec + SIGNATURE_FAULT_MARGIN_SEC } }),
  }),
]

const validCase: CheckCase = {
  id: 'valid',
  title: 'Valid, correctly signed delivery',
  expected: 'accepted (2xx) in time',
  required: true,
  applies: () => true,
  run: async (ctx) => {
    const sent = await sendOne(ctx, 'valid')
    return outcome(judgeAccepted(sent, `a correct ${ctx.target.event} delivery`, ctx.target.timeoutMs), sent)
  },
}

const rotatedCase: CheckCase = {
  id: 'rotated-secrets',
  title: 'Two signatures, only the second valid (secret rotation)',
  expected: 'accepted (2xx)',
  required: true,
  applies: (t) => t.scheme === 'standard' || t.scheme === 'stripe',
  run: async (ctx) => {
    const sent = await sendOne(ctx, 'rotated', { sign: { secrets: [ctx.otherSecret, ctx.target.secret!] } })
    const judged = judgeAccepted(sent, 'a request carrying a signature per active secret', ctx.target.timeoutMs)
    if (judged.verdict === 'fail' && !isAccepted(sent)) {
      judged.fix = 'While a secret rotates, the platform signs with both; accept the request when any one of the signatures verifies.'
    }
    return outcome(judged, sent)
  },
}

const replayCase: CheckCase = {
  id: 'replay',
  title: 'The same delivery again (platform retry)',
  expected: 'accepted (2xx), no second effect',
  required: true,
  applies: () => true,
  run: async (ctx) => {
    // A platform's retry repeats the bytes and the id; only the signature's timestamp is new.
    const payload = ctx.payload(undefined, undefined, 'replay')
    const before = await ctx.probe?.()
    const first = await sendPayload(ctx, 'replay', payload)
    const middle = await ctx.probe?.()
    const again = await sendPayload(ctx, 'replay', payload)
    const after = await ctx.probe?.()
    const got = `${answerOf(first)} then ${answerOf(again)}`
    if (!isAccepted(first) || !isAccepted(again)) {
      return outcome(
        {
          verdict: 'fail',
          got,
          reason: 'a delivery sent again with the same id was not accepted both times',
          fix: 'A platform sends the same delivery again when it did not see your 2xx; answer 2xx to a delivery you have already processed (and do nothing more).',
        },
        first,
        again,
      )
    }
    return outcome(judgeEffect(before, middle, after, got), first, again)
  },
}

type ProbeReading = Awaited<ReturnType<NonNullable<CheckContext['probe']>>> | undefined

function judgeEffect(before: ProbeReading, middle: ProbeReading, after: ProbeReading, got: string): Judgement {
  if (!before || !middle || !after) {
    return { verdict: 'pass', got, reason: 'accepted both times; given a probe URL (the count of events your handler processed), the check also proves the second one had no effect' }
  }
  const failed = [before, middle, after].find((r) => !r.ok)
  if (failed && !failed.ok) return { verdict: 'fail', got, reason: `the probe could not be read: ${failed.message}`, fix: 'Make the probe URL answer the count as JSON.' }
  const [b, m, a] = [before, middle, after].map((r) => (r.ok ? r.count : 0)) as [number, number, number]
  if (m !== b + 1) return { verdict: 'fail', got: `${got}; count ${b} → ${m} → ${a}`, reason: `the first delivery changed the probe's count by ${m - b}, not 1`, fix: 'The probe must count the events the handler processed.' }
  if (a !== m) {
    return {
      verdict: 'fail',
      got: `${got}; count ${b} → ${m} → ${a}`,
      reason: 'the same delivery was processed twice',
      fix: 'Record each delivery id you process (webhook-id, X-GitHub-Delivery, the event id) and skip one you have seen.',
    }
  }
  return { verdict: 'pass', got: `${got}; count ${b} → ${m} → ${a}`, reason: 'accepted both times and processed once' }
}

/** "Finish before start" for each platform. */
const OUT_OF_ORDER: Record<ProviderId, { first: [string, Record<string, unknown>?]; then: [string, Record<string, unknown>?]; story: string }> = {
  'ocean-cd': { first: ['rollout-finished'], then: ['rollout-started'], story: 'rollout-finished before rollout-started' },
  qovery: { first: ['DEPLOYMENT_SUCCESSFUL'], then: ['DEPLOYMENT_STARTED'], story: 'DEPLOYMENT_SUCCESSFUL before DEPLOYMENT_STARTED' },
  charlescd: { first: ['FINISH_DEPLOY'], then: ['START_DEPLOY'], story: 'FINISH_DEPLOY before START_DEPLOY' },
  divshot: { first: ['release', { 'data.release.version': 13 }], then: ['release', { 'data.release.version': 12 }], story: 'release 13 before release 12' },
  generic: { first: ['deploy.succeeded'], then: ['deploy.started'], story: 'deploy.succeeded before deploy.started' },
}

/** Sends a payload as message `name` of this run, signed over `body` (the payload's own by default). */
async function sendPayload(ctx: CheckContext, name: string, payload: ReturnType<CheckContext['payload']>, body = payload.body) {
  return ctx.send(ctx.signed(payload, body, { messageId: ctx.messageId(name) }), body)
}

const outOfOrderCase: CheckCase = {
  id: 'out-of-order',
  title: 'Events out of order',
  expected: 'accepted (2xx), never 5xx',
  required: true,
  applies: () => true,
  run: async (ctx) => {
    const order = OUT_OF_ORDER[ctx.target.provider]
    const first = await sendPayload(ctx, 'order_1', ctx.payload(order.first[0], order.first[1], 'order-1'))
    const then = await sendPayload(ctx, 'order_2', ctx.payload(order.then[0], order.then[1], 'order-2'))
    const got = `${answerOf(first)} then ${answerOf(then)}`
    if (isAccepted(first) && isAccepted(then)) return outcome({ verdict: 'pass', got, reason: `accepted ${order.story}` }, first, then)
    return outcome(
      { verdict: 'fail', got, reason: `${order.story} was not accepted`, fix: 'Deliveries can arrive in any order (retries, parallel sends): accept each one and order them by their own timestamps or versions.' },
      first,
      then,
    )
  },
}

const UNKNOWN_EVENT = 'hookbench.unknown_event'

/** The body with every value equal to the event's name replaced by an unknown one; undefined when the name is not in the body. */
export function withUnknownEvent(payload: unknown, event: string): unknown {
  let found = false
  const walk = (value: unknown): unknown => {
    if (value === event) {
      found = true
      return UNKNOWN_EVENT
    }
    if (Array.isArray(value)) return value.map(walk)
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]))
    return value
  }
  const replaced = walk(payload)
  return found ? replaced : undefined
}

function forwardCompatibleCase(spec: { id: string; title: string; what: string; change: (payload: unknown, event: string) => unknown }): CheckCase {
  return {
    id: spec.id,
    title: spec.title,
    expected: 'accepted (2xx), never 5xx',
    required: true,
    applies: () => true,
    run: async (ctx) => {
      const changed = spec.change(ctx.payload(undefined, undefined, spec.id).payload, ctx.target.event)
      if (changed === undefined) return { verdict: 'info', got: 'not sent', reason: `this payload has nowhere to put ${spec.what}`, exchanges: [] }
      // Encoded as the target's format encodes it (hermes-wire wraps it in `content`).
      const sent = await sendPayload(ctx, spec.id.replace(/-/g, '_'), ctx.payload(undefined, undefined, spec.id, changed))
      if (isAccepted(sent)) return outcome({ verdict: 'pass', got: answerOf(sent), reason: `accepted ${spec.what}` }, sent)
      return outcome(
        {
          verdict: 'fail',
          got: answerOf(sent),
          reason: `${spec.what} was not accepted`,
          fix: 'Platforms add events and fields without notice: answer 2xx to what you do not handle (and log it), and ignore fields you do not know.',
        },
        sent,
      )
    },
  }
}

const unknownEventCase = forwardCompatibleCase({
  id: 'unknown-event',
  title: 'An unknown event type',
  what: `an event type the endpoint cannot know (${UNKNOWN_EVENT})`,
  change: withUnknownEvent,
})

const unknownFieldCase = forwardCompatibleCase({
  id: 'unknown-field',
  title: 'An unknown extra field',
  what: 'a payload with a field the endpoint does not know',
  change: (payload) => (payload && typeof payload === 'object' && !Array.isArray(payload) ? { ...payload, hookbench_new_field: { added: 'by a newer platform version' } } : undefined),
})

const unauthenticatedCase: CheckCase = {
  id: 'unauthenticated',
  title: 'The platform signs nothing',
  expected: 'mitigated',
  required: false,
  applies: (t) => t.scheme === 'none',
  run: async (ctx) => ({
    verdict: 'info',
    got: 'no signature',
    reason:
      ctx.target.secretHeaders.length > 0
        ? `No secret was given, and ${ctx.target.platformTitle} sends its ${ctx.target.secretHeaders.join('/')} header only when the webhook has one: without it your endpoint cannot tell ${ctx.target.platformTitle}'s requests from anyone else's. Set a secret on both sides and check again with it.`
        : `${startingWith(ctx.target.platformTitle)} sends no signature or secret: your endpoint cannot tell its requests from anyone else's who knows the URL.`,
    fix: 'Put a long random secret in the URL path (…/hooks/<random>), treat each notification as a hint and confirm it with the platform\'s API before acting, and limit what an unauthenticated request can trigger.',
    exchanges: [],
  }),
}

const noReplayProtectionCase: CheckCase = {
  id: 'no-timestamp',
  title: 'Nothing in the request expires',
  expected: 'deduplicated',
  required: false,
  applies: (t) => t.scheme === 'github' || t.scheme === 'hmac-sha256' || t.scheme === 'native',
  run: async (ctx) => ({
    verdict: 'info',
    got: ctx.target.scheme === 'native' ? 'plain secret header' : 'no signed timestamp',
    reason:
      ctx.target.scheme === 'native'
        ? `${startingWith(ctx.target.platformTitle)} sends the secret itself in a header: it proves who sent the request but not that the body is intact, and a captured request can be sent again forever.`
        : 'The signature covers the body only: a captured request can be sent again forever and still verify.',
    fix: 'Record the ids of the deliveries you processed and skip repeats; serve the endpoint over HTTPS only.',
    exchanges: [],
  }),
}

/** The battery, in the order it runs and reports. */
export const CHECK_CASES: CheckCase[] = [
  validCase,
  timingCase,
  ...signatureCases,
  rawBytesCase,
  rotatedCase,
  replayCase,
  outOfOrderCase,
  unknownEventCase,
  unknownFieldCase,
  retryPlanCase,
  unauthenticatedCase,
  noReplayProtectionCase,
]
