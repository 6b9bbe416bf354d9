import { describe, expect, it } from 'vitest'
import { createOrderedSet } from '../../../src/main/core/ordered-set'

describe('ordered set', () => {
  it('shifts items in the order they were pushed; a pushed-again item moves to the end', () => {
    const set = createOrderedSet<string>()
    for (const item of ['a', 'b', 'c', 'd']) set.push(item)
    set.push('b')
    expect([...set]).toEqual(['a', 'c', 'd', 'b'])
    expect(set.shift()).toBe('a')
    expect(set.size).toBe(3)
  })

  it('deletes from the front, the middle and the end', () => {
    const set = createOrderedSet<number>()
    for (let i = 0; i < 5; i++) set.push(i)
    expect(set.delete(0)).toBe(true)
    expect(set.delete(2)).toBe(true)
    expect(set.delete(4)).toBe(true)
    expect(set.delete(4)).toBe(false)
    expect([...set]).toEqual([1, 3])
    set.push(5)
    expect([set.shift(), set.shift(), set.shift(), set.shift()]).toEqual([1, 3, 5, undefined])
    expect(set.size).toBe(0)
  })

  it('starts over cleanly after clear', () => {
    const set = createOrderedSet<string>()
    set.push('a')
    set.push('b')
    set.clear()
    expect([...set]).toEqual([])
    set.push('c')
    expect([...set]).toEqual(['c'])
  })
})
