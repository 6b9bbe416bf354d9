import type { z } from 'zod'
import type { SeededRandom } from '../core/seeded-random'
import type { Delivery } from '../schemas/delivery'
import type { DeliveryRules } from '../schemas/delivery-rules'
import type { HeaderPair } from '../schemas/http'
import type { RetryPolicy } from '../schemas/retry-policy'
import type { EventFacts, GenerateContext } from './context'

/** A field of the story's context (`GenerateContext`): a form field, a scenario's `context:` key. */
export type ContextKey = keyof GenerateContext

/** One event of a pair the endpoint check sends in the wrong order: its name, and dot-path overrides. */
export interface CheckEvent {
  event: string
  set?: Record<string, unknown>
}
import type { GenericEventDefinition } from './generic/definition'
import type { HttpClient } from './http-client'
import type { PlatformLog } from './platform-log'

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

/** What a platform's generator receives. */
export interface BuildInput<Options> {
  event: string
  /** The story's generator: names and ids every event of one rollout shares. */
  rng: SeededRandom
  /** This message's own generator: ids unique to one notification (Qovery payload_id…). */
  messageRng: SeededRandom
  context: GenerateContext
  options: Options
  nowMs: number
  subscriptionId?: string
  definition?: GenericEventDefinition
}

/** A generated event before overrides: payload, facts, headers, and how the payload becomes bytes. */
export interface Built {
  payload: Json
  facts: EventFacts
  /** The platform's own headers (no secrets), in the order it sends them. */
  headers: HeaderPair[]
  /** Defaults to `JSON.stringify`; CharlesCD's hermes-wire double-encodes. */
  encode?: (payload: Json) => string
}

export interface PlatformEvent {
  name: string
  firesWhen: string
}

/** How a platform sends when the subscription does not say otherwise, and where that comes from. */
export interface DeliveryDefaults {
  retry: RetryPolicy
  timeoutMs: number
  /** Why `timeoutMs` is Hookbench's choice, when the platform documents no timeout (the check then gives advice, not a verdict). */
  timeoutUnknown?: string
  /** How the platform judges answers (success range, 410, Retry-After, redirects), with their source. */
  rules: DeliveryRules
  /** Spec marks for the retry schedule and timeout ("[C: CH-sub] …", "[DEFAULT] …"). */
  source: string
}

/** A platform's own delivery history view (Qovery's event rows, CharlesCD's message log). */
export type PlatformLogOf<Options> = (options: Options, deliveries: Delivery[]) => PlatformLog

/**
 * Everything Hookbench knows about one platform. The engine, the CLI and the UI read platforms
 * only through this shape; adding a platform is a folder with one of these and a line in the
 * registry (`platforms/index.ts`).
 */
export interface PlatformDefinition<Id extends string, Options extends z.ZodObject> {
  id: Id
  title: string
  /** What the platform is called in a sentence ("Ocean CD retries…", "no Qovery subscription"). */
  sender: string
  /** Where the knowledge comes from (spec sections and sources). */
  source: string
  /** The platform's events; empty = any name (the generic platform). */
  events: PlatformEvent[]
  /** Subscription options, each field described (`.describe`): the CLI flags and form fields come from here. */
  options: Options
  /** The payload schema of an event in the format the options select; undefined = free-form. */
  payloadSchema(event: string, options: z.output<Options>): z.ZodType | undefined
  build(input: BuildInput<z.output<Options>>): Built
  /**
   * Whether the payload depends on which subscription receives it (`BuildInput.subscriptionId`).
   * Payloads that do not are built once per fire for all subscriptions with the same options.
   */
  namesSubscription?(options: z.output<Options>): boolean
  /** Headers that carry the subscription's secret in plain text (`native` scheme). */
  secretHeaders(options: z.output<Options>): string[]
  /** Every header it may carry the secret in, whatever the options (what redaction masks); default: `secretHeaders` of the default options. */
  secretHeaderNames?: string[]
  /** The context fields its generator reads, in the order a form asks for them. */
  contextFields: ContextKey[]
  /**
   * A later event before an earlier one, as the endpoint check sends them ("finish before start"):
   * a handler must accept both, whatever their order.
   */
  outOfOrder: { first: CheckEvent; then: CheckEvent }
  /** The signing scheme a new subscription with a secret gets. */
  defaultScheme: 'native' | 'standard'
  delivery: DeliveryDefaults
  /** The platform's HTTP client, where its bytes differ from Node's (header order, no `Connection`). */
  client?: HttpClient
  /** Why an event does not reach a subscription, from the platform's own routing rules. */
  route?(options: z.output<Options>, facts: EventFacts): string | undefined
  /**
   * Where each fact is in the payload (dot paths), in the format the options select: a `set:` on
   * one of them changes the fact too, so filters and routing see what is sent.
   */
  factPaths?(event: string, options: z.output<Options>): FactPaths
  log?: PlatformLogOf<z.output<Options>>
  /** How one event of a scenario's story follows from the earlier ones (a rollout's start, Divshot's versions). */
  story?: StoryRule
  /**
   * Clusters whose controllers beat (Ocean CD): the event the platform sends when one stays silent
   * past its timeout. Its context gets the cluster id and the controller's details.
   */
  heartbeatFailure?: string
}

