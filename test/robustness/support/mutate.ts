import type { SeededRandom } from '../../../src/shared/core/seeded-random'
import { deepArray, deepObject } from './hostile-json'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Path = Array<string | number>

/** Every place in a JSON value a mutation can land: the root, each key and each item, depth first. */
function pathsOf(value: Json, path: Path = [], out: Path[] = []): Path[] {
  out.push(path)
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...path, i], out))
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) pathsOf(item, [...path, key], out)
  return out
}

/** Hostile values as JSON text, spliced in where a field was (text, so deep nesting costs no recursion). */
const HOSTILE: Array<(random: SeededRandom) => string> = [
  () => deepObject(5_000),
  () => deepArray(10_000),
  () => '"x\\u0000y"',
  () => '"\\ud800"',
  () => `"${'é'.repeat(200_000)}"`,
  () => '{"__proto__":{"polluted":true}}',
  () => '{"constructor":{"prototype":{"polluted":true}}}',
  () => '-1',
  () => '1e308',
  () => '0.5',
  () => 'null',
  () => 'true',
  () => '[]',
  () => '{}',
  () => '""',
  () => '"../../../etc/passwd"',
  () => '"http://169.254.169.254/latest"',
  (r) => `"${'A'.repeat(r.int(1_000, 100_000))}"`,
  (r) => String(r.int(-(2 ** 31), 2 ** 31)),
]

/** The JSON text of `value` with the value at `path` replaced by `replacement` (raw JSON text). */
function spliceAt(value: Json, path: Path, replacement: string): string {
  if (path.length === 0) return replacement
  const [head, ...rest] = path
  if (Array.isArray(value)) return `[${value.map((item, i) => (i === head ? spliceAt(item, rest, replacement) : JSON.stringify(item))).join(',')}]`
  const entries = Object.entries(value as Record<string, Json>)
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${key === head ? spliceAt(item, rest, replacement) : JSON.stringify(item)}`).join(',')}}`
}

/** Every field of a valid input in turn made 5,000 levels deep, then a NUL string: exhaustive, not sampled. */
export function everyFieldHostile(valid: unknown): Array<{ label: string; body: Buffer }> {
  const base = JSON.parse(JSON.stringify(valid)) as Json
  return pathsOf(base)
    .filter((path) => path.length > 0)
    .flatMap((path) => [
      { label: `${path.join('.')} = 5,000-deep object`, body: Buffer.from(spliceAt(base, path, deepObject(5_000))) },
      { label: `${path.join('.')} = "x\u0000y"`, body: Buffer.from(spliceAt(base, path, '"x\u0000y"')) },
    ])
}

/** `count` seeded mutations of one valid input: a field replaced by a hostile value, or a hostile key added. */
export function mutations(valid: unknown, count: number, random: SeededRandom): Array<{ label: string; body: Buffer }> {
  const base = JSON.parse(JSON.stringify(valid)) as Json
  const paths = pathsOf(base)
  const out: Array<{ label: string; body: Buffer }> = []
  for (let i = 0; i < count; i++) {
    const path = random.pick(paths)
    const hostile = random.pick(HOSTILE)(random)
    const where = path.length === 0 ? '(root)' : path.join('.')
    const shown = hostile.length > 40 ? `${hostile.slice(0, 20)}…(${hostile.length} chars)` : hostile
    if (random.next() < 0.2 && path.length > 0) {
      const parentPath = path.slice(0, -1)
      const parent = parentPath.reduce<Json>((v, key) => (v as Record<string, Json>)[key as string] as Json, base)
      if (parent && typeof parent === 'object' && !Array.isArray(parent)) {
        const key = random.pick(['__proto__', 'constructor', 'prototype', 'x\u0000', ''])
        const text = JSON.stringify(parent).replace(/^\{/, `{${JSON.stringify(key)}:${hostile}${Object.keys(parent).length > 0 ? ',' : ''}`)
        out.push({ label: `key ${JSON.stringify(key)} = ${shown} in ${parentPath.join('.') || '(root)'}`, body: Buffer.from(spliceAt(base, parentPath, text)) })
        continue
      }
    }
    out.push({ label: `${where} = ${shown}`, body: Buffer.from(spliceAt(base, path, hostile)) })
  }
  return out
}
