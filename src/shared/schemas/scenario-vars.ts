import { didYouMean } from '../did-you-mean'

/** Variable names: `host`, `api_port`. */
export const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

export type VarValue = string | number | boolean
export type VarPath = Array<string | number>
export interface VarProblem {
  path: VarPath
  message: string
}

/** `$${` escapes a literal `${`; anything else between `${` and `}` must be a known name. */
const REFERENCE = /\$(\$?)\{([^}]*)\}/g

/**
 * Replaces `${name}` in every string value (not in keys) with the variable's text. Returns the
 * value with every known reference replaced; `ok: false` lists each unknown or malformed
 * reference with the path of the string holding it (unknown references are left in place).
 */
export function substituteVars(
  raw: unknown,
  vars: Readonly<Record<string, VarValue>>,
): { ok: true; value: unknown } | { ok: false; value: unknown; problems: VarProblem[] } {
  const problems: VarProblem[] = []
  const value = walk(raw, [], (text, path) => substituteText(text, vars, (message) => problems.push({ path, message })))
  return problems.length === 0 ? { ok: true, value } : { ok: false, value, problems }
}

function walk(value: unknown, path: VarPath, onString: (text: string, path: VarPath) => string): unknown {
  if (typeof value === 'string') return onString(value, path)
  if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, i], onString))
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, [...path, key], onString)]))
}

function substituteText(text: string, vars: Readonly<Record<string, VarValue>>, report: (message: string) => void): string {
  return text.replace(REFERENCE, (whole, escape: string, name: string) => {
    if (escape) return whole.slice(1)
    if (!VAR_NAME.test(name)) {
      report(`"${whole}" is not a variable reference (names are letters, digits and _; write $\${ for a literal \${)`)
    } else if (Object.hasOwn(vars, name)) {
      return String(vars[name])
    } else {
      const hint = didYouMean(name, Object.keys(vars)) || `; define it under vars or pass --var ${name}=...`
      report(`unknown variable "${name}"${hint}`)
    }
    return whole
  })
}
