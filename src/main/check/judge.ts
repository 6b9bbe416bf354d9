import type { CaseVerdict } from '../../shared/schemas/check'
import type { Sent } from './check-requests'

/** What came back to a request: the check's, or a scenario's tampered delivery's. */
export type Answered = Pick<Sent, 'result'>

/** A case's conclusion, before the runner adds its name, timing and exchanges. */
export interface Judgement {
  verdict: CaseVerdict
  got: string
  reason: string
  fix?: string
}

/** What came back, in a few words: `401`, `timeout after 10 s`, `connection refused`. */
export function answerOf({ result }: Answered): string {
  if (result.kind === 'response') return String(result.response.status)
  if (result.errorClass === 'timeout') return 'no answer in time (timeout)'
  return result.message.replace(/^[A-Z_]+:\s*/, '') || result.errorClass
}

export const statusOf = ({ result }: Answered) => (result.kind === 'response' ? result.response.status : undefined)
export const isAccepted = (sent: Answered) => inRange(statusOf(sent), 200, 299)
const inRange = (status: number | undefined, low: number, high: number) => status !== undefined && status >= low && status <= high

/** A request a correct endpoint accepts (2xx, in time). */
export function judgeAccepted(sent: Answered, what: string, timeoutMs: number): Judgement {
  const got = answerOf(sent)
  if (isAccepted(sent)) return { verdict: 'pass', got, reason: `accepted ${what}` }
  const status = statusOf(sent)
  if (status === undefined) {
    const slow = sent.result.kind === 'error' && sent.result.errorClass === 'timeout'
    return {
      verdict: 'fail',
      got,
      reason: slow ? `no answer within the platform's ${timeoutMs / 1000} s: it counts as a failed delivery` : `the request did not get an answer (${got})`,
      fix: slow ? 'Answer 2xx as soon as the request is verified and stored; do the work afterwards (a queue or a background job).' : 'Check the URL and that the endpoint is listening.',
    }
  }
  if (status >= 500) return { verdict: 'fail', got, reason: `${what} made the endpoint fail with ${status}`, fix: 'Look at the handler\'s error log for this request; a valid delivery must never crash it.' }
  return { verdict: 'fail', got, reason: `${what} was refused with ${status}`, fix: REFUSED_VALID_FIX }
}

const REFUSED_VALID_FIX =
  'Verify the signature over the raw request bytes (never re-serialised JSON), with the secret in the form the scheme uses ' +
  '(Standard Webhooks: base64-decoded after "whsec_"), and the exact signed content of the scheme.'

/**
 * Libraries raise more than their verification error: Python's standardwebhooks 1.1.0 raises a
 * ValueError (not WebhookVerificationError) on a malformed signature, which a handler catching only
 * the library's own error turns into a 500.
 */
export const ANY_VERIFY_ERROR =
  'Answer 4xx for any exception the verification raises, whatever the library throws: catch them all around the verify call, not only its verification error (Python\'s standardwebhooks 1.1.0 raises a ValueError on a malformed signature).'

/** A request a correct endpoint refuses with a 4xx, not a 5xx (a platform retries 5xx) and certainly not a 2xx. */
export function judgeRejected(sent: Answered, what: string, fix: string): Judgement {
  const got = answerOf(sent)
  const status = statusOf(sent)
  if (inRange(status, 400, 499)) return { verdict: 'pass', got, reason: `refused ${what}` }
  if (inRange(status, 200, 299)) return { verdict: 'fail', got, reason: `accepted ${what}`, fix }
  if (status !== undefined && status >= 500) {
    return {
      verdict: 'fail',
      got,
      reason: `answered ${status} to ${what}: a 5xx tells the platform to retry, so a forged request is sent again and again`,
      fix: `Answer 400, 401 or 403 when verification fails. ${ANY_VERIFY_ERROR}`,
    }
  }
  if (status !== undefined) return { verdict: 'fail', got, reason: `answered ${status} to ${what}; expected a 4xx`, fix: 'Answer 400, 401 or 403 when verification fails.' }
  return { verdict: 'fail', got, reason: `no answer to ${what} (${got})`, fix: 'Refuse it quickly with a 4xx instead of hanging up or timing out.' }
}
