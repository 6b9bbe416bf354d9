import { type Document, LineCounter, type Node, isMap, isNode, isScalar, parseDocument } from 'yaml'
import { MAX_JSON_DEPTH, TOO_DEEP } from '../../shared/core/json-depth'
import { type ApiIssue, type Result, fail, ok } from '../../shared/result'
import { Scenario } from '../../shared/schemas/scenario'
import { VAR_NAME, type VarValue, substituteVars } from '../../shared/schemas/scenario-vars'
import { type Found, type Path, formatPath, isRecord } from './problem-path'
import { explain } from './schema-problems'
import { semanticProblems } from './semantic-problems'
import { sizeProblems } from './size-problems'

/** One thing wrong with a scenario file: `steps[3].fire`, and where it is (1-based) when known. */
export interface ScenarioProblem extends ApiIssue {
  line?: number
  column?: number
}

export type ParseScenarioResult = { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] }

export interface ParseScenarioOptions {
  /** `.json` is read as JSON, `.yaml`/`.yml` as YAML; otherwise text starting with `{` or `[` is JSON. */
  fileName?: string
  /** `--var name=value` from the command line; wins over the file's `vars`. */
  vars?: Record<string, VarValue>
}

type Position = { line: number; column: number }

/**
 * Reads a scenario file (YAML or JSON), validates it and checks what the schema cannot: events
 * exist for their provider, step ids are unique and referenced ids exist, `${var}`s are defined,
 * and the run it makes fits the limits (steps unrolled, story length, nesting).
 * Never throws; every problem is reported, in file order.
 */
export function parseScenario(text: string, options: ParseScenarioOptions = {}): ParseScenarioResult {
  const source = readSource(text.replace(/^\uFEFF/, ''), options.fileName)
  if (!source.ok) return { ok: false, problems: source.problems }
  if (source.value == null) return { ok: false, problems: [{ path: '(root)', message: 'the file is empty: a scenario needs version, name, provider and steps' }] }
  const { value, found: varProblems } = substitute(source.value, options.vars ?? {})
  const parsed = Scenario.safeParse(value)
  const schemaProblems = parsed.success ? [] : parsed.error.issues.flatMap((issue) => explain(issue, value, []))
  const semantic = semanticProblems(value, { receiver: typeof options.vars?.receiver === 'string' ? options.vars.receiver : undefined })
  // Where a variable is unknown, the value is still `${name}`: what else is said about it is noise.
  const notUnderVarProblem = (p: Found) => !varProblems.some((v) => startsWith(p.path, v.path))
  const found = [...varProblems, ...schemaProblems.filter(notUnderVarProblem), ...semantic.filter(notUnderVarProblem), ...sizeProblems(value)]
  if (parsed.success && found.length === 0) return { ok: true, scenario: parsed.data }
  return { ok: false, problems: inFileOrder(dedupe(found).map((p) => ({ path: formatPath(p.path), message: p.message, ...source.locate(p) }))) }
}

/** `scenario.yaml:4:11: steps[3].fire: unknown event …`, one line per problem. */
export function formatProblems(problems: ScenarioProblem[], fileName = 'scenario'): string {
  return problems.map((p) => `${fileName}${p.line ? `:${p.line}:${p.column}` : ''}: ${p.path}: ${p.message}`).join('\n')
}

/** `--var name=value`: the value is always text, as in the file's `${name}`. */
export function parseVarOption(entry: string): Result<{ name: string; value: string }> {
  const at = entry.indexOf('=')
  const name = at > 0 ? entry.slice(0, at).trim() : ''
  if (!VAR_NAME.test(name)) return fail('invalid_input', `--var expects name=value with a name of letters, digits and _, got "${entry}"`)
  return ok({ name, value: entry.slice(at + 1) })
}

// --- Reading YAML and JSON -------------------------------------------------------------------

type Source =
  | { ok: true; value: unknown; locate: (found: Found) => Position | undefined }
  | { ok: false; problems: ScenarioProblem[] }
type Read = { ok: true; value: unknown } | { ok: false; problems: ScenarioProblem[] }

function readSource(text: string, fileName: string | undefined): Source {
  const lineCounter = new LineCounter()
  let doc: Document | undefined
  // JSON needs the YAML tree (JSON is YAML) only to place problems, so it is built on demand.
  const tree = () => (doc ??= parseDocument(text, { lineCounter, prettyErrors: false, merge: true }))
  const at = (offset: number): Position => {
    tree()
    const { line, col } = lineCounter.linePos(offset)
    return { line, column: col }
  }
  const read = isJson(text, fileName) ? readJson(text, tree, at) : readYaml(tree(), at)
  if (!read.ok) return read
  const problem = structureProblem(read.value)
  if (problem) return { ok: false, problems: [{ path: '(root)', message: problem }] }
  return { ok: true, value: read.value, locate: (found) => locate(tree(), found, at) }
}

