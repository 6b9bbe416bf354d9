import { z } from 'zod'
import { type HeaderPair, headerLine } from '../../../../shared/schemas/http'
import { Endpoint, EndpointPatch, ForwardConfig, ScriptedResponse, VerifyConfig, VerifyInput } from '../../../../shared/schemas/receiver'
import { SigningScheme } from '../../../../shared/schemas/signing'

/**
 * The script editor's state: what the fields show, as text (numbers are typed, not parsed on
 * every key stroke). `verifyScheme: ''` means no verification, an empty `forwardUrl` no
 * forwarding, an empty `maxBodyBytes` or `retryAfterSec` the default.
 */
export interface ScriptForm {
  status: string
  headers: string
  body: string
  delayMs: string
  failFirst: string
  failStatus: string
  /** The seeded failure rate in percent (the engine keeps a share, 0..1). */
  failurePercent: string
  seed: string
  hang: boolean
  retryAfterSec: string
  verifyScheme: '' | SigningScheme
  /** One secret a line, newest first. */
  secrets: string
  toleranceSec: string
  /** Answer 401 when the signature does not verify. */
  rejectInvalid: boolean
  hmacHeader: string
  /** Comma-separated. */
  secretHeaders: string
  forwardUrl: string
  forwardTimeoutMs: string
  maxBodyBytes: string
}
export type FieldKey = keyof ScriptForm
/** Only the fields the user changed. */
export type Edits = Partial<ScriptForm>
export type FieldErrors = Partial<Record<FieldKey, string>>
export type EndpointChanges = EndpointPatch['changes']

const DEFAULT_VERIFY = { toleranceSec: 300 }
const DEFAULT_FORWARD_TIMEOUT = 10_000

const percentOf = (share: number) => String(Math.round(share * 1e6) / 1e4)
const headersText = (headers: HeaderPair[]) => headers.map(([name, value]) => `${name}: ${value}`).join('\n')
const optional = (value: number | undefined) => (value === undefined ? '' : String(value))

/** What the editor shows for a stored endpoint. */
export function formOf(endpoint: Endpoint): ScriptForm {
  const { response, verify, forward } = endpoint
  return {
    status: String(response.status),
    headers: headersText(response.headers),
    body: response.body,
    delayMs: String(response.delayMs),
    failFirst: String(response.failFirst),
    failStatus: String(response.failStatus),
    failurePercent: percentOf(response.failureRate),
    seed: String(response.seed),
    hang: response.hang,
    retryAfterSec: optional(response.retryAfterSec),
    verifyScheme: verify?.scheme ?? '',
    secrets: verify?.secrets.join('\n') ?? '',
    toleranceSec: String(verify?.toleranceSec ?? DEFAULT_VERIFY.toleranceSec),
    rejectInvalid: verify?.rejectInvalid ?? false,
    hmacHeader: verify?.hmacHeader ?? '',
    secretHeaders: verify?.secretHeaders.join(', ') ?? '',
    forwardUrl: forward?.url ?? '',
    forwardTimeoutMs: String(forward?.timeoutMs ?? DEFAULT_FORWARD_TIMEOUT),
    maxBodyBytes: optional(endpoint.maxBodyBytes),
  }
}

/** The editor's fields with the user's edits over the stored values. */
export const currentForm = (endpoint: Endpoint, edits: Edits): ScriptForm => ({ ...formOf(endpoint), ...edits })

/** The fields whose edited value differs from what is stored. */
export function changedFields(endpoint: Endpoint, edits: Edits): FieldKey[] {
  const stored = formOf(endpoint)
  return (Object.keys(edits) as FieldKey[]).filter((key) => edits[key] !== undefined && edits[key] !== stored[key])
}

/** A zod issue in the UI's words ("must be at most 599"), not zod's ("Too big: expected number to be <=599"). */
export function messageOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array') return issue.minimum === 1 ? 'give at least one' : `give at least ${issue.minimum}`
      return `must be at least ${issue.minimum}`
    case 'too_big':
      return issue.origin === 'array' ? `give at most ${issue.maximum}` : `must be at most ${issue.maximum}`
    case 'invalid_type':
      return issue.expected === 'int' ? 'must be a whole number' : `must be a ${issue.expected}`
    default:
      return issue.message
  }
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string }

