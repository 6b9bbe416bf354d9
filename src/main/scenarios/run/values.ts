import { readPath } from '../../../shared/core/json-path'
import type { Delivery } from '../../../shared/schemas/delivery'
import type { HeaderPair } from '../../../shared/schemas/http'
import type { Json } from '../../../shared/platforms/platform'
import { type StepReference, parseReference, referenceKey, referencesOf, substitute } from '../references'
import type { Cursor, RunSession } from './session'
import { deliveriesOfFire } from './steps/deliveries-of'
import { urlInRun } from './targets'

/*
 * Values that flow between the steps of a run: `${name}` that a `save:` made and
 * `${steps.<id>.…}` read from what an earlier step sent or got back. They are read when the step
 * that uses them runs; a fire step's are read from its first delivery (waiting for its answer when
 * the answer is asked), an http step's were kept in the run when it ran.
 */

/** What a step sent and got back, as values refer to it. */
export interface StepExchange {
  /** The body it sent, parsed when it is JSON. */
  body: unknown
  status?: number
  headers?: HeaderPair[]
  /** The answer's body, parsed when it is JSON. */
  response?: unknown
}

export type Resolved<T> = { ok: true; value: T } | { ok: false; message: string }

/**
 * A step's content with every value that flows filled in (`$${` written out as `${`). A value a
 * step cannot have yet (its step has not run, its path is not there) fails the step, saying why.
 */
export async function resolveValues<T>(session: RunSession, cursor: Cursor, before: number, content: T, extra: Record<string, unknown> = {}): Promise<Resolved<T>> {
  const known = new Map<string, unknown>()
  for (const inner of referencesOf(content)) {
    if (Object.hasOwn(extra, inner)) continue
    const got = await valueOf(session, cursor, before, inner)
    if (!got.ok) return got
    known.set(inner, got.value)
  }
  const value = substitute(content, (inner) => (Object.hasOwn(extra, inner) ? { value: extra[inner] } : known.has(inner) ? { value: known.get(inner) } : undefined), { unescape: true }) as T
  return { ok: true, value: inRun(session, value) }
}

/** A `url:` under the built-in receiver names the story's endpoint: in this run it has the run's name (an expectation's `http.url` too). */
function inRun<T>(session: RunSession, value: T): T {
  const { run } = session
  if (!run.receiver || Object.keys(run.endpoints).length === 0) return value
  const receiver = run.receiver
  const mapped = <U>(holder: U): U => (isUrlHolder(holder) ? { ...holder, url: urlInRun(holder.url, receiver, run.endpoints) } : holder)
  const probe = typeof value === 'object' && value !== null && 'http' in value ? { ...value, http: mapped((value as { http: unknown }).http) } : value
  return mapped(probe)
}

const isUrlHolder = (value: unknown): value is { url: string } => typeof value === 'object' && value !== null && typeof (value as { url?: unknown }).url === 'string'

async function valueOf(session: RunSession, cursor: Cursor, before: number, inner: string): Promise<Resolved<unknown>> {
  const ref = parseReference(inner)
  if ('problem' in ref) return { ok: false, message: ref.problem }
  const values = (session.run.values ??= {})
  if (ref.kind === 'name') {
    if (Object.hasOwn(values, ref.name)) return { ok: true, value: values[ref.name] }
    return { ok: false, message: `\${${inner}} has no value yet: the step that saves it has not run (it is in a parallel branch, or failed before saving)` }
  }
  const index = latestStepWithId(session, ref.id, before)
  if (index === undefined) return { ok: false, message: `\${${inner}}: no step before this one has the id "${ref.id}"` }
  const action = session.plan.actions[index]!
  if (action.kind === 'http') {
    const key = referenceKey(ref)
    if (Object.hasOwn(values, key)) return { ok: true, value: values[key] }
    const done = session.run.steps[index]?.status
    return { ok: false, message: done === 'pending' || done === 'running' ? `\${${inner}}: step "${ref.id}" has not answered yet` : `\${${inner}}: ${missingIn(ref)}` }
  }
  const exchange = await fireExchange(session, cursor, index, ref)
  if (!exchange.ok) return { ok: false, message: `\${${inner}}: ${exchange.message}` }
  return readExchange(exchange.value, ref, inner)
}

