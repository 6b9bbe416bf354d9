import { createHmac } from 'node:crypto'
import { type Server, createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CliContext } from '../../../src/main/cli/command'
import { commands } from '../../../src/main/cli/commands'
import { runCli } from '../../../src/main/cli/run-cli'
import { Capture } from '../../../src/shared/schemas/receiver'

/** Starts `hookbench receive …` in-process on a free port; `stop()` aborts it like Ctrl-C. */
async function receive(...flags: string[]) {
  const out = { stdout: '', stderr: '' }
  const abort = new AbortController()
  const ctx: CliContext = { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), env: {}, cwd: process.cwd(), signal: abort.signal }
  const exit = runCli(commands, ['receive', '--port', '0', ...flags], ctx)
  await expect.poll(() => out.stderr).toMatch(/Receiving on http:\/\/127\.0\.0\.1:\d+\//)
  const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out.stderr)![1]!
  const lines = () => out.stdout.split('\n').filter(Boolean)
  const stop = async () => {
    abort.abort()
    return exit
  }
  return { url, out, lines, stop }
}

const send = (url: string, init: RequestInit = {}) => fetch(url, { method: 'POST', body: '{"a":1}', headers: { 'Content-Type': 'application/json' }, ...init })

let app: Server
let appUrl = ''
const forwarded: string[] = []
beforeAll(async () => {
  app = createServer((req, res) => {
    forwarded.push(`${req.method} ${req.url}`)
    req.resume()
    req.on('end', () => res.writeHead(204).end())
  })
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve))
  appUrl = `http://127.0.0.1:${(app.address() as { port: number }).port}/app`
})
afterAll(() => new Promise((resolve) => app.close(resolve)))

describe('hookbench receive', () => {
  it('catches every path, fails the first N, checks signatures and prints one line each', async () => {
    const r = await receive('--fail-first', '1', '--verify', 'github:topsecret')
    const signature = `sha256=${createHmac('sha256', 'topsecret').update('{"a":1}').digest('hex')}`
    const signed = { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signature }
    expect((await send(`${r.url}hooks/deploy`, { headers: signed })).status).toBe(500)
    expect((await send(r.url, { headers: signed })).status).toBe(200)
    expect((await send(`${r.url}r/anything`)).status).toBe(200)
    expect((await send(`${r.url}heartbeat/cluster-1`)).status).toBe(202)
    await expect.poll(() => r.lines().length).toBe(3)
    expect(r.lines()[0]).toMatch(/POST \/hooks\/deploy {2}500 {2}7 B {2}signature ok$/)
    expect(r.lines()[1]).toMatch(/POST \/ {2}200 {2}7 B {2}signature ok$/)
    expect(r.lines()[2]).toMatch(/POST \/ {2}200 {2}7 B {2}signature header_missing$/)
    expect(r.out.stderr).toContain('heartbeat from cluster-1')
    expect(await r.stop()).toBe(0)
    await expect(send(r.url)).rejects.toThrow()
  })

  it('with --reject-invalid, answers 401 to an unsigned request and the script to a signed one', async () => {
    const r = await receive('--verify', 'github:topsecret', '--reject-invalid')
    const signature = `sha256=${createHmac('sha256', 'topsecret').update('{"a":1}').digest('hex')}`
    expect((await send(r.url)).status).toBe(401)
    expect((await send(r.url, { headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signature } })).status).toBe(200)
    await expect.poll(() => r.lines().length).toBe(2)
    expect(r.lines()[0]).toMatch(/ {2}401 {2}7 B {2}signature header_missing$/)
    expect(await r.stop()).toBe(0)
  })

  it('--json prints whole captures, once per request even when forwarding', async () => {
    const r = await receive('--json', '--status', '202', '--delay', '50ms', '--forward', appUrl)
    const started = Date.now()
    expect((await send(`${r.url}x?y=1`)).status).toBe(202)
    expect(Date.now() - started).toBeGreaterThanOrEqual(45)
    await expect.poll(() => r.lines().length).toBe(1)
    const capture = Capture.parse(JSON.parse(r.lines()[0]!))
    expect(Buffer.from(capture.bodyBase64, 'base64').toString()).toBe('{"a":1}')
    expect(capture).toMatchObject({ path: '/x', query: '?y=1', catchAll: true, response: { status: 202 }, forward: { status: 204 } })
    expect(forwarded).toContain('POST /app/x?y=1')
    expect(await r.stop()).toBe(0)
  })

  it('rejects bad flags with exit code 2', async () => {
    const errors: string[] = []
    const ctx: CliContext = { stdout: () => {}, stderr: (t) => errors.push(t), env: {}, cwd: process.cwd(), signal: new AbortController().signal }
    expect(await runCli(commands, ['receive', '--delay', 'soon'], ctx)).toBe(2)
    expect(await runCli(commands, ['receive', '--verify', 'rot13:x'], ctx)).toBe(2)
    expect(await runCli(commands, ['receive', '--reject-invalid'], ctx)).toBe(2)
    expect(errors.join('')).toMatch(/--delay must be a duration/)
    expect(errors.join('')).toMatch(/--verify expects scheme:secret/)
    expect(errors.join('')).toMatch(/--reject-invalid needs --verify/)
  })
})
