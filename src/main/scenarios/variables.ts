import { didYouMean } from '../../shared/did-you-mean'
import type { VarValue } from '../../shared/schemas/scenario-vars'
import { type Found, type Path, formatPath, isRecord } from './problem-path'
import { type Reference, mapStrings, parseReference, referencesIn, substituteText } from './references'

/*
 * Reading a file's `${…}`: variables are replaced now, everything else is checked against what is
 * in scope where it is written and left for later (see references.ts). Scope follows the file:
 * `${i}` and `as:` names inside their repeat, `${n}` inside a load, saved names and step ids after
 * the step that makes them (in file order).
 */

/** What a value may refer to where it is written. */
type Allowed = 'literal' | 'static' | 'planned' | 'any'

/** What the steps before this point made: step ids (with their kind) and saved names. */
interface Made {
  ids: Map<string, { kind: string; path: Path }>
  saved: Map<string, Path>
}

interface Scope {
  /** Round names of the enclosing repeats (`i` for the innermost), and `n` inside a load. */
  planned: string[]
  made: Made
  /** Every name a step of the file saves, and where (a use before it is said so). */
  savedAnywhere?: Map<string, Path>
}

/** An included file seen from the step that includes it: what it leaves behind for later steps. */
export interface IncludeSummary {
  ids: Map<string, { kind: string }>
  saved: string[]
}

export interface VariableOptions {
  vars: Readonly<Record<string, VarValue>>
  /** Variables known only when the run is planned (an included file's `with:` values that hold a round). */
  plannedVars?: string[]
  /** Ids and saved names an included file adds, by the include step's path. */
  included?: (path: Path) => IncludeSummary | undefined
}

/** Names that are never variables: they mean something already. */
const RESERVED: Record<string, string> = {
  i: 'the round of the innermost repeat',
  n: "a load's arrival number",
  steps: 'the start of a step value (${steps.<id>.…})',
}

/** Substitutes the variables of a scenario read from a file; reports every reference that cannot work where it is. */
export function substituteScenario(raw: Record<string, unknown>, options: VariableOptions): { value: Record<string, unknown>; found: Found[] } {
  const found: Found[] = []
  const { vars: fileVars, steps, ...rest } = raw
  const staticResolve = (path: Path) => resolver(options.vars, { planned: [], made: { ids: new Map(), saved: new Map() } }, 'static', path, found)
  const top = mapStrings(rest, (text, path) => substituteText(text, staticResolve(path), { unescape: true })) as Record<string, unknown>
  const scope: Scope = { planned: [...(options.plannedVars ?? [])], made: { ids: new Map(), saved: new Map() }, savedAnywhere: savesOf(steps) }
  const walked = Array.isArray(steps) ? walkSteps(steps, ['steps'], scope, options, found) : steps
  const value: Record<string, unknown> = { ...top, ...(fileVars !== undefined && { vars: fileVars }), ...(steps !== undefined && { steps: walked }) }
  return { value, found }
}

function walkSteps(steps: unknown[], path: Path, scope: Scope, options: VariableOptions, found: Found[]): unknown[] {
  return steps.map((step, i) => walkStep(step, [...path, i], scope, options, found))
}

function walkStep(step: unknown, path: Path, scope: Scope, options: VariableOptions, found: Found[]): unknown {
  if (!isRecord(step)) return step
  const kind = KINDS.find((k) => k in step)
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(step)) {
    const at = [...path, key]
    if (key === 'steps' && Array.isArray(value) && (kind === 'repeat' || kind === 'reorder')) {
      const inner = kind === 'repeat' ? { ...scope, planned: ['i', ...(typeof step.as === 'string' ? [step.as] : []), ...scope.planned.filter((name) => name !== 'i')] } : scope
      out[key] = walkSteps(value, at, inner, options, found)
    } else if (key === 'parallel' && Array.isArray(value)) {
      out[key] = walkSteps(value, at, scope, options, found)
    } else {
      const inLoad = kind === 'load' && key === 'load'
      const stepScope = inLoad ? { ...scope, planned: [...scope.planned, 'n'] } : scope
      out[key] = mapStrings(value, (text, inner) => {
        const allowed = allowedAt(kind, [key, ...inner])
        return substituteText(text, resolver(options.vars, stepScope, allowed, [...at, ...inner], found), { unescape: allowed === 'static' || allowed === 'literal' })
      })
    }
  }
  addMade(out, step, path, kind, scope, options, found)
  return out
}

