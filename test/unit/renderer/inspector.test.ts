import { describe, expect, it } from 'vitest'
import { type Attempt, Delivery } from '../../../src/shared/schemas/delivery'
import { STANDARD_WEBHOOKS_RULES } from '../../../src/shared/schemas/delivery-rules'
import type { Capture } from '../../../src/shared/schemas/receiver'
import { PRETTY_CAP_BYTES, decodeBody, presentBody } from '../../../src/renderer/src/components/body-format'
import { quote, requestToCurl, secretVariable } from '../../../src/renderer/src/views/inspector/curl'
import { captureSide, deliverySide } from '../../../src/renderer/src/views/inspector/exchange-sides'
import { deliveryFixture, fixtureFileName, fixtureText } from '../../../src/renderer/src/views/inspector/fixture'
import { hexDump, hexDumpText, hexRowBytesFor, hexRowChars } from '../../../src/renderer/src/components/hex-dump'
import { candidateLabel } from '../../../src/renderer/src/views/inspector/candidate-label'
import { tokenizeJson } from '../../../src/renderer/src/components/json-tokens'
import { signatureRows, verdictSentence } from '../../../src/renderer/src/views/inspector/signature-rows'
import { attemptTimings, formatDuration } from '../../../src/renderer/src/views/inspector/timings'
import { bodyLines, compareHeaders, diffExchanges } from '../../../src/renderer/src/views/inspector/attempt-diff'

describe('hexDump', () => {
  it('shows offset, 16 bytes in two groups of eight and their ASCII', () => {
    const bytes = new TextEncoder().encode('{"ok":true}\n\u0000\u00ffabcdefgh')
    const dump = hexDump(bytes)
    expect(dump.rows).toHaveLength(2)
    expect(dump.rows[0]).toEqual({ offset: '00000000', hex: '7b 22 6f 6b 22 3a 74 72  75 65 7d 0a 00 c3 bf 61', ascii: '{"ok":true}....a' })
    // A short last row is padded so the ASCII column lines up.
    expect(dump.rows[1]).toEqual({ offset: '00000010', hex: '62 63 64 65 66 67 68'.padEnd(48), ascii: 'bcdefgh' })
    expect(dump.rows[1]!.hex).toHaveLength(dump.rows[0]!.hex.length)
    expect(hexDumpText(dump).split('\n')[0]).toBe('00000000  7b 22 6f 6b 22 3a 74 72  75 65 7d 0a 00 c3 bf 61  |{"ok":true}....a|')
  })

  it('stops at the cap and says how much is left out', () => {
    const dump = hexDump(new Uint8Array(100), 32)
    expect(dump).toMatchObject({ shownBytes: 32, totalBytes: 100 })
    expect(dump.rows).toHaveLength(2)
    expect(hexDumpText(dump).split('\n').at(-1)).toBe('… 68 more bytes not shown')
    expect(hexDump(new Uint8Array(0)).rows).toEqual([])
  })

  it('narrows to 8 bytes a row where 16 would push the ASCII column out of sight', () => {
    const bytes = new TextEncoder().encode('{"ok":true}\n')
    const narrow = hexDump(bytes, undefined, 8)
    expect(narrow.rows.map((r) => [r.offset, r.hex, r.ascii])).toEqual([
      ['00000000', '7b 22 6f 6b 22 3a 74 72', '{"ok":tr'],
      ['00000008', '75 65 7d 0a            ', 'ue}.'],
    ])
    const wide = hexDumpText(hexDump(new TextEncoder().encode('{"ok":true,"n":123456789}'))).split('\n')[0]!
    expect(wide.replace(/\|/g, '').length).toBe(hexRowChars(16))
    expect(`${narrow.rows[0]!.offset}  ${narrow.rows[0]!.hex}  ${narrow.rows[0]!.ascii}`.length).toBe(hexRowChars(8))
    expect(hexRowBytesFor(hexRowChars(16))).toBe(16)
    expect(hexRowBytesFor(hexRowChars(16) - 1)).toBe(8)
  })
})

describe('tokenizeJson', () => {
  it('colours keys, strings, numbers and literals and keeps every character', () => {
    const text = JSON.stringify({ id: 'a "quoted" \\ one', n: -1.5e3, ok: true, none: null, list: [1, 'x:'] }, null, 2)
    const tokens = tokenizeJson(text)
    expect(tokens.map((t) => t.text).join('')).toBe(text)
    const kindOf = (piece: string) => tokens.find((t) => t.text === piece)?.kind
    expect(kindOf('"id"')).toBe('key')
    expect(kindOf('"a \\"quoted\\" \\\\ one"')).toBe('string')
    expect(kindOf('-1500')).toBe('number')
    expect(kindOf('true')).toBe('literal')
    expect(kindOf('null')).toBe('literal')
    // A string that contains a colon is not a key.
    expect(kindOf('"x:"')).toBe('string')
  })

  it('keeps text that is not JSON too', () => {
    expect(tokenizeJson('{"a": @}').map((t) => t.text).join('')).toBe('{"a": @}')
  })
})

