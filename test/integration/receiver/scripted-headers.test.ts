import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSystemClock } from '../../../src/main/core/clock'
import { ScriptedResponse } from '../../../src/shared/schemas/receiver'
import { receiverHarness } from '../../support/receiver-harness'

/*
 * An endpoint saved by an older version may script a header Node refuses to write (a space in its
 * name, a line break in its value). Writing it threw inside the answer, so the request hung and
 * nothing was captured; it is answered 500 with the reason, captured, and the receiver keeps going.
 */
const receiver = receiverHarness({ clock: createSystemClock() }, [
  { name: 'bad-name', response: ScriptedResponse.parse({ status: 200, headers: [['X Bad', 'v']], body: 'ok' }) },
  { name: 'bad-value', response: ScriptedResponse.parse({ status: 503, headers: [['X-Why', 'a\r\nSet-Cookie: x=1']], failFirst: 1 }) },
])
let base = ''
beforeAll(async () => {
  base = await receiver.listen({ port: 0 })
})
afterAll(() => receiver.close())

const post = (path: string) => fetch(new URL(path, base), { method: 'POST', body: '{"a":1}', signal: AbortSignal.timeout(5000) })

describe('a stored scripted header Node cannot send', () => {
  it.each([
    ['bad-name', /"X Bad" is not a header name/],
    ['bad-value', /the value of "X-Why" holds a line break/],
  ])('%s: answered 500 with the reason, and captured', async (name, reason) => {
    const response = await post(`/r/${name}/hooks`)
    expect(response.status).toBe(500)
    const body = (await response.json()) as { error: string }
    expect(body.error).toMatch(reason)
    expect(body.error).toMatch(/fix its headers in the Receiver view/)
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(receiver.captures[0]).toMatchObject({
      endpoint: name,
      path: '/hooks',
      outcome: 'answered',
      response: { status: 500, headers: [['Content-Type', 'application/json; charset=utf-8']] },
      scriptNote: expect.stringMatching(reason),
    })
  })

  it('leaves the other endpoints answering as scripted', async () => {
    expect((await post('/r/inbox')).status).toBe(200)
    expect(receiver.captures[0]).toMatchObject({ endpoint: 'inbox', response: { status: 200 } })
  })
})
