import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Command } from '../../../src/main/cli/command'
import { commands } from '../../../src/main/cli/commands'
import { serveCommand } from '../../../src/main/cli/commands/serve'
import { runCliCaptured } from '../../support/run-cli'

const all: Command[] = [serveCommand('/nonexistent'), ...commands]

const run = (...argv: string[]) => runCliCaptured(argv, { cwd: process.cwd(), all })

describe('hookbench CLI', () => {
  it('prints help listing every command', async () => {
    const { code, stdout } = await run('--help')
    expect(code).toBe(0)
    for (const command of all) expect(stdout).toContain(command.name)
  })

  it('prints the version', async () => {
    const { code, stdout } = await run('--version')
    expect(code).toBe(0)
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })

  it.each(all.map((c) => [c.name]))('"%s --help" shows its usage', async (name) => {
    const { code, stdout } = await run(...name.split(' '), '--help')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Usage: hookbench /)
  })

  it('rejects an unknown command with exit 2 and one line', async () => {
    const { code, stderr } = await run('frobnicate')
    expect(code).toBe(2)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toContain('unknown command "frobnicate"')
  })

  it('names the subcommands of a group given none, or an unknown one', async () => {
    expect(await run('scenarios')).toMatchObject({ code: 2, stderr: 'hookbench: "scenarios" needs a subcommand: list, show, validate, schema, import, export, delete (see "hookbench --help")\n' })
    expect((await run('runs', 'lst')).stderr).toBe('hookbench: unknown command "runs lst": list, show (see "hookbench --help")\n')
  })

  it('rejects an unknown flag with exit 2 and one line', async () => {
    const { code, stderr } = await run('serve', '--frobnicate')
    expect(code).toBe(2)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toContain("'--frobnicate'")
  })

  it('says how to pass a value beginning with "-", but only when a value is missing', async () => {
    const missing = await run('serve', '--port', '-1')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe('hookbench serve: --port needs a value; use --port=VALUE for a value beginning with "-" (see "hookbench serve --help")\n')
    expect((await run('events', '--json=yes')).stderr).toContain("Option '--json' does not take an argument")
  })

  it('rejects a bad port with exit 2', async () => {
    const { code, stderr } = await run('serve', '--port', 'eighty')
    expect(code).toBe(2)
    expect(stderr).toContain('--port must be a number')
  })
})

describe('scenarios validate --var', () => {
  it('checks the file as run --var would run it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookbench-validate-var-'))
    writeFileSync(join(dir, 'rounds.yaml'), ['version: 1', 'name: rounds', 'provider: generic', 'vars: { rounds: 3 }', 'steps:', '  - repeat: "${rounds}"', '    steps: [{ wait: 1s }]'].join('\n'))
    const validate = (...args: string[]) => runCliCaptured(['scenarios', 'validate', 'rounds.yaml', ...args], { cwd: dir, all })
    expect(await validate('--var', 'rounds=7')).toMatchObject({ code: 0, stdout: 'rounds.yaml: ok\n' })
    expect(await validate('--var', 'rounds=5000')).toMatchObject({ code: 2, stderr: 'rounds.yaml:6:13: steps[0].repeat: 5000 is too big: at most 1000\n' })
    expect(await validate('--var', 'rounds=many')).toMatchObject({ code: 2, stderr: expect.stringContaining('vars.rounds: --var rounds=many: is a number in the file (3); give a number') })
    expect(await validate('--var', 'rounds')).toMatchObject({ code: 2, stderr: expect.stringContaining('--var expects name=value') })
  })
})
