import { z } from 'zod'
import { ProviderId } from '../platforms'
import { HeaderPair, HttpUrl } from './http'
import { SigningScheme } from './signing'
import { SIGNATURE_TOLERANCE_SEC } from './signature-fault'

/*
 * The endpoint conformance check: a battery of requests sent to an integrator's webhook handler,
 * each judged against what a correct receiver of that platform and scheme must answer.
 */

export const CheckOptions = z.object({
  url: HttpUrl,
  provider: ProviderId,
  /** Unset = the platform's first event. */
  event: z.string().trim().min(1).optional(),
  /** Unset = the platform's own (Qovery/CharlesCD secret header), else standard with a secret, else none. */
  scheme: SigningScheme.optional(),
  /** The secret the endpoint verifies with; required by every scheme but none. */
  secret: z.string().optional(),
  /** The platform's options, as a subscription has them (Qovery `kind`, CharlesCD `format`…); unset = its defaults. */
  options: z.record(z.string(), z.unknown()).optional(),
  /** How old (or how far ahead) a signed timestamp may be, in seconds. */
  toleranceSec: z.number().int().min(1).max(86_400).default(SIGNATURE_TOLERANCE_SEC),
  /** A URL answering the number of events the handler processed: makes "no second effect" a real check. */
  probe: HttpUrl.optional(),
  /** Where the count is in the probe's JSON (dot path); unset = the body is the number, or `count`. */
  probeField: z.string().optional(),
  /**
   * Same seed, same names and values in the payloads; unset = new ones every run. Delivery and
   * message ids are new on every run either way, so a handler that remembers them is not misled.
   */
  seed: z.union([z.string(), z.number()]).optional(),
  /** Header for the hmac-sha256 scheme. */
  hmacHeader: z.string().optional(),
})
export type CheckOptions = z.infer<typeof CheckOptions>

/** pass/fail count towards the verdict; `info` explains (an unsigned platform, the retry plan); `skipped` did not apply. */
export const CaseVerdict = z.enum(['pass', 'fail', 'info'])
export type CaseVerdict = z.infer<typeof CaseVerdict>

/** One request of a case as sent and as answered. */
export const CheckExchange = z.object({
  request: z.object({ method: z.literal('POST'), url: z.string(), headers: z.array(HeaderPair), body: z.string() }),
  response: z.object({ status: z.number().int(), headers: z.array(HeaderPair), body: z.string() }).optional(),
  error: z.string().optional(),
  durationMs: z.number(),
})
export type CheckExchange = z.infer<typeof CheckExchange>

export const CheckCaseResult = z.object({
  id: z.string(),
  title: z.string(),
  /** What a correct endpoint does, in a few words ("rejected (4xx)"). */
  expected: z.string(),
  /** What this one did ("401", "200 then 200", "connection refused"). */
  got: z.string(),
  verdict: CaseVerdict,
  /** Counts towards the exit status. */
  required: z.boolean(),
  /** Why this verdict, in one or two sentences. */
  reason: z.string(),
  /** How to fix a failure. */
  fix: z.string().optional(),
  exchanges: z.array(CheckExchange),
  durationMs: z.number(),
})
export type CheckCaseResult = z.infer<typeof CheckCaseResult>

export const CheckReport = z.object({
  url: z.string(),
  provider: ProviderId,
  event: z.string(),
  scheme: SigningScheme,
  /** The platform options the requests were built with (with their defaults). */
  options: z.record(z.string(), z.unknown()).optional(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  cases: z.array(CheckCaseResult),
  /** Every required case passed. */
  passed: z.boolean(),
})
export type CheckReport = z.infer<typeof CheckReport>

/** What the check adds to a subscription's own settings: all optional. */
const CheckExtras = {
  /** Unset = the platform's first event. */
  event: CheckOptions.shape.event,
  toleranceSec: CheckOptions.shape.toleranceSec,
  probe: CheckOptions.shape.probe,
  probeField: CheckOptions.shape.probeField,
}

/**
 * A check of a subscription's endpoint: its URL, platform, signing scheme and current secret.
 * `provider` is needed only for a subscription that takes every platform's events (`any`).
 */
export const CheckOfSubscription = z.object({ subscriptionId: z.string().min(1), provider: ProviderId.optional(), ...CheckExtras }).strict()
export type CheckOfSubscription = z.infer<typeof CheckOfSubscription>

/** How a check is started: from a subscription, or with every option given. */
export const CheckStart = z.union([CheckOfSubscription, CheckOptions.strict()])
export type CheckStart = z.infer<typeof CheckStart>

/** A case the check will run, before it has a result. */
export const PlannedCase = CheckCaseResult.pick({ id: true, title: true, expected: true, required: true })
export type PlannedCase = z.infer<typeof PlannedCase>

/** `cancelled`: stopped on request (Cancel, Ctrl+C); `failed`: stopped by an error or by Hookbench stopping. */
export const CheckState = z.enum(['running', 'finished', 'failed', 'cancelled'])
export type CheckState = z.infer<typeof CheckState>

/**
 * A check as far as it got: the report so far (no `finishedAt` or `passed` while it runs), the
 * cases it will run, and why it stopped when it could not finish. Plain secrets sent in headers
 * appear as their fingerprints.
 */
export const CheckRun = CheckReport.extend({
  id: z.string(),
  state: CheckState,
  /** The subscription it was started from. */
  subscription: z.object({ id: z.string(), name: z.string() }).optional(),
  planned: z.array(PlannedCase),
  finishedAt: z.iso.datetime().optional(),
  passed: z.boolean().optional(),
  /** Why a failed check stopped before its last case. */
  error: z.string().optional(),
})
export type CheckRun = z.infer<typeof CheckRun>

/** A check in the history list: what it checked and how it ended, without its requests. */
export const CheckSummary = CheckRun.pick({ id: true, state: true, url: true, provider: true, event: true, scheme: true, startedAt: true, finishedAt: true, passed: true, subscription: true }).extend({
  /** Cases run, planned, and those that passed and failed. */
  counts: z.object({ run: z.number().int(), planned: z.number().int(), passed: z.number().int(), failed: z.number().int() }),
})
export type CheckSummary = z.infer<typeof CheckSummary>

/** How many checks the data directory keeps, newest first; older ones are dropped. */
export const KEPT_CHECKS = 50