/** A typed number checked against the shared schema's rule for the field. */
function number(text: string, schema: z.ZodType, whole = true): Parsed<number> {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: false, error: 'a number is needed here' }
  const value = Number(trimmed)
  if (!Number.isFinite(value)) return { ok: false, error: 'must be a number' }
  if (whole && !Number.isInteger(value)) return { ok: false, error: 'must be a whole number' }
  const checked = schema.safeParse(value)
  return checked.success ? { ok: true, value } : { ok: false, error: messageOf(checked.error.issues[0]!) }
}

/** `Name: value` a line; blank lines are skipped. */
export function parseHeaders(text: string): Parsed<HeaderPair[]> {
  const pairs: HeaderPair[] = []
  const lines = text.split('\n')
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue
    const header = headerLine(line)
    if (!header) return { ok: false, error: `line ${i + 1}: write it as "Name: value"` }
    const [name] = header
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return { ok: false, error: `line ${i + 1}: "${name}" is not a valid header name` }
    pairs.push(header)
  }
  return { ok: true, value: pairs }
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, i) => item === b[i])

const R = ScriptedResponse.shape
const RESPONSE_NUMBERS = [
  ['status', 'status', R.status],
  ['delayMs', 'delayMs', R.delayMs],
  ['failFirst', 'failFirst', R.failFirst],
  ['failStatus', 'failStatus', R.failStatus],
  ['seed', 'seed', R.seed],
] as const

const VERIFY_FIELDS: Record<string, FieldKey> = { scheme: 'verifyScheme', secrets: 'secrets', toleranceSec: 'toleranceSec', hmacHeader: 'hmacHeader', secretHeaders: 'secretHeaders' }
const FORWARD_FIELDS: Record<string, FieldKey> = { url: 'forwardUrl', timeoutMs: 'forwardTimeoutMs' }

export type PatchResult = { ok: true; changes: EndpointChanges; empty: boolean } | { ok: false; errors: FieldErrors }

/**
 * The patch for what the user changed, checked with the shared schemas: a field the user did not
 * touch is never sent, so what someone else changed meanwhile stays. Verification and forwarding
 * are checked whole (a secret must suit the scheme, even when only the scheme changed) but sent as
 * the fields that changed; switched on, they are sent whole.
 */
