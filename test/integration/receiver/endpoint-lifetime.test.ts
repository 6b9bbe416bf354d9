import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSystemClock } from '../../../src/main/core/clock'
import { Endpoint } from '../../../src/shared/schemas/receiver'
import { receiverHarness } from '../../support/receiver-harness'

let changed = () => {}
const flaky = Endpoint.parse({ name: 'flaky', response: { failFirst: 1, failStatus: 503 } })
const receiver = receiverHarness({ clock: createSystemClock(), onEndpointsChanged: (listener) => (changed = listener) }, [flaky])
let url = ''
beforeAll(async () => {
  url = new URL('/r/flaky', await receiver.listen({ port: 0 })).href
})
afterAll(() => receiver.close())

const status = async () => (await fetch(url, { method: 'POST', body: '{}' })).status

describe('an endpoint removed and made again', () => {
  it('starts its script afresh, as a scenario run that re-creates it expects', async () => {
    expect([await status(), await status()]).toEqual([503, 200])
    receiver.endpoints.remove('flaky')
    changed()
    receiver.endpoints.upsert(flaky)
    changed()
    expect([await status(), await status()]).toEqual([503, 200])
  })
})
