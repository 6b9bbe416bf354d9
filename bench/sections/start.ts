import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { CLI_PATH, ROOT } from '../lib/build'
import { RUNS } from '../lib/load'
import { median, record } from '../lib/results'

/** Process starts per command in a run (the run's figure is their median). */
const STARTS = 15
/** One start may take this long at most (a hung start fails the section). */
const START_TIMEOUT_MS = 10_000

const COMMANDS = [
  { id: 'node', label: 'node -e 0 (bare Node, the baseline)', args: ['-e', '0'] },
  { id: 'version', label: 'hookbench --version', args: [CLI_PATH, '--version'] },
  { id: 'help', label: 'hookbench --help', args: [CLI_PATH, '--help'] },
  { id: 'validate', label: 'hookbench scenarios validate examples/checkout-rollback.yaml', args: [CLI_PATH, 'scenarios', 'validate', join(ROOT, 'examples', 'checkout-rollback.yaml')] },
] as const

/** Milliseconds from spawning `node <args>` to its exit; it must exit 0. */
function timedStart(args: readonly string[]): number {
  const started = performance.now()
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: START_TIMEOUT_MS, killSignal: 'SIGKILL' })
  const ms = performance.now() - started
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status ?? result.signal}:\n${result.stderr}`)
  return ms
}

/**
 * CLI start: each command started as a whole process, the commands in turn (so a busy moment of
 * the machine falls on all of them), STARTS times per run; each is compared with bare Node.
 */
export async function cliStart(): Promise<void> {
  for (const command of COMMANDS) timedStart(command.args) // warm-up: the disk cache
  const runs = new Map<string, number[]>(COMMANDS.map((c) => [c.id, []]))
  for (let run = 0; run < RUNS; run++) {
    const starts = new Map<string, number[]>(COMMANDS.map((c) => [c.id, []]))
    for (let start = 0; start < STARTS; start++) for (const command of COMMANDS) starts.get(command.id)!.push(timedStart(command.args))
    for (const command of COMMANDS) runs.get(command.id)!.push(median(starts.get(command.id)!))
  }
  for (const command of COMMANDS) {
    record({
      id: `start.${command.id}`,
      section: 'start',
      label: `CLI start: ${command.label}`,
      unit: 'ms',
      runs: runs.get(command.id)!,
      baseline: command.id === 'node' ? null : 'start.node',
      ...(command.id !== 'node' && { target: { kind: 'ratio-at-most', ratio: 2, text: '≤ 2× node -e 0' } }),
      notes: command.id === 'node' ? [`each run: the median of ${STARTS} starts, spawn to exit, the four commands in turn`] : undefined,
    })
  }
}