/** The latest fire or http step with this id before the action at `before`, in plan order. */
export function latestStepWithId(session: Pick<RunSession, 'plan'>, id: string, before: number): number | undefined {
  const { actions } = session.plan
  for (let index = Math.min(before, actions.length) - 1; index >= 0; index--) {
    const action = actions[index]!
    if (action.kind === 'fire' && action.fires.some((fire) => fire.step.id === id)) return index
    if (action.kind === 'http' && action.step.id === id) return index
  }
  return undefined
}

/** What a fire step's first delivery sent, and (waiting for it when asked) what it got back. */
async function fireExchange(session: RunSession, cursor: Cursor, index: number, ref: StepReference): Promise<Resolved<StepExchange>> {
  const ids = deliveriesOfFire(session, index, ref.id)
  if (session.run.steps[index]?.status === 'pending') return { ok: false, message: `step "${ref.id}" has not run yet (it is in a parallel branch)` }
  if (ids.length === 0) return { ok: false, message: `step "${ref.id}" made no delivery (dropped, or no subscription took it)` }
  const delivery = ref.part === 'body' ? await session.host.delivery(ids[0]!) : await cursor.park(session.host.whenFinal(ids[0]!))
  if (!delivery) return { ok: false, message: `the delivery of step "${ref.id}" is no longer in history` }
  return { ok: true, value: deliveryExchange(delivery) }
}

/** What a delivery sent and its last attempt got back. */
export function deliveryExchange(delivery: Delivery): StepExchange {
  const answer = delivery.attempts.at(-1)?.response
  return { body: parsed(delivery.body), ...(answer && { status: answer.status, headers: answer.headers, response: parsed(answer.body) }) }
}

const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/** What the exchange lacks, said of the step as `who` (another step by its id, or the one saving). */
const missingIn = (ref: StepReference, who = `step "${ref.id}"`) =>
  ref.part === 'status' ? `${who} got no answer` : ref.part === 'header' ? `the answer of ${who} has no header ${ref.name}` : `${ref.part === 'body' ? `the body ${who} sent` : `the answer of ${who}`} has no ${ref.path || 'body'}`

/** The value a reference names in an exchange. */
function readExchange(exchange: StepExchange, ref: StepReference, inner: string, who?: string): Resolved<unknown> {
  const fail = { ok: false as const, message: `\${${inner}}: ${missingIn(ref, who)}` }
  if (ref.part === 'status') return exchange.status === undefined ? fail : { ok: true, value: exchange.status }
  if (ref.part === 'header') {
    const pair = exchange.headers?.find(([name]) => name.toLowerCase() === ref.name.toLowerCase())
    return pair ? { ok: true, value: pair[1] } : fail
  }
  const root = ref.part === 'body' ? exchange.body : exchange.response
  if (root === undefined) return fail
  const found = ref.path === '' ? { found: true as const, value: root } : readPath(root, ref.path)
  return found.found ? { ok: true, value: found.value } : fail
}

/** A `save:` path (`body.a.b`, `response.status`…) as the reference it is for that step. */
const savedReference = (id: string, path: string): StepReference | undefined => {
  const ref = parseReference(`steps.${id}.${path}`)
  return 'problem' in ref || ref.kind !== 'step' ? undefined : ref
}

/**
 * After a step: its `save:` values, and (an http step) the values later steps read from it, kept
 * in the run. A path the exchange does not have fails the step.
 */
export function keepValues(session: RunSession, save: Record<string, string> | undefined, exchange: StepExchange, id?: string): string | undefined {
  const values = (session.run.values ??= {})
  const problems: string[] = []
  for (const [name, path] of Object.entries(save ?? {})) {
    const ref = savedReference(id ?? '_', path)
    const got = ref ? readExchange(exchange, ref, `${name}: ${path}`, 'this step') : { ok: false as const, message: `${path} is not a path a step can save` }
    if (got.ok) values[name] = toJson(got.value)
    else problems.push(`save ${name}: ${got.message.replace(/^\$\{[^}]*\}: /, '')}`)
  }
  if (id !== undefined) {
    for (const ref of session.referencesTo(id)) {
      const got = readExchange(exchange, ref, referenceKey(ref))
      if (got.ok) values[referenceKey(ref)] = toJson(got.value)
    }
  }
  return problems.length > 0 ? problems.join('; ') : undefined
}

/** Whether a save needs the target's answer (a fire step then waits for it). */
export const savesAnswer = (save: Record<string, string> | undefined) => Object.values(save ?? {}).some((path) => path.startsWith('response.'))

const toJson = (value: unknown): Json => (value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json))