function readJson(text: string, tree: () => Document, at: (offset: number) => Position): Read {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const offset = /at position (\d+)/.exec(message)?.[1]
    const yamlError = offset === undefined ? tree().errors[0] : undefined
    const position = offset !== undefined ? at(Number(offset)) : yamlError && at(yamlError.pos[0])
    const short = message.replace(/ in JSON at position \d+.*$|, ".*" is not valid JSON$/s, '')
    return { ok: false, problems: [{ path: '(root)', message: `invalid JSON: ${short}`, ...position }] }
  }
}

/** The YAML parser recurses per level: thousands of nested brackets overflow its stack. */
const yamlErrorMessage = (message: string) => (/Maximum call stack size exceeded/.test(message) ? `invalid YAML: ${TOO_DEEP}` : `invalid YAML: ${message}`)

function readYaml(doc: Document, at: (offset: number) => Position): Read {
  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((e) => ({ path: '(root)', message: yamlErrorMessage(e.message), ...at(e.pos[0]) })) }
  }
  try {
    return { ok: true, value: doc.toJS() }
  } catch (error) {
    // yaml refuses to expand aliases past its budget (a "billion laughs" file): a problem, not a crash.
    return { ok: false, problems: [{ path: '(root)', message: `invalid YAML: ${error instanceof Error ? error.message : String(error)}` }] }
  }
}

/** A value containing itself (`a: &x [*x]` is legal YAML) or absurdly nested would overflow the checks' stacks. */
function structureProblem(value: unknown, depth = 0, ancestors = new Set<unknown>()): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  if (ancestors.has(value)) return 'invalid YAML: an alias refers to a node that contains it'
  if (depth > MAX_JSON_DEPTH) return TOO_DEEP
  ancestors.add(value)
  for (const item of Object.values(value)) {
    const problem = structureProblem(item, depth + 1, ancestors)
    if (problem) return problem
  }
  ancestors.delete(value)
  return undefined
}

function isJson(text: string, fileName: string | undefined): boolean {
  if (fileName && /\.json$/i.test(fileName)) return true
  if (fileName && /\.ya?ml$/i.test(fileName)) return false
  return /^\s*[{[]/.test(text)
}

/** Where a problem is: its key or value node, else the nearest enclosing node that exists. */
function locate(doc: Document, found: Found, at: (offset: number) => Position): Position | undefined {
  const node = (found.atKey && keyNode(doc, found.path)) || nearestNode(doc, found.path)
  return node?.range ? at(node.range[0]) : undefined
}

function keyNode(doc: Document, path: Path): Node | undefined {
  const parent = doc.getIn(path.slice(0, -1), true)
  const key = isMap(parent) ? parent.items.find((pair) => isScalar(pair.key) && pair.key.value === path.at(-1))?.key : undefined
  return isNode(key) ? key : undefined
}

function nearestNode(doc: Document, path: Path): Node | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = doc.getIn(path.slice(0, length), true)
    if (isNode(node) && node.range) return node
  }
  return undefined
}

// --- Variables ---------------------------------------------------------------------------------

/** Substitutes everywhere but in `vars` itself; command-line vars join (and beat) the file's. */
function substitute(raw: unknown, overrides: Record<string, VarValue>): { value: unknown; found: Found[] } {
  if (!isRecord(raw)) return { value: raw, found: [] }
  const { vars: fileVars = {}, ...rest } = raw
  // A malformed `vars` stays as written for the schema to report.
  const vars = isRecord(fileVars) ? { ...fileVars, ...overrides } : fileVars
  const result = substituteVars(rest, isRecord(vars) ? scalars(vars) : overrides)
  const value = isRecord(result.value) ? { ...result.value, vars } : result.value
  return { value, found: result.ok ? [] : result.problems }
}

function scalars(record: Record<string, unknown>): Record<string, VarValue> {
  const isScalarEntry = (entry: [string, unknown]): entry is [string, VarValue] => ['string', 'number', 'boolean'].includes(typeof entry[1])
  return Object.fromEntries(Object.entries(record).filter(isScalarEntry))
}

function startsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment)
}

function dedupe(found: Found[]): Found[] {
  const seen = new Set<string>()
  return found.filter((f) => {
    const key = `${formatPath(f.path)}\0${f.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function inFileOrder(problems: ScenarioProblem[]): ScenarioProblem[] {
  const rank = (p: ScenarioProblem) => (p.line === undefined ? Number.MAX_SAFE_INTEGER : p.line * 1e6 + (p.column ?? 0))
  return problems.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i).map(({ p }) => p)
}
