import { RetryPolicy } from '../../../../shared/schemas/retry-policy'
import { SignatureFault } from '../../../../shared/schemas/signature-fault'
import {
  DuplicateStep,
  ExpectStep,
  Expectation,
  FireStep,
  HttpProbe,
  HeartbeatStep,
  HttpStep,
  IncludeStep,
  LoadStep,
  ParallelStep,
  RepeatStep,
  ReorderStep,
  STEP_KINDS,
  Scenario,
  ScenarioEndpoint,
  ScenarioSubscription,
  type StepKind,
  WaitStep,
} from '../../../../shared/schemas/scenario'

/*
 * Completion for scenario files, from the schemas themselves (keys) and the catalog (events):
 * top-level keys, step kinds and their keys, subscription and endpoint keys, event names after
 * `fire:`, and the few values that are a fixed list. YAML is read line by line around the cursor
 * (the text is often invalid while typed, so it is not parsed); JSON gets keys and events.
 */

export interface CompletionItem {
  label: string
  type: 'keyword' | 'property' | 'constant' | 'enum'
  detail?: string
  /** The text inserted, when it is not the label. */
  apply?: string
}

/** What to offer and the range it replaces (`to` unset = the cursor). */
export interface CompletionAt {
  from: number
  to?: number
  options: CompletionItem[]
}

/** The part of the catalog completion needs. */
export type CompletionCatalog = ReadonlyArray<{ id: string; events: ReadonlyArray<{ name: string; firesWhen: string }> }>

const STEP_SCHEMAS: Record<StepKind, { shape: object }> = {
  fire: FireStep,
  wait: WaitStep,
  heartbeat: HeartbeatStep,
  repeat: RepeatStep,
  parallel: ParallelStep,
  duplicate: DuplicateStep,
  reorder: ReorderStep,
  expect: ExpectStep,
  http: HttpStep,
  include: IncludeStep,
  load: LoadStep,
}

const STEP_HINTS: Record<StepKind, string> = {
  fire: 'send a platform event',
  wait: 'let story time pass',
  heartbeat: 'stop or start a controller',
  repeat: 'run steps several times',
  parallel: 'run steps at once',
  duplicate: 'send a fire again',
  reorder: 'send fires out of order',
  expect: 'check what happened',
  http: 'call your app',
  include: "another file's steps",
  load: 'events at a rate',
}

const keysOf = (schema: { shape: object }) => Object.keys(schema.shape)
const [, DeliveryExpectation, , HttpExpectation] = Expectation.options
const DeliveryShape = DeliveryExpectation.shape.delivery
const HttpExpectationShape = HttpExpectation.shape.http
const HTTP_METHODS = HttpProbe.shape.method.unwrap().options as unknown as string[]
const TOP_KEYS = keysOf(Scenario)
const SUBSCRIPTION_KEYS = keysOf(ScenarioSubscription)
const ENDPOINT_KEYS = keysOf(ScenarioEndpoint)
const EXPECTATIONS = ['delivered', 'delivery', 'received', 'http']
const RETRY_PRESETS = RetryPolicy.options.map((option) => option.shape.preset.value)

const DURATIONS = ['250ms', '1s', '30s', '2m', '1h']

/** Values that are a fixed list, by the key they follow. */
const FIXED_VALUES: Record<string, string[]> = {
  heartbeat: ['stop', 'start'],
  reorder: ['reverse', 'random'],
  preset: RETRY_PRESETS,
  wait: ['1s', '30s', '2m', '1h'],
  delay: ['true', 'false'],
  drop: ['true', 'false'],
  keep: ['true', 'false'],
  enabled: ['true', 'false'],
  filteredOut: ['true', 'false'],
  tamper: [...SignatureFault.options],
  method: HTTP_METHODS,
  rate: ['10/s', '200/s', '600/m'],
  for: ['10s', '30s', '1m'],
  by: ['10s', '10m'],
  within: DURATIONS,
  under: ['50ms', '200ms', '1s'],
  become: DURATIONS,
  stay: DURATIONS,
  timeout: DURATIONS,
}

/** Keys of the objects inside a step, by the key that holds them (and, where it matters, the one above it). */
const NESTED_KEYS: Record<string, string[]> = {
  'http in step': keysOf(HttpStep.shape.http),
  'http in expect': keysOf(HttpExpectationShape),
  load: keysOf(LoadStep.shape.load),
  until: keysOf(HttpProbe),
  delivery: keysOf(DeliveryShape),
  received: ['endpoint', 'event', 'count'],
  latency: ['p50', 'p90', 'p95', 'p99', 'max'],
  errors: ['rate'],
}

/** Lists whose items are steps. */
const STEP_LISTS = new Set(['steps', 'parallel'])

