import { describe, expect, it } from 'vitest'
import { QOVERY_EVENTS, QoveryStandardPayload } from '../../../src/shared/providers/qovery'
import { generateEvent } from '../../../src/main/providers/generate'

const NOW = Date.UTC(2021, 10, 14, 5, 0, 22)

function generate(event: string, options: Record<string, unknown> = {}, seed: string | number = 'seed-1') {
  const result = generateEvent({ provider: 'qovery', event, seed, nowMs: NOW, options })
  if (!result.ok) throw new Error(result.error.message)
  return { body: result.data.body, payload: QoveryStandardPayload.parse(result.data.payload) }
}

describe('Qovery STANDARD objects', () => {
  it.each(QOVERY_EVENTS)('%s: every list carries a service', (event) => {
    const { payload } = generate(event).payload
    for (const list of [payload.applications, payload.databases, payload.containers, payload.jobs, payload.logs]) expect(list.length).toBeGreaterThan(0)
  })

  it.each(QOVERY_EVENTS)('%s: containers and jobs follow the event like applications', (event) => {
    const { payload } = generate(event).payload
    const statuses = (item: { current_status: string; desired_status: string }) => [item.current_status, item.desired_status]
    const expected = [payload.current_status, payload.desired_status]
    for (const item of [...payload.applications, ...payload.containers, ...payload.jobs]) expect(statuses(item)).toEqual(expected)
  })
})
