import microdiff from 'microdiff'
import type { Attempt } from '../../../../shared/schemas/delivery'
import type { HeaderPair } from '../../../../shared/schemas/http'

/**
 * What differs between two HTTP exchanges: two attempts of one delivery (signatures and
 * timestamps change on every attempt), two deliveries, or a delivery and what the receiver
 * captured of it. Request headers and body, response status, headers and body. Pure: the
 * "Compare attempts" and "Compare with…" panels only draw what this returns.
 */

export type ChangeKind = 'added' | 'removed' | 'changed'

export interface HeaderChange {
  /** As spelled in the later attempt (or the earlier one, when removed). */
  name: string
  kind: ChangeKind
  before?: string
  after?: string
}

export interface ValueChange {
  /** Where in the JSON document, e.g. `data.items[0].id`; `(root)` for the whole document. */
  path: string
  kind: ChangeKind
  before?: string
  after?: string
}

/** A header on both sides alike, for the "all headers" view of a comparison. */
export interface HeaderRow {
  name: string
  kind: ChangeKind | 'same'
  before?: string
  after?: string
}

export interface LineChange {
  kind: 'same' | 'added' | 'removed'
  text: string
}

export type BodyDiff =
  | { kind: 'none' }
  | { kind: 'same'; truncated: boolean }
  | { kind: 'json'; changes: ValueChange[]; truncated: boolean }
  | { kind: 'text'; lines: LineChange[]; truncated: boolean }

export interface StatusDiff {
  before: string
  after: string
  changed: boolean
}

export interface AttemptDiff {
  status: StatusDiff
  requestHeaders: HeaderChange[]
  responseHeaders: HeaderChange[]
  body: BodyDiff
  /** Nothing differs in any of the parts above. */
  same: boolean
}

/** A body as recorded: its text and whether only its start was kept. */
export interface RecordedBody {
  body: string
  truncated?: boolean
}

/** One side of a comparison: a request as sent or received, and the answer it got (if any). */
export interface ExchangeSide {
  /** "200", "no response (timeout)", "abandoned"…: compared as shown. */
  status: string
  requestHeaders: readonly HeaderPair[]
  /** Absent where both sides are known to carry the same body (attempts of one delivery). */
  requestBody?: RecordedBody
  responseHeaders: readonly HeaderPair[]
  responseBody?: RecordedBody
}

export interface ExchangeDiff extends AttemptDiff {
  requestBody: BodyDiff
}

/** "Attempt 2" or "Attempt 1 (redelivery 1)", with its status: what the pickers show. */
export function attemptLabel(attempt: Attempt): string {
  const series = attempt.series > 0 ? ` (redelivery ${attempt.series})` : ''
  return `Attempt ${attempt.n}${series} · ${statusLabel(attempt)}`
}

export function statusLabel(attempt: Attempt): string {
  if (attempt.response) return String(attempt.response.status)
  return attempt.error ? `no response (${attempt.error.class})` : 'no response'
}

/**
 * The pair compared first: the first attempt that failed and the last one. When the first failure
 * is the last attempt (or none failed), the first attempt and the last. Indexes into `attempts`;
 * undefined when there are fewer than two.
 */
export function defaultPair(attempts: readonly Attempt[]): [number, number] | undefined {
  if (attempts.length < 2) return undefined
  const last = attempts.length - 1
  const failed = attempts.findIndex((a) => a.outcome !== 'delivered')
  return [failed === -1 || failed === last ? 0 : failed, last]
}

/** An attempt as one side of a comparison (its request body is its delivery's, the same on both sides). */
export function attemptSide(attempt: Attempt): ExchangeSide {
  return { status: statusLabel(attempt), requestHeaders: attempt.headers, responseHeaders: attempt.response?.headers ?? [], responseBody: attempt.response }
}

export function diffAttempts(before: Attempt, after: Attempt): AttemptDiff {
  const { requestBody: _same, ...diff } = diffExchanges(attemptSide(before), attemptSide(after))
  return diff
}

const bodyAlike = (body: BodyDiff) => body.kind === 'same' || body.kind === 'none'

export function diffExchanges(before: ExchangeSide, after: ExchangeSide): ExchangeDiff {
  const status = { before: before.status, after: after.status, changed: before.status !== after.status }
  const requestHeaders = diffHeaders(before.requestHeaders, after.requestHeaders)
  const requestBody = diffBodies(before.requestBody, after.requestBody)
  const responseHeaders = diffHeaders(before.responseHeaders, after.responseHeaders)
  const body = diffBodies(before.responseBody, after.responseBody)
  return {
    status,
    requestHeaders,
    requestBody,
    responseHeaders,
    body,
    same: !status.changed && requestHeaders.length === 0 && responseHeaders.length === 0 && bodyAlike(body) && bodyAlike(requestBody),
  }
}

/**
 * Headers compared by name, case-insensitively; a header sent more than once is compared as its
 * values joined by ", " in order. Listed in the order the names first appear (earlier attempt first).
 */