export function completeScenario(text: string, pos: number, catalog: CompletionCatalog, language: 'yaml' | 'json', explicit = false): CompletionAt | null {
  return language === 'json' ? completeJson(text, pos, catalog) : completeYaml(text, pos, catalog, explicit)
}

// --- YAML --------------------------------------------------------------------------------------

interface YamlLine {
  /** Column of the `- ` that starts a list item on this line, if any. */
  dash: number | undefined
  /** Column of the key, after the indent and any dash; undefined for a line without a key. */
  keyColumn: number | undefined
  key: string | undefined
  /** Whether the key has a value on its line (`fire: x`) or opens a block (`steps:`). */
  hasValue: boolean
}

const LINE = /^(\s*)(-\s+)?(?:([A-Za-z_$][\w$.-]*)\s*:(?=\s|$)\s*(.*))?/

function readLine(line: string): YamlLine | undefined {
  if (!line.trim() || line.trim().startsWith('#')) return undefined
  const match = LINE.exec(line)!
  const indent = match[1]!.length
  const dash = match[2] === undefined ? undefined : indent
  const keyColumn = indent + (match[2]?.length ?? 0)
  const key = match[3]
  return { dash, keyColumn: key === undefined ? undefined : keyColumn, key, hasValue: Boolean(match[4]?.trim()) }
}

