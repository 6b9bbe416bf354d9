import type { CliContext, Command } from '../../src/main/cli/command'
import { commands } from '../../src/main/cli/commands'
import { runCli } from '../../src/main/cli/run-cli'

/** Runs the CLI in-process with captured output, as a user would in `cwd`. */
export async function runCliCaptured(argv: string[], options: { cwd: string; all?: Command[]; signal?: AbortSignal }) {
  let stdout = ''
  let stderr = ''
  const ctx: CliContext = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
    cwd: options.cwd,
    signal: options.signal ?? new AbortController().signal,
  }
  const code = await runCli(options.all ?? commands, argv, ctx)
  return { code, stdout, stderr, cwd: options.cwd }
}
