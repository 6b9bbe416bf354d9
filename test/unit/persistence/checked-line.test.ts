import { describe, expect, it } from 'vitest'
import { checkedLine, parseCheckedBytes, parseCheckedLine } from '../../../src/main/persistence/checked-line'

describe('a checked line read from its bytes', () => {
  const value = { n: ['msg_1', 'Müller – déploiement 🚀', null, 3], r: [1, 0, 120] }
  const line = checkedLine(JSON.stringify(value))

  it('reads what the text reader reads, multi-byte characters included, anywhere in a buffer', () => {
    const buffer = Buffer.from(`garbage\n${line}tail`)
    const start = buffer.indexOf('\n') + 1
    const end = buffer.indexOf('\n', start)
    expect(parseCheckedBytes(buffer, start, end)).toEqual(value)
    expect(parseCheckedLine(line.slice(0, -1))).toEqual(value)
  })

  it('refuses a line whose sum does not match, a torn one, and one whose sum is not hexadecimal', () => {
    const bytes = Buffer.from(line.slice(0, -1))
    const flipped = Buffer.from(bytes)
    flipped[flipped.length - 2] = 0x30
    expect(parseCheckedBytes(flipped, 0, flipped.length)).toBeUndefined()
    expect(parseCheckedBytes(bytes, 0, bytes.length - 5)).toBeUndefined()
    const notHex = Buffer.from(`zzzzzzzz ${JSON.stringify(value)}`)
    expect(parseCheckedBytes(notHex, 0, notHex.length)).toBeUndefined()
    expect(parseCheckedBytes(Buffer.from('0badc0de'), 0, 8)).toBeUndefined()
  })
})