function completeYaml(text: string, pos: number, catalog: CompletionCatalog, explicit: boolean): CompletionAt | null {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1
  const before = text.slice(lineStart, pos)
  const previous = text.slice(0, lineStart).split('\n').slice(0, -1).map(readLine)

  const value = /(?:^|[\s{,])([A-Za-z_$][\w$-]*):\s+([^\s,{}[\]]*)$/.exec(before)
  if (value) {
    const lineEnd = text.indexOf('\n', pos)
    const others = text.slice(0, lineStart) + (lineEnd === -1 ? '' : text.slice(lineEnd))
    const options = valueOptions(value[1]!, others, catalog)
    return options.length ? { from: pos - value[2]!.length, options } : null
  }

  const key = /^(\s*)(-\s+)?([A-Za-z_$][\w$-]*)?$/.exec(before)
  if (!key) return null
  const partial = key[3] ?? ''
  if (!partial && !key[2] && !explicit) return null
  const column = key[1]!.length + (key[2]?.length ?? 0)
  const dash = key[2] === undefined ? undefined : key[1]!.length
  const options = keyOptions(previous, column, dash)
  return options.length ? { from: pos - partial.length, options } : null
}

/** The keys that fit a key typed at `column` (on a new list item when `dash` is set). */
function keyOptions(previous: Array<YamlLine | undefined>, column: number, dash: number | undefined): CompletionItem[] {
  if (dash !== undefined) return itemKeys(parentKey(previous, previous.length, dash), [])
  if (column === 0) return keys(TOP_KEYS, new Set(siblingKeys(previous, previous.length, 0).keys))
  const { keys: present, itemAt, parentAt } = siblingKeys(previous, previous.length, column)
  if (itemAt !== undefined) return itemKeys(parentKey(previous, itemAt, previous[itemAt]!.dash!), present)
  const parent = parentAt === undefined ? undefined : previous[parentAt]?.key
  if (parent === 'expect') return keys(EXPECTATIONS, new Set(present))
  if (parent === 'http') return keys(NESTED_KEYS[`http in ${holderOf(previous, parentAt!) === 'expect' ? 'expect' : 'step'}`]!, new Set(present))
  if (parent === 'wait') return keys(['until', 'timeout'], new Set(present))
  if (parent && Object.hasOwn(NESTED_KEYS, parent)) return keys(NESTED_KEYS[parent]!, new Set(present))
  return []
}

/** The key holding the mapping that the line at `at` opens (its parent's parent). */
function holderOf(lines: Array<YamlLine | undefined>, at: number): string | undefined {
  const column = lines[at]?.keyColumn ?? 0
  for (let i = at - 1; i >= 0; i--) {
    const line = lines[i]
    if (line?.keyColumn !== undefined && line.keyColumn < column) return line.key
  }
  return undefined
}

/**
 * The keys already in the mapping that the line after `end` continues at `column`; `itemAt` is
 * the line starting it when that mapping is a list item, `parentAt` the line holding it otherwise.
 */
function siblingKeys(lines: Array<YamlLine | undefined>, end: number, column: number): { keys: string[]; itemAt?: number; parentAt?: number } {
  const found: string[] = []
  for (let i = end - 1; i >= 0; i--) {
    const line = lines[i]
    if (!line || line.keyColumn === undefined) {
      if (line?.dash !== undefined && line.dash < column) return { keys: found, itemAt: i }
      continue
    }
    if (line.keyColumn === column) {
      found.push(line.key!)
      if (line.dash !== undefined) return { keys: found, itemAt: i }
    } else if (line.keyColumn < column) {
      return { keys: found, parentAt: i }
    }
  }
  return { keys: found }
}

/** The key that holds the list whose item starts at `dash`, looking up from line `end`. */
function parentKey(lines: Array<YamlLine | undefined>, end: number, dash: number): string | undefined {
  for (let i = end - 1; i >= 0; i--) {
    const line = lines[i]
    if (!line || line.keyColumn === undefined) continue
    // `steps:` may hold its items at its own column (`steps:` / `- fire: x`).
    if (line.keyColumn < dash || (line.keyColumn === dash && line.dash === undefined && !line.hasValue)) return line.key
  }
  return undefined
}

/** Keys of a list item: a step (its kind's keys once it has one), a subscription or an endpoint. */
function itemKeys(list: string | undefined, present: string[]): CompletionItem[] {
  const have = new Set(present)
  if (list === 'subscriptions') return keys(SUBSCRIPTION_KEYS, have)
  if (list === 'endpoints') return keys(ENDPOINT_KEYS, have)
  if (list === undefined || !STEP_LISTS.has(list)) return []
  const kind = STEP_KINDS.find((k) => have.has(k))
  if (kind) return keys(keysOf(STEP_SCHEMAS[kind]), have)
  return [
    ...STEP_KINDS.map((k): CompletionItem => ({ label: k, type: 'keyword', detail: STEP_HINTS[k], apply: `${k}: ` })),
    ...(have.has('name') ? [] : keys(['name'], have)),
  ]
}

function keys(names: string[], present: Set<string>): CompletionItem[] {
  return names.filter((name) => !present.has(name)).map((name) => ({ label: name, type: 'property', apply: `${name}: ` }))
}

function valueOptions(key: string, text: string, catalog: CompletionCatalog): CompletionItem[] {
  if (key === 'fire') return eventOptions(providerOf(text), catalog, text)
  if (key === 'provider') return catalog.map((p) => ({ label: p.id, type: 'enum' }))
  return (FIXED_VALUES[key] ?? []).map((label) => ({ label, type: 'constant' }))
}

/** The file's `provider:` (top level), read without parsing the file. */
function providerOf(text: string): string | undefined {
  return /^provider:[ \t]*["']?([\w-]+)/m.exec(text)?.[1] ?? /"provider"\s*:\s*"([\w-]+)"/.exec(text)?.[1]
}

/**
 * The platform's events, then the names the rest of the file already fires (`generic` has no
 * catalog of events: any name goes, so those are what there is to offer).
 */
function eventOptions(provider: string | undefined, catalog: CompletionCatalog, text: string): CompletionItem[] {
  const platforms = provider ? catalog.filter((p) => p.id === provider) : catalog
  const known = platforms.flatMap((p) => p.events.map((e) => ({ label: e.name, type: 'constant' as const, detail: provider ? e.firesWhen : `${p.id}: ${e.firesWhen}` })))
  const labels = new Set(known.map((o) => o.label))
  const used: string[] = []
  for (const [, name] of text.matchAll(/["']?fire["']?\s*:\s*["']?([^\s"',{}[\]]+)/g)) {
    if (name === undefined || labels.has(name)) continue
    labels.add(name)
    used.push(name)
  }
  return [...known, ...used.map((label) => ({ label, type: 'constant' as const, detail: 'fired elsewhere in this file' }))]
}

// --- JSON --------------------------------------------------------------------------------------

const ALL_KEYS = [...new Set([...TOP_KEYS, ...STEP_KINDS, ...Object.values(STEP_SCHEMAS).flatMap(keysOf), ...SUBSCRIPTION_KEYS, ...ENDPOINT_KEYS])]

function completeJson(text: string, pos: number, catalog: CompletionCatalog): CompletionAt | null {
  const before = text.slice(0, pos)
  // The editor closes quotes as they are opened: the closing one is replaced too.
  const to = text[pos] === '"' ? pos + 1 : pos
  const event = /"fire"\s*:\s*"([^"\n]*)$/.exec(before)
  if (event) {
    const options = eventOptions(providerOf(text), catalog, text.slice(0, pos - event[0].length) + text.slice(to)).map((o) => ({ ...o, apply: `${o.label}"` }))
    return { from: pos - event[1]!.length, to, options }
  }
  const key = /([{,]\s*)"([\w$-]*)$/.exec(before)
  if (!key) return null
  return { from: pos - key[2]!.length - 1, to, options: ALL_KEYS.map((name) => ({ label: name, type: 'property', apply: `"${name}": ` })) }
}
