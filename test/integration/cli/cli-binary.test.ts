import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { CLI_PATH, ROOT } from '../../support/paths'
import { codeCacheOf, compiledScript } from '../../../src/main/cli/compiled-script'

const CHUNKS = join(dirname(CLI_PATH), 'chunks')
const CHECK_BUNDLE = join(CHUNKS, 'scenario-check.cjs')

/** What a built file (CommonJS) requires as it loads, not when a command runs: its top-level require() calls. */
const loadedAtOnce = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^(?:(?:const|let) \w+ = )?require\("([^"]+)"\);$/gm)].map((m) => m[1]!)

/** The chunks a chunk loads as it loads, and theirs. */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen
  seen.add(file)
  for (const name of loadedAtOnce(file).filter((name) => name.startsWith('.'))) staticGraph(join(dirname(file), name), seen)
  return seen
}

describe('the built hookbench binary', () => {
  it('never pulls in electron', () => {
    const chunks = readdirSync(join(dirname(CLI_PATH), 'chunks')).filter((f) => f.endsWith('.js'))
    for (const file of [CLI_PATH, ...chunks.map((f) => join(dirname(CLI_PATH), 'chunks', f))]) {
      expect(readFileSync(file, 'utf8')).not.toMatch(/from\s+["']electron["']|require\(["']electron["']\)|import\(["']electron["']\)/)
    }
  })

  it('starts with nothing but its entry, the bundler\'s helpers and Node\'s own modules: each command is loaded when it runs', () => {
    const ownFiles = loadedAtOnce(CLI_PATH).filter((name) => !name.startsWith('node:'))
    expect(ownFiles).toEqual([expect.stringMatching(/^\.\/chunks\/rolldown-runtime-[\w-]+\.js$/)])
    const helpers = join(dirname(CLI_PATH), ownFiles[0]!)
    expect(loadedAtOnce(helpers)).toEqual([])
    expect(readFileSync(helpers, 'utf8').length).toBeLessThan(4_000)
    expect(readFileSync(CLI_PATH, 'utf8')).toMatch(/require\("\.\/chunks\/scenarios-validate-[\w-]+\.js"\)/)
  })

  it('is CommonJS, as the package.json beside it says (Node starts it without its ES module loader)', () => {
    expect(JSON.parse(readFileSync(join(dirname(CLI_PATH), 'package.json'), 'utf8'))).toEqual({ type: 'commonjs' })
    const dir = mkdtempSync(join(tmpdir(), 'hookbench-loader-'))
    try {
      // Node's own modules a `--version` loaded, said as it exits.
      const probe = join(dir, 'probe.cjs')
      writeFileSync(probe, "process.on('exit', () => process.stderr.write(JSON.stringify(process.moduleLoadList)))")
      const result = spawnSync(process.execPath, ['--require', probe, CLI_PATH, '--version'], { encoding: 'utf8' })
      expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
      expect((JSON.parse(result.stderr) as string[]).filter((name) => /esm\/(translators|module_job)/.test(name))).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('is what package.json exposes as the hookbench bin, runnable with npx', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { bin: Record<string, string> }
    expect(`${ROOT}/${pkg.bin.hookbench}`.replace(/\/+/g, '/')).toBe(CLI_PATH.replace(/\/+/g, '/'))
    // --ignore-scripts: the first npx of a checkout installs it as a file: package, and its prepare
    // (the build) then empties out/ in place while other test files run the CLI from there.
    const out = execFileSync('npx', ['--ignore-scripts', '--no-install', 'hookbench', '--version'], { cwd: ROOT, encoding: 'utf8' })
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it('exits 2 with one clear line for an unknown flag', () => {
    const result = spawnSync(process.execPath, [CLI_PATH, '--frobnicate'], { encoding: 'utf8' })
    expect(result.status).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('checks scenario files with its parser compiled at build time: none of the shared parser chunks are loaded', () => {
    const validate = readdirSync(CHUNKS).find((f) => /^scenarios-validate-[\w-]+\.js$/.test(f))!
    for (const file of staticGraph(join(CHUNKS, validate))) expect(readFileSync(file, 'utf8')).not.toMatch(/node_modules\/(zod|yaml)\//)
    expect(compiledScript(CHECK_BUNDLE, readFileSync(codeCacheOf(CHECK_BUNDLE))).cachedDataRejected).toBe(false)
  })

  it('says the same of every scenario file with the code cache as without it', () => {
    const copy = mkdtempSync(join(tmpdir(), 'hookbench-cli-'))
    try {
      cpSync(dirname(CLI_PATH), copy, { recursive: true })
      rmSync(codeCacheOf(join(copy, 'chunks', 'scenario-check.cjs')))
      const broken = join(copy, 'broken.yaml')
      writeFileSync(broken, 'version: 2\nname: x\nprovider: nowhere\nsteps:\n  - fire: nope\n  - wait: soon\n')
      const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml')).map((f) => join(ROOT, 'examples', f))
      const args = ['scenarios', 'validate', ...examples, broken, '--var', 'x=1']
      const cached = spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8' })
      const compiled = spawnSync(process.execPath, [join(copy, 'hookbench.js'), ...args], { encoding: 'utf8' })
      expect(cached.stderr).toContain('broken.yaml:1:10: version: 2 is not allowed here: write 1')
      expect(cached.stdout.trim().split('\n')).toHaveLength(examples.length)
      expect({ status: compiled.status, stdout: compiled.stdout, stderr: compiled.stderr }).toEqual({ status: 2, stdout: cached.stdout, stderr: cached.stderr })
    } finally {
      rmSync(copy, { recursive: true, force: true })
      }
    })

  it("finds its sending thread's script beside it, in the CLI's build and the app's", () => {
    for (const dir of [dirname(CLI_PATH), join(ROOT, 'out/main')]) {
      const files = [...readdirSync(dir), ...readdirSync(join(dir, 'chunks')).map((f) => join('chunks', f))].filter((f) => f.endsWith('.js'))
      const paths = files.flatMap((file) =>
        [...readFileSync(join(dir, file), 'utf8').matchAll(/new URL\("([^"]*sender-worker\.js)", (?:import\.meta\.url|require\("url"\)\.pathToFileURL\(__filename\)\.href)\)/g)].map((m) =>
          resolve(dir, dirname(file), m[1]!),
        ),
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
