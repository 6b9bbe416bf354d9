import { HttpUrl } from '../../../../shared/schemas/http'
import type { RunOptions } from '../../../../shared/schemas/run'
import { VAR_NAME } from '../../../../shared/schemas/scenario-vars'

/** The run options as typed: one text per field. */
export interface RunOptionsForm {
  /** One URL a line. */
  targets: string
  timeScale: string
  seed: string
  /** `name=value`, one a line. */
  vars: string
}

export const EMPTY_RUN_OPTIONS: RunOptionsForm = { targets: '', timeScale: '1', seed: '', vars: '' }

export type RunOptionsErrors = Partial<Record<keyof RunOptionsForm, string>>

export type ParsedRunOptions = { ok: true; options: Pick<RunOptions, 'targets' | 'timeScale' | 'vars'> & { seed?: string } } | { ok: false; errors: RunOptionsErrors }

/** The largest time scale the engine takes. */
const MAX_TIME_SCALE = 1000

/** Lines with something on them, with their 1-based numbers. */
function filledLines(text: string): Array<{ n: number; text: string }> {
  return text.split('\n').flatMap((line, i) => (line.trim() ? [{ n: i + 1, text: line.trim() }] : []))
}

function parseTargets(text: string): { targets: string[] } | { error: string } {
  const targets: string[] = []
  for (const line of filledLines(text)) {
    if (!HttpUrl.safeParse(line.text).success) return { error: `Line ${line.n}: “${line.text}” is not an http:// or https:// URL.` }
    targets.push(line.text)
  }
  return { targets }
}

function parseTimeScale(text: string): { timeScale: number } | { error: string } {
  if (!text.trim()) return { timeScale: 1 }
  const value = Number(text)
  if (!Number.isFinite(value) || value < 0 || value > MAX_TIME_SCALE) return { error: `A number from 0 (skip waits) to ${MAX_TIME_SCALE}; 1 is real time.` }
  return { timeScale: value }
}

function parseVars(text: string): { vars: Record<string, string> } | { error: string } {
  const vars: Record<string, string> = {}
  for (const line of filledLines(text)) {
    const at = line.text.indexOf('=')
    const name = at > 0 ? line.text.slice(0, at).trim() : ''
    if (at < 0) return { error: `Line ${line.n}: write name=value.` }
    if (!VAR_NAME.test(name)) return { error: `Line ${line.n}: “${name || line.text}” is not a variable name (letters, digits and _, not starting with a digit).` }
    if (Object.hasOwn(vars, name)) return { error: `Line ${line.n}: “${name}” is set twice.` }
    vars[name] = line.text.slice(at + 1).trim()
  }
  return { vars }
}

/** Checks every field; all the errors at once, each in the field's own words. */
export function parseRunOptions(form: RunOptionsForm): ParsedRunOptions {
  const targets = parseTargets(form.targets)
  const timeScale = parseTimeScale(form.timeScale)
  const vars = parseVars(form.vars)
  const errors: RunOptionsErrors = {
    ...('error' in targets && { targets: targets.error }),
    ...('error' in timeScale && { timeScale: timeScale.error }),
    ...('error' in vars && { vars: vars.error }),
  }
  if ('error' in targets || 'error' in timeScale || 'error' in vars) return { ok: false, errors }
  const seed = form.seed.trim()
  return { ok: true, options: { targets: targets.targets, timeScale: timeScale.timeScale, vars: vars.vars, ...(seed && { seed }) } }
}
