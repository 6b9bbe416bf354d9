import { Document, type Node, isNode, isSeq, parseDocument } from 'yaml'
import { z } from 'zod'

type Json = string | number | boolean | null | Json[] | { [key: string]: Json }
type Context = Record<string, string | number | undefined>

/** What the panel would fire, as a scenario step needs it. */
export interface StepSource {
  provider: string
  event: string
  /** The panel's context fields (empty ones are not set). */
  context: Context
  /** The user's edits to the generated payload. */
  set: Record<string, Json>
}

export type AppendResult = { ok: true; source: string } | { ok: false; error: string }

/** The scenario's own provider and context, as the file says them (`${var}`s left as written). */
export function scenarioDefaults(source: string): { provider?: string; context: Record<string, unknown> } {
  const parsed = ScenarioHead.safeParse(parseDocument(source).toJS())
  return parsed.success ? { ...(parsed.data.provider !== undefined && { provider: parsed.data.provider }), context: parsed.data.context ?? {} } : { context: {} }
}

const ScenarioHead = z.object({ provider: z.string().optional(), context: z.record(z.string(), z.unknown()).optional() })

/**
 * A `fire:` step for a scenario: its provider only when it is not the scenario's, the context
 * fields whose value differs from the scenario's, and the edits as `set:`.
 */
export function fireStepFor(scenario: { provider?: string; context: Record<string, unknown> }, draft: StepSource): Record<string, Json> {
  const context: Record<string, Json> = {}
  for (const [key, value] of Object.entries(draft.context)) {
    if (value === undefined || value === '') continue
    if (scenario.context[key] === undefined || String(scenario.context[key]) !== String(value)) context[key] = value
  }
  return {
    fire: draft.event,
    ...(draft.provider !== scenario.provider && { provider: draft.provider }),
    ...(Object.keys(context).length > 0 && { context }),
    ...(Object.keys(draft.set).length > 0 && { set: draft.set }),
  }
}

/**
 * Appends a step to a scenario file's `steps`, leaving every other byte as it was: the file's
 * nodes (read with the `yaml` Document API) say where the list ends and how it is indented, and
 * only the new step's text is inserted there. Block lists get a YAML item, flow lists (and JSON
 * files) a JSON object. The result is read back to check it holds one more step, the new one.
 */
export function appendStep(source: string, step: Record<string, Json>): AppendResult {
  const doc = parseDocument(source)
  if (doc.errors.length > 0) return { ok: false, error: `the scenario file does not parse: ${doc.errors[0]!.message}` }
  const steps = doc.get('steps', true)
  if (!isSeq(steps) || !steps.range) return { ok: false, error: 'the scenario file has no list of steps to add to' }
  const inserted = steps.flow ? intoFlowList(source, steps, step) : intoBlockList(source, steps, step)
  if (inserted === undefined) return { ok: false, error: 'the end of the steps list could not be found' }
  return checkAppended(source, inserted, steps.items.length, step)
}

const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1

function intoBlockList(source: string, steps: Node & { items: unknown[] }, step: Record<string, Json>): string | undefined {
  const last = steps.items.at(-1)
  const end = isNodeWithRange(last) ? last.range[1] : steps.range![1]
  const indent = ' '.repeat(steps.range![0] - lineStart(source, steps.range![0]))
  const item = new Document([step]).toString({ lineWidth: 0 })
  const text = item
    .split('\n')
    .map((line) => (line === '' ? line : indent + line))
    .join('\n')
  if (end > 0 && source[end - 1] === '\n') return source.slice(0, end) + text + source.slice(end)
  const newline = source.indexOf('\n', end)
  if (newline === -1) return `${source}\n${text.replace(/\n$/, '')}`
  return source.slice(0, newline + 1) + text + source.slice(newline + 1)
}

function intoFlowList(source: string, steps: Node & { items: unknown[] }, step: Record<string, Json>): string | undefined {
  const close = source.lastIndexOf(']', steps.range![1])
  if (close < steps.range![0]) return undefined
  const last = steps.items.at(-1)
  if (!isNodeWithRange(last)) return source.slice(0, close) + JSON.stringify(step) + source.slice(close)
  const end = last.range[1]
  const multiline = source.slice(steps.range![0], close).includes('\n')
  const separator = multiline ? `,\n${' '.repeat(last.range[0] - lineStart(source, last.range[0]))}` : ', '
  return source.slice(0, end) + separator + JSON.stringify(step) + source.slice(end)
}

function isNodeWithRange(value: unknown): value is Node & { range: [number, number, number] } {
  return typeof value === 'object' && value !== null && 'range' in value && Array.isArray(value.range)
}

function checkAppended(before: string, after: string, count: number, step: Record<string, Json>): AppendResult {
  const doc = parseDocument(after)
  const steps = doc.get('steps', true)
  const last = isSeq(steps) && steps.items.length === count + 1 ? steps.items.at(-1) : undefined
  const added = isNode(last) ? JSON.stringify(last.toJSON()) : undefined
  if (doc.errors.length > 0 || added !== JSON.stringify(step) || after.length <= before.length) {
    return { ok: false, error: 'the step could not be added without changing the rest of the file' }
  }
  return { ok: true, source: after }
}

/** A new scenario file holding the step, with the panel's platform, seed and context as the scenario's. */
export function newScenarioSource(input: { name: string; seed?: string | number; draft: StepSource }): string {
  const { draft } = input
  const context = Object.fromEntries(Object.entries(draft.context).filter(([, value]) => value !== undefined && value !== ''))
  const step = fireStepFor({ provider: draft.provider, context }, draft)
  return new Document({
    version: 1,
    name: input.name,
    provider: draft.provider,
    ...(input.seed !== undefined && input.seed !== '' && { seed: input.seed }),
    ...(Object.keys(context).length > 0 && { context }),
    steps: [step],
  }).toString({ lineWidth: 0 })
}

/** A file name for a new scenario from its name, not one of `taken` (ids already used). */
export function newScenarioFileName(name: string, taken: string[]): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario'
  let id = base
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`
  return `${id}.yaml`
}