describe('presentBody', () => {
  const text = (t: string) => decodeBody({ text: t })
  it('pretty-prints JSON, shows other text as it is, and binary in hex', () => {
    expect(presentBody(text('{"a":1}'), 'pretty')).toEqual({ mode: 'pretty', pretty: '{\n  "a": 1\n}' })
    expect(presentBody(text('plain'), 'pretty')).toEqual({ mode: 'raw' })
    expect(presentBody(text('{"a":1}'), 'raw')).toEqual({ mode: 'raw' })
    const binary = decodeBody({ base64: btoa(String.fromCharCode(0, 1, 255)) })
    expect(binary.text).toBeUndefined()
    expect(presentBody(binary, 'pretty')).toEqual({ mode: 'hex', note: 'Binary body: shown in hex.' })
    expect(presentBody(binary, 'hex')).toEqual({ mode: 'hex' })
  })

  it('does not pretty-print a body over the cap, and says so', () => {
    const big = text(JSON.stringify({ data: 'x'.repeat(PRETTY_CAP_BYTES) }))
    expect(presentBody(big, 'pretty')).toEqual({ mode: 'raw', note: 'Pretty view is off above 100 KB (this body is 100 KB): shown as raw text.' })
    expect(presentBody(text(JSON.stringify({ data: 'x'.repeat(PRETTY_CAP_BYTES - 20) })), 'pretty').mode).toBe('pretty')
  })

  it('decodes base64 bodies as UTF-8', () => {
    const body = decodeBody({ base64: btoa(String.fromCharCode(...new TextEncoder().encode('héllo'))) })
    expect(body).toMatchObject({ text: 'héllo' })
    expect(body.bytes).toHaveLength(6)
  })
})

describe('requestToCurl', () => {
  const base = { method: 'POST', url: 'http://127.0.0.1:4781/r/inbox', body: '{"msg":"it\'s done"}', secretHeaders: [], includeSecrets: false }

  it('quotes every header and the body for a POSIX shell, and keeps curl from adding its own headers', () => {
    const command = requestToCurl({ ...base, headers: [['Content-Type', 'application/json'], ['webhook-id', 'msg_1']] })
    expect(command).toBe(
      [
        "curl -X POST 'http://127.0.0.1:4781/r/inbox'",
        "-H 'Content-Type: application/json'",
        "-H 'webhook-id: msg_1'",
        "-H 'Accept:'",
        "-H 'User-Agent:'",
        `--data-raw '{"msg":"it'\\''s done"}'`,
      ].join(' \\\n  '),
    )
    expect(quote("a'b")).toBe(`'a'\\''b'`)
  })

  it('puts a plain secret in a shell variable, with a comment, unless asked to include it', () => {
    const headers: [string, string][] = [['Content-Type', 'application/json'], ['Qovery-Secret', 's3cr3t $(rm -rf)'], ['x-application-key', 'k3y']]
    const request = { ...base, headers, secretHeaders: ['qovery-secret', 'X-Application-Key'] }
    const hidden = requestToCurl(request)
    expect(hidden).not.toContain('s3cr3t')
    expect(hidden).not.toContain('k3y')
    expect(hidden.split('\n').slice(0, 2)).toEqual([
      "# Qovery-Secret carries the subscription's secret: set QOVERY_SECRET before running (kept out of the clipboard).",
      "# x-application-key carries the subscription's secret: set X_APPLICATION_KEY before running (kept out of the clipboard).",
    ])
    expect(hidden).toContain(`-H 'Qovery-Secret: '"$QOVERY_SECRET"`)
    expect(hidden).toContain(`-H 'x-application-key: '"$X_APPLICATION_KEY"`)
    const shown = requestToCurl({ ...request, includeSecrets: true })
    expect(shown).toContain(`-H 'Qovery-Secret: s3cr3t $(rm -rf)'`)
    expect(shown).not.toContain('#')
  })

  it('sends a body with control characters through base64, byte for byte', () => {
    const command = requestToCurl({ ...base, headers: [['Content-Type', 'text/plain']], body: 'a\u0001é' })
    expect(command.startsWith(`printf %s 'YQHDqQ==' | base64 -d | curl -X POST`)).toBe(true)
    expect(command.endsWith('--data-binary @-')).toBe(true)
  })

  it('leaves out headers curl computes and names variables the shell accepts', () => {
    const command = requestToCurl({ ...base, body: '', headers: [['Host', 'x'], ['Content-Length', '3'], ['Accept', '*/*'], ['User-Agent', 'Go-http-client/1.1']] })
    expect(command).toBe(["curl -X POST 'http://127.0.0.1:4781/r/inbox'", "-H 'Accept: */*'", "-H 'User-Agent: Go-http-client/1.1'"].join(' \\\n  '))
    expect(secretVariable('X-Application-Key')).toBe('X_APPLICATION_KEY')
    expect(secretVariable('1-key')).toBe('_1_KEY')
  })
})

