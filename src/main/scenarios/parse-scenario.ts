import { type Document, LineCounter, type Node, isMap, isNode, isScalar, parseDocument } from 'yaml'
import { MAX_JSON_DEPTH, TOO_DEEP, isTextTooDeep } from '../../shared/core/json-depth'
import { didYouMean } from '../../shared/did-you-mean'
import type { Json } from '../../shared/platforms/platform'
import { type ApiIssue, type Result, fail, ok } from '../../shared/result'
import { type IncludeStepOf, type IncludedStory, Scenario, type Step } from '../../shared/schemas/scenario'
import { MAX_INCLUDE_DEPTH } from '../../shared/schemas/scenario-limits'
import { VAR_NAME, type VarValue } from '../../shared/schemas/scenario-vars'
import { type Found, type Path, formatPath, isRecord, valueAt } from './problem-path'
import { mapStrings } from './references'
import { type ScenarioFileMap, resolveFilePath } from './scenario-file-map'
import { explain } from './schema-problems'
import { receiverSlashProblems, semanticProblems } from './semantic-problems'
import { sizeProblems } from './size-problems'
import { type IncludeSummary, substituteScenario } from './variables'

/** One thing wrong with a scenario file: `steps[3].fire`, and where it is (1-based) when known. */
export interface ScenarioProblem extends ApiIssue {
  /** The included file it is in (its path from the scenario's folder); unset = the scenario itself. */
  file?: string
  line?: number
  column?: number
}

export type ParseScenarioResult = { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] }

export interface ParseScenarioOptions {
  /** `.json` is read as JSON, `.yaml`/`.yml` as YAML; otherwise text starting with `{` or `[` is JSON. */
  fileName?: string
  /** `--var name=value` from the command line (and `${receiver}`); wins over the file's `vars`. */
  vars?: Record<string, VarValue>
  /** The files it includes and the templates it names, by path from its folder (see scenario-file-map.ts). */
  files?: ScenarioFileMap
  /** What readScenarioValue read of these files before (scenarioReads): each is then parsed once in all. */
  reads?: ScenarioReads
}

/**
 * Files read as YAML or JSON, by name, each with the text it was read from. A host that looks for
 * what a file includes (readScenarioValue) and then checks it (parseScenario) hands both the same
 * reads: the check places its problems in the documents parsed for the look, instead of parsing
 * every file again. A text that differs from the one read under its name is read anew.
 */
export type ScenarioReads = Map<string, { text: string; source: Source }>

/** Reads for one look at one scenario and its check (see ScenarioReads). */
export const scenarioReads = (): ScenarioReads => new Map()

type Position = { line: number; column: number }

/**
 * Reads a scenario file (YAML or JSON) and the files it includes, validates them and checks what
 * the schema cannot: events exist for their provider, step ids are unique and referenced ids
 * exist, `${…}` references make sense where they are, included files exist and do not include
 * themselves, and the run it makes fits the limits (steps unrolled, story length, nesting).
 * Never throws; every problem is reported, in file order, each with its file when it is another.
 */
export function parseScenario(text: string, options: ParseScenarioOptions = {}): ParseScenarioResult {
  const reads = options.reads ?? scenarioReads()
  const source = readSource(text, options.fileName, reads)
  if (!source.ok) return { ok: false, problems: source.problems }
  if (source.value == null) return { ok: false, problems: [{ path: '(root)', message: 'the file is empty: a scenario needs version, name, provider and steps' }] }
  const overrides = options.vars ?? {}
  const reading: Reading = { files: options.files ?? {}, receiver: typeof overrides.receiver === 'string' ? overrides.receiver : undefined, summaries: new Map(), reads }
  const parsed = parseStory(source, { key: '', stack: [], overrides, withVars: undefined }, reading)
  return parsed.ok ? { ok: true, scenario: parsed.scenario } : { ok: false, problems: parsed.problems }
}

/** `scenario.yaml:4:11: steps[3].fire: unknown event …`, one line per problem (an included file's own name on its problems). */
export function formatProblems(problems: ScenarioProblem[], fileName = 'scenario'): string {
  return problems.map((p) => `${p.file ?? fileName}${p.line ? `:${p.line}:${p.column}` : ''}: ${p.path}: ${p.message}`).join('\n')
}

