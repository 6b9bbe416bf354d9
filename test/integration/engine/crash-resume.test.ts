import { execFile } from 'node:child_process'
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_PATH } from '../../support/paths'
import { startServe } from '../../support/serve-process'

let target: Server
let targetUrl = ''
let mode: 'hold' | 'accept' = 'hold'
const held: Array<ServerResponse<IncomingMessage>> = []
const received = { hold: [] as string[], accept: [] as string[] }

beforeAll(async () => {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run "npm run build" first`)
  target = createServer((req, res) => {
    received[mode].push(String(req.headers['webhook-id']))
    req.resume()
    if (mode === 'hold') held.push(res)
    else res.end('ok')
  })
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}/hooks`
})
afterAll(async () => {
  for (const res of held) res.destroy()
  target.closeAllConnections()
  await new Promise((resolve) => target.close(resolve))
})

function resume(dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI_PATH, 'resume', '--data-dir', dataDir], { env: { ...process.env, CI: 'true' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    )
  })
}

describe('the durable queue across a SIGKILL', () => {
  it('resumes every pending event with its original id', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-crash-'))
    const serve = await startServe([], dataDir)
    const subscription = await serve.api<{ id: string }>('createSubscription', {
      name: 'crash test',
      url: targetUrl,
      provider: 'divshot',
      concurrency: 2,
      signing: { scheme: 'standard', secret: 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' },
    })
    const fired: string[] = []
    for (let i = 0; i < 5; i++) {
      const result = await serve.api<{ deliveries: Array<{ id: string }> }>('fireEvent', {
        provider: 'divshot',
        event: 'release',
        subscriptionIds: [subscription.id],
      })
      fired.push(result.deliveries[0]!.id)
    }
    // Two requests are in flight (held by the target), three wait in the queue.
    await expect.poll(() => received.hold.length).toBe(2)

    serve.child.kill('SIGKILL')
    await new Promise((resolve) => serve.child.once('exit', resolve))
    mode = 'accept'

    const result = await resume(dataDir)
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('Resuming 5 pending deliveries')
    expect(result.code).toBe(0)
    expect([...received.accept].sort()).toEqual([...fired].sort())
    expect(received.hold.every((id) => fired.includes(id))).toBe(true)
  })
})

describe('a history line torn by a crash', () => {
  it('is skipped and reported (stderr and status); every whole record still loads', async () => {
    mode = 'accept'
    const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-torn-'))
    const serve = await startServe([], dataDir)
    const subscription = await serve.api<{ id: string }>('createSubscription', { name: 'torn', url: targetUrl, provider: 'divshot' })
    for (let i = 0; i < 3; i++) await serve.api('fireEvent', { provider: 'divshot', event: 'release', subscriptionIds: [subscription.id] })
    await expect.poll(async () => (await serve.api<{ total: number }>('listDeliveries', { status: 'delivered', limit: 1 })).total).toBe(3)
    serve.child.kill('SIGKILL')
    await new Promise((resolve) => serve.child.once('exit', resolve))
    // What a write cut short leaves: the start of a line, no newline.
    appendFileSync(join(dataDir, 'deliveries.index'), '0badc0de {"u":"msg_')

    const again = await startServe([], dataDir)
    try {
      expect(again.output()).toMatch(/warning: 1 unreadable line in .*deliveries\.index .* was skipped; it was moved to .*deliveries\.index\.unreadable-/)
      const status = await again.api<{ skippedLines: Array<{ file: string; lines: number; movedTo?: string }> }>('getStatus')
      expect(status.skippedLines).toEqual([{ file: join(dataDir, 'deliveries.index'), lines: 1, movedTo: expect.stringMatching(/deliveries\.index\.unreadable-/) }])
      expect(readFileSync(status.skippedLines[0]!.movedTo!, 'utf8')).toBe('0badc0de {"u":"msg_\n')
      expect((await again.api<{ total: number }>('listDeliveries', { status: 'delivered', limit: 1 })).total).toBe(3)
    } finally {
      await again.stop()
    }
  })
})
