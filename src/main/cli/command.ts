import type { ParseArgsConfig } from 'node:util'

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>
export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>

/** Where a command writes; tests capture these instead of the real streams. */
export interface CliContext {
  stdout(text: string): void
  stderr(text: string): void
  env: NodeJS.ProcessEnv
  cwd: string
  /** Aborted on SIGINT/SIGTERM; long-running commands (serve, receive) resolve when it fires. */
  signal: AbortSignal
  /** Standard output is a terminal: progress may redraw in place. */
  isTerminal?: boolean
  /** The terminal's width, when known. */
  columns?: number
}

/** One CLI subcommand. `name` may have several words (`export fixtures`). */
export interface Command {
  name: string
  summary: string
  /** Synopsis shown by --help, e.g. `hookbench events [provider]`. */
  usage: string
  options: OptionSpecs
  /** Extra lines for --help: what each option means, examples (may depend on the positionals, e.g. a platform). */
  details?: string | ((positionals: string[]) => string)
  /** Most positionals the command takes (extra ones are a usage error). Default 0. */
  maxPositionals?: number
  /**
   * Leaves nothing open when it returns (no server, thread, timer or file): the process ends as
   * soon as its output is written, without first doing the work V8 set aside for when it is idle
   * (a quick command's last garbage collection, ~3 ms of `scenarios validate`).
   */
  endsWithItsOutput?: boolean
  run(input: { values: OptionValues; positionals: string[] }, ctx: CliContext): Promise<number>
}

/** Bad flags or arguments: the CLI prints one line and exits 2. */
export class UsageError extends Error {}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

/** Reads a numeric flag, or throws a UsageError naming it. */
export function numberOption(values: OptionValues, name: string, fallback: number): number {
  const raw = values[name]
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value)) {
    throw new UsageError(`--${name} must be a number, got "${String(raw)}"`)
  }
  return value
}

/** Reads a port flag (0 picks a free port). */
export function portOption(values: OptionValues, name: string, fallback: number): number {
  const port = numberOption(values, name, fallback)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--${name} must be a port between 0 and 65535, got "${String(values[name])}"`)
  }
  return port
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const raw = values[name]
  return typeof raw === 'string' ? raw : undefined
}

export function listOption(values: OptionValues, name: string): string[] {
  const raw = values[name]
  return Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : []
}

/** The command's one positional argument, or a usage error saying what to give. */
export function requireArg(positionals: string[], missing: string): string {
  const [arg] = positionals
  if (arg === undefined) throw new UsageError(missing)
  return arg
}
