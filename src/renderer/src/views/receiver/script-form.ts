import { z } from 'zod'
import { type HeaderPair, headerLine } from '../../../../shared/schemas/http'
import { Endpoint, EndpointInput, EndpointPatch } from '../../../../shared/schemas/receiver'
import { SigningScheme } from '../../../../shared/schemas/signing'
import { type PatchField, type PatchForm, type Reading, cannotRead, formPatch, reads } from '../../forms/form-patch'
import { plainMessage } from '../../forms/plain-message'

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

/** A zod issue in the form's words; a list here is of things the user gives (secrets), not picks. */
export function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small' && issue.origin === 'array') return issue.minimum === 1 ? 'give at least one' : `give at least ${issue.minimum}`
  if (issue.code === 'too_big' && issue.origin === 'array') return `give at most ${issue.maximum}`
  return plainMessage(issue)
}

/** `Name: value` a line; blank lines are skipped. */
export function parseHeaders(text: string): { ok: true; value: HeaderPair[] } | { ok: false; error: string } {
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

/** A typed number as the schema will check it (its range is the schema's to say), or why it is not one. */
function numberIn(form: ScriptForm, key: FieldKey): Reading {
  const text = String(form[key]).trim()
  if (text === '') return cannotRead(key, 'a number is needed here')
  const value = Number(text)
  return Number.isFinite(value) ? reads(value) : cannotRead(key, 'must be a number')
}

/** A number that may be emptied: empty unsets the field. */
const optionalNumberIn = (form: ScriptForm, key: FieldKey): Reading => (String(form[key]).trim() === '' ? reads(null) : numberIn(form, key))

type Field = PatchField<ScriptForm>
const number = (key: FieldKey, to: string[]): Field => ({ from: [key], to, read: (form) => numberIn(form, key) })

const VERIFY_KEYS = ['verifyScheme', 'secrets', 'toleranceSec', 'rejectInvalid', 'hmacHeader', 'secretHeaders'] as const

/** The script form's fields: which controls each reads and where its value goes in the patch. */
const SCRIPT_FIELDS: Field[] = [
  number('status', ['response', 'status']),
  number('delayMs', ['response', 'delayMs']),
  number('failFirst', ['response', 'failFirst']),
  number('failStatus', ['response', 'failStatus']),
  number('seed', ['response', 'seed']),
  {
    // A percent on screen, a share (0..1) stored: its range is checked here, in the form's unit.
    from: ['failurePercent'],
    to: ['response', 'failureRate'],
    read: (form) => {
      const percent = numberIn(form, 'failurePercent')
      if (!('value' in percent)) return percent
      const checked = z.number().min(0).max(100).safeParse(percent.value)
      return checked.success ? reads(checked.data / 100) : cannotRead('failurePercent', messageOf(checked.error.issues[0]!))
    },
  },
  { from: ['retryAfterSec'], to: ['response', 'retryAfterSec'], read: (form) => optionalNumberIn(form, 'retryAfterSec') },
  {
    from: ['headers'],
    to: ['response', 'headers'],
    read: (form) => {
      const parsed = parseHeaders(form.headers)
      return parsed.ok ? reads(parsed.value) : cannotRead('headers', parsed.error)
    },
  },
  { from: ['body'], to: ['response', 'body'], read: (form) => reads(form.body) },
  { from: ['hang'], to: ['response', 'hang'], read: (form) => reads(form.hang) },
  {
    // Verification is read whole (a secret must suit the scheme, even when only the scheme
    // changed): sent whole when switched on, as the fields that differ once it is stored.
    from: VERIFY_KEYS,
    to: ['verify'],
    read: (form) => {
      if (form.verifyScheme === '') return reads(null)
      const tolerance = numberIn(form, 'toleranceSec')
      if (!('value' in tolerance)) return tolerance
      return reads({
        scheme: form.verifyScheme,
        secrets: lines(form.secrets),
        toleranceSec: tolerance.value,
        rejectInvalid: form.rejectInvalid,
        hmacHeader: form.hmacHeader.trim() || null,
        secretHeaders: list(form.secretHeaders),
      })
    },
  },
  {
    from: ['forwardUrl', 'forwardTimeoutMs'],
    to: ['forward'],
    read: (form) => {
      if (form.forwardUrl.trim() === '') return reads(null)
      const timeout = numberIn(form, 'forwardTimeoutMs')
      return 'value' in timeout ? reads({ url: form.forwardUrl, timeoutMs: timeout.value }) : timeout
    },
  },
  { from: ['maxBodyBytes'], to: ['maxBodyBytes'], read: (form) => optionalNumberIn(form, 'maxBodyBytes') },
]

/** The form field a schema issue belongs to, by its path in the endpoint. */
const FIELD_AT: Record<string, FieldKey> = {
  'response.status': 'status',
  'response.delayMs': 'delayMs',
  'response.failFirst': 'failFirst',
  'response.failStatus': 'failStatus',
  'response.seed': 'seed',
  'response.failureRate': 'failurePercent',
  'response.retryAfterSec': 'retryAfterSec',
  'response.headers': 'headers',
  'response.body': 'body',
  'response.hang': 'hang',
  'verify.scheme': 'verifyScheme',
  'verify.secrets': 'secrets',
  'verify.toleranceSec': 'toleranceSec',
  'verify.rejectInvalid': 'rejectInvalid',
  'verify.hmacHeader': 'hmacHeader',
  'verify.secretHeaders': 'secretHeaders',
  verify: 'secrets',
  'forward.url': 'forwardUrl',
  'forward.timeoutMs': 'forwardTimeoutMs',
  forward: 'forwardUrl',
  maxBodyBytes: 'maxBodyBytes',
}
const fieldAt = (path: readonly PropertyKey[]): FieldKey => FIELD_AT[path.slice(0, 2).join('.')] ?? FIELD_AT[String(path[0])] ?? 'status'

/** The script form as the form-to-patch helper takes it, checked as the engine checks a saved endpoint. */
const SCRIPT_FORM: PatchForm<ScriptForm, EndpointChanges> = {
  schema: Endpoint,
  patch: EndpointPatch.shape.changes,
  whole: EndpointInput,
  fields: SCRIPT_FIELDS,
  issueAt: fieldAt,
  message: messageOf,
}

export type PatchResult = { ok: true; changes: EndpointChanges; empty: boolean } | { ok: false; errors: FieldErrors }

/**
 * The patch for what the user changed, checked with the shared schemas as the engine checks it:
 * a field the user did not touch is never sent, so what someone else changed meanwhile stays.
 */
export function buildPatch(endpoint: Endpoint, edits: Edits): PatchResult {
  const result = formPatch(SCRIPT_FORM, endpoint, formOf(endpoint), currentForm(endpoint, edits))
  if (!result.ok) return { ok: false, errors: result.problems as FieldErrors }
  return { ok: true, changes: result.changes, empty: result.empty }
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