export function diffHeaders(before: readonly HeaderPair[], after: readonly HeaderPair[]): HeaderChange[] {
  return compareHeaders(before, after).filter((row): row is HeaderChange => row.kind !== 'same')
}

/** Every header of both sides, alike or not, in the order of `diffHeaders`. */
export function compareHeaders(before: readonly HeaderPair[], after: readonly HeaderPair[]): HeaderRow[] {
  const a = groupHeaders(before)
  const b = groupHeaders(after)
  const rows: HeaderRow[] = []
  for (const [key, old] of a) {
    const now = b.get(key)
    if (!now) rows.push({ name: old.name, kind: 'removed', before: old.value })
    else rows.push({ name: now.name, kind: now.value === old.value ? 'same' : 'changed', before: old.value, after: now.value })
  }
  for (const [key, now] of b) if (!a.has(key)) rows.push({ name: now.name, kind: 'added', after: now.value })
  return rows
}

function groupHeaders(headers: readonly HeaderPair[]): Map<string, { name: string; value: string }> {
  const map = new Map<string, { name: string; value: string }>()
  for (const [name, value] of headers) {
    const key = name.toLowerCase()
    const seen = map.get(key)
    map.set(key, seen ? { name: seen.name, value: `${seen.value}, ${value}` } : { name, value })
  }
  return map
}

/**
 * Response bodies: structurally when both are JSON (so key order and whitespace do not count),
 * line by line otherwise (JSON pretty-printed first, the way the detail shows it).
 */
export function diffBodies(before: RecordedBody | undefined, after: RecordedBody | undefined): BodyDiff {
  if (!before && !after) return { kind: 'none' }
  const a = before?.body ?? ''
  const b = after?.body ?? ''
  const truncated = Boolean(before?.truncated || after?.truncated)
  const ja = parseJson(a)
  const jb = parseJson(b)
  if (ja.ok && jb.ok) {
    const changes = diffJson(ja.value, jb.value)
    return changes.length === 0 ? { kind: 'same', truncated } : { kind: 'json', changes, truncated }
  }
  if (a === b) return { kind: 'same', truncated }
  const lines = diffLines(ja.ok ? pretty(ja.value) : a, jb.ok ? pretty(jb.value) : b)
  return { kind: 'text', lines, truncated }
}

/** Both bodies line by line, alike lines included (JSON pretty-printed first): the "everything" view of a body. */
export function bodyLines(before: RecordedBody | undefined, after: RecordedBody | undefined): LineChange[] {
  const text = (side: RecordedBody | undefined) => {
    const parsed = parseJson(side?.body ?? '')
    return parsed.ok ? pretty(parsed.value) : (side?.body ?? '')
  }
  return diffLines(text(before), text(after))
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: false }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2)
const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] => typeof value === 'object' && value !== null

/** Changes between two JSON values, by path (microdiff for objects and arrays). */
export function diffJson(before: unknown, after: unknown): ValueChange[] {
  if (isContainer(before) && isContainer(after) && Array.isArray(before) === Array.isArray(after)) {
    return microdiff(before, after).map((d) => ({
      path: formatPath(d.path),
      kind: d.type === 'CREATE' ? 'added' : d.type === 'REMOVE' ? 'removed' : 'changed',
      before: d.type === 'CREATE' ? undefined : JSON.stringify(d.oldValue),
      after: d.type === 'REMOVE' ? undefined : JSON.stringify(d.value),
    }))
  }
  const a = JSON.stringify(before)
  const b = JSON.stringify(after)
  return a === b ? [] : [{ path: '(root)', kind: 'changed', before: a, after: b }]
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)'
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`
    else out += `[${JSON.stringify(key)}]`
  }
  return out
}

/** Above this many line pairs the middle of two texts is shown as removed then added, not aligned. */
const MAX_CELLS = 1_000_000

/** A line diff (longest common subsequence after trimming the common start and end). */
export function diffLines(before: string, after: string): LineChange[] {
  const a = before === '' ? [] : before.split('\n')
  const b = after === '' ? [] : after.split('\n')
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const head: LineChange[] = a.slice(0, start).map((text) => ({ kind: 'same', text }))
  const tail: LineChange[] = a.slice(endA).map((text) => ({ kind: 'same', text }))
  const midA = a.slice(start, endA)
  const midB = b.slice(start, endB)
  return [...head, ...alignMiddle(midA, midB), ...tail]
}

function alignMiddle(a: string[], b: string[]): LineChange[] {
  const removed = (text: string): LineChange => ({ kind: 'removed', text })
  const added = (text: string): LineChange => ({ kind: 'added', text })
  if (a.length === 0 || b.length === 0 || a.length * b.length > MAX_CELLS) return [...a.map(removed), ...b.map(added)]
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const width = b.length + 1
  const lcs = new Uint32Array((a.length + 1) * width)
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!)
    }
  }
  const out: LineChange[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i]! })
      i++
      j++
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) out.push(removed(a[i++]!))
    else out.push(added(b[j++]!))
  }
  return [...out, ...a.slice(i).map(removed), ...b.slice(j).map(added)]
}
