import { type Document, Scalar, YAMLMap, YAMLSeq, isMap, isScalar, isSeq } from 'yaml'
import type { Edit } from './scenario-document'
import type { Path, StepBody } from './scenario-model'

/*
 * The form's edits, each one a change to the parsed document in place. Nodes the edit does not
 * replace are kept, so their comments, quoting and style survive; a changed scalar keeps its node
 * (a quoted value stays quoted, its comment stays beside it).
 */

type Primitive = string | number | boolean
export type FieldValue = Primitive | Record<string, unknown> | unknown[]

/** Wrapping turns a stretch of steps into one of these groups. */
export type GroupKind = 'repeat' | 'parallel'

const isPrimitive = (value: unknown): value is Primitive => ['string', 'number', 'boolean'].includes(typeof value)

/** Sets the value at `path` (creating the maps on the way); undefined removes the field. */
export function setField(path: Path, value: FieldValue | undefined, options: { flow?: boolean } = {}): Edit {
  return (doc) => {
    if (value === undefined) return void doc.deleteIn(path)
    const current = doc.getIn(path, true)
    if (isScalar(current) && isPrimitive(value)) {
      current.value = value
      return
    }
    doc.setIn(path, nodeOf(doc, value, options.flow))
  }
}

export const removeField = (path: Path): Edit => setField(path, undefined)

function nodeOf(doc: Document, value: unknown, flow = false) {
  const node = doc.createNode(value)
  if (flow && (isMap(node) || isSeq(node))) node.flow = true
  return node
}

// --- Key/value entries: context, vars, set, headers (a map, or a list of [name, value] pairs) ---

function setScalar(holder: { key?: unknown; value?: unknown } | YAMLSeq, slot: 'key' | 'value' | number, value: Primitive) {
  if (holder instanceof YAMLSeq) {
    const index = slot as number
    const node = holder.items[index]
    if (isScalar(node)) node.value = value
    else holder.items[index] = new Scalar(value)
    return
  }
  const name = slot as 'key' | 'value'
  const node = holder[name]
  if (isScalar(node)) node.value = value
  else holder[name] = new Scalar(value)
}

/** Renames and re-values the entry at `index`, keeping its place and comments. */
export function setEntry(path: Path, index: number, key: string, value: unknown): Edit {
  return (doc) => {
    const collection = doc.getIn(path, true)
    if (isMap(collection)) {
      const pair = collection.items[index]
      if (!pair) return
      setScalar(pair, 'key', key)
      if (isPrimitive(value)) setScalar(pair, 'value', value)
      else pair.value = nodeOf(doc, value)
    } else if (isSeq(collection)) {
      const pair = collection.items[index]
      if (!isSeq(pair)) return
      setScalar(pair, 0, key)
      setScalar(pair, 1, String(value))
    }
  }
}

/** Adds an entry last; creates the map when the field is not there yet. */
export function addEntry(path: Path, key: string, value: unknown): Edit {
  return (doc) => {
    const collection = doc.getIn(path, true)
    if (isSeq(collection)) collection.items.push(nodeOf(doc, [key, String(value)], true))
    else if (isMap(collection)) collection.add(doc.createPair(key, value))
    else doc.setIn(path, nodeOf(doc, { [key]: value }))
  }
}

/** Removes the entry at `index`; the field goes when its last entry does. */
export function removeEntry(path: Path, index: number): Edit {
  return (doc) => {
    const collection = doc.getIn(path, true)
    if (!isMap(collection) && !isSeq(collection)) return
    collection.items.splice(index, 1)
    if (collection.items.length === 0) doc.deleteIn(path)
  }
}

// --- Steps -------------------------------------------------------------------------------------

/** The step list at `path`, or undefined when the file has something else there. */
function stepList(doc: Document, path: Path): YAMLSeq | undefined {
  const node = doc.getIn(path, true)
  return isSeq(node) ? node : undefined
}

/** Builds a step node; an `expect` body is written `{ delivered: all }`, as the library files do. */
function stepNode(doc: Document, body: StepBody) {
  const node = doc.createNode(body)
  if (isMap(node)) {
    const expectation = node.get('expect', true)
    if (isMap(expectation)) expectation.flow = true
  }
  return node
}

/** Inserts a step at `index` of the list at `listPath` (the list is created when missing). */
export function addStep(listPath: Path, index: number, body: StepBody): Edit {
  return (doc) => {
    const list = stepList(doc, listPath)
    if (list) list.items.splice(Math.max(0, Math.min(index, list.items.length)), 0, stepNode(doc, body))
    else doc.setIn(listPath, seqOf(doc, [stepNode(doc, body)]))
  }
}

function seqOf(doc: Document, items: unknown[]): YAMLSeq {
  const seq = new YAMLSeq(doc.schema)
  seq.items.push(...items)
  return seq
}

