import { mkdtempSync, readdirSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type OpenedEngine, openEngine } from '../../../src/main/host/open-engine'
import { disk } from '../../support/failing-disk'

vi.mock('node:fs/promises', async (importOriginal) => (await import('../../support/failing-disk')).failingFs(await importOriginal()))

/*
 * What the engine could not save, it does not send: a fire, a redelivery or a run answered 503 is
 * not sent, now or after a restart, so a client that retries after the 503 sends the event once.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-honest-'))
let opened: OpenedEngine
let target: Server
let targetUrl = ''
const received: string[] = []

const open = async () => {
  opened = await openEngine({ dataDir, host: 'web', log: () => {} })
}
beforeAll(async () => {
  target = createServer((req, res) => {
    received.push(String(req.headers['webhook-id'] ?? req.url))
    res.writeHead(204).end()
  })
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}/hooks`
  await open()
})
afterAll(async () => {
  disk.fault = undefined
  await opened.close()
  await new Promise((resolve) => target.close(resolve))
})

async function call<T>(method: string, input: unknown): Promise<{ ok: true; data: T } | { ok: false; error: { code: string; message: string } }> {
  return (await opened.dispatch(method, input)) as { ok: true; data: T } | { ok: false; error: { code: string; message: string } }
}
const data = async <T>(method: string, input: unknown): Promise<T> => {
  const result = await call<T>(method, input)
  if (!result.ok) throw new Error(result.error.message)
  return result.data
}
/** Time for anything wrongly queued to go out (the target answers at once). */
const settle = () => sleep(300)

describe('on a data directory that cannot be written', () => {
  let subscriptionId = ''

  it('a fire answered 503 is not sent; the retry after the disk recovers is sent once', async () => {
    subscriptionId = (await data<{ id: string }>('createSubscription', { name: 'app', url: targetUrl, provider: 'generic', signing: { scheme: 'standard', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } })).id
    disk.fault = { code: 'EROFS', path: /deliveries\.index/ }
    for (let i = 0; i < 5; i++) {
      const fired = await call('fireEvent', { provider: 'generic', event: 'deploy.succeeded', subscriptionIds: [subscriptionId] })
      expect(fired).toEqual({ ok: false, error: expect.objectContaining({ code: 'unavailable', message: expect.stringMatching(/^Could not save: the file system is read-only \(.*deliveries\.index\)$/) }) })
    }
    await settle()
    expect(received).toEqual([])

    disk.fault = undefined
    const fired = await data<{ deliveries: Array<{ id: string }> }>('fireEvent', { provider: 'generic', event: 'deploy.succeeded', subscriptionIds: [subscriptionId] })
    await opened.engine.deliveries.whenFinal(fired.deliveries[0]!.id)
    expect(received).toEqual([fired.deliveries[0]!.id])
  })

  it('a redelivery answered 503 is not sent, and the delivery stays as it ended', async () => {
    const [delivered] = opened.engine.deliveries.list({ limit: 10, status: 'delivered' }).items
    disk.fault = { code: 'ENOSPC', path: /deliveries\.index/ }
    expect(await call('redeliver', { id: delivered!.id })).toMatchObject({ ok: false, error: { code: 'unavailable' } })
    await settle()
    expect(received).toHaveLength(1)
    expect((await opened.engine.deliveries.get(delivered!.id)).status).toBe('delivered')
    disk.fault = undefined
  })

  it('a run whose record cannot be saved is refused 503: nothing sent, what it made removed', async () => {
    const source = [
      'version: 1',
      'name: refused run',
      'provider: generic',
      'subscriptions:',
      `  - { name: run target, url: "${targetUrl}", provider: generic }`,
      'steps:',
      '  - fire: deploy.succeeded',
    ].join('\n')
    disk.fault = { code: 'EROFS', path: /runs\.log/ }
    const refused = await call('runScenario', { source, fileName: 'refused.yaml', options: { timeScale: 0 } })
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'unavailable', message: expect.stringMatching(/^Could not save: the file system is read-only \(.*runs\.log\)$/) }) })
    await settle()
    expect(received).toHaveLength(1)
    expect((await data<Array<{ name: string }>>('listSubscriptions', {})).map((s) => s.name)).not.toContain('refused run: run target')
    expect(opened.engine.runs.list().map((r) => [r.scenarioName, r.status, r.reason?.slice(0, 27)])).toEqual([['refused run', 'failed', 'not started: Could not save']])
    disk.fault = undefined
  })

  it('a scenario save answered 503 in words leaves no temporary file and the saved version as it was', async () => {
    const source = 'version: 1\nname: saved\nprovider: generic\nsteps:\n  - fire: deploy.succeeded\n'
    await data('saveScenario', { source, fileName: 'saved.yaml' })
    disk.fault = { code: 'ENOSPC', path: /scenarios/ }
    const refused = await call('saveScenario', { source: source.replace('name: saved', 'name: changed'), fileName: 'saved.yaml' })
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'unavailable', message: `Could not save: the disk is full (${join(dataDir, 'scenarios', 'saved.yaml')})` }) })
    disk.fault = undefined
    expect(readdirSync(join(dataDir, 'scenarios'))).toEqual(['saved.yaml'])
    expect((await data<{ name: string }>('getScenario', { id: 'saved' })).name).toBe('saved')
  })

  it('after a restart, nothing refused is sent and nothing refused is resumed', async () => {
    await opened.engine.idle()
    await opened.close()
    await open()
    await settle()
    expect(received).toHaveLength(1)
    const statuses = opened.engine.deliveries.list({ limit: 20 }).items.map((d) => d.status)
    expect(statuses.filter((s) => s === 'cancelled')).toHaveLength(5)
    expect(statuses.filter((s) => s === 'delivered')).toHaveLength(1)
    expect(opened.engine.runs.list().map((r) => r.status)).toEqual(['failed'])
  })
})
