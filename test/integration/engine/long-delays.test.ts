import { mkdtempSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type OpenedEngine, openEngine } from '../../../src/main/host/open-engine'
import { MAX_DELAY_MS } from '../../../src/shared/schemas/delay'

/*
 * Delays past Node's 2^31 ms timer limit (about 24.8 days), on the real system clock at scale 1:
 * a plain setTimeout fires them after 1 ms. Each kind of delay is set to 3e9 ms (34.7 days) and
 * must not come due within seconds; each is refused at input past 10 years, with the reason.
 */
const LONG = 3e9
const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-long-delays-'))
const warnings: string[] = []
const onWarning = (warning: Error) => warnings.push(warning.name)
let opened: OpenedEngine
let target: Server
let targetUrl = ''
const requests: string[] = []

const open = async () => {
  opened = await openEngine({ dataDir, host: 'cli', timeScale: 1, log: () => {} })
}

beforeAll(async () => {
  process.on('warning', onWarning)
  target = createServer((req, res) => {
    requests.push(req.url ?? '')
    res.writeHead(500).end('down')
  })
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}`
  await open()
})
afterAll(async () => {
  process.off('warning', onWarning)
  await opened.close()
  target.closeAllConnections()
  await new Promise((resolve) => target.close(resolve))
})

const call = async <T>(method: string, input: unknown) => {
  const result = await opened.dispatch(method, input)
  if (!result.ok) throw new Error(result.error.message)
  return result.data as T
}

describe('delays past 2^31 ms on the real clock', () => {
  it('a 3e9 ms fixed or exponential retry, a controller interval and timeout of 3e9 ms: nothing comes due within seconds, before or after a restart', { timeout: 30_000 }, async () => {
    const fixed = await call<{ id: string }>('createSubscription', { name: 'fixed', url: `${targetUrl}/fixed`, provider: 'divshot', retry: { preset: 'fixed', delaysMs: [LONG] } })
    const exponential = await call<{ id: string }>('createSubscription', {
      name: 'exponential',
      url: `${targetUrl}/exponential`,
      provider: 'divshot',
      retry: { preset: 'exponential', baseMs: LONG, capMs: LONG, maxAttempts: 3 },
    })
    // Ocean CD receives the controller's heartbeat failure, were the timeout to fire.
    await call('createSubscription', { name: 'heartbeats', url: `${targetUrl}/heartbeats`, provider: 'ocean-cd' })
    await call('saveController', { clusterId: 'slow-1', intervalMs: LONG, timeoutMs: LONG })
    const fired = await call<{ deliveries: Array<{ id: string }> }>('fireEvent', { provider: 'divshot', event: 'release', subscriptionIds: [fixed.id, exponential.id] })
    await expect.poll(() => requests.length, { timeout: 5_000 }).toBe(2)

    const firstBeat = opened.engine.heartbeats.list().find((c) => c.clusterId === 'slow-1')?.lastBeatAt
    await sleep(2_000)
    expect(requests.sort()).toEqual(['/exponential', '/fixed'])
    const now = Date.now()
    for (const { id } of fired.deliveries) {
      const delivery = await opened.engine.deliveries.get(id)
      expect(delivery.status).toBe('retrying')
      expect(delivery.dueAt! - now).toBeGreaterThan(LONG - 10_000)
      expect(delivery.attempts.at(-1)?.retryInMs).toBe(LONG)
    }
    expect(opened.engine.heartbeats.list().find((c) => c.clusterId === 'slow-1')).toMatchObject({ health: 'healthy', lastBeatAt: firstBeat, outages: 0 })

    // The settings are saved: a restart waits on, instead of storming.
    await opened.close()
    await open()
    await sleep(1_500)
    expect(requests).toHaveLength(2)
    expect(opened.engine.heartbeats.list().find((c) => c.clusterId === 'slow-1')).toMatchObject({ health: 'healthy', outages: 0 })
    expect(opened.engine.status().counts.pendingDeliveries).toBe(2)
    expect(warnings).not.toContain('TimeoutOverflowWarning')
  })

  it('a scenario wait of 600h at time scale 1 is still waiting seconds later', { timeout: 30_000 }, async () => {
    const source = 'version: 1\nname: long wait\nprovider: generic\nsteps:\n  - wait: 600h\n  - fire: deploy.succeeded\n'
    const run = await opened.engine.runs.start({ source, fileName: 'long-wait.yaml', scenarioId: 'long-wait', options: { timeScale: 1 } })
    await sleep(1_500)
    expect(opened.engine.runs.get(run.id)).toMatchObject({ status: 'running', next: 0 })
    expect(await opened.engine.runs.cancel(run.id)).toMatchObject({ status: 'cancelled' })
  })
})

describe('delays past 10 years are refused where they are set, with the reason', () => {
  const refused = async (method: string, input: unknown) => {
    const result = await opened.dispatch(method, input)
    if (result.ok) throw new Error(`${method} was accepted`)
    expect(result.error.code).toBe('invalid_input')
    return result.error.message
  }
  const past = MAX_DELAY_MS + 1

  it('retry delays of a subscription, on create and on update', async () => {
    const why = /must be at most 10 years \(87600h, 315360000000 ms\): a longer wait would never come/
    expect(await refused('createSubscription', { name: 'x', url: targetUrl, provider: 'divshot', retry: { preset: 'fixed', delaysMs: [1000, past] } })).toMatch(/retry\.delaysMs\.1: /)
    expect(await refused('createSubscription', { name: 'x', url: targetUrl, provider: 'divshot', retry: { preset: 'exponential', capMs: past } })).toMatch(why)
    const kept = await call<{ id: string }>('createSubscription', { name: 'kept', url: targetUrl, provider: 'divshot' })
    expect(await refused('updateSubscription', { id: kept.id, changes: { retry: { preset: 'exponential', baseMs: past } } })).toMatch(why)
  })

  it("a controller's interval and timeout, on save and on update", async () => {
    expect(await refused('saveController', { clusterId: 'c-1', intervalMs: past })).toMatch(/intervalMs: must be at most 10 years/)
    await call('saveController', { clusterId: 'c-2' })
    expect(await refused('updateController', { clusterId: 'c-2', changes: { timeoutMs: past } })).toMatch(/timeoutMs: must be at most 10 years/)
    expect(opened.engine.heartbeats.controllers().find((c) => c.clusterId === 'c-2')?.timeoutMs).toBe(300_000)
  })

  it("a receiver endpoint's delay, a subscription's timeout", async () => {
    expect(await refused('saveEndpoint', { name: 'slow', response: { delayMs: LONG } })).toMatch(/delayMs/)
    expect(await refused('createSubscription', { name: 'x', url: targetUrl, provider: 'divshot', timeoutMs: LONG })).toMatch(/timeoutMs/)
  })
})