/** `--var name=value`: the value is text, read as a number or boolean where the file's variable is one. */
export function parseVarOption(entry: string): Result<{ name: string; value: string }> {
  const at = entry.indexOf('=')
  const name = at > 0 ? entry.slice(0, at).trim() : ''
  if (!VAR_NAME.test(name)) return fail('invalid_input', `--var expects name=value with a name of letters, digits and _, got "${entry}"`)
  return ok({ name, value: entry.slice(at + 1) })
}

/** A file's text as a value (YAML or JSON), or undefined when it does not read: for finding what it includes. */
export function readScenarioValue(text: string, fileName: string | undefined, reads?: ScenarioReads): unknown {
  const source = readSource(text, fileName, reads)
  return source.ok ? source.value : undefined
}

// --- One file of the story ---------------------------------------------------------------------

/** What reading a scenario and its includes shares. */
interface Reading {
  files: ScenarioFileMap
  receiver: string | undefined
  /** Ids and saved names of each included file, by its path. */
  summaries: Map<string, IncludeSummary>
  /** Each file parsed once, however many steps include it. */
  reads: ScenarioReads
}

interface StoryFile {
  /** Its path from the scenario's folder ('' = the scenario itself). */
  key: string
  /** The files including it, outermost first (cycles). */
  stack: string[]
  /** The scenario: --var (and ${receiver}). */
  overrides: Record<string, VarValue>
  /** An included file: the including step's `with`, and where it is. */
  withVars: Record<string, unknown> | undefined
}

type StoryResult =
  | { ok: true; scenario: Scenario; value: Record<string, unknown>; plannedVars: string[]; withProblems?: Found[] }
  | { ok: false; problems: ScenarioProblem[]; value?: Record<string, unknown>; withProblems?: Found[] }

/** Keys a file may not have when it is included: the run has one of each, the including scenario's. */
const NOT_IN_INCLUDED = { subscriptions: 'subscriptions', endpoints: 'endpoints', seed: 'seed' } as const

function parseStory(source: Extract<Source, { ok: true }>, file: StoryFile, reading: Reading): StoryResult {
  const raw = source.value
  if (!isRecord(raw)) return { ok: false, problems: [{ ...(file.key !== '' && { file: file.key }), path: '(root)', message: 'expected a scenario: a map with version, name, provider and steps' }] }
  const found: Found[] = []
  if (file.withVars !== undefined) {
    for (const key of Object.keys(NOT_IN_INCLUDED)) {
      if (Object.hasOwn(raw, key)) found.push({ path: [key], atKey: true, message: `an included file runs with the including scenario's ${key}; move them there (or run this file on its own)` })
    }
  }
  const typed = typedVars(raw.vars, file, reading)
  found.push(...typed.found, ...receiverSlashProblems(raw))
  const substituted = substituteScenario(raw, { vars: typed.vars, plannedVars: typed.planned, included: (path) => summaryAt(raw, path, file, reading) })
  // The variables as the run has them: the file's, with what overrides them.
  const value = isRecord(raw.vars) ? { ...substituted.value, vars: typed.vars } : substituted.value
  // Where a reference is wrong, the value still holds `${…}`: what else is said about it is noise.
  const notUnderReference = (p: Found) => !substituted.found.some((v) => startsWith(p.path, v.path))
  const includes = readIncludes(value, file, reading)
  const templates = readTemplates(value, file, reading)
  // Parsed once: zod's compiled fast path for objects would cost more to generate than it saves.
  const parsed = Scenario.safeParse(value, { jitless: true })
  const schemaProblems = parsed.success ? [] : parsed.error.issues.flatMap((issue) => explain(issue, value, []))
  const semantic = semanticProblems(value, { receiver: reading.receiver, includedIds: (path) => includes.stories.get(formatPath(path))?.ids })
  const size = file.withVars === undefined ? sizeProblems(value, includes.expansions) : []
  found.push(...substituted.found, ...includes.found, ...templates.found, ...schemaProblems.filter(notUnderReference), ...semantic.filter(notUnderReference), ...size)
  const own = located(source, file, found)
  const problems = [...(own.ok ? [] : own.problems), ...includes.problems]
  if (!parsed.success || problems.length > 0) return { ok: false, problems: dedupe(problems), value, withProblems: typed.withProblems }
  const scenario = parsed.data
  attach(scenario.steps, ['steps'], includes.stories, templates.bodies)
  scenario.subscriptions = scenario.subscriptions.map((s) => ({ ...s, provider: s.provider ?? scenario.provider }))
  return { ok: true, scenario, value, plannedVars: typed.planned, withProblems: typed.withProblems }
}

