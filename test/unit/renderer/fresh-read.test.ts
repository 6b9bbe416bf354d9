import { describe, expect, it } from 'vitest'
import { freshRead } from '../../../src/renderer/src/store/fresh-read'

/** Reads answered by hand, in any order: each read is a promise the test settles. */
function engine() {
  const pending: { answer: (value: string | undefined) => void; fail: (error: Error) => void }[] = []
  const read = () =>
    new Promise<string | undefined>((answer, fail) => {
      pending.push({ answer, fail })
    })
  return { read, pending }
}

describe('a part of the engine state read again whenever it may have changed', () => {
  it('applies the newest read only: an older answer that comes back last does not put older data over newer', async () => {
    const { read, pending } = engine()
    const shown: string[] = []
    const part = freshRead(read, (value) => shown.push(value))
    const first = part.load()
    const second = part.load()
    pending[1]!.answer('new')
    await second
    pending[0]!.answer('old')
    await first
    expect(shown).toEqual(['new'])
  })

  it('an older read resolves once the newest one is applied, so a caller that awaited it sees the newest data', async () => {
    const { read, pending } = engine()
    const shown: string[] = []
    const part = freshRead(read, (value) => shown.push(value))
    let firstDone = false
    const first = part.load().then(() => {
      firstDone = true
    })
    part.load()
    pending[0]!.answer('old')
    await Promise.resolve()
    await Promise.resolve()
    expect(firstDone).toBe(false)
    pending[1]!.answer('new')
    await first
    expect(shown).toEqual(['new'])
  })

  it('shows a write at once; a read already on its way may predate the write, so it is read again instead of applied', async () => {
    const { read, pending } = engine()
    const shown: string[] = []
    const part = freshRead(read, (value) => shown.push(value))
    const load = part.load()
    part.put(() => shown.push('saved'))
    pending[0]!.answer('before the save')
    await Promise.resolve()
    await Promise.resolve()
    expect(pending).toHaveLength(2)
    pending[1]!.answer('after the save')
    await load
    expect(shown).toEqual(['saved', 'after the save'])
  })

  it('a write with no read on its way reads nothing again', async () => {
    const { read, pending } = engine()
    const shown: string[] = []
    const part = freshRead(read, (value) => shown.push(value))
    const load = part.load()
    pending[0]!.answer('listed')
    await load
    part.put(() => shown.push('saved'))
    expect(pending).toHaveLength(1)
    expect(shown).toEqual(['listed', 'saved'])
  })

  it('a failed read (undefined: it has said why) leaves what is shown; a read that throws does not block later ones', async () => {
    const { read, pending } = engine()
    const shown: string[] = []
    const part = freshRead(read, (value) => shown.push(value))
    const failed = part.load()
    pending[0]!.answer(undefined)
    await failed
    const thrown = part.load()
    pending[1]!.fail(new Error('lost'))
    await expect(thrown).rejects.toThrow('lost')
    part.put(() => shown.push('saved'))
    expect(pending).toHaveLength(2)
    expect(shown).toEqual(['saved'])
  })
})
