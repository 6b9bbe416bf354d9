import { mkdtempSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { EngineEvent } from '../../../src/shared/api/events'
import { type OpenedEngine, openEngine } from '../../../src/main/host/open-engine'
import { serveWeb } from '../../../src/main/web/serve-web'
import { disk } from '../../support/failing-disk'
import { postApi } from '../../support/web-api'

vi.mock('node:fs/promises', async (importOriginal) => (await import('../../support/failing-disk')).failingFs(await importOriginal()))

const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-storage-'))
let opened: OpenedEngine
let web: { url: string; close: () => Promise<void> }
let target: Server
let targetUrl = ''
let received = 0
const events: EngineEvent[] = []

async function api<T = unknown>(method: string, input: unknown = {}) {
  const res = await postApi(web.url, method, input)
  return { status: res.status, body: (await res.json()) as { ok: boolean; data: T; error: { code: string; message: string } } }
}

async function open() {
  opened = await openEngine({ dataDir, host: 'web', log: () => {} })
  opened.engine.subscribe((batch) => events.push(...(Array.isArray(batch) ? batch : [batch])))
  web = await serveWeb(opened, { host: '127.0.0.1', port: 0, staticDir })
}
const staticDir = mkdtempSync(join(tmpdir(), 'hookbench-static-'))
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Hookbench</title>')

beforeAll(async () => {
  target = createServer((_req, res) => {
    received++
    res.writeHead(204).end()
  })
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}/hooks`
  await open()
})
afterAll(async () => {
  disk.fault = undefined
  await web.close()
  await opened.close()
  await new Promise((resolve) => target.close(resolve))
})

describe('web mode on a failing disk', () => {
  let kept = ''
  it('answers a create it could not save with 503 and the cause in words, and does not list it', async () => {
    kept = (await api<{ id: string }>('createSubscription', { name: 'kept', url: targetUrl, provider: 'divshot' })).body.data.id
    disk.fault = { code: 'ENOSPC' }
    const res = await api('createSubscription', { name: 'not saved', url: targetUrl, provider: 'divshot' })
    expect(res.status).toBe(503)
    expect(res.body).toEqual({ ok: false, error: { code: 'unavailable', message: `Could not save: the disk is full (${join(dataDir, 'hookbench.json')})` } })
    const listed = await api<Array<{ name: string }>>('listSubscriptions')
    expect(listed.body.data.map((s) => s.name)).toEqual(['kept'])
  })

  it('says so in the status and in one notice, and keeps serving', async () => {
    expect((await api('updateSettings', { history: { deliveries: 5000 } })).status).toBe(503)
    const status = await api<{ failingStorage: Array<{ file: string; message: string }> }>('getStatus')
    expect(status.status).toBe(200)
    expect(status.body.data.failingStorage).toEqual([expect.objectContaining({ file: join(dataDir, 'hookbench.json'), message: expect.stringContaining('the disk is full') })])
    const notices = events.filter((e) => e.type === 'notice' && e.level === 'error')
    expect(notices).toEqual([{ type: 'notice', level: 'error', message: `Could not save: the disk is full (${join(dataDir, 'hookbench.json')}). Hookbench keeps running and saves again once the file can be written.` }])
  })

  it('does not send a fire it could not save: 503, the delivery cancelled with the reason, the process alive', async () => {
    const before = received
    const fired = await api('fireEvent', { provider: 'divshot', event: 'release', subscriptionIds: [kept] })
    expect(fired.status).toBe(503)
    expect(fired.body.error.message).toMatch(/^Could not save: the disk is full \(.*deliveries\.index\)$/)
    const list = await api<{ items: Array<{ status: string; reason?: string }> }>('listDeliveries', { limit: 10 })
    expect(list.body.data.items).toEqual([expect.objectContaining({ status: 'cancelled', reason: expect.stringMatching(/^not sent: Could not save: the disk is full/) })])
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(received).toBe(before)
    expect((await api('getStatus')).status).toBe(200)
  })

  it('saves again once the disk has room, and a restart finds what memory had', async () => {
    disk.fault = undefined
    const created = await api('createSubscription', { name: 'after', url: targetUrl, provider: 'divshot' })
    expect(created.status).toBe(200)
    const status = await api<{ failingStorage: unknown[] }>('getStatus')
    expect(status.body.data.failingStorage).toEqual([expect.objectContaining({ file: join(dataDir, 'deliveries.index') })])
    // The next delivery write carries the ones that failed.
    await api('fireEvent', { provider: 'divshot', event: 'release', subscriptionIds: [kept] })
    expect((await api<{ failingStorage: unknown[] }>('getStatus')).body.data.failingStorage).toEqual([])
    expect(events.filter((e) => e.type === 'notice' && e.level === 'info').map((e) => e.type === 'notice' && e.message)).toEqual([
      `Saving works again (${join(dataDir, 'hookbench.json')})`,
      `Saving works again (${join(dataDir, 'deliveries.index')})`,
    ])
    await opened.engine.idle()
    await web.close()
    await opened.close()

    await open()
    expect((await api<Array<{ name: string }>>('listSubscriptions')).body.data.map((s) => s.name)).toEqual(['kept', 'after'])
    expect((await api<{ history: { deliveries: number } }>('getSettings')).body.data.history.deliveries).not.toBe(5000)
    // The fire refused while the disk was full is kept as not sent, and a restart does not send it.
    const list = await api<{ items: Array<{ status: string }> }>('listDeliveries', { limit: 10 })
    expect(list.body.data.items.map((d) => d.status)).toEqual(['delivered', 'cancelled'])
    await opened.engine.idle()
    expect(received).toBe(1)
  })
})
