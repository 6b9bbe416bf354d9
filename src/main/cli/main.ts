import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from './command'
import { listedCommands } from './command-list'
import { directOutput } from './direct-output'
import { runCli } from './run-cli'
import { stopOnSignals } from './stop-signals'
import { isStorageFailure } from '../persistence/storage-failure'

/** Entry point of the `hookbench` binary (bundled to out/cli/hookbench.js). */
async function main() {
  const staticDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer')
  const controller = new AbortController()
  stopOnSignals(
    process,
    controller,
    (code) => {
      process.stderr.write('hookbench: stopped at once (second signal), without finishing the clean-up\n')
      process.exit(code)
    },
    () => performance.now(),
  )
  // Output piped into a reader that stopped (`hookbench … | head`): end quietly, as Unix tools do, not with a trace.
  const readerGone = () => process.exit(process.exitCode ?? 0)
  const watched = new Set<NodeJS.WriteStream>()
  const streamOf = (stream: NodeJS.WriteStream) => {
    if (watched.has(stream)) return stream
    watched.add(stream)
    return stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error
      readerGone()
    })
  }
  // A write that failed and that nobody awaited: the store keeps the change for its next write
  // and the storage notice has said why, so it must not end the process.
  process.on('unhandledRejection', (error) => {
    if (!isStorageFailure(error)) throw error
  })
  let ran: Command | undefined
  const commands = listedCommands(staticDir).map((listed) => ({
    ...listed,
    load: async () => {
      ran = await listed.load()
      if (!ran.endsWithItsOutput) [process.stdout, process.stderr].forEach(streamOf)
      return ran
    },
  }))
  // Help, version, usage errors and the commands that end with their output write straight to the
  // descriptors (direct-output.ts); a command that keeps running writes through Node's streams.
  const direct = {
    stdout: directOutput(1, { stream: () => streamOf(process.stdout), gone: readerGone }),
    stderr: directOutput(2, { stream: () => streamOf(process.stderr), gone: readerGone }),
  }
  const streamed = () => ran !== undefined && !ran.endsWithItsOutput
  const code = await runCli(commands, process.argv.slice(2), {
    stdout: (text) => (streamed() ? process.stdout.write(text) : direct.stdout(text)),
    stderr: (text) => (streamed() ? process.stderr.write(text) : direct.stderr(text)),
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
    get isTerminal() {
      return process.stdout.isTTY === true
    },
    get columns() {
      return process.stdout.columns
    },
  })
  process.exitCode = code
  if (ran?.endsWithItsOutput) return exitOnceWritten(code, [...watched])
  // Every command closes what it opened; should a start that failed half way leave something
  // listening or ticking, the process still ends (the timer does not keep it alive itself).
  setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref()
}

/** Ends the process once what it wrote has gone out: written directly, it has; through a stream, it may still be on its way. */
function exitOnceWritten(code: number, streams: NodeJS.WriteStream[]) {
  const next = (): void => {
    const stream = streams.shift()
    if (stream) stream.write('', next)
    else process.exit(code)
  }
  next()
}

/** How long a finished command may take to let go of its last handles. */
const EXIT_GRACE_MS = 2_000

void main()
