import type { parseVarOption } from '../scenarios/parse-scenario'
import { type OptionValues, UsageError, listOption } from './command'

/** `--var name=value`, repeatable, for the commands that read scenario files. */
export const VAR_OPTION = { var: { type: 'string', multiple: true } } as const

export const VAR_HELP = [
  '  --var name=value    Override a scenario variable (repeatable; read as a number or true/false where the',
  '                      file\'s variable is one); ${receiver} is the built-in receiver',
].join('\n')

/**
 * The `--var` values by name (the last wins); one without `=` or with a bad name is a usage error.
 * `parseVar` is parse-scenario's parseVarOption, passed in: `scenarios validate` has its own
 * copy of the parser (scenario-check.ts) and must not load the other.
 */
export function varsOption(values: OptionValues, parseVar: typeof parseVarOption): Record<string, string> {
  const vars: Record<string, string> = {}
  for (const entry of listOption(values, 'var')) {
    const parsed = parseVar(entry)
    if (!parsed.ok) throw new UsageError(parsed.error.message)
    vars[parsed.data.name] = parsed.data.value
  }
  return vars
}