const attempt = (n: number, changes: Partial<Attempt> = {}): Attempt => ({
  n,
  series: 0,
  startedAt: '2025-01-01T00:00:00.000Z',
  durationMs: 100,
  url: 'http://127.0.0.1/r/inbox',
  headers: [['Content-Type', 'application/json']],
  outcome: 'delivered',
  ...changes,
})

function delivery(changes: Partial<Delivery> = {}): Delivery {
  return Delivery.parse({
    id: 'msg_1',
    seq: 1,
    eventId: 'evt_1',
    subscriptionId: 'sub_1',
    subscriptionName: 'Qovery',
    provider: 'qovery',
    event: 'DEPLOYMENT_FAILURE',
    url: 'http://127.0.0.1/r/inbox',
    body: '{"status":"failed","n":1}',
    headers: [['Content-Type', 'application/json']],
    signing: { scheme: 'native', secret: 's3cr3t' },
    retry: { preset: 'standard-webhooks' },
    timeoutMs: 10_000,
    secretHeaders: ['Qovery-Secret'],
    rules: STANDARD_WEBHOOKS_RULES,
    status: 'delivered',
    series: 0,
    attempts: [attempt(1, { headers: [['Content-Type', 'application/json'], ['Qovery-Secret', 's3cr3t']] })],
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...changes,
  })
}

describe('deliveryFixture', () => {
  it('has provider, event, the attempt headers and the payload, with secrets as placeholders', () => {
    const d = delivery()
    const fixture = deliveryFixture(d, d.attempts[0], { includeSecrets: false })
    expect(fixture).toEqual({
      provider: 'qovery',
      event: 'DEPLOYMENT_FAILURE',
      deliveryId: 'msg_1',
      headers: [['Content-Type', 'application/json'], ['Qovery-Secret', '$QOVERY_SECRET']],
      body: { status: 'failed', n: 1 },
      rawBody: '{"status":"failed","n":1}',
    })
    expect(deliveryFixture(d, d.attempts[0], { includeSecrets: true }).headers[1]).toEqual(['Qovery-Secret', 's3cr3t'])
    // The delivery itself is left as it was.
    expect(d.attempts[0]!.headers[1]).toEqual(['Qovery-Secret', 's3cr3t'])
  })

  it('is written like the CLI writes fixtures, under a file name that is safe', () => {
    const fixture = deliveryFixture(delivery({ body: 'not json' }), undefined, { includeSecrets: false })
    expect(fixture.body).toBe('not json')
    expect(fixtureText(fixture)).toBe(`${JSON.stringify(fixture, null, 2)}\n`)
    expect(fixtureFileName({ provider: 'generic', event: 'build/finished v2' })).toBe('generic-build_finished_v2.json')
  })
})

describe('attemptTimings', () => {
  it('gives each attempt its start, duration, the backoff before it and when the next was due', () => {
    const attempts = [
      attempt(1, { outcome: 'retry', retryInMs: 5000 }),
      attempt(2, { startedAt: '2025-01-01T00:00:05.300Z', durationMs: 50, outcome: 'retry', retryInMs: 300_000 }),
    ]
    const dueAt = Date.parse('2025-01-01T00:01:20.000Z')
    const timings = attemptTimings({ attempts, status: 'retrying', dueAt })
    expect(timings[0]).toEqual({ startedAt: attempts[0]!.startedAt, durationMs: 100, nextAt: '2025-01-01T00:00:05.100Z', nextPending: false })
    expect(timings[1]).toEqual({ startedAt: attempts[1]!.startedAt, durationMs: 50, plannedWaitMs: 5000, waitedMs: 5200, nextAt: '2025-01-01T00:01:20.000Z', nextPending: true })
  })

  it('does not count the gap before a redelivery as a backoff', () => {
    const timings = attemptTimings({ attempts: [attempt(1), attempt(1, { series: 1, startedAt: '2025-01-02T00:00:00.000Z' })], status: 'delivered' })
    expect(timings[1]).toEqual({ startedAt: '2025-01-02T00:00:00.000Z', durationMs: 100, nextPending: false })
  })

  it('formats durations for people', () => {
    expect([850, 4200, 125_000, 3_780_000].map(formatDuration)).toEqual(['850 ms', '4.2 s', '2 min 5 s', '1 h 3 min'])
  })
})