const parentOf = (path: Path): { listPath: Path; index: number } => ({ listPath: path.slice(0, -1), index: Number(path.at(-1)) })

export function removeStep(path: Path): Edit {
  return (doc) => {
    const { listPath, index } = parentOf(path)
    stepList(doc, listPath)?.items.splice(index, 1)
  }
}

/** Moves a step up (-1) or down (+1) within its list; nothing happens at either end. */
export function moveStep(path: Path, delta: -1 | 1): Edit {
  return (doc) => {
    const { listPath, index } = parentOf(path)
    const list = stepList(doc, listPath)
    const target = index + delta
    if (!list || target < 0 || target >= list.items.length) return
    const [step] = list.items.splice(index, 1)
    list.items.splice(target, 0, step)
  }
}

/** Where a group keeps its steps: `repeat` and `reorder` under `steps`, `parallel` under its own key. */
export function childListKey(kind: string): string | undefined {
  if (kind === 'repeat' || kind === 'reorder') return 'steps'
  if (kind === 'parallel') return 'parallel'
  return undefined
}

/** Moves the comment above a node to another node (the comment stays where the user put it). */
function carryComment(from: unknown, to: unknown) {
  if (!from || !to || typeof from !== 'object' || typeof to !== 'object') return
  const source = from as { commentBefore?: string | null; spaceBefore?: boolean }
  const target = to as { commentBefore?: string | null; spaceBefore?: boolean }
  if (source.commentBefore) target.commentBefore = [source.commentBefore, target.commentBefore].filter(Boolean).join('\n')
  if (source.spaceBefore) target.spaceBefore = true
  source.commentBefore = undefined
  source.spaceBefore = undefined
}

/** Wraps steps `from`..`to` (inclusive) of a list in a `repeat: 2` or a `parallel` group. */
export function wrapSteps(listPath: Path, from: number, to: number, kind: GroupKind): Edit {
  return (doc) => {
    const list = stepList(doc, listPath)
    if (!list || from < 0 || to < from || to >= list.items.length) return
    const wrapped = list.items.splice(from, to - from + 1)
    const group = new YAMLMap(doc.schema)
    if (kind === 'repeat') {
      group.add(doc.createPair('repeat', 2))
      group.add(doc.createPair('steps', seqOf(doc, wrapped)))
    } else group.add(doc.createPair('parallel', seqOf(doc, wrapped)))
    carryComment(wrapped[0], group)
    list.items.splice(from, 0, group)
  }
}

/** Replaces a `repeat`, `parallel` or `reorder` group by its steps, in its place. */
export function unwrapStep(path: Path): Edit {
  return (doc) => {
    const { listPath, index } = parentOf(path)
    const list = stepList(doc, listPath)
    const group = list?.items[index]
    if (!list || !isMap(group)) return
    const key = ['repeat', 'parallel', 'reorder'].find((kind) => group.has(kind))
    const children = key && group.get(childListKey(key)!, true)
    if (!isSeq(children)) return
    carryComment(group, children.items[0])
    list.items.splice(index, 1, ...children.items)
  }
}

// --- The scenario's platform ---

/**
 * The scenario's platform changed from `from` to `to`, and with it every subscription that was
 * on `from`: they move to `to`, and lose what only `from` understood (its options, its event
 * names). Subscriptions on another platform (or `any`) stay. Returns the edit and who moved.
 */
export function switchPlatform(subscriptions: unknown[], from: string, to: string): { edit: Edit; moved: string[] } {
  const moving = subscriptions.flatMap((item, index) => {
    if (typeof item !== 'object' || item === null || (item as { provider?: unknown }).provider !== from) return []
    const name = (item as { name?: unknown }).name
    return [{ index, name: typeof name === 'string' ? name : `subscription ${index + 1}` }]
  })
  const edit: Edit = (doc) => {
    setField(['provider'], to)(doc)
    for (const { index } of moving) {
      setField(['subscriptions', index, 'provider'], to)(doc)
      for (const path of [['options'], ['events'], ['filters', 'events']]) if (doc.hasIn(['subscriptions', index, ...path])) doc.deleteIn(['subscriptions', index, ...path])
    }
  }
  return { edit, moved: moving.map((m) => m.name) }
}

/** Subscriptions on a platform other than the scenario's (and not `any`): what the form warns about. */
export function subscriptionsOffPlatform(subscriptions: unknown[], provider: string): string[] {
  return subscriptions.flatMap((item, index) => {
    if (typeof item !== 'object' || item === null) return []
    const { provider: own, name } = item as { provider?: unknown; name?: unknown }
    return typeof own === 'string' && own !== provider && own !== 'any' ? [`${typeof name === 'string' ? name : `subscription ${index + 1}`} (${own})`] : []
  })
}
