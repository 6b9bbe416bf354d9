import { describe, expect, it } from 'vitest'
import type { Attempt } from '../../../src/shared/schemas/delivery'
import {
  attemptLabel,
  defaultPair,
  diffAttempts,
  diffBodies,
  diffHeaders,
  diffJson,
  diffLines,
  formatPath,
} from '../../../src/renderer/src/views/inspector/attempt-diff'

function attempt(n: number, changes: Partial<Attempt> = {}): Attempt {
  return {
    n,
    series: 0,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 5,
    url: 'http://127.0.0.1/r/inbox',
    headers: [['Content-Type', 'application/json']],
    outcome: 'delivered',
    ...changes,
  }
}

const response = (status: number, body = '', headers: [string, string][] = []) => ({ status, headers, body, bodyBytes: body.length, truncated: false })

describe('defaultPair', () => {
  it('picks the first failed attempt and the last one', () => {
    const attempts = [attempt(1, { outcome: 'delivered' }), attempt(2, { outcome: 'retry' }), attempt(3, { outcome: 'retry' }), attempt(4)]
    expect(defaultPair(attempts)).toEqual([1, 3])
  })

  it('falls back to the first attempt when none failed or only the last did', () => {
    expect(defaultPair([attempt(1), attempt(2)])).toEqual([0, 1])
    expect(defaultPair([attempt(1), attempt(2, { outcome: 'failed' })])).toEqual([0, 1])
  })

  it('has nothing to compare below two attempts', () => {
    expect(defaultPair([])).toBeUndefined()
    expect(defaultPair([attempt(1)])).toBeUndefined()
  })
})

describe('diffHeaders', () => {
  it('lists changed, removed and added headers, by name regardless of case', () => {
    const before: [string, string][] = [
      ['webhook-timestamp', '100'],
      ['Content-Type', 'application/json'],
      ['X-Old', 'a'],
    ]
    const after: [string, string][] = [
      ['content-type', 'application/json'],
      ['webhook-timestamp', '101'],
      ['X-New', 'b'],
    ]
    expect(diffHeaders(before, after)).toEqual([
      { name: 'webhook-timestamp', kind: 'changed', before: '100', after: '101' },
      { name: 'X-Old', kind: 'removed', before: 'a' },
      { name: 'X-New', kind: 'added', after: 'b' },
    ])
  })

  it('compares a repeated header as its values in order', () => {
    expect(diffHeaders([['Set-Cookie', 'a'], ['Set-Cookie', 'b']], [['set-cookie', 'a'], ['set-cookie', 'b']])).toEqual([])
    expect(diffHeaders([['Vary', 'a'], ['Vary', 'b']], [['Vary', 'b'], ['Vary', 'a']])).toEqual([{ name: 'Vary', kind: 'changed', before: 'a, b', after: 'b, a' }])
  })
})

describe('diffJson', () => {
  it('compares structurally: key order and whitespace do not count', () => {
    expect(diffJson(JSON.parse('{"a":1,"b":[1,2]}'), JSON.parse('{ "b": [1, 2], "a": 1 }'))).toEqual([])
  })

  it('reports each change with its path', () => {
    expect(diffJson({ ok: false, error: { code: 'busy' }, items: [1] }, { ok: true, items: [1, 2], 'retry-at': null })).toEqual([
      { path: 'ok', kind: 'changed', before: 'false', after: 'true' },
      { path: 'error', kind: 'removed', before: '{"code":"busy"}' },
      { path: 'items[1]', kind: 'added', after: '2' },
      { path: '["retry-at"]', kind: 'added', after: 'null' },
    ])
  })

  it('treats a change of type at the root as one change', () => {
    expect(diffJson({ a: 1 }, [1])).toEqual([{ path: '(root)', kind: 'changed', before: '{"a":1}', after: '[1]' }])
    expect(diffJson('x', 'y')).toEqual([{ path: '(root)', kind: 'changed', before: '"x"', after: '"y"' }])
    expect(diffJson(3, 3)).toEqual([])
  })

  it('formats paths', () => {
    expect(formatPath([])).toBe('(root)')
    expect(formatPath(['data', 'items', 0, 'id'])).toBe('data.items[0].id')
    expect(formatPath([0, 'a b'])).toBe('[0]["a b"]')
  })
})

