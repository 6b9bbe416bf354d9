import { describe, expect, it } from 'vitest'
import { directOutput } from '../../../src/main/cli/direct-output'

/** A descriptor that takes at most `room` bytes per write, then fails with `fail` once it is full. */
function descriptor(room: number, full: number, fail: string) {
  const taken: string[] = []
  let total = 0
  const write = (_fd: number, bytes: Uint8Array, offset: number) => {
    if (total >= full) throw Object.assign(new Error(fail), { code: fail })
    const part = bytes.subarray(offset, offset + Math.min(room, full - total))
    taken.push(Buffer.from(part).toString())
    total += part.length
    return part.length
  }
  return { taken, write }
}

function streamed() {
  const written: string[] = []
  return { written, stream: () => ({ write: (data: string | Uint8Array) => written.push(Buffer.from(data).toString()) }) }
}

describe('output written straight to its descriptor', () => {
  it('writes the whole text, however few bytes each write takes', () => {
    const fd = descriptor(3, Infinity, 'EAGAIN')
    const node = streamed()
    const out = directOutput(1, { stream: node.stream, gone: () => {}, write: fd.write })
    out('examples/a.yaml: ok\n')
    out('é ✓\n')
    expect(fd.taken.join('')).toBe('examples/a.yaml: ok\né ✓\n')
    expect(node.written).toEqual([])
  })

  it('a full non-blocking pipe (EAGAIN): the rest and all after it go through the stream, in order', () => {
    const fd = descriptor(4, 10, 'EAGAIN')
    const node = streamed()
    const out = directOutput(1, { stream: node.stream, gone: () => {}, write: fd.write })
    out('0123456789abcdef\n')
    out('next\n')
    expect(fd.taken.join('') + node.written.join('')).toBe('0123456789abcdef\nnext\n')
    expect(node.written).toEqual(['abcdef\n', 'next\n'])
  })

  it('a reader that has gone (EPIPE) ends quietly; any other failure is thrown', () => {
    let gone = 0
    const out = directOutput(2, { stream: streamed().stream, gone: () => gone++, write: descriptor(8, 0, 'EPIPE').write })
    out('problem\n')
    expect(gone).toBe(1)
    const broken = directOutput(2, { stream: streamed().stream, gone: () => {}, write: descriptor(8, 0, 'EIO').write })
    expect(() => broken('problem\n')).toThrow('EIO')
  })
})
