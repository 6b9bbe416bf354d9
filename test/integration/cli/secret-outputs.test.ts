import { mkdtempSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CliContext } from '../../../src/main/cli/command'
import { commands } from '../../../src/main/cli/commands'
import { runCli } from '../../../src/main/cli/run-cli'
import { secretFingerprint } from '../../../src/main/signing/hmac'
import { runCliCaptured } from '../../support/run-cli'

const SECRET = 'plain-qovery-secret-7a3b'
const label = `sha256:${secretFingerprint(SECRET)}…`

let server: Server
let base = ''
const received: Array<Record<string, unknown>> = []
beforeAll(async () => {
  server = createServer((req, res) => {
    received.push(req.headers)
    req.resume()
    req.on('end', () => res.writeHead(204).end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

const fire = (...flags: string[]) =>
  runCliCaptured(['fire', 'qovery', 'DEPLOYMENT_SUCCESSFUL', '--to', `${base}/hooks`, `--secret=${SECRET}`, '--secret-header', 'both', ...flags], {
    cwd: mkdtempSync(join(tmpdir(), 'hookbench-secret-cli-')),
  })

describe('secrets in CLI output', () => {
  it('fire --json prints the secret as a fingerprint (still sent as the secret itself)', async () => {
    const { code, stdout, stderr } = await fire('--json')
    expect(code).toBe(0)
    expect(stdout + stderr).not.toContain(SECRET)
    const delivery = JSON.parse(stdout) as { signing: { secret: string }; attempts: Array<{ headers: [string, string][] }> }
    expect(delivery.signing.secret).toBe(label)
    expect(Object.fromEntries(delivery.attempts[0]!.headers)['Qovery-Secret']).toBe(label)
    expect(received.at(-1)!['qovery-secret']).toBe(SECRET)
  })

  it('fire --json --reveal-secrets prints the secret', async () => {
    const { code, stdout } = await fire('--json', '--reveal-secrets')
    expect(code).toBe(0)
    const delivery = JSON.parse(stdout) as { signing: { secret: string } }
    expect(delivery.signing.secret).toBe(SECRET)
  })

  it('fire without --json prints no secret either', async () => {
    const { stdout, stderr } = await fire()
    expect(stdout).toMatch(/delivered/)
    expect(stdout + stderr).not.toContain(SECRET)
  })

  it('receive --json shows the secret headers it knows as fingerprints unless --reveal-secrets', async () => {
    for (const reveal of [false, true]) {
      const out = { stdout: '', stderr: '' }
      const abort = new AbortController()
      const ctx: CliContext = { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), env: {}, cwd: process.cwd(), signal: abort.signal }
      const exit = runCli(commands, ['receive', '--port', '0', '--json', '--verify', `native:${SECRET}`, ...(reveal ? ['--reveal-secrets'] : [])], ctx)
      await expect.poll(() => out.stderr).toMatch(/Receiving on http:\/\/127\.0\.0\.1:\d+\//)
      const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out.stderr)![1]!
      await fetch(`${url}hooks`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json', 'Qovery-Secret': SECRET, Authorization: `Bearer ${SECRET}` } })
      await expect.poll(() => out.stdout).toMatch(/\n$/)
      abort.abort()
      expect(await exit).toBe(0)
      const capture = JSON.parse(out.stdout) as { headers: [string, string][] }
      const headers = Object.fromEntries(capture.headers)
      expect(headers['Qovery-Secret']).toBe(reveal ? SECRET : label)
      expect(headers.Authorization).toBe(reveal ? `Bearer ${SECRET}` : `Bearer ${label}`)
      if (!reveal) expect(out.stdout + out.stderr).not.toContain(SECRET)
    }
  })
})
