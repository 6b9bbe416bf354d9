import { secretProblem, secretWarning } from '../../shared/schemas/secrets'
import type { SigningScheme } from '../../shared/schemas/signing'
import { type OptionValues, UsageError, numberOption, stringOption } from './command'
import type { CliContext } from './command'
import { resolveDataDir } from '../persistence/data-dir'

/** `--data-dir` and `--time-scale`, shared by every command that opens the engine. */
export const ENGINE_OPTIONS = {
  'data-dir': { type: 'string' },
  'time-scale': { type: 'string' },
} as const

export const ENGINE_OPTIONS_HELP = [
  '  --data-dir DIR      Where Hookbench keeps its data (default: $HOOKBENCH_DATA_DIR, else ~/.hookbench)',
  '  --time-scale F      Multiply every wait (retries, heartbeats) by F; 0.001 turns 30 s into 30 ms',
].join('\n')

export function dataDirOption(values: OptionValues, ctx: CliContext): string {
  return resolveDataDir(stringOption(values, 'data-dir'), ctx.env, ctx.cwd)
}

export function timeScaleOption(values: OptionValues): number {
  const scale = numberOption(values, 'time-scale', 1)
  if (scale <= 0) throw new UsageError('--time-scale must be greater than 0')
  return scale
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
