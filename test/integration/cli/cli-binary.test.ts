import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI_PATH, ROOT } from '../../support/paths'
import { codeCacheOf, compiledScript } from '../../../src/main/cli/compiled-script'

const CHUNKS = join(dirname(CLI_PATH), 'chunks')
const CHECK_BUNDLE = join(CHUNKS, 'scenario-check.cjs')

/** The chunks a chunk imports statically, and theirs. */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen
  seen.add(file)
  for (const [, name] of readFileSync(file, 'utf8').matchAll(/^import .* from "(\.[^"]+)";$/gm)) staticGraph(join(dirname(file), name!), seen)
  return seen
}

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
})
