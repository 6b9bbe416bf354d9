import { existsSync, mkdtempSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliCaptured } from '../../support/run-cli'

/** An endpoint that holds requests without answering until told to answer. */
let server: Server
let url = ''
let answering = false
let received = 0
beforeAll(async () => {
  server = createServer((_req, res) => {
    received++
    if (answering) res.writeHead(204).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks`
})
afterAll(() => {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(resolve))
})

async function untilReceived(count: number) {
  while (received < count) await new Promise((resolve) => setTimeout(resolve, 10))
}

describe('fire and resume stop on a signal', () => {
  it('fire stops on Ctrl+C with 130, frees the data directory and leaves the delivery for resume', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hookbench-stop-'))
    const dataDir = join(cwd, 'data')
    const controller = new AbortController()
    const before = received
    const fired = runCliCaptured(['fire', 'divshot', 'release', '--to', url, '--data-dir', dataDir], { cwd, signal: controller.signal })
    await untilReceived(before + 1)
    controller.abort('SIGINT')
    const { code, stderr } = await fired
    expect(code).toBe(130)
    expect(stderr).toContain(`stopped before the delivery finished; what was pending is saved: "hookbench resume --data-dir ${dataDir}" sends it`)
    expect(existsSync(join(dataDir, 'hookbench.lock'))).toBe(false)

    answering = true
    const resumed = await runCliCaptured(['resume', '--data-dir', dataDir], { cwd })
    expect(resumed.stdout).toContain('Resuming 1 pending delivery')
    expect(resumed.code).toBe(0)
    answering = false
  })

  it('resume stops on SIGTERM with 143 and keeps what is pending for the next resume', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hookbench-stop-'))
    const dataDir = join(cwd, 'data')
    const first = new AbortController()
    let before = received
    const fired = runCliCaptured(['fire', 'divshot', 'release', '--to', url, '--data-dir', dataDir], { cwd, signal: first.signal })
    await untilReceived(before + 1)
    first.abort('SIGINT')
    await fired

    const second = new AbortController()
    before = received
    const resuming = runCliCaptured(['resume', '--data-dir', dataDir], { cwd, signal: second.signal })
    await untilReceived(before + 1)
    second.abort('SIGTERM')
    const { code, stderr } = await resuming
    expect(code).toBe(143)
    expect(stderr).toContain('deliveries still pending are saved')
    expect(existsSync(join(dataDir, 'hookbench.lock'))).toBe(false)

    answering = true
    const again = await runCliCaptured(['resume', '--data-dir', dataDir], { cwd })
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('Resuming 1 pending delivery')
    answering = false
  })
})
