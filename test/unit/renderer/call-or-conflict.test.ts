import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError, type Result } from '../../../src/shared/result'
import { useHookbench } from '../../../src/renderer/src/store/app-store'
import { Conflict, callOrConflict } from '../../../src/renderer/src/store/engine/call'

const failed = (code: ApiError['code'], message: string): Promise<Result<string>> => Promise.resolve({ ok: false, error: ApiError.parse({ code, message }) })
const notices = () => useHookbench.getState().notices.map((n) => n.message)

describe('callOrConflict', () => {
  beforeEach(() => {
    for (const notice of useHookbench.getState().notices) useHookbench.getState().dismissNotice(notice.id)
  })

  it('gives a conflict to the caller to show where it belongs, not as a notice', async () => {
    const answer = await callOrConflict(failed('conflict', 'There is already an endpoint named "orders"'))
    expect(answer).toEqual(new Conflict('There is already an endpoint named "orders"'))
    expect(answer).toBeInstanceOf(Conflict)
    expect(notices()).toEqual([])
  })

  it('any other failure is a notice, as with call, and undefined', async () => {
    expect(await callOrConflict(failed('invalid_input', 'name: must be a slug'))).toBeUndefined()
    expect(notices()).toHaveLength(1)
  })

  it('an answer is the answer', async () => {
    expect(await callOrConflict(Promise.resolve({ ok: true, data: 'saved' } as Result<string>))).toBe('saved')
  })
})
