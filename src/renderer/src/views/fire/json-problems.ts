import { jsonLanguage } from '@codemirror/lang-json'
import { type Node, isMap, isNode, isPair, isScalar, isSeq, parseDocument } from 'yaml'
import { splitPath } from '../../../../shared/core/json-path'

/** A problem placed in the text: offsets CodeMirror underlines, and the message. */
export interface PlacedProblem {
  from: number
  to: number
  message: string
}

/**
 * A JSON syntax error with its place: JSON.parse says what is wrong, the editor's JSON grammar
 * (Lezer) says where, as JSON.parse's messages differ in whether they give a position.
 */
export function syntaxProblems(text: string): PlacedProblem[] {
  try {
    JSON.parse(text)
    return []
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message.split('\n')[0]! : 'not a JSON value'
    let from = text.length
    jsonLanguage.parser.parse(text).iterate({
      enter: (node) => {
        if (node.type.isError && node.from < from) from = node.from
      },
    })
    if (from === text.length) from = Math.max(0, text.trimEnd().length - 1)
    return [{ from, to: Math.min(from + 1, text.length), message: `Not valid JSON: ${reason}` }]
  }
}

/**
 * Places schema problems (dot paths such as `data.release.version`) in the JSON text: at the
 * value the path names, or, for a field that is missing, at the nearest part of the path that
 * exists. The underline stays on one line, so a whole object is marked by its first line.
 */
export function placeProblems(text: string, problems: { path: string; message: string }[]): PlacedProblem[] {
  const doc = parseDocument(text)
  return problems.map(({ path, message }) => {
    const keys = path === '(root)' ? [] : splitPath(path)
    const { node, depth } = nearestNode(doc.contents, keys)
    const [start, valueEnd] = node?.range ?? [0, text.length]
    const from = keyStart(doc.contents, keys.slice(0, depth)) ?? start
    const lineEnd = text.indexOf('\n', from)
    const to = Math.max(from + 1, Math.min(valueEnd, lineEnd === -1 ? text.length : lineEnd))
    return { from, to: Math.min(to, text.length), message: path === '(root)' ? message : `${path}: ${message}` }
  })
}

/** The node at `keys`, or at the longest prefix of them that exists (`depth` keys long). */
function nearestNode(root: unknown, keys: string[]): { node: Node | undefined; depth: number } {
  let current: unknown = root
  let depth = 0
  for (const key of keys) {
    const next = childOf(current, key)
    if (!isNode(next)) break
    current = next
    depth++
  }
  return { node: isNode(current) ? current : undefined, depth }
}

function childOf(collection: unknown, key: string): unknown {
  if (isMap(collection)) return collection.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key)?.value
  if (isSeq(collection) && /^\d+$/.test(key)) return collection.items[Number(key)]
  return undefined
}

/** Where the key of the field a full path names starts, so `"version": "x"` is marked from its name. */
function keyStart(root: unknown, keys: string[]): number | undefined {
  const last = keys.at(-1)
  const parent = last === undefined ? undefined : exactNode(root, keys.slice(0, -1))
  if (!isMap(parent)) return undefined
  const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === last)
  return isScalar(pair?.key) ? pair.key.range?.[0] : undefined
}

function exactNode(root: unknown, keys: string[]): unknown {
  let current: unknown = root
  for (const key of keys) current = childOf(current, key)
  return current
}
