import { resolveValues, keepValues } from '../values'
import type { StepHandler } from './step'

const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/**
 * `http:` calls the integrator's app (reset, seed) in real time. Not an expectation, but the story
 * is not what it says once a call fails: the step fails when the answer is not the status asked
 * for (any 2xx when unset). What it sent and got back is there for `${steps.<id>.…}` and `save:`.
 */
export const http: StepHandler<'http'> = async ({ session, cursor, action }) => {
  const resolved = await resolveValues(session, cursor, action.index, action.step.http)
  if (!resolved.ok) return { passed: false, message: resolved.message }
  const call = resolved.value
  const answer = await session.host.probe({
    url: call.url,
    method: call.method,
    ...(call.headers && { headers: call.headers }),
    ...(call.body !== undefined && { body: JSON.stringify(call.body) }),
    timeoutMs: call.timeout,
    signal: session.signal,
  })
  if (session.signal.aborted) throw session.signal.reason
  const what = `${call.method} ${call.url}`
  if ('error' in answer) return { passed: false, message: `${what}: ${answer.error}` }
  const expected = call.status
  const fits = expected === undefined ? answer.status >= 200 && answer.status < 300 : answer.status === expected
  const unsaved = keepValues(session, action.step.save, { body: call.body, status: answer.status, headers: answer.headers ?? [], response: parsed(answer.body) }, action.step.id)
  const excerpt = answer.body.length > 200 ? `${answer.body.slice(0, 200)}…` : answer.body
  const message = `${what} answered ${answer.status}${fits ? '' : `, expected ${expected ?? 'a 2xx'}${excerpt ? ` (${excerpt})` : ''}`}${unsaved ? `; ${unsaved}` : ''}`
  return { passed: fits && !unsaved, message }
}