/** Problems of one file, placed in it (line and column), in file order, naming the file when it is an included one. */
function located(source: Extract<Source, { ok: true }>, file: StoryFile, found: Found[]): { ok: false; problems: ScenarioProblem[] } | { ok: true } {
  if (found.length === 0) return { ok: true }
  const named = file.key === '' ? {} : { file: file.key }
  return { ok: false, problems: inFileOrder(dedupeFound(found).map((p) => ({ ...named, path: formatPath(p.path), message: p.message, ...source.locate(p) }))) }
}


// --- Variables ---------------------------------------------------------------------------------

/**
 * The file's variables with what overrides them: the scenario's `--var`s (text, read as the
 * file's variable's type), or an included file's `with:` (each must be one of its vars). A `with`
 * value holding a round (`${i}`) is known when the run is planned: it is left in place for then.
 */
function typedVars(fileVars: unknown, file: StoryFile, reading: Reading): { vars: Record<string, VarValue>; planned: string[]; found: Found[]; withProblems: Found[] } {
  const declared = isRecord(fileVars) ? scalars(fileVars) : {}
  const found: Found[] = []
  const withProblems: Found[] = []
  const vars: Record<string, VarValue> = { ...declared }
  const planned: string[] = []
  if (reading.receiver !== undefined) vars.receiver = reading.receiver
  const given = file.withVars ?? file.overrides
  for (const [name, value] of Object.entries(given)) {
    if (name === 'receiver') continue
    if (file.withVars !== undefined && !Object.hasOwn(declared, name)) {
      withProblems.push({ path: ['with', name], atKey: true, message: `${file.key} has no variable "${name}"${didYouMean(name, Object.keys(declared)) || `; its variables are ${Object.keys(declared).join(', ') || 'none (declare them under vars:)'}`}` })
      continue
    }
    if (file.withVars !== undefined && typeof value === 'string' && /\$\{(?!steps\.)[A-Za-z_]\w*\}/.test(value)) {
      planned.push(name)
      delete vars[name]
      continue
    }
    const read = asTypeOf(declared[name], value)
    if (read.ok) vars[name] = read.value
    else if (file.withVars !== undefined) withProblems.push({ path: ['with', name], message: read.problem })
    else found.push({ path: ['vars', name], message: `--var ${name}=${String(value)}: ${read.problem}` })
  }
  return { vars, planned, found, withProblems }
}

/** A given value read as the declared variable's type (text from the command line becomes a number where the file's is one). */
function asTypeOf(declared: VarValue | undefined, value: unknown): { ok: true; value: VarValue } | { ok: false; problem: string } {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return { ok: false, problem: 'must be a string, number or boolean' }
  if (declared === undefined || typeof declared === 'string' || typeof value !== 'string') return { ok: true, value }
  if (typeof declared === 'number') {
    const number = Number(value)
    return value.trim() !== '' && Number.isFinite(number) ? { ok: true, value: number } : { ok: false, problem: `is a number in the file (${declared}); give a number` }
  }
  return value === 'true' || value === 'false' ? { ok: true, value: value === 'true' } : { ok: false, problem: 'is true or false in the file; give true or false' }
}

// --- Included files ----------------------------------------------------------------------------

type ReadStory = IncludedStory & { ids: IncludeSummary['ids'] }

interface IncludedRead {
  stories: Map<string, ReadStory>
  expansions: WeakMap<object, unknown[]>
  found: Found[]
  problems: ScenarioProblem[]
}

