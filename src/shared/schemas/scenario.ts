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
import { MAX_DURATION_MS, MAX_DURATION_TEXT, MAX_STORY_TEXT } from './scenario-limits'
import { checkRetryDelays } from './delay'

/*
 * A scenario file: a rollout told as webhooks (YAML or JSON). Each step has exactly one kind key:
 * fire, wait, heartbeat, repeat, parallel, duplicate, reorder or expect. Every object is strict,
 * so a misspelt key is an error instead of being ignored. Durations are parsed to milliseconds and
 * headers to [name, value] pairs. Checks that need the catalog or the whole file (event names,
 * step ids, `${var}`s) are in src/main/scenarios/parse-scenario.ts.
 */

const DURATION = /^(?=\d)(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/
const DURATION_HINT = 'must be a duration like 250ms, 30s, 2m or 1h30m, or a number of milliseconds'

/** `250ms`, `30s`, `2m`, `1h30m` in milliseconds; undefined when the text is not a duration (Infinity past any number). */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text)
  if (!match) return undefined
  const [h = 0, m = 0, s = 0, ms = 0] = match.slice(1).map((part) => Number(part ?? 0))
  return ((h * 60 + m) * 60 + s) * 1000 + ms
}

const TOO_LONG = `is longer than ${MAX_DURATION_TEXT}, the longest a single wait or timeout; shorten it (a longer story is several waits, ${MAX_STORY_TEXT} at most in all)`

/** A duration string or a number of milliseconds, at most MAX_DURATION_MS; milliseconds once parsed. */
export const Duration = z
  .union([z.number().min(0), z.string().regex(DURATION, DURATION_HINT).transform((text) => parseDuration(text)!)], { error: DURATION_HINT })
  .check((ctx) => {
    if (ctx.value > MAX_DURATION_MS) ctx.issues.push({ code: 'custom', input: ctx.value, message: TOO_LONG })
    else if (!Number.isInteger(ctx.value)) ctx.issues.push({ code: 'custom', input: ctx.value, message: 'must be a whole number of milliseconds' })
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

export const JsonValue = z.json()

/** Dot path → JSON value (`data.release.version: 13`). */
const DotPathValues = z.record(z.string().min(1), JsonValue)

export const StepId = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, _, . or -')

/** A platform event name: from the provider's catalog, any name for `generic` (checked when parsing a file). */
export const EventName = z.string().trim().min(1)

const HttpStatus = z.number().int().min(100).max(599)

/** Every step may carry a label for the runner's output. */
const label = { name: z.string().trim().min(1).optional() }

/**
 * `fire: <event>`: the platform sends the event. `delay: true` holds its deliveries until the next
 * fire step without `delay` in the same list has been sent (or the list ends); `drop: true` is a
 * fire the platform never sends (the story still counts it). A fire that reaches no subscription
 * fails its step (a filter typo would otherwise pass silently) unless it says `filteredOut: true`,
 * which asserts the opposite: no subscription takes it.
 */
export const FireStep = z
  .strictObject({
    fire: EventName,
    /** Lets `duplicate` and `expect.delivery` refer to this step. */
    id: StepId.optional(),
    ...label,
    /** Unset = the scenario's provider. */
    provider: ProviderId.optional(),
    /** Overrides the scenario's context for this event. */
    context: GenerateContext.optional(),
    set: DotPathValues.optional(),
    headers: Headers.optional(),
    delay: z.boolean().default(false),
    drop: z.boolean().default(false),
    /** The story expects every subscription's filters to keep this event out: reaching one fails the step. */
    filteredOut: z.boolean().default(false),
  })
  .refine((step) => !(step.drop && step.delay), { path: ['delay'], message: 'a dropped fire is never sent, so it cannot be delayed' })
  .refine((step) => !(step.drop && step.filteredOut), {
    path: ['filteredOut'],
    message: 'a dropped fire is never sent, so no filter ever sees it; keep drop or filteredOut',
  })

/** `wait: 30s`. */
export const WaitStep = z.strictObject({ wait: Duration, ...label })

/** `heartbeat: stop` silences a simulated Ocean CD controller; `start` brings it back. */
export const HeartbeatStep = z.strictObject({ heartbeat: z.enum(['stop', 'start']), cluster: ClusterId, ...label })

/** `duplicate: <id>` sends the latest deliveries of an earlier fire step again, same ids. */
export const DuplicateStep = z.strictObject({ duplicate: StepId, ...label })

/** `reorder: reverse | random` sends its fire `steps` in that order (`random` follows the seed). */
export const ReorderStep = z.strictObject({
  reorder: z.enum(['reverse', 'random']),
  steps: z.array(FireStep).min(2),
  ...label,
})

/** Every delivery so far succeeded. */
const DeliveredExpectation = z.strictObject({ delivered: z.literal('all') })

/** The latest delivery of a fire step (unset = the previous fire) ended with `status` (unset = success), within a time. */
const DeliveryExpectation = z.strictObject({
  delivery: z.strictObject({ step: StepId.optional(), status: HttpStatus.optional(), within: Duration.optional() }),
})

/** The built-in receiver captured `count` requests (on an endpoint, of an event). */
const ReceivedExpectation = z.strictObject({
  received: z.strictObject({ endpoint: z.string().min(1).optional(), event: z.string().min(1).optional(), count: z.number().int().min(0) }),
})

/** Polls a URL until it answers `status` with the `json` values (dot paths), or `timeout` passes. */
const HttpExpectation = z.strictObject({
  http: z.strictObject({
    url: HttpUrl,
    method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
    status: HttpStatus.default(200),
    json: DotPathValues.optional(),
    timeout: Duration.default(10_000),
  }),
})

export const Expectation = z.union([DeliveredExpectation, DeliveryExpectation, ReceivedExpectation, HttpExpectation])
export type Expectation = z.infer<typeof Expectation>

export const ExpectStep = z.strictObject({ expect: Expectation, ...label })

/*
 * Nested steps make the schema recursive; TypeScript needs the recursive types spelt out, as zod
 * cannot infer a type that refers to itself.
 */
type FlatStep = typeof FireStep | typeof WaitStep | typeof HeartbeatStep | typeof DuplicateStep | typeof ReorderStep | typeof ExpectStep
export type Step =
  | z.output<FlatStep>
  | { repeat: number; steps: Step[]; name?: string | undefined }
  | { parallel: Step[]; name?: string | undefined }
type StepInput = z.input<FlatStep> | { repeat: number; steps: StepInput[]; name?: string } | { parallel: StepInput[]; name?: string }
type Steps = z.ZodArray<z.ZodType<Step, StepInput>>

/** `repeat: 3` runs its `steps` three times. */
export const RepeatStep = z.strictObject({
  repeat: z.number().int().min(1).max(1000),
  get steps(): Steps {
    return z.array(Step).min(1)
  },
  ...label,
})

/** `parallel: [steps]` runs the listed steps at the same time. */
export const ParallelStep = z.strictObject({
  get parallel(): Steps {
    return z.array(Step).min(1)
  },
  ...label,
})

export const Step = z.union([FireStep, WaitStep, HeartbeatStep, RepeatStep, ParallelStep, DuplicateStep, ReorderStep, ExpectStep])

/** The key that says what a step is; each step has exactly one. */
export const STEP_KINDS = ['fire', 'wait', 'heartbeat', 'repeat', 'parallel', 'duplicate', 'reorder', 'expect'] as const
export type StepKind = (typeof STEP_KINDS)[number]
export type StepOf<K extends StepKind> = Extract<Step, Record<K, unknown>>

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
  name: draft.name,
  /** May use `${var}`; checked as an http(s) URL after substitution. */
  url: draft.url,
  provider: SubscriptionProvider,
  events: draft.events,
  /** Secrets are checked against the scheme here, as the engine checks them when it makes the subscription. */
  signing: SigningConfig.strict()
    .superRefine((signing, ctx) => checkSigning(ctx, signing, []))
    .default({ scheme: 'none' }),
  retry: StrictRetryPolicy.superRefine((retry, ctx) => checkRetryDelays(ctx, retry, [])).optional(),
  timeoutMs: draft.timeoutMs,
  headers: Headers.default([]),
  filters: StrictFilters.prefault({}),
  options: draft.options.default({}),
  concurrency: draft.concurrency,
  ordered: draft.ordered,
  /** Leave the subscription in place after the run (by default the runner removes it). */
  keep: z.boolean().default(false),
})
export type ScenarioSubscription = z.infer<typeof ScenarioSubscription>

