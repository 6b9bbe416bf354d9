import { SIGNATURE_FAULT_MARGIN_SEC, type SignatureFault } from '../../../shared/schemas/signature-fault'
import { FAULT_SCHEMES, MALFORMED, OTHER_SCHEME, alterBody, proofHeaders, replaceHeader, withoutHeaders } from '../../signing/faults'
import type { CheckContext, Sent } from '../check-requests'
import type { CheckTarget } from '../check-target'
import { ANY_VERIFY_ERROR, isAccepted, judgeAccepted, judgeRejected } from '../judge'
import { type CheckCase, outcome, sendOne } from './case'

const applies = (fault: SignatureFault) => (target: CheckTarget) => FAULT_SCHEMES[fault].applies(target.scheme)
const signedAtAll = applies('wrong-secret')

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

/** Requests a verifying endpoint must refuse: altered, unsigned, wrongly or badly signed, out of date. */
export const rejectionCases: CheckCase[] = [
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