/** Ids and saved names a step makes: visible to the steps after it. */
function addMade(out: Record<string, unknown>, step: Record<string, unknown>, path: Path, kind: string | undefined, scope: Scope, options: VariableOptions, found: Found[]) {
  if (kind === 'include') {
    const summary = options.included?.(path)
    for (const [id, made] of summary?.ids ?? []) scope.made.ids.set(id, { ...made, path })
    for (const name of summary?.saved ?? []) scope.made.saved.set(name, path)
  }
  if (typeof step.id === 'string' && kind !== undefined) scope.made.ids.set(step.id, { kind, path: [...path, 'id'] })
  if (isRecord(out.save)) {
    for (const name of Object.keys(out.save)) {
      const clash = Object.hasOwn(options.vars, name) ? 'the variable' : Object.hasOwn(RESERVED, name) ? 'the reserved name' : scope.planned.includes(name) ? 'the round' : undefined
      if (clash) found.push({ path: [...path, 'save', name], atKey: true, message: `"${name}" would hide ${clash} "${name}"; save it under another name` })
      else scope.made.saved.set(name, [...path, 'save', name])
    }
  }
  if (kind === 'repeat' && typeof step.as === 'string' && Object.hasOwn(options.vars, step.as)) {
    found.push({ path: [...path, 'as'], message: `"${step.as}" would hide the variable "${step.as}"; name the round otherwise` })
  }
}

const KINDS = ['fire', 'wait', 'heartbeat', 'repeat', 'parallel', 'duplicate', 'reorder', 'expect', 'http', 'include', 'load']

/** Keys whose values must be known before the run (they shape the plan or name things), by step kind. */
const STATIC_KEYS: Record<string, string[]> = {
  fire: ['fire', 'id', 'provider', 'delay', 'drop', 'filteredOut', 'tamper', 'by', 'save'],
  wait: [],
  heartbeat: ['heartbeat'],
  repeat: ['repeat', 'as'],
  duplicate: ['duplicate', 'subscription'],
  reorder: ['reorder'],
  http: ['id', 'save'],
  load: ['id'],
  include: [],
  expect: [],
}

/** Inside the object a kind key holds (`http: {…}`, `load: {…}`, `expect: { delivery: {…} }`): keys known before the run. */
const STATIC_INSIDE: Record<string, string[]> = {
  http: ['method', 'status', 'timeout'],
  load: ['fire', 'provider', 'rate', 'for', 'expect'],
  expect: ['step', 'subscription', 'within', 'attempts', 'under', 'become', 'stay', 'timeout', 'method', 'endpoint', 'event', 'count'],
  wait: ['timeout'],
}

/** Keys whose values are written out, with no `${…}` at all: they name files. */
const LITERAL_KEYS = new Set(['include', 'template'])

/** What the value at `keys` (from the step's own key down) may refer to. */
function allowedAt(kind: string | undefined, keys: Path): Allowed {
  const [first] = keys
  if (typeof first !== 'string') return 'any'
  if (LITERAL_KEYS.has(first) || (kind === 'load' && first === 'load' && keys[1] === 'template')) return 'literal'
  if (first === 'name' || (kind === 'heartbeat' && first === 'cluster')) return 'planned'
  if (kind !== undefined && first === kind && STATIC_INSIDE[kind]) {
    // A duration (`wait: 2m`), `delivered: all`: the kind's value itself.
    if (keys.length === 1 || (kind === 'expect' && keys.length === 2)) return 'static'
    const field = kind === 'expect' ? keys[2] : keys[1]
    return typeof field === 'string' && STATIC_INSIDE[kind]!.includes(field) ? 'static' : 'any'
  }
  return kind !== undefined && STATIC_KEYS[kind]?.includes(first) ? 'static' : 'any'
}

