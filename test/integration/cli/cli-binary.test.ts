import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { CLI_PATH, ROOT } from '../../support/paths'

describe('the built hookbench binary', () => {
  it('never pulls in electron', () => {
    const chunks = readdirSync(join(dirname(CLI_PATH), 'chunks')).filter((f) => f.endsWith('.js'))
    for (const file of [CLI_PATH, ...chunks.map((f) => join(dirname(CLI_PATH), 'chunks', f))]) {
      expect(readFileSync(file, 'utf8')).not.toMatch(/from\s+["']electron["']|require\(["']electron["']\)|import\(["']electron["']\)/)
    }
  })

  it('starts with nothing but its entry and Node\'s own modules: each command is loaded when it runs', () => {
    const entry = readFileSync(CLI_PATH, 'utf8')
    const staticImports = [...entry.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1])
    expect(staticImports.every((name) => name!.startsWith('node:'))).toBe(true)
    expect(entry).toMatch(/import\("\.\/chunks\/scenarios-validate-[\w-]+\.js"\)/)
  })

  it('is what package.json exposes as the hookbench bin, runnable with npx', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { bin: Record<string, string> }
    expect(`${ROOT}/${pkg.bin.hookbench}`.replace(/\/+/g, '/')).toBe(CLI_PATH.replace(/\/+/g, '/'))
    const out = execFileSync('npx', ['--no-install', 'hookbench', '--version'], { cwd: ROOT, encoding: 'utf8' })
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it('exits 2 with one clear line for an unknown flag', () => {
    const result = spawnSync(process.execPath, [CLI_PATH, '--frobnicate'], { encoding: 'utf8' })
    expect(result.status).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })

  it("finds its sending thread's script beside it, in the CLI's build and the app's", () => {
    for (const dir of [dirname(CLI_PATH), join(ROOT, 'out/main')]) {
      const files = [...readdirSync(dir), ...readdirSync(join(dir, 'chunks')).map((f) => join('chunks', f))].filter((f) => f.endsWith('.js'))
      const paths = files.flatMap((file) =>
        [...readFileSync(join(dir, file), 'utf8').matchAll(/new URL\("([^"]*sender-worker\.js)", import\.meta\.url\)/g)].map((m) => resolve(dir, dirname(file), m[1]!)),
      )
      expect(paths, dir).toEqual([join(dir, 'sender-worker.js')])
      expect(existsSync(paths[0]!)).toBe(true)
    }
  })

  it('sends from its sending thread: a signed fire arrives whole, verifies with the reference library, and the command exits', async () => {
    const secret = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='
    const arrived: Array<{ headers: Record<string, string>; body: string }> = []
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString()))
      req.on('end', () => {
        arrived.push({ headers: req.headers as Record<string, string>, body })
        res.end('ok')
      })
    })
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`
      const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-binary-'))
      const { stdout } = await promisify(execFile)(process.execPath, [CLI_PATH, 'fire', 'divshot', 'release', '--to', url, '--secret', secret, '--data-dir', dataDir, '--json'], { timeout: 20_000 })
      const delivery = JSON.parse(stdout) as { status: string; body: string }
      expect(delivery.status).toBe('delivered')
      expect(arrived).toHaveLength(1)
      expect(arrived[0]!.body).toBe(delivery.body)
      expect(() => new Webhook(secret).verify(arrived[0]!.body, arrived[0]!.headers)).not.toThrow()
    } finally {
      await new Promise<void>((done) => server.close(() => done()))
    }
  })
})
