import { secretProblem, secretWarning } from '../../shared/schemas/secrets'
import type { SigningScheme } from '../../shared/schemas/signing'
import { ApiFailure } from '../core/errors'
import type { Engine } from '../engine/engine'
import { openEngine } from '../host/open-engine'
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
 * a previous run left pending); what the engine refuses is a usage error.
 */
export async function withEngine<T>(values: OptionValues, ctx: CliContext, work: (engine: Engine) => Promise<T>): Promise<T> {
  const opened = await openEngine({ dataDir: dataDirOption(values, ctx), host: 'cli', resume: false, log: (line) => ctx.stderr(`${line}\n`) })
  try {
    return await asUsage(() => work(opened.engine))
  } finally {
    await opened.close()
  }
}

/** What the engine refuses (an invalid scenario, an unknown id, a built-in's id) is the user's to fix: exit 2. */
export async function asUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (!(error instanceof ApiFailure) || !['invalid_input', 'not_found', 'conflict'].includes(error.code)) throw error
    throw new UsageError(error.code === 'invalid_input' ? `invalid scenario:\n${error.message}` : error.message)
  }
}

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
