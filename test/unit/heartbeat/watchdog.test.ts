import { describe, expect, it } from 'vitest'
import { Controller } from '../../../src/shared/schemas/heartbeat'
import { createControllerSimulator } from '../../../src/main/heartbeat/controller-simulator'
import { createWatchdog } from '../../../src/main/heartbeat/watchdog'
import { createFakeClock } from '../../support/fake-clock'

function setup() {
  const clock = createFakeClock()
  const failures: Array<{ clusterId: string; at: number; podName?: string }> = []
  const watchdog = createWatchdog({
    clock,
    onFailure: (clusterId, controller) => failures.push({ clusterId, at: clock.now(), podName: controller?.podName }),
    onChange: () => {},
  })
  const simulator = createControllerSimulator({ clock, watchdog })
  const start = clock.now()
  const minutes = (n: number) => n * 60_000
  return { clock, watchdog, simulator, failures, since: (at: number) => at - start, minutes }
}

const controller = (overrides: Partial<Controller> = {}) =>
  Controller.parse({ clusterId: 'prod-eu-1', intervalMs: 30_000, timeoutMs: 5 * 60_000, ...overrides })

describe('heartbeat watchdog', () => {
  it('stays quiet while the controller beats', async () => {
    const { clock, simulator, failures, minutes, watchdog } = setup()
    simulator.apply(controller())
    await clock.advance(minutes(60))
    expect(failures).toEqual([])
    expect(watchdog.list()[0]).toMatchObject({ clusterId: 'prod-eu-1', health: 'healthy', lastSource: 'simulator' })
  })

  it('fires exactly once per outage, timed from the last heartbeat', async () => {
    const { clock, simulator, failures, since, minutes, watchdog } = setup()
    simulator.apply(controller({ podName: 'ctrl-pod-1' }))
    await clock.advance(minutes(1))
    simulator.apply(controller({ running: false }))
    await clock.advance(minutes(60))
    // last beat at 1:00 (beats at 0:00, 0:30, 1:00) → failure at 6:00, and only once.
    expect(failures.map((f) => [f.clusterId, since(f.at)])).toEqual([['prod-eu-1', minutes(6)]])
    expect(failures[0]!.podName).toBe('ctrl-pod-1')
    expect(watchdog.list()[0]).toMatchObject({ health: 'failed', outages: 1 })
  })

  it('re-arms when heartbeats resume, so the next outage fires again', async () => {
    const { clock, simulator, failures, minutes, watchdog } = setup()
    simulator.apply(controller({ running: false }))
    await clock.advance(minutes(10))
    simulator.apply(controller({ running: true }))
    await clock.advance(minutes(10))
    expect(watchdog.list()[0]?.health).toBe('healthy')
    simulator.apply(controller({ running: false }))
    await clock.advance(minutes(30))
    expect(failures).toHaveLength(2)
    expect(watchdog.list()[0]?.outages).toBe(2)
  })

  it('accepts heartbeats from a real process for any cluster id', async () => {
    const { clock, watchdog, failures, minutes } = setup()
    watchdog.beat('from-http', 'http')
    await clock.advance(minutes(4))
    watchdog.beat('from-http', 'http')
    await clock.advance(minutes(4))
    expect(failures).toEqual([])
    await clock.advance(minutes(2))
    expect(failures.map((f) => f.clusterId)).toEqual(['from-http'])
  })

  it('stops watching a removed controller', async () => {
    const { clock, simulator, failures, minutes } = setup()
    simulator.apply(controller({ running: false }))
    simulator.remove('prod-eu-1')
    await clock.advance(minutes(30))
    expect(failures).toEqual([])
    expect(clock.pending()).toBe(0)
  })
})

describe('an outage whose failure an earlier process sent', () => {
  const sent = [{ clusterId: 'prod-eu-1', failedAt: '2026-01-01T00:06:00.000Z', outages: 3 }]
  function restarted() {
    const clock = createFakeClock()
    const failures: string[] = []
    const watchdog = createWatchdog({ clock, sentFailures: sent, onFailure: (clusterId) => failures.push(clusterId), onChange: () => {} })
    return { clock, watchdog, failures, simulator: createControllerSimulator({ clock, watchdog }) }
  }

  it('is not sent again: the cluster starts failed, as it was', async () => {
    const { clock, watchdog, failures, simulator } = restarted()
    simulator.apply(controller({ running: false }))
    await clock.advance(60 * 60_000)
    expect(failures).toEqual([])
    expect(watchdog.list()).toEqual([expect.objectContaining({ clusterId: 'prod-eu-1', health: 'failed', failedAt: sent[0]!.failedAt, outages: 3 })])
  })

  it('ends at the next heartbeat, and the next outage is sent', async () => {
    const { clock, watchdog, failures, simulator } = restarted()
    simulator.apply(controller({ running: true }))
    expect(watchdog.list()[0]).toMatchObject({ health: 'healthy', outages: 3 })
    simulator.apply(controller({ running: false }))
    await clock.advance(60 * 60_000)
    expect(failures).toEqual(['prod-eu-1'])
    expect(watchdog.list()[0]).toMatchObject({ health: 'failed', outages: 4 })
  })
})
