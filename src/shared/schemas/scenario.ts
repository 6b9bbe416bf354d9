import { z } from 'zod'
import { ProviderId } from '../platforms'
import { GenerateContext } from '../platforms/context'
import { SubscriptionFilters, WhereClause } from './filters'
import { ClusterId } from './heartbeat'
import { HeaderPair, HttpUrl, checkHeaders, headerNameProblem, headerValueProblem } from './http'
import { DEFAULT_ENDPOINT_NAME, EndpointName, ForwardConfig, ScriptedResponse, VerifyConfig } from './receiver'
import { RetryPolicy } from './retry-policy'
import { VAR_NAME } from './scenario-vars'
import { SigningConfig, checkSecret, checkSigning } from './signing'
import { SubscriptionProvider, SubscriptionShape } from './subscription'
import { MAX_DURATION_MS, MAX_DURATION_TEXT, MAX_LOAD_RATE, MAX_STORY_TEXT, MAX_UNROLLED_STEPS } from './scenario-limits'
import { JsonCheck, JsonChecks, JsonValue } from './json-predicate'
import { SIGNATURE_FAULT_TEXT, SignatureFault } from './signature-fault'
import { checkRetryDelays } from './delay'

/*
 * A scenario file: a rollout told as webhooks (YAML or JSON). Each step has exactly one kind key:
 * fire, wait, heartbeat, repeat, parallel, duplicate, reorder, expect, http, include or load.
 * Every object is strict, so a misspelt key is an error instead of being ignored. Durations are
 * parsed to milliseconds and headers to [name, value] pairs. Checks that need the catalog or the
 * whole file (event names, step ids, `${…}` references, included files) are in
 * src/main/scenarios/parse-scenario.ts. Every key carries a description and an example: they
 * are the JSON Schema editors read and the key reference of docs/scenarios.md.
 */

/** Set to false by the build of `scenarios validate`'s parser (vite.cli.config.ts), which reads no key's description. */
declare const __HOOKBENCH_SCHEMA_DOCS__: boolean | undefined

/**
 * A key's description and example, for the JSON Schema and the docs: a copy of the schema that
 * carries them. The parser `scenarios validate` loads is built without them, as each copy is one
 * more schema (~100 here) built at every start.
 */
const doc = <T extends z.ZodType>(schema: T, description: string, ...examples: unknown[]): T =>
  typeof __HOOKBENCH_SCHEMA_DOCS__ === 'boolean' && !__HOOKBENCH_SCHEMA_DOCS__ ? schema : schema.meta({ description, ...(examples.length > 0 && { examples }) })

const DURATION = /^(?=\d)(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/
const DURATION_HINT = 'must be a duration like 250ms, 30s, 2m, 1h30m or 3d'
/** How a duration and a rate are written, for the JSON Schema to recognise them. */
export const DURATION_PATTERN = DURATION.source

/** `250ms`, `30s`, `2m`, `1h30m`, `3d` in milliseconds; undefined when the text is not a duration (Infinity past any number). */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text)
  if (!match) return undefined
  const [d = 0, h = 0, m = 0, s = 0, ms = 0] = match.slice(1).map((part) => Number(part ?? 0))
  return (((d * 24 + h) * 60 + m) * 60 + s) * 1000 + ms
}

const TOO_LONG = `is longer than ${MAX_DURATION_TEXT}, the longest a single wait or timeout; shorten it (a longer story is several waits, ${MAX_STORY_TEXT} at most in all)`

/** A bare number is ambiguous (90 ms? 90 s?): it is refused with both readings offered. */
const durationError = (issue: { input?: unknown }) =>
  typeof issue.input === 'number' || (typeof issue.input === 'string' && /^\d+(\.\d+)?$/.test(issue.input))
    ? `needs a unit: write ${String(issue.input)}s or ${String(issue.input)}ms (also m, h and d, e.g. 1h30m)`
    : DURATION_HINT

/** A duration with its unit (`250ms`, `30s`, `2m`, `1h30m`, `3d`), at most MAX_DURATION_MS; milliseconds once parsed. */
export const Duration = z
  .string({ error: durationError })
  .regex(DURATION, { error: durationError })
  .transform((text) => parseDuration(text)!)
  .check((ctx) => {
    if (ctx.value > MAX_DURATION_MS) ctx.issues.push({ code: 'custom', input: ctx.value, message: TOO_LONG })
  })