describe('diffLines', () => {
  it('keeps common lines and marks the rest', () => {
    expect(diffLines('a\nb\nc\nd', 'a\nx\nc\nd\ne')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'c' },
      { kind: 'same', text: 'd' },
      { kind: 'added', text: 'e' },
    ])
  })

  it('handles empty texts', () => {
    expect(diffLines('', 'a')).toEqual([{ kind: 'added', text: 'a' }])
    expect(diffLines('a', '')).toEqual([{ kind: 'removed', text: 'a' }])
    expect(diffLines('', '')).toEqual([])
  })

  it('aligns lines moved around others', () => {
    const lines = diffLines('1\n2\n3\n4\n5', '1\n3\n4\n2\n5')
    expect(lines.filter((l) => l.kind !== 'same')).toHaveLength(2)
    expect(lines.filter((l) => l.kind === 'same').map((l) => l.text)).toEqual(['1', '3', '4', '5'])
  })
})

describe('diffBodies', () => {
  it('compares JSON bodies structurally and text bodies line by line', () => {
    expect(diffBodies(response(503, '{"ok":false}'), response(200, '{"ok":true}'))).toEqual({
      kind: 'json',
      truncated: false,
      changes: [{ path: 'ok', kind: 'changed', before: 'false', after: 'true' }],
    })
    expect(diffBodies(response(503, 'Service Unavailable'), response(200, '{"ok":true}'))).toEqual({
      kind: 'text',
      truncated: false,
      lines: [
        { kind: 'removed', text: 'Service Unavailable' },
        { kind: 'added', text: '{' },
        { kind: 'added', text: '  "ok": true' },
        { kind: 'added', text: '}' },
      ],
    })
    expect(diffBodies(response(200, 'same'), response(200, 'same'))).toEqual({ kind: 'same', truncated: false })
    expect(diffBodies(undefined, undefined)).toEqual({ kind: 'none' })
  })

  it('says when a body was cut at 4 KB', () => {
    expect(diffBodies({ ...response(200, 'a'), truncated: true }, response(200, 'b'))).toMatchObject({ kind: 'text', truncated: true })
  })
})

describe('diffAttempts', () => {
  it('shows a retry that succeeded: new signature and timestamp, 503 → 200, another body', () => {
    const first = attempt(1, {
      outcome: 'retry',
      headers: [
        ['webhook-id', 'msg_1'],
        ['webhook-timestamp', '1700000000'],
        ['webhook-signature', 'v1,aaa'],
      ],
      response: response(503, 'Service Unavailable', [['Content-Type', 'text/plain']]),
    })
    const second = attempt(2, {
      headers: [
        ['webhook-id', 'msg_1'],
        ['webhook-timestamp', '1700000030'],
        ['webhook-signature', 'v1,bbb'],
      ],
      response: response(200, '{"ok":true}', [['Content-Type', 'application/json']]),
    })
    const diff = diffAttempts(first, second)
    expect(diff.status).toEqual({ before: '503', after: '200', changed: true })
    expect(diff.requestHeaders.map((h) => h.name)).toEqual(['webhook-timestamp', 'webhook-signature'])
    expect(diff.responseHeaders).toEqual([{ name: 'Content-Type', kind: 'changed', before: 'text/plain', after: 'application/json' }])
    expect(diff.body.kind).toBe('text')
    expect(diff.same).toBe(false)
  })

  it('compares an attempt without a response by its error', () => {
    const timedOut = attempt(1, { outcome: 'retry', error: { class: 'timeout', message: 'no answer in 15 s' } })
    const diff = diffAttempts(timedOut, attempt(2, { response: response(200, 'ok') }))
    expect(diff.status).toEqual({ before: 'no response (timeout)', after: '200', changed: true })
    expect(diff.body).toEqual({ kind: 'text', truncated: false, lines: [{ kind: 'added', text: 'ok' }] })
    expect(attemptLabel(timedOut)).toBe('Attempt 1 · no response (timeout)')
    expect(attemptLabel(attempt(1, { series: 2, response: response(200) }))).toBe('Attempt 1 (redelivery 2) · 200')
  })

  it('finds nothing between identical attempts', () => {
    const a = attempt(1, { response: response(200, '{"a":1}') })
    expect(diffAttempts(a, { ...a, n: 2 }).same).toBe(true)
  })
})
