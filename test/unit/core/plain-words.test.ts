import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import '../../../src/shared/plain-words'

const Thing = z.object({
  name: z.string().min(1).max(5),
  count: z.number().int().min(1).max(10),
  tags: z.array(z.string()).min(1).max(2),
  kind: z.enum(['a', 'b']),
  version: z.literal(1),
  ratio: z.number().lt(1).optional(),
  own: z.number().max(3, 'keep at most 3 (the reason)').optional(),
  retry: z.discriminatedUnion('preset', [z.object({ preset: z.literal('none') }), z.object({ preset: z.literal('fixed') })]).optional(),
})

const messages = (value: unknown) => {
  const parsed = Thing.safeParse(value)
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
}

const VALID = { name: 'ok', count: 2, tags: ['x'], kind: 'a', version: 1 }

describe('zod issues in plain words, for every schema', () => {
  it('says what was given and the limit, for numbers, texts and lists', () => {
    expect(messages({ ...VALID, name: 'toolong', count: 11, tags: ['x', 'y', 'z'] })).toEqual([
      'name: is 7 characters long: at most 5 characters',
      'count: 11 is too big: at most 10',
      'tags: has 3 items: at most 2 items',
    ])
    expect(messages({ ...VALID, name: '', count: 0, tags: [], ratio: 1 })).toEqual([
      'name: is empty: at least 1 character',
      'count: 0 is too small: at least 1',
      'tags: is empty: at least 1 item',
      'ratio: 1 is too big: less than 1',
    ])
  })

  it('names the expected kind, the allowed values and what is missing', () => {
    expect(messages({ ...VALID, count: 2.5, kind: 'c', version: 2, name: 7 })).toEqual([
      'name: is a number, not a string',
      'count: 2.5 is not a whole number: write one without a fraction',
      'kind: "c" is not one of "a", "b"',
      'version: 2 is not allowed here: write 1',
    ])
    expect(messages({ tags: ['x'] })).toEqual([
      'name: is required (a string)',
      'count: is required (a number)',
      'kind: is required (one of "a", "b")',
      'version: is required (write 1)',
    ])
  })

  it('names the tags of a tagged union', () => {
    expect(messages({ ...VALID, retry: {} })).toEqual(['retry.preset: is required (one of "none", "fixed")'])
    expect(messages({ ...VALID, retry: { preset: 'often' } })).toEqual(['retry.preset: "often" is not one of "none", "fixed"'])
  })

  it('never echoes a value of the wrong kind (it may be a secret in the wrong place)', () => {
    expect(messages({ ...VALID, name: null, count: 'whsec_secret', tags: { secret: 'whsec_secret' }, kind: ['a'] })).toEqual([
      'name: is null, not a string',
      'count: is text, not a number',
      'tags: is an object, not an array',
      'kind: ["a"] is not one of "a", "b"',
    ])
  })

  it("keeps a schema's own message", () => {
    expect(messages({ ...VALID, own: 4 })).toEqual(['own: keep at most 3 (the reason)'])
  })
})
