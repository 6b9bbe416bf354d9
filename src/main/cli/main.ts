import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from './command'
import { listedCommands } from './command-list'
import { runCli } from './run-cli'
import { stopOnSignals } from './stop-signals'
import { isStorageFailure } from '../persistence/storage-failure'

/** Entry point of the `hookbench` binary (bundled to out/cli/hookbench.js). */
async function main() {
  const staticDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer')
  const controller = new AbortController()
  stopOnSignals(process, controller, (code) => {
    process.stderr.write('hookbench: stopped at once (second signal), without finishing the clean-up\n')
    process.exit(code)
  })
  // Output piped into a reader that stopped (`hookbench … | head`): end quietly, as Unix tools do, not with a trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error
      process.exit(process.exitCode ?? 0)
    })
  }
  // A write that failed and that nobody awaited: the store keeps the change for its next write
  // and the storage notice has said why, so it must not end the process.
  process.on('unhandledRejection', (error) => {
    if (!isStorageFailure(error)) throw error
  })
  let ran: Command | undefined
  const commands = listedCommands(staticDir).map((listed) => ({ ...listed, load: async () => (ran = await listed.load()) }))
  const code = await runCli(commands, process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
    isTerminal: process.stdout.isTTY === true,
    columns: process.stdout.columns,
  })
  process.exitCode = code
  if (ran?.endsWithItsOutput) return exitOnceWritten(code)
  // Every command closes what it opened; should a start that failed half way leave something
  // listening or ticking, the process still ends (the timer does not keep it alive itself).
  setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref()
}

/** Ends the process once what it wrote has gone out (a pipe may take writes asynchronously). */
function exitOnceWritten(code: number) {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)))
}

/** How long a finished command may take to let go of its last handles. */
const EXIT_GRACE_MS = 2_000

void main()
