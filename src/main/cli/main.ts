import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { commands } from './commands'
import { serveCommand } from './commands/serve'
import { runCli } from './run-cli'

/** Entry point of the `hookbench` binary (bundled to out/cli/hookbench.js). */
async function main() {
  const staticDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer')
  const controller = new AbortController()
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => controller.abort())
  }
  const code = await runCli([serveCommand(staticDir), ...commands], process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
    isTerminal: process.stdout.isTTY === true,
    columns: process.stdout.columns,
  })
  process.exitCode = code
}

void main()