/** Each `include:` step of a file, read and parsed with its `with:`; problems inside it are the included file's. */
function readIncludes(value: Record<string, unknown>, file: StoryFile, reading: Reading): IncludedRead {
  const read: IncludedRead = { stories: new Map(), expansions: new WeakMap(), found: [], problems: [] }
  eachRawStep(value.steps, ['steps'], (step, path) => {
    // A path holding `${` is reported as such already.
    if (typeof step.include !== 'string' || step.include.includes('${')) return
    const at = [...path, 'include']
    const resolved = resolveFilePath(file.key, step.include)
    if ('problem' in resolved) return void read.found.push({ path: at, message: resolved.problem })
    const key = resolved.path
    if (key === file.key || file.stack.includes(key)) {
      return void read.found.push({ path: at, message: `includes itself: ${[...file.stack, file.key, key].map((k) => k || 'the scenario').join(' → ')}; an include cannot come back to a file that includes it` })
    }
    if (file.stack.length + 1 > MAX_INCLUDE_DEPTH) return void read.found.push({ path: at, message: `includes go ${file.stack.length + 1} files deep here; at most ${MAX_INCLUDE_DEPTH}` })
    const text = reading.files[key]
    if (text === undefined) return void read.found.push({ path: at, message: missingFile(key, 'an included file') })
    const source = readSource(text, key, reading.reads)
    if (!source.ok) return void read.problems.push(...source.problems.map((p) => ({ ...p, file: key })))
    const withVars = isRecord(step.with) ? step.with : {}
    const story = parseStory(source, { key, stack: [...file.stack, file.key], overrides: {}, withVars }, reading)
    // What is wrong with `with:` is the including file's to fix, where it wrote it.
    read.found.push(...(story.withProblems ?? []).map((p) => ({ ...p, path: [...path, ...p.path] })))
    if (!story.ok) return void read.problems.push(...story.problems)
    read.expansions.set(step, Array.isArray(story.value.steps) ? story.value.steps : [])
    const { scenario } = story
    read.stories.set(formatPath(path), { file: key, provider: scenario.provider, context: scenario.context, steps: scenario.steps, plannedVars: story.plannedVars, ids: summaryOf(key, reading)?.ids ?? new Map() })
  })
  return read
}

/** The ids and saved names an included file (and what it includes) leaves for the steps after it. */
function summaryAt(raw: Record<string, unknown>, path: Path, file: StoryFile, reading: Reading): IncludeSummary | undefined {
  const written = valueAt(raw, [...path, 'include'])
  if (typeof written !== 'string') return undefined
  const resolved = resolveFilePath(file.key, written)
  return 'problem' in resolved || resolved.path === file.key || file.stack.includes(resolved.path) ? undefined : summaryOf(resolved.path, reading)
}

function summaryOf(key: string, reading: Reading, seen = new Set<string>()): IncludeSummary | undefined {
  const cached = reading.summaries.get(key)
  if (cached) return cached
  const text = reading.files[key]
  if (text === undefined || seen.has(key)) return undefined
  seen.add(key)
  const value = readScenarioValue(text, key, reading.reads)
  const summary: IncludeSummary = { ids: new Map(), saved: [] }
  eachRawStep(isRecord(value) ? value.steps : undefined, ['steps'], (step) => {
    const kind = ['fire', 'http', 'load'].find((k) => k in step)
    if (kind && typeof step.id === 'string') summary.ids.set(step.id, { kind })
    if (isRecord(step.save)) summary.saved.push(...Object.keys(step.save))
    if (typeof step.include === 'string') {
      const inner = resolveFilePath(key, step.include)
      const nested = 'problem' in inner ? undefined : summaryOf(inner.path, reading, seen)
      for (const [id, made] of nested?.ids ?? []) summary.ids.set(id, made)
      summary.saved.push(...(nested?.saved ?? []))
    }
  })
  reading.summaries.set(key, summary)
  return summary
}

const missingFile = (key: string, what: string) =>
  `no file "${key}" next to the scenario: ${what} is read from the scenario's folder (the CLI), or is a saved scenario of that file name (the app)`

// --- Templates ---------------------------------------------------------------------------------

/** Each `template:` of a file: its JSON, to send as the step's body (placeholders `{{…}}` only: `${…}` in it is sent as written). */
function readTemplates(value: Record<string, unknown>, file: StoryFile, reading: Reading): { bodies: Map<string, Json>; found: Found[] } {
  const bodies = new Map<string, Json>()
  const found: Found[] = []
  eachRawStep(value.steps, ['steps'], (step, path) => {
    const holder = typeof step.template === 'string' ? { at: path, template: step.template } : isRecord(step.load) && typeof step.load.template === 'string' ? { at: [...path, 'load'], template: step.load.template } : undefined
    if (!holder || holder.template.includes('${')) return
    const at = [...holder.at, 'template']
    const resolved = resolveFilePath(file.key, holder.template)
    if ('problem' in resolved) return void found.push({ path: at, message: resolved.problem })
    const text = reading.files[resolved.path]
    if (text === undefined) return void found.push({ path: at, message: missingFile(resolved.path, 'a template') })
    if (isTextTooDeep(text)) return void found.push({ path: at, message: `${resolved.path} is ${TOO_DEEP}` })
    try {
      bodies.set(formatPath(holder.at), JSON.parse(text) as Json)
    } catch (error) {
      found.push({ path: at, message: `${resolved.path} is not JSON: ${error instanceof Error ? error.message : String(error)}` })
    }
  })
  return { bodies, found }
}

