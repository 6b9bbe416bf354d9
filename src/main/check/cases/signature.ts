import type { HeaderPair } from '../../../shared/schemas/http'
import type { SigningScheme } from '../../../shared/schemas/signing'
import type { CheckContext, Sent } from '../check-requests'
import type { CheckTarget } from '../check-target'
import { ANY_VERIFY_ERROR, isAccepted, judgeAccepted, judgeRejected } from '../judge'
import { type CheckCase, outcome, sendOne } from './case'

const HMAC_SCHEMES: SigningScheme[] = ['standard', 'github', 'stripe', 'hmac-sha256']
export const hmac = (target: CheckTarget) => HMAC_SCHEMES.includes(target.scheme)
const signedAtAll = (target: CheckTarget) => target.scheme !== 'none'
const timestamped = (target: CheckTarget) => target.scheme === 'standard' || target.scheme === 'stripe'



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

/** Changes one character of the first string value: the JSON stays valid, the bytes differ. */
export function tamper(body: string): string {
  const at = body.search(/":\s*"[^"\\]/)
  if (at === -1) return `${body} `
  const valueStart = body.indexOf('"', body.indexOf(':', at)) + 1
  const char = body[valueStart] === 'X' ? 'Y' : 'X'
  return `${body.slice(0, valueStart)}${char}${body.slice(valueStart + 1)}`
}

/** The headers that carry the proof for a scheme. */
function proofHeaders(target: CheckTarget): string[] {
  switch (target.scheme) {
    case 'standard':
      return ['webhook-signature']
    case 'github':
      return ['X-Hub-Signature-256', 'X-Hub-Signature']
    case 'stripe':
      return ['Stripe-Signature']
    case 'hmac-sha256':
      return [target.hmacHeader]
    case 'native':
      return target.secretHeaders
    case 'none':
      return []
  }
}

const without = (names: string[]) => (headers: HeaderPair[]) => headers.filter(([name]) => !names.some((n) => n.toLowerCase() === name.toLowerCase()))

const MALFORMED: Partial<Record<SigningScheme, string>> = {
  standard: 'v1,this is not base64!',
  github: 'sha256=not-a-hex-digest',
  stripe: 't=yesterday,v1=',
  'hmac-sha256': 'zz-not-hex',
}

/** A signature a different scheme would send, with the same secret. */
const OTHER_SCHEME: Partial<Record<SigningScheme, SigningScheme>> = { standard: 'github', github: 'stripe', stripe: 'github', 'hmac-sha256': 'stripe' }

const replaceHeader = (name: string, value: string) => (headers: HeaderPair[]) => headers.map(([n, v]): HeaderPair => [n, n.toLowerCase() === name.toLowerCase() ? value : v])

/** Requests a verifying endpoint must refuse: altered, unsigned, wrongly or badly signed, out of date. */
export const rejectionCases: CheckCase[] = [
  rejectionCase({
    id: 'body-altered',
    title: 'Body altered after signing',
    what: 'a request whose body was changed after it was signed',
    applies: hmac,
    fix: 'Compute the signature over the raw body bytes as received and compare it in constant time; refuse with 401 when it differs.',
    send: (ctx) => sendOne(ctx, 'altered', { alter: tamper }),
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
    send: (ctx) => sendOne(ctx, 'missing', { headers: without(proofHeaders(ctx.target)) }),
  }),
  rejectionCase({
    id: 'signature-malformed',
    title: 'Malformed signature header',
    what: 'a request whose signature header is garbage',
    applies: (t) => MALFORMED[t.scheme] !== undefined,
    fix: `Parse the signature header defensively: anything that does not parse is a failed verification (401), not a 500. ${ANY_VERIFY_ERROR}`,
    send: (ctx) => sendOne(ctx, 'malformed', { headers: replaceHeader(proofHeaders(ctx.target)[0]!, MALFORMED[ctx.target.scheme]!) }),
  }),
  rejectionCase({
    id: 'other-scheme',
    title: 'Signature of another scheme',
    what: 'a request signed the way another scheme signs',
    applies: (t) => OTHER_SCHEME[t.scheme] !== undefined,
    fix: 'Read only the signature header of your scheme; a request without it fails verification.',
    send: (ctx) =>
      sendOne(ctx, 'other_scheme', { sign: { scheme: OTHER_SCHEME[ctx.target.scheme]! }, headers: without(proofHeaders(ctx.target)) }),
  }),
  rejectionCase({
    id: 'timestamp-stale',
    title: 'Timestamp older than the tolerance',
    what: 'a correctly signed request whose timestamp is past the tolerance',
    applies: timestamped,
    fix: 'Check the signed timestamp against your clock and refuse requests older than the tolerance (the reference libraries use 5 minutes): that is what stops replays.',
    send: (ctx) => sendOne(ctx, 'stale', { sign: { timestampSec: ctx.nowSec() - ctx.target.toleranceSec - 60 } }),
  }),
  rejectionCase({
    id: 'timestamp-future',
    title: 'Timestamp in the future',
    what: 'a correctly signed request dated beyond the tolerance in the future',
    // Stripe's own library checks the age only, so a future timestamp is not a defect there.
    applies: (t) => t.scheme === 'standard',
    fix: 'Refuse timestamps too far ahead as well as too old (the standardwebhooks library does both).',
    send: (ctx) => sendOne(ctx, 'future', { sign: { timestampSec: ctx.nowSec() + ctx.target.toleranceSec + 60 } }),
  }),
]

export const rotatedCase: CheckCase = {
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
