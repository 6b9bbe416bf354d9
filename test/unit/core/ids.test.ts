import { describe, expect, it } from 'vitest'
import { derivedId, newId } from '../../../src/main/core/ids'

const SHAPE = /^msg_[0-9a-hjkmnp-tv-z]{20}$/

describe('ids', () => {
  it('newId: prefix and 20 base32 characters, unique across refills of its random pool', () => {
    const ids = Array.from({ length: 1000 }, () => newId('msg'))
    for (const id of ids) expect(id).toMatch(SHAPE)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('derivedId: the same shape, the same id for the same parts', () => {
    expect(derivedId('msg', 'evt_1', 'sub_1')).toMatch(SHAPE)
    expect(derivedId('msg', 'evt_1', 'sub_1')).toBe(derivedId('msg', 'evt_1', 'sub_1'))
    expect(derivedId('msg', 'evt_1', 'sub_2')).not.toBe(derivedId('msg', 'evt_1', 'sub_1'))
  })
})