/** A fact → the dot path of the payload that holds it. */
export type FactPaths = Partial<Record<keyof EventFacts, string>>

/** What the story knows so far, per platform; saved with a run so a resumed run continues it. */
export type StoryState = Record<string, Json>

/** Given the story so far and the next event, the context that event gets and the story after it. */
export type StoryRule = (
  state: StoryState,
  next: {
    event: string
    /** The scenario's context with the step's own on top. */
    context: GenerateContext
    /** What the step itself says; it wins over what the story would choose. */
    explicit: GenerateContext
    nowMs: number
  },
) => { context: GenerateContext; state: StoryState }

/** A platform as the rest of the code uses it: options arrive unparsed and are validated here. */
export interface Platform<Id extends string = string, Options extends z.ZodObject = z.ZodObject> {
  id: Id
  title: string
  sender: string
  source: string
  events: PlatformEvent[]
  options: Options
  defaultScheme: 'native' | 'standard'
  delivery: DeliveryDefaults
  client?: HttpClient
  parseOptions(raw: unknown): z.ZodSafeParseResult<Record<string, unknown>>
  payloadSchema(event: string, rawOptions: unknown): z.ZodType | undefined
  build(input: BuildInput<unknown>): Built
  namesSubscription(rawOptions: unknown): boolean
  secretHeaders(rawOptions: unknown): string[]
  secretHeaderNames: string[]
  contextFields: ContextKey[]
  outOfOrder: { first: CheckEvent; then: CheckEvent }
  route(rawOptions: unknown, facts: EventFacts): string | undefined
  factPaths(event: string, rawOptions: unknown): FactPaths
  log?(rawOptions: unknown, deliveries: Delivery[]): PlatformLog
  hasEvent(name: string): boolean
  story?: StoryRule
  heartbeatFailure?: string
}

export function definePlatform<Id extends string, Options extends z.ZodObject>(definition: PlatformDefinition<Id, Options>): Platform<Id, Options> {
  const parse = (raw: unknown): z.output<Options> => definition.options.parse(raw ?? {})
  const { log, namesSubscription } = definition
  return {
    id: definition.id,
    title: definition.title,
    sender: definition.sender,
    source: definition.source,
    events: definition.events,
    options: definition.options,
    defaultScheme: definition.defaultScheme,
    delivery: definition.delivery,
    client: definition.client,
    parseOptions: (raw) => definition.options.safeParse(raw ?? {}) as z.ZodSafeParseResult<Record<string, unknown>>,
    payloadSchema: (event, raw) => definition.payloadSchema(event, parse(raw)),
    build: (input) => definition.build({ ...input, options: parse(input.options) }),
    namesSubscription: (raw) => {
      if (!namesSubscription) return false
      // Options that do not parse: each subscription gets its own generation, and its own error.
      const parsed = definition.options.safeParse(raw ?? {})
      return !parsed.success || namesSubscription(parsed.data)
    },
    secretHeaders: (raw) => definition.secretHeaders(parse(raw)),
    secretHeaderNames: definition.secretHeaderNames ?? definition.secretHeaders(parse({})),
    contextFields: definition.contextFields,
    outOfOrder: definition.outOfOrder,
    route: (raw, facts) => definition.route?.(parse(raw), facts),
    factPaths: (event, raw) => definition.factPaths?.(event, parse(raw)) ?? {},
    log: log && ((raw, deliveries) => log(parse(raw), deliveries)),
    hasEvent: (name) => definition.events.length === 0 || definition.events.some((e) => e.name === name),
    story: definition.story,
    heartbeatFailure: definition.heartbeatFailure,
  }
}