const RUN_TIME = 'when the step runs'

/** How references are resolved at one place in the file: variables now, the rest checked and left. */
function resolver(vars: Readonly<Record<string, VarValue>>, scope: Scope, allowed: Allowed, path: Path, found: Found[]) {
  const report = (message: string) => found.push({ path, message })
  return (inner: string): { value: unknown } | undefined => {
    const ref = parseReference(inner)
    if ('problem' in ref) {
      report(ref.problem)
      return undefined
    }
    if (allowed === 'literal') {
      report(`"\${${inner}}": a file path is written out; variables are not substituted in it`)
      return undefined
    }
    if (ref.kind === 'name' && Object.hasOwn(vars, ref.name)) return { value: vars[ref.name] }
    const when = deferredWhen(ref, vars, scope, report)
    if (when === undefined) return undefined
    if (allowed === 'static' || (allowed === 'planned' && when === RUN_TIME)) {
      report(`"\${${inner}}" is known only ${when}; this value must be known ${allowed === 'static' ? 'when the file is read: use a number, text or a variable' : 'when the run is planned (a variable or a round)'}`)
    }
    return undefined
  }
}

/** When a reference that is not a variable gets its value, or undefined (reported) when it cannot. */
function deferredWhen(ref: Reference, vars: Readonly<Record<string, VarValue>>, scope: Scope, report: (message: string) => void): string | undefined {
  if (ref.kind === 'name') {
    if (scope.planned.includes(ref.name)) return 'when the run is planned, round by round'
    if (scope.made.saved.has(ref.name)) return RUN_TIME
    const reserved = RESERVED[ref.name]
    if (reserved) {
      report(`"\${${ref.name}}" is ${reserved}: it exists only ${ref.name === 'i' ? 'inside a repeat' : ref.name === 'n' ? 'inside load:' : 'as ${steps.<id>.…}'}`)
      return undefined
    }
    const later = scope.savedAnywhere?.get(ref.name)
    if (later) {
      report(`"\${${ref.name}}" is saved by a later step (${formatPath(later)}); use it after that step`)
      return undefined
    }
    const visible = [...Object.keys(vars), ...scope.planned, ...scope.made.saved.keys()]
    report(`unknown variable "${ref.name}"${didYouMean(ref.name, visible) || `; define it under vars, pass --var ${ref.name}=..., or save it on an earlier step (save: { ${ref.name}: body.<path> })`}`)
    return undefined
  }
  const made = scope.made.ids.get(ref.id)
  if (!made) {
    report(`no step before this one has the id "${ref.id}"${didYouMean(ref.id, [...scope.made.ids.keys()]) || '; give the fire or http step an id'}`)
    return undefined
  }
  if (made.kind !== 'fire' && made.kind !== 'http') {
    report(`step "${ref.id}" (${formatPath(made.path)}) is a ${made.kind} step: only fire and http steps have a body and an answer to refer to`)
    return undefined
  }
  return RUN_TIME
}

/** Every name the file's steps save, with where. */
function savesOf(steps: unknown, path: Path = ['steps'], found = new Map<string, Path>()): Map<string, Path> {
  if (!Array.isArray(steps)) return found
  steps.forEach((step, i) => {
    if (!isRecord(step)) return
    if (isRecord(step.save)) for (const name of Object.keys(step.save)) if (!found.has(name)) found.set(name, [...path, i, 'save', name])
    savesOf(step.steps, [...path, i, 'steps'], found)
    savesOf(step.parallel, [...path, i, 'parallel'], found)
  })
  return found
}

/** Each reference a text makes, parsed (for checks that need to know what a value depends on). */
export function parsedReferences(text: string): Reference[] {
  return referencesIn(text).flatMap((inner) => {
    const ref = parseReference(inner)
    return 'problem' in ref ? [] : [ref]
  })
}
