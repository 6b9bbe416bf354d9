import { type ChildProcess, spawn } from 'node:child_process'
import { CLI_PATH } from '../../support/paths'

export interface Finished {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Runs the built `hookbench` with these arguments; `child` to kill it, `done` when it has exited. */
export interface ChildOptions {
  cwd?: string
  /**
   * Root only: run without the capabilities that let root write through file modes, so a read-only
   * file binds as it does for every other user (the repository may sit where no other user can read).
   */
  modesBind?: boolean
  /** A program that runs first and then execs the CLI, given as its leading arguments (`sh -c '…; exec "$@"' sh`). */
  via?: string[]
}

/** Root keeps its uid but loses DAC override: `setpriv` (util-linux) drops it from the bounding set. */
const WITHOUT_OVERRIDE = ['--bounding-set', '-dac_override,-dac_read_search,-fowner', '--']

export function hookbench(args: string[], options: ChildOptions = {}): { child: ChildProcess; done: Promise<Finished>; printed(pattern: RegExp): Promise<boolean>; output(): string } {
  const cli = [process.execPath, CLI_PATH, ...args]
  const wrapped = options.via ? [...options.via, ...cli] : cli
  const [command, ...argv] = options.modesBind ? ['setpriv', ...WITHOUT_OVERRIDE, ...wrapped] : wrapped
  const child = spawn(command!, argv, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
  const done = new Promise<Finished>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })))
  /** Resolves true once stdout matches, false if the process ends first. */
  const printed = (pattern: RegExp) =>
    new Promise<boolean>((resolve) => {
      const check = () => {
        if (!pattern.test(stdout)) return
        child.stdout?.off('data', check)
        resolve(true)
      }
      child.stdout?.on('data', check)
      void done.then(() => resolve(pattern.test(stdout)))
      check()
    })
  return { child, done, printed, output: () => stdout }
}

/** Runs it to the end, killed (and reported as such) after `timeoutMs`. */
export async function hookbenchToEnd(args: string[], timeoutMs = 30_000, options: ChildOptions = {}): Promise<Finished> {
  const run = hookbench(args, options)
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs)
  const finished = await run.done
  clearTimeout(timer)
  return finished
}
