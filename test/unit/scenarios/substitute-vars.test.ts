import { describe, expect, it } from 'vitest'
import { substituteVars } from '../../../src/shared/schemas/scenario-vars'

describe('substituteVars', () => {
  it('replaces ${name} in every string value with the variable text, keys untouched', () => {
    const raw = { url: '${host}/hooks', list: ['v${n}', 3, true, null], '${host}': { flag: '${on}' } }
    expect(substituteVars(raw, { host: 'http://127.0.0.1:3000', n: 2, on: false })).toEqual({
      ok: true,
      value: { url: 'http://127.0.0.1:3000/hooks', list: ['v2', 3, true, null], '${host}': { flag: 'false' } },
    })
  })

  it('$${ is a literal ${', () => {
    expect(substituteVars({ a: 'cost: $${price}, ${x}' }, { x: 'y' })).toEqual({ ok: true, value: { a: 'cost: ${price}, y' } })
  })

  it('names the path of every unknown variable, with a suggestion when one is close', () => {
    const result = substituteVars({ subscriptions: [{ url: '${hots}/x' }], steps: [{ set: { 'a.b': '${nope}' } }] }, { host: 'h' })
    expect(result).toMatchObject({
      ok: false,
      problems: [
        { path: ['subscriptions', 0, 'url'], message: 'unknown variable "hots"; did you mean "host"?' },
        { path: ['steps', 0, 'set', 'a.b'], message: 'unknown variable "nope"; define it under vars or pass --var nope=...' },
      ],
    })
    expect(result.value).toEqual({ subscriptions: [{ url: '${hots}/x' }], steps: [{ set: { 'a.b': '${nope}' } }] })
  })

  it('a malformed reference is a problem', () => {
    expect(substituteVars({ a: '${not a name}' }, {})).toMatchObject({ ok: false, problems: [{ path: ['a'], message: expect.stringContaining('not a variable reference') }] })
  })
})
