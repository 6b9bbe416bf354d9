import { mkdtempSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type OpenedEngine, openEngine } from '../../../src/main/host/open-engine'
import { controllerInput, subscriptionDraft } from '../../support/inputs'

/*
 * A stopped controller's `controller-heartbeat-failure` is sent once per outage, across restarts:
 * the engine keeps the outages it has reported, and a restart does not report them again.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-heartbeat-restart-'))
let opened: OpenedEngine
let target: Server
let targetUrl = ''
const events: string[] = []

const open = async () => {
  opened = await openEngine({ dataDir, host: 'cli', log: () => {} })
}
beforeAll(async () => {
  target = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      events.push(String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type?: string }).type ?? 'unknown'))
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}/ocean`
  await open()
})
afterAll(async () => {
  await opened.close()
  await new Promise((resolve) => target.close(resolve))
})

const failures = () => events.filter((type) => type === 'controller-heartbeat-failure').length

describe('a stopped controller across restarts', () => {
  it('fires its heartbeat failure once; three restarts later, still once; a new outage fires again', { timeout: 30_000 }, async () => {
    await opened.engine.subscriptions.create(subscriptionDraft({ name: 'ocean', url: targetUrl, provider: 'ocean-cd' }))
    await opened.engine.heartbeats.saveController(controllerInput({ clusterId: 'edge-1', intervalMs: 20, timeoutMs: 100, running: false }))
    await expect.poll(failures, { timeout: 5_000 }).toBe(1)

    for (let restart = 0; restart < 3; restart++) {
      await opened.engine.idle()
      await opened.close()
      await open()
      await sleep(400)
      expect(failures()).toBe(1)
      expect(opened.engine.heartbeats.list()).toEqual([expect.objectContaining({ clusterId: 'edge-1', health: 'failed', outages: 1 })])
    }

    await opened.engine.heartbeats.updateController({ clusterId: 'edge-1', changes: { running: true } })
    await expect.poll(() => opened.engine.heartbeats.list()[0]?.health).toBe('healthy')
    await opened.engine.heartbeats.updateController({ clusterId: 'edge-1', changes: { running: false } })
    await expect.poll(failures, { timeout: 5_000 }).toBe(2)
    expect(opened.engine.heartbeats.list()[0]).toMatchObject({ health: 'failed', outages: 2 })
  })
})