/** `{ X-Team: infra }` or `[[X-Team, infra]]`; a list of pairs, in order, once parsed. Each must be one Node can send. */
const Headers = z
  .union([z.record(z.string().min(1), z.string()), z.array(HeaderPair)], {
    error: 'must be a map of header names to values, or a list of [name, value] pairs',
  })
  .superRefine((headers, ctx) => {
    if (Array.isArray(headers)) return checkHeaders(ctx, headers, [])
    // A map's problems are reported at its key, where they are in the file.
    for (const [name, value] of Object.entries(headers)) {
      const problem = headerNameProblem(name) ?? headerValueProblem(name, value)
      if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem })
    }
  })
  .transform((headers): HeaderPair[] => (Array.isArray(headers) ? headers : Object.entries(headers)))

export { JsonValue }

/** Dot path → JSON value (`data.release.version: 13`). */
const DotPathValues = z.record(z.string().min(1), JsonValue)

export const StepId = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or - (a dot would be ambiguous in ${steps.<id>.…})')

/** A platform event name: from the provider's catalog, any name for `generic` (checked when parsing a file). */
export const EventName = z.string().trim().min(1)

const HttpStatus = z.number().int().min(100).max(599)

/** A name `${…}` can use: letters, digits and _, not starting with a digit. */
const VarName = z.string().regex(VAR_NAME, 'names are letters, digits and _, not starting with a digit')

/** Every step may carry a label for the runner's output. */
const label = { name: doc(z.string().trim().min(1).optional(), 'A label for the step in the output and the report.', 'checkout goes live') }