export function buildPatch(endpoint: Endpoint, edits: Edits): PatchResult {
  const changed = new Set(changedFields(endpoint, edits))
  const form = currentForm(endpoint, edits)
  const errors: FieldErrors = {}
  const changes: Record<string, unknown> = {}

  const response: Record<string, unknown> = {}
  for (const [field, key, schema] of RESPONSE_NUMBERS) {
    if (!changed.has(field)) continue
    const parsed = number(form[field], schema)
    if (parsed.ok) response[key] = parsed.value
    else errors[field] = parsed.error
  }
  if (changed.has('failurePercent')) {
    const parsed = number(form.failurePercent, z.number().min(0).max(100), false)
    if (parsed.ok) response.failureRate = parsed.value / 100
    else errors.failurePercent = parsed.error
  }
  if (changed.has('retryAfterSec')) {
    if (form.retryAfterSec.trim() === '') response.retryAfterSec = null
    else {
      const parsed = number(form.retryAfterSec, R.retryAfterSec)
      if (parsed.ok) response.retryAfterSec = parsed.value
      else errors.retryAfterSec = parsed.error
    }
  }
  if (changed.has('headers')) {
    const parsed = parseHeaders(form.headers)
    if (parsed.ok) response.headers = parsed.value
    else errors.headers = parsed.error
  }
  if (changed.has('body')) response.body = form.body
  if (changed.has('hang')) response.hang = form.hang
  if (Object.keys(response).length > 0) changes.response = response

  const verifyEdited = (['verifyScheme', 'secrets', 'toleranceSec', 'rejectInvalid', 'hmacHeader', 'secretHeaders'] as const).some((key) => changed.has(key))
  if (verifyEdited) {
    const current = endpoint.verify
    if (form.verifyScheme === '') {
      if (current) changes.verify = null
    } else {
      const tolerance = number(form.toleranceSec, VerifyConfig.shape.toleranceSec)
      if (!tolerance.ok) errors.toleranceSec = tolerance.error
      const candidate = {
        scheme: form.verifyScheme,
        secrets: lines(form.secrets),
        toleranceSec: tolerance.ok ? tolerance.value : DEFAULT_VERIFY.toleranceSec,
        rejectInvalid: form.rejectInvalid,
        ...(form.hmacHeader.trim() && { hmacHeader: form.hmacHeader.trim() }),
        secretHeaders: list(form.secretHeaders),
      }
      const checked = VerifyInput.safeParse(candidate)
      if (!checked.success) {
        for (const issue of checked.error.issues) {
          const field = VERIFY_FIELDS[String(issue.path[0])] ?? 'secrets'
          errors[field] ??= messageOf(issue)
        }
      } else if (!current) changes.verify = checked.data
      else {
        const verify: Record<string, unknown> = {}
        if (candidate.scheme !== current.scheme) verify.scheme = candidate.scheme
        if (!sameList(candidate.secrets, current.secrets)) verify.secrets = candidate.secrets
        if (changed.has('toleranceSec') && candidate.toleranceSec !== current.toleranceSec) verify.toleranceSec = candidate.toleranceSec
        if (changed.has('rejectInvalid') && candidate.rejectInvalid !== current.rejectInvalid) verify.rejectInvalid = candidate.rejectInvalid
        if (changed.has('hmacHeader')) verify.hmacHeader = candidate.hmacHeader ?? null
        if (!sameList(candidate.secretHeaders, current.secretHeaders)) verify.secretHeaders = candidate.secretHeaders
        if (Object.keys(verify).length > 0) changes.verify = verify
      }
    }
  }

  if (changed.has('forwardUrl') || changed.has('forwardTimeoutMs')) {
    const current = endpoint.forward
    if (form.forwardUrl.trim() === '') {
      if (current) changes.forward = null
    } else {
      const timeout = number(form.forwardTimeoutMs, ForwardConfig.shape.timeoutMs)
      if (!timeout.ok) errors.forwardTimeoutMs = timeout.error
      const checked = ForwardConfig.safeParse({ url: form.forwardUrl, timeoutMs: timeout.ok ? timeout.value : DEFAULT_FORWARD_TIMEOUT })
      if (!checked.success) {
        for (const issue of checked.error.issues) errors[FORWARD_FIELDS[String(issue.path[0])] ?? 'forwardUrl'] ??= messageOf(issue)
      } else if (!current) changes.forward = checked.data
      else {
        const forward: Record<string, unknown> = {}
        if (checked.data.url !== current.url) forward.url = checked.data.url
        if (checked.data.timeoutMs !== current.timeoutMs) forward.timeoutMs = checked.data.timeoutMs
        if (Object.keys(forward).length > 0) changes.forward = forward
      }
    }
  }

  if (changed.has('maxBodyBytes')) {
    if (form.maxBodyBytes.trim() === '') changes.maxBodyBytes = null
    else {
      const parsed = number(form.maxBodyBytes, Endpoint.shape.maxBodyBytes)
      if (parsed.ok) changes.maxBodyBytes = parsed.value
      else errors.maxBodyBytes = parsed.error
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors }
  // The same check the engine makes: a patch the form let through and the API refuses is a bug here.
  const checked = EndpointPatch.safeParse({ name: endpoint.name, changes })
  if (!checked.success) return { ok: false, errors: { status: checked.error.issues.map((issue) => `${issue.path.join('.')}: ${messageOf(issue)}`).join('; ') } }
  return { ok: true, changes: checked.data.changes, empty: Object.keys(changes).length === 0 }
}

/** Every scheme the engine verifies, "none" meaning "record, do not check". */
export const VERIFY_SCHEMES = SigningScheme.options

/** What the scheme select holds: off (`''`) or a scheme the engine verifies. */
export const VerifyChoice = z.union([z.literal(''), SigningScheme])

/** The scheme select's value as the form's; undefined for anything else. */
export function verifyChoiceOf(value: string): ScriptForm['verifyScheme'] | undefined {
  const choice = VerifyChoice.safeParse(value)
  return choice.success ? choice.data : undefined
}
