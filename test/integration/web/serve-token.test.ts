import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CliContext } from '../../../src/main/cli/command'
import { commands } from '../../../src/main/cli/commands'
import { serveCommand } from '../../../src/main/cli/commands/serve'
import { runCli } from '../../../src/main/cli/run-cli'
import { runCliCaptured } from '../../support/run-cli'

const TOKEN = 'shared-with-my-team-0123'
const all = [serveCommand(mkdtempSync(join(tmpdir(), 'hookbench-serve-ui-'))), ...commands]

describe('hookbench serve --token', () => {
  it('prints the link with its token and asks every API call for it', async () => {
    const stop = new AbortController()
    const cwd = mkdtempSync(join(tmpdir(), 'hookbench-serve-token-'))
    const out = { stdout: '', stderr: '' }
    const ctx: CliContext = { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), env: {}, cwd, signal: stop.signal }
    const running = runCli(all, ['serve', '--port', '0', '--receiver-port', '0', '--no-open', '--data-dir', cwd, '--token', TOKEN], ctx)
    try {
      const url = await printedUrl(out)
      expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/\\?token=${TOKEN}$`))
      const api = new URL('/api/getStatus', url)
      const headers = { 'Content-Type': 'application/json', Origin: api.origin }
      expect((await fetch(api, { method: 'POST', headers, body: '{}' })).status).toBe(401)
      expect((await fetch(api, { method: 'POST', headers: { ...headers, Authorization: `Bearer ${TOKEN}` }, body: '{}' })).status).toBe(200)
    } finally {
      stop.abort()
    }
    expect(await running).toBe(0)
    // On loopback there is nobody to warn.
    expect(out.stderr).not.toMatch(/reachable from other machines/)
  })

  it('refuses a token that is too short as a usage error (exit 2), before listening', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hookbench-serve-token-'))
    const result = await runCliCaptured(['serve', '--port', '0', '--receiver-port', '0', '--no-open', '--data-dir', cwd, '--token', 'short'], { cwd, all })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--token: the token must be at least 16 characters/)
    expect(result.stdout).not.toMatch(/Hookbench UI/)
  })
})

/** Waits for the "Hookbench UI:" line of a serve running in-process. */
async function printedUrl(out: { stdout: string }): Promise<string> {
  const started = Date.now()
  while (Date.now() - started < 15_000) {
    const url = /Hookbench UI:\s+(\S+)/.exec(out.stdout)?.[1]
    if (url) return url
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`serve printed no URL:\n${out.stdout}`)
}
