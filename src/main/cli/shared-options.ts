import type { HookbenchApi } from '../../shared/api/client'
import type { ApiError, Result } from '../../shared/result'
import { secretProblem, secretWarning } from '../../shared/schemas/secrets'
import type { SigningScheme } from '../../shared/schemas/signing'
import { type OptionValues, UsageError, numberOption, stringOption } from './command'
import type { CliContext } from './command'
import { resolveDataDir } from '../persistence/data-dir'

export const DATA_DIR_OPTION = { 'data-dir': { type: 'string' } } as const

export const DATA_DIR_HELP = '  --data-dir DIR      Where Hookbench keeps its data (default: $HOOKBENCH_DATA_DIR, else ~/.hookbench)'

/** `--data-dir` and `--time-scale`, shared by every command that opens the engine. */
export const ENGINE_OPTIONS = {
  ...DATA_DIR_OPTION,
  'time-scale': { type: 'string' },
} as const

export const ENGINE_OPTIONS_HELP = [
  DATA_DIR_HELP,
  '  --time-scale F      Multiply every wait (retries, heartbeats) by F; 0.001 turns 30 s into 30 ms',
].join('\n')

export function dataDirOption(values: OptionValues, ctx: CliContext): string {
  return resolveDataDir(stringOption(values, 'data-dir'), ctx.env, ctx.cwd)
}

/** As a run's `--time-scale`: slower than that, a retry's due date could leave the calendar. */
const MAX_TIME_SCALE = 1000

export function timeScaleOption(values: OptionValues): number {
  const scale = numberOption(values, 'time-scale', 1)
  if (scale <= 0 || scale > MAX_TIME_SCALE) throw new UsageError(`--time-scale must be greater than 0 and at most ${MAX_TIME_SCALE} (1000 makes a second last about 17 minutes)`)
  return scale
}

/**
 * Opens the data directory for a command that reads or changes what is saved there (sending nothing
 * a previous run left pending) and gives it the API, as the app and web mode call it.
 */
export async function withApi<T>(values: OptionValues, ctx: CliContext, work: (api: HookbenchApi) => Promise<T>): Promise<T> {
  // Loaded here, not with this module: commands that only read files start without the engine.
  const { openSession } = await import('../host/open-engine')
  const session = await openSession({ dataDir: dataDirOption(values, ctx), host: 'cli', resume: false, log: (line) => ctx.stderr(`${line}\n`) })
  try {
    return await work(session.api)
  } finally {
    await session.close()
  }
}

/** How an API refusal reads on the command line: `invalid` words a refused input (default: the error as it is), `hint` ends the line. */
export interface Refusal {
  invalid?: (message: string) => string
  hint?: string
}

/**
 * The data of an API answer, or its error as the CLI reports it: what the user can fix (an invalid
 * input, an unknown id, a conflict) is a usage error (exit 2), anything else a failure (exit 1).
 */
export function answerOf<T>(result: Result<T>, refusal: Refusal = {}): T {
  if (result.ok) return result.data
  throw refusedError(result.error, refusal)
}

export function refusedError({ code, message }: ApiError, { invalid = (m) => m, hint = '' }: Refusal = {}): Error {
  if (code === 'invalid_input') return new UsageError(invalid(message) + hint)
  if (code === 'not_found' || code === 'conflict') return new UsageError(message)
  return new Error(message)
}

/** A scenario the API refuses (invalid, unknown, a built-in's id) is the user's to fix: exit 2, its problems one per line. */
export const SCENARIO_REFUSAL: Refusal = { invalid: (message) => `invalid scenario:\n${message}` }

/** Resolves when the command should stop (Ctrl-C, SIGTERM, or the test aborting). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
}

/** A secret given on the command line, checked as its scheme would: a bad one is a usage error, an unusual one a warning. */
export function checkSecretFlag(flag: string, scheme: SigningScheme, secret: string, ctx: CliContext, hint = ''): void {
  const problem = secretProblem(scheme, secret)
  if (problem) throw new UsageError(`${flag}: ${problem}${hint}`)
  const warning = secretWarning(scheme, secret)
  if (warning) ctx.stderr(`hookbench: warning: ${flag}: ${warning}\n`)
}
