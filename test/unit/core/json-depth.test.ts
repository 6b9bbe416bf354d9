import { describe, expect, it } from 'vitest'
import { MAX_JSON_DEPTH, jsonDepth, jsonTextDepth } from '../../../src/shared/core/json-depth'

/** `{"a":{"a":…1}}` nested `levels` deep, built without recursion. */
function nested(levels: number): unknown {
  let value: unknown = 1
  for (let i = 0; i < levels; i++) value = i % 2 ? { a: value } : [value]
  return value
}

describe('jsonDepth', () => {
  it('counts objects and arrays, not scalars', () => {
    expect([jsonDepth('x'), jsonDepth(null), jsonDepth({}), jsonDepth([[], { a: [1] }])]).toEqual([0, 0, 1, 3])
    expect(jsonDepth(nested(MAX_JSON_DEPTH))).toBe(MAX_JSON_DEPTH)
  })

  it('stops one past the limit, at any depth and on a value containing itself', () => {
    expect(jsonDepth(nested(100_000))).toBe(MAX_JSON_DEPTH + 1)
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(jsonDepth(cyclic)).toBe(MAX_JSON_DEPTH + 1)
  })
})

describe('jsonTextDepth', () => {
  it('counts brackets outside strings, escapes included', () => {
    expect(jsonTextDepth('{"a":[1,{"b":"[[[{{{"}]}')).toBe(3)
    expect(jsonTextDepth('{"a":"\\"[[["}')).toBe(1)
    expect(jsonTextDepth('"just text"')).toBe(0)
  })

  it('agrees with jsonDepth on what JSON.stringify writes', () => {
    const value = nested(40)
    expect(jsonTextDepth(JSON.stringify(value))).toBe(jsonDepth(value))
  })

  it('stops one past the limit on thousands of levels', () => {
    expect(jsonTextDepth('['.repeat(200_000) + ']'.repeat(200_000))).toBe(MAX_JSON_DEPTH + 1)
  })
})