/** Where a value is read from a step: the body it sent, or what its target answered. */
export const SAVE_PATH = /^(body(\.[^.]+)*|response\.(status|body(\.[^.]+)*|headers\.[!#$%&'*+\-.^_`|~0-9A-Za-z]+))$/

/** `save: { name: <path> }`: after the step, `${name}` is that value for the steps after it. */
const Save = doc(
  z.record(VarName, z.string().regex(SAVE_PATH, 'must be body.<dot.path>, response.status, response.body.<dot.path> or response.headers.<name>')),
  'Values this step makes available to later steps as ${name}: body.<path> (what it sent), response.status, response.body.<path> or response.headers.<name> (what its target answered).',
  { deployment: 'body.payload.id' },
)

const Id = doc(StepId.optional(), 'Names the step, so later steps can refer to it (duplicate, expect delivery, ${steps.<id>.…}).', 'started')

/** `200/s`, `600/m`: arrivals per second once parsed. */
const RATE = /^(\d+(?:\.\d+)?)\/(s|m)$/
export const RATE_PATTERN = RATE.source
export const Rate = z
  .string({ error: 'must be a rate like 200/s or 600/m' })
  .regex(RATE, 'must be a rate like 200/s or 600/m')
  .transform((text) => {
    const [, count, unit] = RATE.exec(text)!
    return Number(count) / (unit === 'm' ? 60 : 1)
  })
  .check((ctx) => {
    if (ctx.value <= 0) ctx.issues.push({ code: 'custom', input: ctx.value, message: 'must be more than 0' })
    if (ctx.value > MAX_LOAD_RATE) ctx.issues.push({ code: 'custom', input: ctx.value, message: `is more than ${MAX_LOAD_RATE}/s, the most a load step sends; split the load or lower the rate` })
  })

/** The event a fire step or a load step sends (the JSON Schema holds each to its provider's catalog). */
export const FireEvent = doc(EventName, 'The event the platform sends: one of its catalog events, any name for generic.', 'rollout-failed')
export const LoadEvent = doc(EventName, 'The event each arrival sends.', 'DEPLOYMENT_STARTED')

const TAMPER_TEXT = SignatureFault.options.map((name) => `${name}: ${SIGNATURE_FAULT_TEXT[name]}`).join('; ')

/** What the platform's event says and carries: the parts a fire step and a load step share. */
const eventFields = {
  /** Unset = the scenario's provider. */
  provider: doc(ProviderId.optional(), "The platform that sends it; unset = the scenario's provider.", 'qovery'),
  context: doc(GenerateContext.optional(), "Story facts for this event, over the scenario's context (what filters and routing see).", { service: 'checkout', version: '1.5.0' }),
  set: doc(
    DotPathValues.optional(),
    'Payload values by dot path, applied after generation; filters and routing see the result. On generic bodies a path may add a field.',
    { 'payload.project.name': 'Shop', 'data.release.version': 13 },
  ),
  body: doc(JsonValue.optional(), 'generic only: the whole JSON body to send (with ${…} and the template placeholders {{id}}, {{event}}, {{timestamp.iso}}, {{timestamp.unix}}, {{context.<key>}}).', { type: 'order.paid', order: { id: 'ord_${i}', total: 42 } }),
  template: doc(
    z.string().trim().min(1).optional(),
    'generic only: a JSON body template in a file next to the scenario (placeholders as for body; the same file `hookbench fire --template` takes).',
    'templates/order-paid.json',
  ),
  headers: doc(Headers.optional(), 'Extra request headers, after the platform\'s and the subscription\'s (never a signing header: the signer writes those).', { 'X-Team': 'infra' }),
}

/**
 * `fire: <event>`: the platform sends the event. `delay: true` holds its deliveries until the next
 * fire step without `delay` in the same list has been sent (or the list ends); `drop: true` is a
 * fire the platform never sends (the story still counts it). A fire that reaches no subscription
 * fails its step (a filter typo would otherwise pass silently) unless it says `filteredOut: true`,
 * which asserts the opposite: no subscription takes it. `tamper:` sends it forged, stale or
 * replayed, as `hookbench check` does, and the step passes when the target answers as a correct
 * endpoint must.
 */
export const FireStep = z
  .strictObject({
    fire: FireEvent,
    id: Id,
    ...label,
    ...eventFields,
    delay: doc(z.boolean().default(false), 'Hold its deliveries until the next fire of the same list has been delivered (out-of-order arrival).', true),
    drop: doc(z.boolean().default(false), 'The platform never sends it (the story still counts it).', true),
    /** The story expects every subscription's filters to keep this event out: reaching one fails the step. */
    filteredOut: doc(z.boolean().default(false), "Assert that every subscription's filters keep it out; reaching one fails the step.", true),
    tamper: doc(SignatureFault.optional(), `Send it as an attacker or a broken sender would, named like hookbench check's cases (${TAMPER_TEXT}). Sent once, no retries; the step passes when the target rejects it with a 4xx (replay: accepts both, 2xx).`, 'timestamp-stale'),
    by: doc(
      Duration.optional(),
      'With tamper: how far the signed timestamp is moved (timestamp-stale, timestamp-future; default the tolerance, 5 min, plus 1 min), or how much later the copy is sent (replay, in story time).',
      '10m',
    ),
    save: Save.optional(),
  })
  .refine((step) => !(step.drop && step.delay), { path: ['delay'], message: 'a dropped fire is never sent, so it cannot be delayed' })
  .refine((step) => !(step.drop && step.filteredOut), {
    path: ['filteredOut'],
    message: 'a dropped fire is never sent, so no filter ever sees it; keep drop or filteredOut',
  })
  .refine((step) => !(step.tamper && (step.drop || step.delay || step.filteredOut)), {
    path: ['tamper'],
    message: 'a tampered fire is sent at once and judged by its answer: it cannot be dropped, delayed or filtered out',
  })
  .refine((step) => step.by === undefined || (step.tamper !== undefined && ['timestamp-stale', 'timestamp-future', 'replay'].includes(step.tamper)), {
    path: ['by'],
    message: 'by goes with tamper: timestamp-stale, timestamp-future or replay',
  })
  .refine((step) => !(step.body !== undefined && step.template !== undefined), { path: ['template'], message: 'give the body or a template file, not both' })

/** What an http call or probe is about: where, how, and what the answer must be. */
const Method = z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'])

/** Header name → the value it must equal, or a predicate on it. */
const HeaderChecks = doc(
  z.record(z.string().min(1), JsonCheck),
  'Answer headers (any case), each with the value it must equal or a predicate (exists, absent, matches, contains…).',
  { 'content-type': { contains: 'json' }, 'x-request-id': { exists: true } },
)

/** What a probe asks of an app: a request, and the answer that makes it true. */
const probeFields = {
  url: doc(HttpUrl, 'The URL to ask (${var}s allowed).', '${app}/status/checkout'),
  method: doc(Method.default('GET'), 'The request method.', 'GET'),
  status: doc(HttpStatus.default(200), 'The status the answer must have.', 200),
  json: JsonChecks.optional(),
  headers: HeaderChecks.optional(),
}

/** `wait: { until: <probe> }`, and `expect: { http: <probe> }`: the app answers the status, JSON values and headers asked for. */
export const HttpProbe = z.strictObject(probeFields)

/** `wait: 30s`, or `wait: { until: <probe>, timeout: 30s }`: polls the app until it answers as asked (real time, every 250 ms). */
export const WaitStep = z.strictObject({
  wait: doc(
    z.union([
      Duration,
      z.strictObject({
        until: doc(HttpProbe, 'Polls this URL (every 250 ms of real time) until it answers as asked; the step fails at the timeout.', { url: '${app}/status/checkout', json: { state: 'live' } }),
        timeout: doc(Duration.default(10_000), 'How long to wait for it, in real time.', '30s'),
      }),
    ]),
    'Let story time pass (250ms, 30s, 2m, 1h30m, 3d), or wait until the app says something: { until: <http probe>, timeout }.',
    '2m',
  ),
  ...label,
})

/** `heartbeat: stop` silences a simulated Ocean CD controller; `start` brings it back. */
export const HeartbeatStep = z.strictObject({
  heartbeat: doc(z.enum(['stop', 'start']), "start: the run's own simulated Ocean CD controller for the cluster beats; stop: it goes silent (controller-heartbeat-failure 5 min later).", 'stop'),
  cluster: doc(ClusterId, 'The cluster id of the controller.', 'prod-eu-1'),
  ...label,
})

/** A subscription of the file, by name (expectations and duplicates about one subscription only). */
const SubscriptionRef = doc(z.string().trim().min(1), 'The name of one of the file\'s subscriptions: only its deliveries count.', 'checkout app')

/** `duplicate: <id>` sends the latest deliveries of an earlier fire step again, same ids. */
export const DuplicateStep = z.strictObject({
  duplicate: doc(StepId, 'Sends the deliveries of an earlier fire step again: same id, same bytes (a platform retry your handler must not act on twice).', 'failed'),
  subscription: SubscriptionRef.optional(),
  ...label,
})

/** `reorder: reverse | random` sends its fire `steps` in that order (`random` follows the seed). */
export const ReorderStep = z.strictObject({
  reorder: doc(z.enum(['reverse', 'random']), 'Sends its fire steps in this order (random follows the seed); their events still happen in story order.', 'reverse'),
  steps: doc(z.array(FireStep).min(2), 'The fire steps of the group, in story order.', [{ fire: 'rollout-started' }, { fire: 'rollout-finished' }]),
  ...label,
})

/** Every delivery so far (of one subscription) succeeded. */
const DeliveredExpectation = z.strictObject({
  delivered: doc(z.literal('all'), 'Every delivery so far succeeded (and there was at least one).', 'all'),
  subscription: SubscriptionRef.optional(),
})

/**
 * The latest deliveries of a fire step (unset = the previous fire): how they ended (`status`, unset
 * = success), in how many attempts, how fast, and what the target answered.
 */
const DeliveryExpectation = z.strictObject({
  delivery: doc(
    z.strictObject({
      step: doc(StepId.optional(), 'The fire step (its id); unset = the fire before this expectation.', 'failed'),
      subscription: SubscriptionRef.optional(),
      status: doc(HttpStatus.optional(), 'The status of the last answer; unset = it was delivered (a success by the platform\'s rules). Naming a status claims the delivery: a 401 you expect is not a failure.', 401),
      within: doc(Duration.optional(), 'Delivered (or answered the status) within this story time, retries included.', '10m'),
      attempts: doc(z.number().int().min(1).max(1000).optional(), 'It took exactly this many attempts (the latest series).', 3),
      under: doc(Duration.optional(), 'The last answer came in less than this (real time: your handler\'s latency).', '200ms'),
      json: JsonChecks.optional(),
      headers: HeaderChecks.optional(),
    }),
    "A fire step's deliveries: status, attempts, latency and the target's answer (json, headers).",
    { step: 'forged', status: 401 },
  ),
})

/** The built-in receiver captured `count` requests (on an endpoint, of an event). */
const ReceivedExpectation = z.strictObject({
  received: doc(
    z.strictObject({
      endpoint: doc(z.string().min(1).optional(), 'A receiver endpoint of the file (unset = inbox).', 'flaky'),
      event: doc(z.string().min(1).optional(), 'Count only this event.', 'rollout-failed'),
      count: doc(z.number().int().min(0), 'How many requests it captured (with --to: how many the targets acknowledged).', 2),
    }),
    'The built-in receiver captured this many requests.',
    { endpoint: 'inbox', count: 2 },
  ),
})

/** Polls a URL until it answers as asked (`become`, real time), or checks it keeps doing so (`stay`, story time). */
const HttpExpectation = z.strictObject({
  http: doc(
    HttpProbe.extend({
      become: doc(Duration.optional(), 'It must answer as asked within this (real) time, polled every 250 ms (default 10s).', '10s'),
      timeout: doc(Duration.optional(), 'The same as become (the older name).', '10s'),
      stay: doc(
        Duration.optional(),
        "It must answer as asked for this long in story time: polled when it starts, every 250 ms of real time meanwhile and when it ends, while the story's other events happen.",
        '30s',
      ),
    })
      .refine((http) => [http.become, http.timeout, http.stay].filter((d) => d !== undefined).length <= 1, { message: 'give one of become, stay or timeout' }),
    'Asks your app: it must become true within a time, or stay true for a time.',
    { url: '${app}/status/checkout', json: { state: 'live' }, become: '10s' },
  ),
})

export const Expectation = doc(z.union([DeliveredExpectation, DeliveryExpectation, ReceivedExpectation, HttpExpectation]), 'Checks what happened: delivered, delivery, received or http.', { delivered: 'all' })
export type Expectation = z.infer<typeof Expectation>

export const ExpectStep = z.strictObject({
  expect: Expectation,
  ...label,
})

/** `http: { url, method, body }`: calls the app (reset, seed); not an expectation, but the story stops being true when it fails. */
export const HttpStep = z.strictObject({
  http: doc(
    z.strictObject({
      url: doc(HttpUrl, 'The URL to call.', '${app}/reset'),
      method: doc(Method.default('GET'), 'The request method.', 'POST'),
      headers: doc(Headers.optional(), 'Request headers.', { Authorization: 'Bearer ${token}' }),
      body: doc(JsonValue.optional(), 'A JSON body (sent as application/json).', { services: ['checkout'] }),
      status: doc(HttpStatus.optional(), 'The status the answer must have; unset = any 2xx.', 204),
      timeout: doc(Duration.default(10_000), 'How long the request may take (real time).', '5s'),
    }),
    'Calls your app (reset, seed): the step fails when the answer is not the status asked for.',
    { method: 'POST', url: '${app}/reset' },
  ),
  id: Id,
  ...label,
  save: Save.optional(),
})

/** `include: other.yaml` with `with: {vars}`: another scenario file's steps, here. */
export const IncludeStep = z.strictObject({
  include: doc(
    z.string().trim().min(1),
    "Runs another scenario file's steps here (a path relative to this file; in the app, a saved scenario's file name). Its provider and context apply to its steps; it cannot include itself.",
    'deploy-one-service.yaml',
  ),
  with: doc(
    z.record(VarName, z.union([z.string(), z.number(), z.boolean()], { error: 'must be a string, number or boolean' })).default({}),
    "Values for the included file's vars (each must be one of its vars).",
    { service: 'checkout', version: '${i}' },
  ),
  ...label,
})

/** `rate: <percent>` thresholds: `< 1%`, `<= 0.5%`. */
const ERROR_RATE = /^(<=?)\s*(\d+(?:\.\d+)?)\s*%$/
export const ErrorRate = z
  .string()
  .regex(ERROR_RATE, 'must be a threshold like "< 1%" or "<= 0.5%"')
  .transform((text) => {
    const [, op, percent] = ERROR_RATE.exec(text)!
    return { inclusive: op === '<=', percent: Number(percent) }
  })

/** `load:`: events at an arrival rate for a while, and thresholds on the target's answers. */
export const LoadStep = z.strictObject({
  load: doc(
    z
      .strictObject({
        fire: LoadEvent,
        ...eventFields,
        rate: doc(Rate, 'Arrivals per second (200/s) or per minute (600/m), whatever the answers: an open arrival rate, not batches.', '200/s'),
        for: doc(Duration, 'How long the arrivals go on (real time, at every --time-scale).', '10s'),
        vary: doc(
          z.record(z.string().min(1), z.union([z.string(), z.array(JsonValue).min(1).max(MAX_UNROLLED_STEPS)])).optional(),
          'Per arrival: context.<key> or a payload path, each a list cycled through or text with ${n} (the arrival, from 1).',
          { 'context.service': 'svc-${n}', 'context.environmentType': ['PRODUCTION', 'STAGING'] },
        ),
        expect: doc(
          z
            .strictObject({
              latency: doc(
                z.strictObject({
                  p50: Duration.optional(),
                  p90: Duration.optional(),
                  p95: Duration.optional(),
                  p99: Duration.optional(),
                  max: Duration.optional(),
                }),
                "Latency of the target's answers: each percentile (p50, p90, p95, p99, max) must be under its value.",
                { p95: '150ms' },
              ).optional(),
              errors: doc(
                z.strictObject({ rate: doc(ErrorRate, 'The share of arrivals not answered 2xx (an error, a timeout, a 4xx or 5xx).', '< 1%') }),
                'Errors among the answers.',
                { rate: '< 1%' },
              ).optional(),
            })
            .optional(),
          'Thresholds judged on the target\'s answers; without them the step passes when Hookbench kept the rate.',
          { latency: { p95: '150ms' }, errors: { rate: '< 1%' } },
        ),
      })
      .refine((load) => !(load.body !== undefined && load.template !== undefined), { path: ['template'], message: 'give the body or a template file, not both' }),
    'Sends an event at an arrival rate for a while, to every subscription that takes it, and judges the answers; results (rate achieved, latency percentiles, errors, retries) go in the run and its report.',
    { fire: 'DEPLOYMENT_STARTED', rate: '200/s', for: '10s', vary: { 'context.service': 'svc-${n}' }, expect: { latency: { p95: '150ms' }, errors: { rate: '< 1%' } } },
  ),
  id: Id,
  ...label,
})

/*
 * Nested steps make the schema recursive; TypeScript needs the recursive types spelt out, as zod
 * cannot infer a type that refers to itself.
 */
type FlatStep = typeof FireStep | typeof WaitStep | typeof HeartbeatStep | typeof DuplicateStep | typeof ReorderStep | typeof ExpectStep | typeof HttpStep | typeof LoadStep
/** An included file, once read: its steps (its vars substituted), and the provider and context they run with. */
export interface IncludedStory {
  /** The file as included (its path from the scenario's folder). */
  file: string
  provider: ProviderId
  context: GenerateContext
  steps: Step[]
  /** Its vars whose `with:` value holds a round (`${i}`): replaced when the run is planned. */
  plannedVars: string[]
}
export type IncludeStepOf = z.output<typeof IncludeStep> & { story?: IncludedStory }
export type Step =
  | z.output<FlatStep>
  | IncludeStepOf
  | { repeat: number; as?: string | undefined; steps: Step[]; name?: string | undefined }
  | { parallel: Step[]; name?: string | undefined }
type StepInput =
  | z.input<FlatStep>
  | z.input<typeof IncludeStep>
  | { repeat: number | string; as?: string; steps: StepInput[]; name?: string }
  | { parallel: StepInput[]; name?: string }
type Steps = z.ZodArray<z.ZodType<Step, StepInput>>

/** `repeat: 3` runs its `steps` three times; `${i}` is the round, from 1 (`as:` names it for inner repeats). */
export const RepeatStep = z.strictObject({
  repeat: doc(z.number().int().min(1).max(1000), 'How many times to run the steps (1 to 1000; a variable works: "${rounds}").', 3),
  as: doc(
    VarName.refine((name) => name !== 'i', { message: '${i} is always the innermost round; pick another name' }).optional(),
    'A name for this repeat\'s round number, for the repeats inside it (where ${i} is theirs).',
    'round',
  ),
  get steps(): Steps {
    return doc(z.array(Step).min(1), 'The steps to repeat; ${i} is the round (from 1).', [{ fire: 'release', context: { version: '${i}' } }])
  },
  ...label,
})

/** `parallel: [steps]` runs the listed steps at the same time. */
export const ParallelStep = z.strictObject({
  get parallel(): Steps {
    return doc(z.array(Step).min(1), 'Branches that run side by side on the story clock; the step takes as long as the longest.', [{ fire: 'a' }, { wait: '5s' }])
  },
  ...label,
})

export const Step = z.union([FireStep, WaitStep, HeartbeatStep, RepeatStep, ParallelStep, DuplicateStep, ReorderStep, ExpectStep, HttpStep, IncludeStep, LoadStep]).meta({ id: 'Step' })

/** The key that says what a step is; each step has exactly one. */
export const STEP_KINDS = ['fire', 'wait', 'heartbeat', 'repeat', 'parallel', 'duplicate', 'reorder', 'expect', 'http', 'include', 'load'] as const
export type StepKind = (typeof STEP_KINDS)[number]
export type StepOf<K extends StepKind> = K extends 'include' ? IncludeStepOf : Extract<Step, Record<K, unknown>>

export function stepKind(step: Step): StepKind {
  return STEP_KINDS.find((kind) => kind in step)!
}

const [none, divshot, charlescd, standardWebhooks, exponential, fixed] = RetryPolicy.options
/** RetryPolicy with unknown keys rejected, so `baseMS` is caught as a typo. */
export const StrictRetryPolicy = z.discriminatedUnion('preset', [
  none.strict(),
  divshot.strict(),
  charlescd.strict(),
  standardWebhooks.strict(),
  exponential.strict(),
  fixed.strict(),
])

const StrictFilters = SubscriptionFilters.extend({ where: z.array(WhereClause.strict()).default([]) }).strict()

const draft = SubscriptionShape.shape

/** A subscription the run creates: the engine's draft fields, strict, plus `keep`. */
export const ScenarioSubscription = z.strictObject({
  name: doc(draft.name, 'Its name (the run calls it "<scenario>: <name>").', 'checkout app'),
  /** May use `${var}`; checked as an http(s) URL after substitution. */
  url: doc(draft.url, 'Where it sends (${var}s allowed; ${receiver}r/<endpoint> is a receiver endpoint of the file).', '${app}/hooks/ocean-cd'),
  provider: doc(SubscriptionProvider.optional(), "The platform it takes events of, or any; unset = the scenario's provider.", 'ocean-cd'),
  events: doc(draft.events, 'The events it takes (unset or empty = all of its platform\'s).', ['rollout-failed', 'rollout-rolled-back']),
  enabled: doc(draft.enabled, 'false: it exists but sends nothing (Qovery\'s switch).', false),
  /** Secrets are checked against the scheme here, as the engine checks them when it makes the subscription. */
  signing: doc(
    SigningConfig.strict()
      .superRefine((signing, ctx) => checkSigning(ctx, signing, []))
      .default({ scheme: 'none' }),
    'How requests are signed: scheme (standard, github, stripe, hmac-sha256, native, none) and secret.',
    { scheme: 'standard', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
  ),
  retry: doc(StrictRetryPolicy.superRefine((retry, ctx) => checkRetryDelays(ctx, retry, [])).optional(), "The retry schedule; unset = the platform's.", { preset: 'fixed', delaysMs: [1000, 5000] }),
  timeoutMs: doc(draft.timeoutMs, "How long one request may take, in ms; unset = the platform's.", 5000),
  headers: doc(Headers.default([]), 'Headers sent with each of its requests.', { 'X-Env': 'ci' }),
  filters: doc(StrictFilters.prefault({}), 'Which events it takes: events, environmentTypes, projectNames, where.', { environmentTypes: ['PRODUCTION'] }),
  options: doc(draft.options.default({}), "The platform's options (Qovery kind, CharlesCD format…), checked against its platform.", { kind: 'SLACK' }),
  concurrency: doc(draft.concurrency, 'Most requests in flight at once.', 4),
  ordered: doc(draft.ordered, 'One request at a time, in fire order.', true),
  /** Leave the subscription in place after the run (by default the runner removes it). */
  keep: doc(z.boolean().default(false), 'Leave it in place after the run (by default the run removes it).', true),
}).meta({ id: 'Subscription' })
export type ScenarioSubscription = z.infer<typeof ScenarioSubscription>

/** How a scenario endpoint answers: the receiver's script, strict, headers as a map or pairs. */
const ScenarioResponse = ScriptedResponse.extend({ headers: Headers.default([]) }).strict()

/**
 * A built-in receiver endpoint the run creates (at `${receiver}r/<name>`) before the first step,
 * and removes afterwards unless `keep`: the receiver's endpoint fields, strict. `inbox` always
 * exists, so it is not declared here; names are unique in a file (checked when parsing a file).
 */
export const ScenarioEndpoint = z.strictObject({
  name: doc(
    EndpointName.refine((name) => name !== DEFAULT_ENDPOINT_NAME, {
      message: `"${DEFAULT_ENDPOINT_NAME}" always exists; give the endpoint a name of its own`,
    }),
    'Its name: it answers at ${receiver}r/<name> (named for the run, so two runs never share one).',
    'flaky',
  ),
  response: doc(ScenarioResponse.prefault({}), 'How it answers: status, headers, body, delayMs, failFirst, failureRate, hang…', { status: 200, failFirst: 2, failStatus: 503 }),
  /** Secrets are checked against the scheme here, as the receiver checks them when an endpoint is saved. */
  verify: doc(
    VerifyConfig.strict()
      .superRefine((verify, ctx) => verify.secrets.forEach((secret, i) => checkSecret(ctx, verify.scheme, secret, ['secrets', i])))
      .optional(),
    'Check signatures and answer 401 to a request that does not verify.',
    { scheme: 'standard', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'] },
  ),
  forward: doc(ForwardConfig.strict().optional(), 'Pass each request on to another URL.', { url: 'http://127.0.0.1:3000/hooks' }),
  maxBodyBytes: doc(z.number().int().min(1).optional(), 'Refuse bodies larger than this (413).', 65536),
  dedupe: doc(z.boolean().default(false), 'Answer a delivery id it has seen already without capturing it again.', true),
  /** Leave the endpoint in place after the run (by default the runner removes it). */
  keep: doc(z.boolean().default(false), 'Leave it in place after the run (under its own name).', true),
})
export type ScenarioEndpoint = z.infer<typeof ScenarioEndpoint>

export const ScenarioVars = z.record(
  z.string().regex(VAR_NAME, 'variable names are letters, digits and _, not starting with a digit'),
  z.union([z.string(), z.number(), z.boolean()], { error: 'must be a string, number or boolean' }),
)

export const Scenario = z.strictObject({
  /** Lets JSON files name their schema (YAML files use a `# yaml-language-server` comment). */
  $schema: doc(z.string().optional(), 'The JSON Schema this file follows (JSON files; YAML files use a # yaml-language-server comment).', './hookbench-scenario.schema.json'),
  version: doc(z.literal(1), 'The format version: 1.', 1),
  name: doc(z.string().trim().min(1).max(120), 'What the story is, in a few words.', 'checkout rollout rolled back'),
  description: doc(z.string().optional(), 'What it tells and what your app must do.', 'Verification fails and the rollout is rolled back.'),
  /** The provider of every fire step that does not name its own. */
  provider: doc(ProviderId, 'The platform of every fire step and subscription that does not name its own.', 'ocean-cd'),
  /** Same seed, same payloads and the same `random` orders. */
  seed: doc(z.union([z.string(), z.number()], { error: 'must be a string or a number' }).optional(), 'Same seed, same payloads and random orders (ids are new every run).', 'checkout-1'),
  /** The story's shared facts (service, versions, cluster…). */
  context: doc(GenerateContext.default({}), 'The story\'s shared facts: service, versions, environment, cluster…', { service: 'checkout', version: '1.5.0', clusterId: 'prod-eu-1' }),
  /** `${name}` in any string value is replaced by the variable's value; `--var name=value` overrides. */
  vars: doc(ScenarioVars.default({}), 'Variables: "${name}" in a value; a value that is exactly "${name}" keeps its type. --var name=value overrides.', { app: 'http://127.0.0.1:3000', rounds: 3 }),
  /** Built-in receiver endpoints the run creates, e.g. one that fails its first requests. */
  endpoints: doc(z.array(ScenarioEndpoint).default([]), 'Built-in receiver endpoints the run creates (and removes after it).', [{ name: 'flaky', response: { failFirst: 2 } }]),
  subscriptions: doc(z.array(ScenarioSubscription).default([]), 'Subscriptions the run creates (and removes after it); none = every subscription there is.', [{ name: 'app', url: '${app}/hooks' }]),
  steps: doc(z.array(Step).min(1), 'The story, step by step.', [{ fire: 'rollout-started' }, { wait: '2m' }]),
})
export type Scenario = z.infer<typeof Scenario>
export type ScenarioInput = z.input<typeof Scenario>
