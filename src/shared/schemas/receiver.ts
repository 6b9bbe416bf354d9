import { z } from 'zod'
import { HeaderPair, HttpUrl, checkHeaders } from './http'
import { patchOf } from './patch'
import { SignatureVerdict, SigningScheme, checkSecret } from './signing'

export const DEFAULT_ENDPOINT_NAME = 'inbox'
export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024

/** Endpoint names appear in URLs (`/r/<name>`): a lowercase slug. */
export const EndpointName = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a slug: lowercase letters, digits and dashes, starting with a letter or digit')

/** How an endpoint answers. Changes apply to the next request. */
export const ScriptedResponse = z.object({
  status: z.number().int().min(100).max(599).default(200),
  headers: z.array(HeaderPair).default([]),
  body: z.string().default(''),
  delayMs: z.number().int().min(0).max(600_000).default(0),
  /** Answer `failStatus` to the first N requests, then behave normally. */
  failFirst: z.number().int().min(0).default(0),
  failStatus: z.number().int().min(100).max(599).default(500),
  /** Share of requests (0..1) answered with `failStatus`, drawn from a seeded generator. */
  failureRate: z.number().min(0).max(1).default(0),
  seed: z.number().int().default(1),
  /** Never answer: the sender's timeout fires. */
  hang: z.boolean().default(false),
  /** Sent as `Retry-After` (seconds) with 429 and 503 answers. */
  retryAfterSec: z.number().int().min(0).optional(),
})
export type ScriptedResponse = z.infer<typeof ScriptedResponse>

/** How an endpoint verifies signatures. Secrets are checked where they come in (`EndpointInput`), not on load. */
export const VerifyConfig = z.object({
  scheme: SigningScheme,
  /** Accepted secrets, newest first. */
  secrets: z.array(z.string()).min(1),
  toleranceSec: z.number().int().min(0).default(300),
  hmacHeader: z.string().optional(),
  /** For `native`: the headers that carry the plain secret (e.g. `Qovery-Secret`). */
  secretHeaders: z.array(z.string()).default([]),
  /** Answer 401 to a request whose signature does not verify, as a strict integrator's app would (the script is skipped). */
  rejectInvalid: z.boolean().default(false),
})
export type VerifyConfig = z.infer<typeof VerifyConfig>

const checkVerify = (ctx: z.RefinementCtx, verify: VerifyConfig | undefined, path: PropertyKey[]) =>
  verify?.secrets.forEach((secret, i) => checkSecret(ctx, verify.scheme, secret, [...path, 'secrets', i]))

/** A verify setting as a user gives it: every secret must be one the scheme accepts. */
export const VerifyInput = VerifyConfig.superRefine((verify, ctx) => checkVerify(ctx, verify, []))

export const ForwardConfig = z.object({
  url: HttpUrl,
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
})
export type ForwardConfig = z.infer<typeof ForwardConfig>

export const Endpoint = z.object({
  name: EndpointName,
  response: ScriptedResponse.default(ScriptedResponse.parse({})),
  verify: VerifyConfig.optional(),
  forward: ForwardConfig.optional(),
  /** Bodies larger than this get 413 (default: the receiver's limit, 10 MB; this can only lower it). */
  maxBodyBytes: z.number().int().min(1).optional(),
  /**
   * Answer a delivery already processed (same delivery id, or same body) with 200 and do nothing
   * more (no script, no forward), as an idempotent handler does.
   */
  dedupe: z.boolean().default(false),
})
export type Endpoint = z.infer<typeof Endpoint>

/**
 * An endpoint as a user saves it: the stored shape, with its verify secrets checked and its
 * scripted headers ones Node can answer with (a stored one it refuses is answered 500 instead).
 */
export const EndpointInput = Endpoint.superRefine((endpoint, ctx) => {
  checkVerify(ctx, endpoint.verify, ['verify'])
  checkHeaders(ctx, endpoint.response.headers, ['response', 'headers'])
})

/** A change to an endpoint's script, verification or forwarding; what it does not name stays. */
export const EndpointPatch = z.object({ name: EndpointName, changes: patchOf(Endpoint.omit({ name: true })) })
export type EndpointPatch = z.infer<typeof EndpointPatch>

export const defaultEndpoint = (): Endpoint => Endpoint.parse({ name: DEFAULT_ENDPOINT_NAME })

export const ForwardResult = z.object({
  url: z.string(),
  status: z.number().int().optional(),
  headers: z.array(HeaderPair).default([]),
  bodyPreview: z.string().default(''),
  durationMs: z.number(),
  error: z.string().optional(),
})
export type ForwardResult = z.infer<typeof ForwardResult>

/** One request as the receiver saw it, byte for byte, and what it answered. */
export const Capture = z.object({
  id: z.string(),
  endpoint: z.string(),
  receivedAt: z.iso.datetime(),
  method: z.string(),
  /** Path after `/r/<endpoint>` ('' or '/sub/path'), without the query; the full path when `catchAll`. */
  path: z.string(),
  /** Caught outside `/r/` by `hookbench receive` (which answers every path). */
  catchAll: z.boolean().optional(),
  query: z.string(),
  /** Headers in arrival order, with their original case. */
  headers: z.array(HeaderPair),
  /** The raw body, base64 (empty in history when it is kept in `bodyFile`). */
  bodyBase64: z.string(),
  /** Large bodies live in their own file in the data directory, not in the history journal. */
  bodyFile: z.string().optional(),
  size: z.number().int().nonnegative(),
  remoteAddress: z.string(),
  durationMs: z.number().nonnegative(),
  /** `answered`, `rejected` (413…), or `abandoned` (the client left before the answer). */
  outcome: z.enum(['answered', 'rejected', 'abandoned']),
  response: z.object({ status: z.number().int(), headers: z.array(HeaderPair), body: z.string() }).optional(),
  /** Why the scripted answer was what it was: "fail-first 2 of 3", "failure rate". */
  scriptNote: z.string().optional(),
  verdict: SignatureVerdict.optional(),
  forward: ForwardResult.optional(),
  deliveryId: z.string().optional(),
  attempt: z.number().int().optional(),
})
export type Capture = z.infer<typeof Capture>

/** Lists carry captures without their bodies and headers (`bodyFile` only names where a large body is kept). */
export const CaptureSummary = Capture.omit({ bodyBase64: true, headers: true }).extend({ contentType: z.string().optional() })
export type CaptureSummary = z.infer<typeof CaptureSummary>

export function summarizeCapture({ bodyBase64: _body, headers, ...rest }: Capture): CaptureSummary {
  const contentType = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1]
  return contentType === undefined ? rest : { ...rest, contentType }
}
