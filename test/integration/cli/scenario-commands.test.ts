import { mkdtempSync, readFileSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliCaptured } from '../../support/run-cli'

/** A fresh working directory and data directory for each test. */
function workspace() {
  const cwd = mkdtempSync(join(tmpdir(), 'hookbench-scenarios-'))
  const dataDir = join(cwd, 'data')
  return { cwd, dataDir, cli: (...argv: string[]) => runCliCaptured(argv, { cwd }) }
}

interface Received {
  url?: string
  headers: Record<string, string>
  body: string
}

let server: Server
let base = ''
const received: Received[] = []
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      received.push({ url: req.url, headers: req.headers as Record<string, string>, body })
      res.statusCode = 204
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

describe('hookbench run', () => {
  it('runs a built-in scenario, exits 0 and writes a JUnit report', async () => {
    const { cli, cwd, dataDir } = workspace()
    const { code, stdout } = await cli('run', 'divshot-release', '--data-dir', dataDir, '--time-scale', '0', '--report', 'junit.xml')
    expect(code).toBe(0)
    expect(stdout).toContain('passed: 6 steps, 2 deliveries, 3/3 expectations (Divshot release to production)')
    expect(readFileSync(join(cwd, 'junit.xml'), 'utf8')).toContain('<testsuite name="Divshot release to production"')
  })

  it('sends to --to targets, and is a usage error for an unknown scenario', async () => {
    const { cli, dataDir } = workspace()
    const before = received.length
    expect((await cli('run', 'divshot-release', '--data-dir', dataDir, '--time-scale', '0', '--to', `${base}/hooks`, '--json')).code).toBe(1)
    expect(received.slice(before).map((r) => r.url)).toEqual(['/hooks', '/hooks'])
    expect(await cli('run', 'nope')).toMatchObject({ code: 2, stderr: expect.stringContaining('no scenario file or built-in scenario "nope"') })
  })
})
