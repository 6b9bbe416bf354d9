import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
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
})