describe('comparing two requests', () => {
  const capture = (changes: Partial<Capture> = {}): Capture => ({
    id: 'cap_1',
    endpoint: 'inbox',
    receivedAt: '2025-01-01T00:00:00.000Z',
    method: 'POST',
    path: '',
    query: '',
    headers: [['Host', '127.0.0.1:4781'], ['Content-Type', 'application/json'], ['Qovery-Secret', 's3cr3t'], ['Content-Length', '25']],
    bodyBase64: btoa('{"status":"failed","n":1}'),
    size: 25,
    remoteAddress: '127.0.0.1',
    durationMs: 1,
    outcome: 'answered',
    ...changes,
  })

  it('finds the same body and the headers the receiver side adds between a delivery and its capture', () => {
    const d = delivery({ attempts: [attempt(1, { headers: [['Content-Type', 'application/json'], ['Qovery-Secret', 's3cr3t']], response: { status: 200, headers: [], body: '', bodyBytes: 0, truncated: false } })] })
    const diff = diffExchanges(deliverySide(d), captureSide(capture({ response: { status: 200, headers: [], body: '' } })))
    expect(diff.requestBody).toEqual({ kind: 'same', truncated: false })
    expect(diff.requestHeaders).toEqual([
      { name: 'Host', kind: 'added', after: '127.0.0.1:4781' },
      { name: 'Content-Length', kind: 'added', after: '25' },
    ])
    expect(diff.status.changed).toBe(false)
  })

  it('finds the changed field between two deliveries', () => {
    const diff = diffExchanges(deliverySide(delivery()), deliverySide(delivery({ id: 'msg_2', body: '{"status":"failed","n":2}' })))
    expect(diff.requestBody).toEqual({ kind: 'json', truncated: false, changes: [{ path: 'n', kind: 'changed', before: '1', after: '2' }] })
    expect(diff.same).toBe(false)
  })

  it('lists alike headers too for the "everything" view, and alike body lines', () => {
    expect(compareHeaders([['A', '1'], ['B', '2']], [['a', '1'], ['B', '3']])).toEqual([
      { name: 'a', kind: 'same', before: '1', after: '1' },
      { name: 'B', kind: 'changed', before: '2', after: '3' },
    ])
    expect(bodyLines({ body: '{"a":1,"b":2}' }, { body: '{"a":1,"b":3}' })).toEqual([
      { kind: 'same', text: '{' },
      { kind: 'same', text: '  "a": 1,' },
      { kind: 'removed', text: '  "b": 2' },
      { kind: 'added', text: '  "b": 3' },
      { kind: 'same', text: '}' },
    ])
  })

  it('says when a delivery was never sent', () => {
    expect(deliverySide(delivery({ attempts: [], status: 'held' })).status).toBe('not sent (held)')
  })
})

describe('signatureRows', () => {
  const verdict = (expected: string[], received: string[]) => ({ scheme: 'stripe' as const, valid: false, reason: 'wrong_secret' as const, message: 'x', expected, received })
  it('puts a matching received signature beside its secret, and the rest in the free cells', () => {
    const secrets = [
      { role: 'current' as const, fingerprint: 'aaaa' },
      { role: 'previous' as const, fingerprint: 'bbbb' },
    ]
    expect(signatureRows(verdict(['e1', 'e2'], ['zz', 'e2']), secrets)).toEqual([
      { secret: 'current secret · aaaa', expected: 'e1', received: 'zz', matches: false },
      { secret: 'previous secret · bbbb', expected: 'e2', received: 'e2', matches: true },
    ])
  })

  it('names secrets by position when only positions are known, and keeps extra received values', () => {
    expect(signatureRows(verdict(['e1'], ['r1', 'r2']))).toEqual([
      { secret: 'secret 1 (newest)', expected: 'e1', received: 'r1', matches: false },
      { received: 'r2', matches: false },
    ])
    expect(verdictSentence({ ...verdict([], []), valid: true, reason: 'valid', message: 'signed with the current secret' })).toBe('Valid: signed with the current secret.')
  })
})

describe('the Compare with picker', () => {
  it('labels a delivery by when, what, how it ended and where it went, not by its id', () => {
    const label = candidateLabel({ createdAt: '2026-01-05T10:00:00.000Z', provider: 'divshot', event: 'release', status: 'failed', lastStatus: 503, attemptCount: 3, subscriptionName: 'Prod hook' })
    expect(label).toMatch(/ · divshot release · failed 503, 3 attempts · Prod hook$/)
    expect(label).not.toContain('msg_')
    expect(candidateLabel({ createdAt: '2026-01-05T10:00:00.000Z', provider: 'qovery', event: 'DEPLOYMENT_STARTED', status: 'failed', lastError: 'connection_refused', attemptCount: 1, subscriptionName: 'x' })).toMatch(/failed \(connection refused\) · x$/)
  })
})
