import { describe, expect, it } from 'vitest'
import type { CliContext } from '../../../src/main/cli/command'
import { listedCommands } from '../../../src/main/cli/command-list'
import { commands } from '../../../src/main/cli/commands'
import { runCli } from '../../../src/main/cli/run-cli'

const captured = () => {
  const out = { stdout: '', stderr: '' }
  const ctx: CliContext = { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), env: {}, cwd: '/', signal: new AbortController().signal }
  return { out, ctx }
}

describe('the commands the hookbench binary lists', () => {
  it('are serve and every other command, in the same order, each loading the command of its name and summary', async () => {
    const listed = listedCommands('/nowhere')
    expect(listed.map((c) => c.name)).toEqual(['serve', ...commands.map((c) => c.name)])
    for (const entry of listed) {
      const command = await entry.load()
      expect({ name: command.name, summary: command.summary }).toEqual({ name: entry.name, summary: entry.summary })
    }
  })

  it('answer --version, --help and a group\'s --help without loading any command', async () => {
    const unloadable = listedCommands('/nowhere').map((c) => ({ ...c, load: () => Promise.reject(new Error(`${c.name} was loaded`)) }))
    for (const argv of [['--version'], ['--help'], ['scenarios', '--help']]) {
      const { out, ctx } = captured()
      expect(await runCli(unloadable, argv, ctx)).toBe(0)
      expect(out.stderr).toBe('')
    }
    const { out, ctx } = captured()
    await runCli(unloadable, ['--help'], ctx)
    expect(out.stdout).toContain('scenarios validate  Check scenario files and report every problem with its line and column')
  })

  it('load a command to run it, or for its own help', async () => {
    const loaded: string[] = []
    const tracked = listedCommands('/nowhere').map((c) => ({ ...c, load: () => (loaded.push(c.name), c.load()) }))
    const { out, ctx } = captured()
    expect(await runCli(tracked, ['scenarios', 'validate', '--help'], ctx)).toBe(0)
    expect(out.stdout).toMatch(/^Usage: hookbench scenarios validate <file>/)
    expect(loaded).toEqual(['scenarios validate'])
  })
})
