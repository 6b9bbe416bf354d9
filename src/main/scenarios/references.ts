import { VAR_NAME } from '../../shared/schemas/scenario-vars'

/*
 * `${…}` in a scenario. Three kinds of name, resolved at three moments:
 * - variables (`vars:`, `--var`, `with:` of an include, `${receiver}`): when the file is read;
 * - a repeat's round (`${i}`, `as:` names) and a load's arrival (`${n}`): when the run is planned,
 *   round by round (arrival by arrival);
 * - values that flow (`${steps.<id>.body.<path>}`, `${steps.<id>.response.…}`, names a `save:`
 *   made): when the step runs.
 * A value that is exactly one reference (`"${i}"`) takes the referenced value with its type; inside
 * longer text it is its text. `$${` writes a literal `${`.
 */

/** A step's value, as a reference names it. */
export type StepReference = { id: string } & ({ part: 'body'; path: string } | { part: 'status' } | { part: 'response-body'; path: string } | { part: 'header'; name: string })

export type Reference = { kind: 'name'; name: string } | ({ kind: 'step'; text: string } & StepReference)

const STEP_REF = /^steps\.([A-Za-z0-9_-]+)\.(body(?:\.(.+))?|response\.(status|body(?:\.(.+))?|headers\.([!#$%&'*+\-.^_`|~0-9A-Za-z]+)))$/

/** What a `${…}` names, or why it names nothing. */
export function parseReference(inner: string): Reference | { problem: string } {
  if (VAR_NAME.test(inner)) return { kind: 'name', name: inner }
  const step = STEP_REF.exec(inner)
  if (step) {
    const [, id, , bodyPath, response, responseBodyPath, header] = step
    if (response === undefined) return { kind: 'step', text: inner, id: id!, part: 'body', path: bodyPath ?? '' }
    if (response === 'status') return { kind: 'step', text: inner, id: id!, part: 'status' }
    if (header !== undefined) return { kind: 'step', text: inner, id: id!, part: 'header', name: header }
    return { kind: 'step', text: inner, id: id!, part: 'response-body', path: responseBodyPath ?? '' }
  }
  if (inner.startsWith('steps.')) {
    return { problem: `"\${${inner}}" is not a step value: write \${steps.<id>.body.<path>}, \${steps.<id>.response.status}, \${steps.<id>.response.body.<path>} or \${steps.<id>.response.headers.<name>}` }
  }
  return { problem: `"\${${inner}}" is not a reference (names are letters, digits and _; write $\${ for a literal \${)` }
}

/** The key a step value is kept under in a run (`steps.reset.response.status`). */
export const referenceKey = (ref: StepReference): string =>
  `steps.${ref.id}.${ref.part === 'body' ? `body${ref.path ? `.${ref.path}` : ''}` : ref.part === 'status' ? 'response.status' : ref.part === 'header' ? `response.headers.${ref.name}` : `response.body${ref.path ? `.${ref.path}` : ''}`}`

const REFERENCE = /\$(\$?)\{([^}]*)\}/g

/** Each `${…}` of a text (escaped ones left out). */
export function referencesIn(text: string): string[] {
  const found: string[] = []
  for (const match of text.matchAll(REFERENCE)) if (!match[1]) found.push(match[2]!)
  return found
}

/**
 * How a reference is replaced: `{ value }`, or undefined to leave it as written (for a later
 * moment, or because it is unknown and reported).
 */
export type Resolve = (inner: string) => { value: unknown } | undefined

/** A text with its references resolved: the value itself when the text is exactly one reference. */
export function substituteText(text: string, resolve: Resolve, options: { unescape?: boolean } = {}): unknown {
  const exact = /^\$\{([^}]*)\}$/.exec(text)
  if (exact) {
    const found = resolve(exact[1]!)
    return found === undefined ? text : found.value
  }
  return text.replace(REFERENCE, (whole, escape: string, inner: string) => {
    if (escape) return options.unescape ? whole.slice(1) : whole
    const found = resolve(inner)
    if (found === undefined) return whole
    return typeof found.value === 'string' ? found.value : found.value !== null && typeof found.value === 'object' ? JSON.stringify(found.value) : String(found.value)
  })
}

export type Path = Array<string | number>

/** Every string of a value (not keys) through `onString`, with its path; other values as they are. */
export function mapStrings(value: unknown, onString: (text: string, path: Path) => unknown, path: Path = []): unknown {
  if (typeof value === 'string') return onString(value, path)
  if (Array.isArray(value)) return value.map((item, i) => mapStrings(item, onString, [...path, i]))
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, onString, [...path, key])]))
}

/** A value with every reference `resolve` knows replaced. */
export const substitute = (value: unknown, resolve: Resolve, options: { unescape?: boolean } = {}): unknown => mapStrings(value, (text) => (text.includes('$') ? substituteText(text, resolve, options) : text))

/** Every reference inside a value (strings only), once each. */
export function referencesOf(value: unknown): string[] {
  const found = new Set<string>()
  mapStrings(value, (text) => {
    if (text.includes('${')) for (const inner of referencesIn(text)) found.add(inner)
    return text
  })
  return [...found]
}

/** Every `${steps.<id>.…}` the plan refers to, by step id: what an http step keeps of its exchange. */
export function stepReferences(content: unknown): Map<string, StepReference[]> {
  const byId = new Map<string, StepReference[]>()
  for (const inner of referencesOf(content)) {
    const ref = parseReference(inner)
    if ('problem' in ref || ref.kind !== 'step') continue
    byId.set(ref.id, [...(byId.get(ref.id) ?? []), ref])
  }
  return byId
}