/** A template's `${` are written out as they are: escaped, as the runner unescapes what it sends. */
const literally = (value: Json): Json => mapStrings(value, (text) => text.replace(/\$\{/g, () => '$${')) as Json

/** Hangs each include's story and each template's body on its parsed step. */
function attach(steps: Step[], path: Path, stories: Map<string, ReadStory>, bodies: Map<string, Json>) {
  steps.forEach((step, i) => {
    const at = [...path, i]
    if ('include' in step) {
      const story = stories.get(formatPath(at))
      if (story) (step as IncludeStepOf).story = { file: story.file, provider: story.provider, context: story.context, steps: story.steps, plannedVars: story.plannedVars }
    }
    if ('fire' in step && step.template !== undefined) {
      const body = bodies.get(formatPath(at))
      if (body !== undefined) step.body = literally(body)
    }
    if ('load' in step && step.load.template !== undefined) {
      const body = bodies.get(formatPath([...at, 'load']))
      if (body !== undefined) step.load.body = literally(body)
    }
    if ('repeat' in step) attach(step.steps, [...at, 'steps'], stories, bodies)
    if ('reorder' in step) attach(step.steps, [...at, 'steps'], stories, bodies)
    if ('parallel' in step) attach(step.parallel, [...at, 'parallel'], stories, bodies)
  })
}

/** Every step of a raw file (any depth, include steps' own contents aside), with its path. */
export function eachRawStep(steps: unknown, path: Path, visit: (step: Record<string, unknown>, path: Path) => void): void {
  if (!Array.isArray(steps)) return
  steps.forEach((step, i) => {
    if (!isRecord(step)) return
    visit(step, [...path, i])
    eachRawStep(step.steps, [...path, i, 'steps'], visit)
    eachRawStep(step.parallel, [...path, i, 'parallel'], visit)
  })
}

// --- Reading YAML and JSON -------------------------------------------------------------------

type Source =
  | { ok: true; value: unknown; locate: (found: Found) => Position | undefined }
  | { ok: false; problems: ScenarioProblem[] }
type Read = { ok: true; value: unknown } | { ok: false; problems: ScenarioProblem[] }

/** A file's read (a byte order mark at its start left out), the one kept in `reads` when it is of the same text under the same name. */
function readSource(text: string, fileName: string | undefined, reads: ScenarioReads | undefined): Source {
  const known = reads?.get(fileName ?? '')
  if (known?.text === text) return known.source
  const source = readText(text.replace(/^\uFEFF/, ''), fileName)
  reads?.set(fileName ?? '', { text, source })
  return source
}

function readText(text: string, fileName: string | undefined): Source {
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


// --- Helpers ----------------------------------------------------------------------------------

function scalars(record: Record<string, unknown>): Record<string, VarValue> {
  const isScalarEntry = (entry: [string, unknown]): entry is [string, VarValue] => ['string', 'number', 'boolean'].includes(typeof entry[1])
  return Object.fromEntries(Object.entries(record).filter(isScalarEntry))
}

function startsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment)
}

function dedupeFound(found: Found[]): Found[] {
  const seen = new Set<string>()
  return found.filter((f) => {
    const key = `${formatPath(f.path)}\0${f.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function dedupe(problems: ScenarioProblem[]): ScenarioProblem[] {
  const seen = new Set<string>()
  return problems.filter((f) => {
    const key = `${f.file ?? ''}\0${f.path}\0${f.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function inFileOrder(problems: ScenarioProblem[]): ScenarioProblem[] {
  const rank = (p: ScenarioProblem) => (p.line === undefined ? Number.MAX_SAFE_INTEGER : p.line * 1e6 + (p.column ?? 0))
  return problems.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i).map(({ p }) => p)
}