/** How a scenario endpoint answers: the receiver's script, strict, headers as a map or pairs. */
const ScenarioResponse = ScriptedResponse.extend({ headers: Headers.default([]) }).strict()

/**
 * A built-in receiver endpoint the run creates (at `${receiver}r/<name>`) before the first step,
 * and removes afterwards unless `keep`: the receiver's endpoint fields, strict. `inbox` always
 * exists, so it is not declared here; names are unique in a file (checked when parsing a file).
 */
export const ScenarioEndpoint = z.strictObject({
  name: EndpointName.refine((name) => name !== DEFAULT_ENDPOINT_NAME, {
    message: `"${DEFAULT_ENDPOINT_NAME}" always exists; give the endpoint a name of its own`,
  }),
  response: ScenarioResponse.prefault({}),
  /** Secrets are checked against the scheme here, as the receiver checks them when an endpoint is saved. */
  verify: VerifyConfig.strict()
    .superRefine((verify, ctx) => verify.secrets.forEach((secret, i) => checkSecret(ctx, verify.scheme, secret, ['secrets', i])))
    .optional(),
  forward: ForwardConfig.strict().optional(),
  maxBodyBytes: z.number().int().min(1).optional(),
  dedupe: z.boolean().default(false),
  /** Leave the endpoint in place after the run (by default the runner removes it). */
  keep: z.boolean().default(false),
})
export type ScenarioEndpoint = z.infer<typeof ScenarioEndpoint>

export const ScenarioVars = z.record(
  z.string().regex(VAR_NAME, 'variable names are letters, digits and _, not starting with a digit'),
  z.union([z.string(), z.number(), z.boolean()], { error: 'must be a string, number or boolean' }),
)

export const Scenario = z.strictObject({
  /** Lets JSON files name their schema (YAML files use a `# yaml-language-server` comment). */
  $schema: z.string().optional(),
  version: z.literal(1),
  name: z.string().trim().min(1).max(120),
  description: z.string().optional(),
  /** The provider of every fire step that does not name its own. */
  provider: ProviderId,
  /** Same seed, same payloads and the same `random` orders. */
  seed: z.union([z.string(), z.number()], { error: 'must be a string or a number' }).optional(),
  /** The story's shared facts (service, versions, cluster…). */
  context: GenerateContext.default({}),
  /** `${name}` in any string value is replaced by the variable's text; `--var name=value` overrides. */
  vars: ScenarioVars.default({}),
  /** Built-in receiver endpoints the run creates, e.g. one that fails its first requests. */
  endpoints: z.array(ScenarioEndpoint).default([]),
  subscriptions: z.array(ScenarioSubscription).default([]),
  steps: z.array(Step).min(1),
})
export type Scenario = z.infer<typeof Scenario>
export type ScenarioInput = z.input<typeof Scenario>
