import type { SeededRandom } from '../../../src/shared/core/seeded-random'

/** A request body as bytes, with what it is for the report. */
export interface HostileBody {
  label: string
  body: Buffer
  /** The JSON value it parses to, when it parses. */
  value?: unknown
  /** Malformed on purpose: must never be accepted. */
  malformed?: boolean
}

export const TEN_MB = 10 * 1024 * 1024

/** `depth` nested arrays around a number, built without recursion. */
export function deepArray(depth: number): string {
  return `${'['.repeat(depth)}1${']'.repeat(depth)}`
}

/** `depth` nested objects `{"a":{"a":...}}`. */
export function deepObject(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
}

const MALFORMED = ['{nope', '{"a":', '[', '"unterminated', '{"a":1}}', '{"a":1,}', "{'a':1}", '{"a":NaN}', '\u0000', '{"a":1}\u0000garbage', '']

/** Bodies every method must refuse or take in stride, whatever its schema. */
export function genericBodies(): HostileBody[] {
  const bodies: HostileBody[] = MALFORMED.map((text, i) => ({ label: `malformed JSON #${i}`, body: Buffer.from(text), malformed: true }))
  for (const value of [[], 42, 'text', true, [{}], { '': 1 }]) bodies.push(json(`wrong root ${JSON.stringify(value)}`, value))
  bodies.push(raw('__proto__ key', '{"__proto__":{"polluted":true}}'))
  bodies.push(raw('constructor.prototype key', '{"constructor":{"prototype":{"polluted":true}}}'))
  bodies.push(raw('nested __proto__', '{"a":{"b":{"__proto__":{"polluted":true}}}}'))
  bodies.push(raw('10k-deep arrays', `{"a":${deepArray(10_000)}}`))
  bodies.push(raw('10k-deep objects', deepObject(10_000)))
  bodies.push({ label: 'invalid UTF-8', body: Buffer.concat([Buffer.from('{"id":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from('"}')]) })
  bodies.push(json('NUL in a string', { id: 'a\u0000b', name: '\u0000' }))
  bodies.push(json('lone surrogates', { id: '\ud800', name: '\udfff' }))
  return bodies
}

/**
 * Bodies aimed at one method's own fields: each field in turn given a wrong type, a NUL, a
 * 10 MB string, deep nesting or a prototype key; seeded, so a failure is replayed exactly.
 */
export function fieldBodies(keys: string[], random: SeededRandom): HostileBody[] {
  const bodies: HostileBody[] = []
  for (const key of keys) {
    const wrong = random.pick<unknown>([12345, -1, 1e308, true, [], [1, 'x'], { x: 1 }, 'not-a-thing', null])
    bodies.push(json(`${key}: wrong type ${JSON.stringify(wrong)}`, { [key]: wrong }))
    bodies.push(json(`${key}: NUL`, { [key]: `x\u0000y` }))
    bodies.push(raw(`${key}: 10k-deep`, `{"${key}":${random.next() < 0.5 ? deepArray(10_000) : deepObject(10_000)}}`))
    bodies.push(raw(`${key}: __proto__ inside`, `{"${key}":{"__proto__":{"polluted":true}}}`))
  }
  // One near-limit string per method: parsed, then refused by the schema (or the handler).
  const key = keys.length > 0 ? random.pick(keys) : 'x'
  bodies.push(raw(`${key}: 10 MB string`, `{"${key}":"${'x'.repeat(TEN_MB - key.length - 100)}"}`))
  bodies.push(raw('body over 10 MB', `{"${key}":"${'x'.repeat(TEN_MB + 10)}"}`))
  return bodies
}

function json(label: string, value: unknown): HostileBody {
  return { label, body: Buffer.from(JSON.stringify(value)), value }
}

function raw(label: string, text: string): HostileBody {
  return { label, body: Buffer.from(text) }
}
